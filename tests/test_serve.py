"""`muster serve`: the deployment is created on a local Prefect server and a scheduled run completes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent
PREFECT = Path(sys.executable).parent / "prefect"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"Prefect server at {url} did not become healthy")


def _completed_runs(api: str, deployment: str) -> list[dict]:
    """Completed flow runs of the deployment, asked of *this* server's REST API directly (the Prefect
    client in this process may be bound to the session's test-harness server)."""
    body = {
        "limit": 20,
        "sort": "START_TIME_DESC",
        "deployments": {"name": {"any_": [deployment]}},
        # the scheduler books many future runs ahead: ask for completed ones, not the latest 20
        "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}},
    }
    req = urllib.request.Request(
        f"{api}/flow_runs/filter", data=json.dumps(body).encode(), headers={"content-type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return [run for run in json.load(r) if run["state_type"] == "COMPLETED"]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_serve_creates_deployment_and_a_scheduled_run_completes(tmp_path):
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = dict(
        os.environ,
        PREFECT_HOME=str(tmp_path / "prefect-home"),
        PREFECT_API_URL=api,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_RUNNER_POLL_FREQUENCY="2",
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2",
    )
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    table = tmp_path / "out" / "events"
    serve = None
    log = (tmp_path / "serve.log").open("w")
    try:
        _wait_healthy(api, 120)
        serve = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flows.cli",
                "serve",
                str(seeds),
                "--table",
                str(table),
                "--interval",
                "20",
                "--name",
                "muster-test",
            ],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 300
        completed = []
        while time.monotonic() < deadline and not completed:
            assert serve.poll() is None, "muster serve exited early:\n" + (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(3)
            completed = _completed_runs(api, "muster-test")
        assert completed, (
            "no scheduled run completed within 300 s; serve printed:\n" + (tmp_path / "serve.log").read_text()[-3000:]
        )
        from flows.store import table_version

        assert table_version(table) is not None  # the scheduled run committed the table
    finally:
        if serve is not None:
            _stop(serve)
        _stop(server)


def test_serve_without_server_is_a_one_line_error(capsys, monkeypatch):
    from flows.cli import main

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.chdir(REPO)
    assert main(["serve", "seeds", "--cron", "0 6 * * *", "--table", "/tmp/muster-serve-test/events"]) == 2
    assert "PREFECT_API_URL" in capsys.readouterr().err
