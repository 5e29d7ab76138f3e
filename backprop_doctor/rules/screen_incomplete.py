"""screen-incomplete: a screened block was not checked as finely as --full would check it."""
from typing import List, Sequence

from ..findings import Finding, RuleInfo, register

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


def findings(blocks: Sequence) -> List[Finding]:
    """Blocks (report.BlockResult) that passed a screen whose floor is above what --full fails."""
    short = [b for b in blocks if b.screened_only]
    if not short:
        return []
    parts = [f"{b.name}: no single-entry error above {b.screen.floor:.1e} (--full fails from "
             f"{b.screen.target:.1e})" for b in short]
    return [INFO.finding(
        "screened: " + "; ".join(parts) + ", relative to a typical entry. Run --full to check "
        "below, or --screen to accept this floor.",
        blocks=[b.name for b in short],
        evidence={b.name: {"floor": b.screen.floor, "target": b.screen.target} for b in short})]
