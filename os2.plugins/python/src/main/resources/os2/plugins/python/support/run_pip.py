"""Runs the venv's pip as `python -m pip` would, without the workspace on sys.path.

`python -m pip` puts the working directory (the workspace) first on sys.path, so a workspace
`pip/` package would run instead of pip. A script's own directory comes first instead (this
one, OS2's support directory, read-only), and is taken off before pip is imported. OS2 also sets
PYTHONSAFEPATH=1 (CPython 3.11 and later) for the interpreters pip starts in turn.
"""
import runpy
import sys

del sys.path[0]
sys.argv[0] = "pip"
runpy.run_module("pip", run_name="__main__", alter_sys=True)
