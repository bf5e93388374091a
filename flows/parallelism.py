"""How many workers `muster run` uses, and on which task runner, when the user does not say.

One worker per core this process may run on (os.process_cpu_count, else the scheduler's affinity
mask: a container or `taskset` limit counts, not the host's core count): on more than one core
the process runner (spaCy parsing is CPU-bound; threads would share one core under the GIL), on
one core the thread runner (no worker process to start, the model loads in muster's own process).
"""

from __future__ import annotations

import os
import threading
import time
from typing import Optional


def available_cores() -> int:
    """Cores this process may use (at least 1)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        count = os.process_cpu_count()
    else:
        try:
            count = len(os.sched_getaffinity(0))
        except AttributeError:  # no affinity mask on this platform (macOS, Windows)
            count = os.cpu_count()
    return max(1, count or 1)


def choose_runner(
    runner: Optional[str] = None, workers: Optional[int] = None, address: Optional[str] = None, *, cores: Optional[int] = None
) -> tuple[str, int]:
    """(task runner, workers) for the options given: explicit ones win; the defaults use every core."""
    cores = available_cores() if cores is None else max(1, cores)
    if runner is None:
        runner = "dask" if address else ("process" if (workers or cores) > 1 else "thread")
    if workers is None:
        workers = 1 if runner == "thread" else cores
    return runner, max(1, workers)


def exit_with_parent(poll_seconds: float = 0.5) -> None:
    """Initializer of a worker process: exit as soon as the process that started it is gone (killed,
    even with kill -9), instead of lingering with its pipes open. Polls the parent's pid in a daemon
    thread (prctl's parent-death signal follows the parent *thread*, which may end before muster)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="muster-exit-with-parent", daemon=True).start()
