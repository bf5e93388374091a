"""Crash-test hook: MUSTER_FAULT=<point> kills the process at that point with SIGKILL (a real kill -9).

Points: "after-events-commit" (between the events and articles commits), "extracting"
(inside the second extraction task). Unset in normal runs: a no-op.
"""

from __future__ import annotations

import os
import signal


def fault_point(name: str) -> None:
    if os.environ.get("MUSTER_FAULT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
