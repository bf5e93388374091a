"""`muster run` with no Prefect server configured: the temporary server it starts itself.

The other flow tests point Prefect at the session's test harness (PREFECT_API_URL); these run the
command as a user does on a fresh machine (`make run`): muster starts Prefect's temporary server
early, the run succeeds with a clean terminal, and the server never outlives muster, even when
muster is killed with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def user_env(tmp_path) -> dict[str, str]:
    """The environment of a user with no Prefect server configured, and a Prefect home of their own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return env


def _servers_of(prefect_home: str) -> list[psutil.Process]:
    """Live Prefect API servers started with this PREFECT_HOME."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if (
                "prefect.server.api.server:create_app" in " ".join(proc.info["cmdline"] or ())
                and proc.environ().get("PREFECT_HOME") == prefect_home
                and proc.status() != psutil.STATUS_ZOMBIE
            ):
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def _wait_gone(prefect_home: str, seconds: float = 20) -> list[psutil.Process]:
    deadline = time.monotonic() + seconds
    while (alive := _servers_of(prefect_home)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


def test_run_starts_and_stops_its_own_server_with_a_clean_terminal(user_env, tmp_path, seeds_copy):
    seeds, table = seeds_copy, tmp_path / "out" / "events"
    run = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", str(seeds), "--table", str(table)],
        env=user_env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, err
    assert "table version:    1 (new)" in out
    assert "Traceback" not in out + err and "CancelledError" not in err
    assert not _wait_gone(user_env["PREFECT_HOME"])
    # the server's output went to a log file, removed after a clean stop
    assert not (Path(tempfile.gettempdir()) / f"muster-prefect-server-{run.pid}.log").exists()


def test_the_server_goes_down_when_muster_is_killed(user_env, tmp_path, seeds_copy):
    seeds, table = seeds_copy, tmp_path / "out" / "events"
    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "flows.cli",
            "run",
            str(seeds),
            "--table",
            str(table),
            "--chunk-size",
            "1",
            "--runner",
            "thread",
        ],  # the kill takes muster down, not a worker
        env={**user_env, "MUSTER_FAULT": "extracting"},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert killed.returncode == -signal.SIGKILL  # killed mid-extraction, atexit handlers never ran
    assert not _wait_gone(user_env["PREFECT_HOME"]), "the temporary Prefect server outlived muster"


def test_a_configured_server_is_left_to_prefect(monkeypatch):
    """With PREFECT_API_URL set (or Prefect already imported) muster starts no server of its own."""
    from flows.prefect_env import start_temporary_server

    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    assert start_temporary_server() is None
