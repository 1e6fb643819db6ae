"""``python -m stack``: run Rasa and the action server in the foreground until Ctrl-C."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading

from stack.processes import StackError, running_stack
from stack.settings import StackSettings
from storage.files import restrict


def main() -> None:
    """Start both servers, print where they listen, and wait for a signal."""
    settings = StackSettings.from_env()
    restrict(settings.data_dir)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        with running_stack(settings):
            print(f"rasa: {settings.rasa_url}  actions: {settings.actions_url}", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                stop.wait()
    except StackError as error:
        print(error, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
