"""The step and training-run rules; importing this package registers them in the catalogue."""
from . import misapplied_update  # noqa: F401
