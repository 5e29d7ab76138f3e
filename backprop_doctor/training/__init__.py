"""The training doctor: check the update step and a short training run.

    report = bd.check_step(step, grad, params, args)          # is it params - lr * grad?
    report = bd.check_training(step, cost, params, args)       # does the loss fall, and if not why?
"""
from . import rules  # noqa: F401  (registers the rules)
from .step_check import check_step
from .step_report import StepBlock, StepReport
from .training_check import check_training
from .training_report import Skipped, TrainingBlock, TrainingReport

__all__ = ["check_step", "check_training", "StepReport", "StepBlock", "TrainingReport",
           "TrainingBlock", "Skipped"]
