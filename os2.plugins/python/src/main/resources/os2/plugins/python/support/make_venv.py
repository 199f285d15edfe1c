"""Makes the virtual environment OS2's python tools run in: python make_venv.py DIRECTORY.

Run by the interpreter the venv is for, inside the sandbox, with DIRECTORY its only writable
place besides the workspace. Refuses interpreters older than 3.10 in one line.
"""
import sys
import venv

if sys.version_info < (3, 10):
    sys.stderr.write("os2: python needs CPython 3.10 or later; %s is %s\n"
                     % (sys.executable, sys.version.split()[0]))
    sys.exit(3)
venv.EnvBuilder(with_pip=True, symlinks=True).create(sys.argv[1])
