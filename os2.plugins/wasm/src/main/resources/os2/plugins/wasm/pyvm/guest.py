# pyvm's guest: imported once, when the pre-initialized image is made; every interpreter starts
# from that image. The host calls handle(op, a, b) for each command and reads back the exit
# status as a string. The preopened directory the CPython build knows (/guest) is the session's
# workspace at run time, and the working directory.
import os
import sys
import traceback

os.chdir("/guest")
# a line printed is a line shown: stdout and stderr reach the run's output as they are written
sys.stdout.reconfigure(line_buffering=True)
sys.stderr.reconfigure(line_buffering=True)

# the persistent namespace of `pyvm exec`, like an interactive interpreter's
_session = {"__name__": "__main__", "__builtins__": __builtins__}


def handle(op, a, b):
    try:
        if op == "exec":
            exec(compile(a, "<pyvm>", "exec"), _session)
        elif op == "run":
            sys.argv = [a] + b.split("\0")[:-1]  # each argument ends in NUL
            with open(a, "rb") as script:
                source = script.read()
            exec(compile(source, a, "exec"), {"__name__": "__main__", "__file__": a, "__builtins__": __builtins__})
        else:
            raise ValueError("pyvm guest: no operation " + repr(op))
        status = 0
    except SystemExit as exit:
        status = _exit_status(exit.code)
    except BaseException as error:
        # the traceback as CPython prints it, without this module's own frame
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return str(status)


def _exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1
