"""The local process pool extraction chunks run on: Prefect's process runner, with workers that load
the pipeline as they start, and that can be started before the first chunk is submitted.

A spawned worker imports Prefect and spaCy and loads the model and gazetteer (about 4 s of CPU)
before it can parse anything. Prefect's pool spawns a worker on the first task it is handed, which
comes only after the scan has read every input: the workers' start-up would then follow the scan
instead of overlapping it. The scan therefore calls `start_workers()` as soon as it has staged a
first full chunk (a run with fewer changed articles than a chunk is extracted in muster's own process
and starts no worker), and the workers load their pipeline while the scan goes on reading.
"""

from __future__ import annotations

import os
from typing import Optional

from prefect.context import FlowRunContext
from prefect.task_runners import ProcessPoolTaskRunner

from flows.parallelism import exit_with_parent


def prepare_worker(model: Optional[str] = None) -> None:
    """Initializer of each worker process: exit with muster, then import what the first chunk would
    (Prefect's task engine, the flow's module) and load the pipeline (errors are left for the first
    chunk to raise, where they are reported)."""
    exit_with_parent()
    import prefect.task_engine  # noqa: F401 - what Prefect's worker side imports for a task run
    import flows.run_flow  # noqa: F401 - the chunk task's module, imported when its task is unpickled
    from extractors.nlp import warm_up

    warm_up(model)


class WorkerPool(ProcessPoolTaskRunner):
    """Prefect's ProcessPoolTaskRunner whose workers can be started ahead of the first task."""

    def __init__(self, max_workers: int, model: Optional[str] = None) -> None:
        super().__init__(max_workers=max_workers, initializer=prepare_worker, initargs=(model,))
        self.workers_started = False

    def duplicate(self) -> "WorkerPool":
        return type(self)(self._max_workers, *self._initargs)

    def start_workers(self) -> None:
        """Start every worker now (once). The executor spawns a worker for each call it is handed while
        none is idle, up to max_workers: one trivial call per worker starts them all."""
        if self.workers_started or self._executor is None:
            return
        self.workers_started = True
        for _ in range(self._max_workers):
            self._executor.submit(os.getpid)


def _pool() -> Optional[WorkerPool]:
    ctx = FlowRunContext.get()
    runner = ctx.task_runner if ctx is not None else None
    return runner if isinstance(runner, WorkerPool) else None


def start_workers_early() -> None:
    """Start the current flow run's worker processes, when it runs on a WorkerPool (else nothing)."""
    if (pool := _pool()) is not None:
        pool.start_workers()


def workers_started() -> bool:
    """Has the current flow run started its worker processes?"""
    pool = _pool()
    return pool is not None and pool.workers_started


def pool_size() -> int:
    """How many worker processes the current flow run's WorkerPool has (0: it runs on another runner)."""
    pool = _pool()
    return pool._max_workers if pool is not None else 0
