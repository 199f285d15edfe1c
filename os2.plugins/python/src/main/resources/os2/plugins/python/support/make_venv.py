"""Makes the virtual environment OS2's python tools run in: python -I make_venv.py DIRECTORY.

Run by the interpreter the venv is for, inside the sandbox, with DIRECTORY its working directory
and only writable place (the workspace is not bound). Refuses interpreters older than 3.10 in one
line. Writes the interpreter's version to DIRECTORY/.os2-made last, which OS2 reads once into its
own state and removes.
"""
import os
import sys
import venv

if sys.version_info < (3, 10):
    sys.stderr.write("os2: python needs CPython 3.10 or later; %s is %s\n"
                     % (sys.executable, sys.version.split()[0]))
    sys.exit(3)
venv.EnvBuilder(with_pip=True, symlinks=True).create(sys.argv[1])
with open(os.path.join(sys.argv[1], ".os2-made"), "w") as made:
    made.write("%d.%d.%d%s\n" % (sys.version_info[0], sys.version_info[1], sys.version_info[2],
                                 "" if sys.version_info[3] == "final"
                                 else sys.version_info[3][0] + str(sys.version_info[4])))
