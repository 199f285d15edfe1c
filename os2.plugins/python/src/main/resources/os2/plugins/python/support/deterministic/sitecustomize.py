"""Imported at start-up by python runs in OS2's deterministic mode (on PYTHONPATH only then).

Seeds the random module from OS2_SEED, so a script that prints random.random() prints the same
in every deterministic run. Hash seeds, time zone, locale and (with libfaketime) the wall clock
are set through the environment by OS2 itself.
"""
import os
import random

_seed = os.environ.get("OS2_SEED")
if _seed is not None:
    random.seed(int(_seed))
