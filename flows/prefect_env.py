"""Prefect settings for a command-line run (quiet logs, no analytics) and its temporary API server.

With no PREFECT_API_URL, Prefect starts a temporary API server the first time a flow needs a client,
and waits for it (about 7 s here) before anything else happens. `muster run` instead starts the very
same server (same uvicorn command and settings as Prefect's `SubprocessASGIServer`) before it
imports Prefect, spaCy and the flow, so the server boots on one core while those load on the other,
and waits for it only just before the flow starts. The server's own output goes to a log file, not
the terminal: its shutdown traceback (a CancelledError) is not the user's business. The server is
stopped when muster exits, and on Linux is told to stop if muster is killed.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Optional


def configure_prefect(*, verbose: bool = False) -> None:
    """Set Prefect's environment before it is imported (settings are read at import)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # the temporary server needs ~7 s idle, far more on a busy machine: don't give up at the default
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")
    if not verbose:
        # the flow's run log (progress, Prefect's state changes) still reaches the API and its UI at
        # INFO; the terminal shows none of it (only with --verbose), beside muster's own short lines
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")  # a handled failure prints no Prefect log


def flush_run_logs(timeout: float = 5.0) -> None:
    """Send the run logs Prefect still holds to the API now, while the server is up: left to exit, its
    log worker would find the temporary server gone, retry for a minute and print an error."""
    if "prefect.logging.handlers" not in sys.modules:
        return
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=timeout)


class ServerFailed(RuntimeError):
    """The temporary Prefect server did not come up."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child before exec (Linux): SIGTERM when muster dies
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class TemporaryServer:
    """Prefect's temporary API server, started early and waited for late (see the module docstring)."""

    def __init__(self, log_path: Optional[Path] = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.log_path = log_path or Path(tempfile.gettempdir()) / f"muster-prefect-server-{os.getpid()}.log"
        self._log = open(self.log_path, "w")
        spec = importlib.util.find_spec("prefect")  # locates the package without importing it
        assert spec is not None and spec.origin is not None  # prefect is installed with muster
        app_dir = str(Path(spec.origin).parent.parent)
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        env.pop("PREFECT_API_URL", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                app_dir,
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        atexit.register(self.stop)

    def wait_ready(self, timeout: float) -> None:
        """Block until the server answers its health check; ServerFailed if it exits or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(
                    f"the temporary Prefect server exited with code {self.process.returncode} (its log: {self.log_path})"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise ServerFailed(f"the temporary Prefect server did not answer within {timeout:.0f} s (its log: {self.log_path})")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self._log.closed:
            self._log.close()
            if self.process.returncode in (0, -signal.SIGTERM):
                self.log_path.unlink(missing_ok=True)  # kept only when the server failed


def _profile_setting(name: str) -> Optional[str]:
    """A setting of the active Prefect profile (profiles.toml), read without importing Prefect."""
    import tomllib

    home = Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or data.get("active", "ephemeral")
    value = data.get("profiles", {}).get(active, {}).get(name)
    return None if value is None else str(value)


def start_temporary_server() -> Optional[TemporaryServer]:
    """Start Prefect's temporary server now and point this process's Prefect at it; None when Prefect
    is configured to use a running server (PREFECT_API_URL, in the environment or the active profile)
    or its temporary server is switched off: then Prefect does what it is configured to do."""
    if "prefect" in sys.modules:
        return None  # Prefect has read its settings already
    for name in ("PREFECT_API_URL",):
        if os.environ.get(name) or _profile_setting(name):
            return None
    ephemeral = os.environ.get("PREFECT_SERVER_EPHEMERAL_ENABLED") or _profile_setting("PREFECT_SERVER_EPHEMERAL_ENABLED")
    if ephemeral is not None and ephemeral.lower() in ("0", "false", "no", "off"):
        return None
    server = TemporaryServer()
    os.environ["PREFECT_API_URL"] = server.url  # read when Prefect is imported, after this
    return server
