"""The ``leaflet`` command (and ``python -m leaflet``): the process around :func:`leaflet.cli.main`.

What only a real process has is dealt with here, before anything heavy is imported:

- Ctrl-C, SIGTERM and SIGHUP stop leaflet cleanly from the first moment
  (:mod:`leaflet.interrupts`), during the imports too, with no traceback;
- standard output and error never fail on a character their encoding lacks (a Russian Windows
  code page, cp1251, has no Kazakh letters; ASCII has none at all): it is written as ``\\u04d9``;
- a reader that goes away (``leaflet build | head -1``) ends leaflet quietly with 141, as
  SIGPIPE ends other commands; a full device on standard output is said, with its cause.
"""

from __future__ import annotations

import contextlib
import os
import sys

from . import interrupts, stages

#: 128 + SIGPIPE, as a shell reports a command whose reader went away
EXIT_BROKEN_PIPE = 141


def run() -> int:
    interrupts.install()
    code = 1
    # before main() nothing can have been written; main() says what it did, so an interrupt
    # that escapes it (while it prints its last lines) is only said to be one
    outcome = "; nothing was written"
    try:
        _tolerant_streams()
        stages.reached("started")
        from .cli import main  # the heavy imports: a signal here is caught like any other

        outcome = ""
        code = main()
        sys.stdout.flush()  # a pipe or a file: errors show here, not in print()
    except KeyboardInterrupt as error:  # during the imports, before main() could catch it
        _say(f"leaflet: interrupted{_by(error)}{outcome}")
        code = interrupts.exit_code(error)
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    except OSError as error:  # standard output is on a full disk, or another that fails
        done = " (the command itself succeeded)" if code == 0 else ""
        _say(f"leaflet: cannot write to standard output: {error.strerror or error}{done}")
        code = code or 1
    except Exception as error:  # an import interrupted half way, raised as another error
        interrupt = interrupts.behind(error)
        if interrupt is None:
            raise
        _say(f"leaflet: interrupted{_by(interrupt)}{outcome}")
        code = interrupts.exit_code(interrupt)
    finally:
        _settle()
    return code


def _by(error: KeyboardInterrupt) -> str:
    return f" ({error.name})" if isinstance(error, interrupts.Interrupted) and error.name != "Ctrl-C" else ""


def _tolerant_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _say(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # no standard error (closed, or its terminal gone)
        print(line, file=sys.stderr, flush=True)


def _settle() -> None:
    """Make the interpreter's own last flush of the streams succeed, whatever became of them:
    a stream that cannot be flushed is pointed at the null device (Python's own advice for
    SIGPIPE), so no 'Exception ignored' is printed after leaflet has ended.  A signal from
    now on ends the process at once, as it would any program that has finished its work."""
    for number in interrupts.SIGNALS:
        interrupts.default(number)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            try:
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, stream.fileno())
                os.close(null)
            except (OSError, ValueError):
                pass


if __name__ == "__main__":
    sys.exit(run())
