"""The step and training-run rules; importing this package registers them in the catalogue."""
from . import gradients, loss, misapplied_update, units  # noqa: F401
