"""A real `mlc` process, started ahead of need: run as

    python -m tests.faults.mlc_spare

it imports the command line (seconds of imports on a busy machine), then waits for one
line on stdin: {"args": ["worker"], "env": {"MLC_...": "..."}}. It sets the environment and
runs `mlc <args>` exactly as the installed entry point does. A test that kills workers
and restarts them thus restarts in milliseconds, while the process it kills is as real
as the one an operator runs. An empty stdin (the test run ended) exits at once.
"""

import json
import os
import sys

from app.cli import main

if __name__ == "__main__":
    line = sys.stdin.readline()
    if not line.strip():
        sys.exit(0)
    job = json.loads(line)
    os.environ.update(job["env"])
    sys.argv = ["mlc", *job["args"]]
    main()
