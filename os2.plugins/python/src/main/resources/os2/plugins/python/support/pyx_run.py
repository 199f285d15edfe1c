"""Runs a distribution's console entry point: python pyx_run.py DISTRIBUTION [ARGS...].

The entry point is the one named like the distribution, or its only one; anything else is a
one-line error naming the choices.
"""
import sys
from importlib.metadata import PackageNotFoundError, distribution


def normalized(name):
    return name.lower().replace("_", "-").replace(".", "-")


def main():
    name = sys.argv[1]
    try:
        dist = distribution(name)
    except PackageNotFoundError:
        sys.stderr.write("pyx: %s is not installed in its environment\n" % name)
        return 2
    scripts = [ep for ep in dist.entry_points if ep.group == "console_scripts"]
    chosen = [ep for ep in scripts if normalized(ep.name) == normalized(name)]
    if not chosen and len(scripts) == 1:
        chosen = scripts
    if not chosen:
        if scripts:
            names = ", ".join(sorted(ep.name for ep in scripts))
            sys.stderr.write("pyx: %s has several entry points (%s), none named like it\n" % (name, names))
        else:
            sys.stderr.write("pyx: %s has no console entry point; try python -m\n" % name)
        return 2
    entry = chosen[0]
    sys.argv = [entry.name] + sys.argv[2:]
    return entry.load()()


sys.exit(main())
