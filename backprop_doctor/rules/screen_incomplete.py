"""screen-incomplete: a screened block was not checked as finely as --full would check it."""
from ..findings import RuleInfo, register

INFO = register(RuleInfo(
    id="screen-incomplete", title="the screen of a big model could not rule out small single-entry errors",
    severity="error", kind="check",
    explanation=(
        "What it means: models with more than --max-checks parameters are screened with directional "
        "derivatives instead of checked entry by entry. Each block's report says the smallest error "
        "in one entry (relative to the block's typical entry) that the screen would have found. In "
        "the blocks named, that floor is above what --full fails, so an error between the two could "
        "still be there. No entry was found wrong.\n"
        "Why it matters: a green check must mean what --full means. The screen stops at its budget "
        "(or smaller steps because the cost is noisy or has kinks) rather than spend a full check."),
    fix="Run with --full to check every entry, or with --screen to accept the screen's guarantee "
        "(the report and the JSON's screen_floor say what it covers).",
    bad="backprop-doctor check net.py:grad            # big model, floor above --full's tolerance",
    good="backprop-doctor check net.py:grad --full     # or --screen, accepting the stated floor",
))
