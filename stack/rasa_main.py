"""Start ``rasa`` with the API token from the environment, not from the command line.

Run by the engine environment's Python (3.10, Rasa only: no app imports here). Anything on a
command line is readable by every account on the server (``ps``, ``/proc/*/cmdline``), so
:func:`stack.processes.start_rasa_server` passes ``RASA_API_TOKEN`` in the environment and this
adds ``--auth-token`` inside the process, where only its owner can see it.
"""

import os
import sys

from rasa.__main__ import main

if __name__ == "__main__":
    token = os.environ.pop("RASA_API_TOKEN", "")
    if not token:
        sys.exit("rasa_main: RASA_API_TOKEN is not set; Rasa's HTTP API would be open")
    sys.argv = ["rasa", *sys.argv[1:], "--auth-token", token]
    main()
