import os
import sys

PROGRAMS = os.path.join(os.path.dirname(__file__), "programs")
if PROGRAMS not in sys.path:
    sys.path.insert(0, PROGRAMS)
