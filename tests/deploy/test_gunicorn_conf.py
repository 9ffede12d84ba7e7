"""What deploy/gunicorn.conf.py changes in gunicorn itself: the address it logs at start and
how a stopping gthread worker treats connections. (How long `docker compose down` takes with
clients connected is measured by the container test, tests/deploy/test_container.py.)"""

from __future__ import annotations

import inspect
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.workers import gthread

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "deploy" / "gunicorn.conf.py"
STARTUP_LIMIT_SECONDS = 120  # only keeps a broken server from hanging the suite


@pytest.fixture
def config(monkeypatch, tmp_path) -> dict:
    """The config's names, loaded as gunicorn loads it, with the process left as it was."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(name, "1")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setattr(gthread, "DEFAULT_WORKER_DATA_TIMEOUT", gthread.DEFAULT_WORKER_DATA_TIMEOUT)
    return runpy.run_path(str(CONFIG))


def test_a_stopping_worker_caps_connections_still_waiting_for_a_request(config):
    worker = object.__new__(config["StoppingThreadWorker"])  # no process, no sockets
    worker.keepalived_conns = deque([SimpleNamespace(timeout=30.0)])
    worker.pending_conns = deque([SimpleNamespace(timeout=5.0), SimpleNamespace(timeout=40.0)])

    worker._cap_keepalive(deadline=12.0)  # what gthread's run() calls once it stops

    assert [conn.timeout for conn in worker.keepalived_conns] == [12.0]
    assert [conn.timeout for conn in worker.pending_conns] == [5.0, 12.0]


def test_a_new_connection_holds_a_thread_for_a_second_at_most(config):
    # The config sets a gunicorn module constant: it must still be the one the worker reads.
    assert "DEFAULT_WORKER_DATA_TIMEOUT" in inspect.getsource(gthread.ThreadWorker.handle)
    assert gthread.DEFAULT_WORKER_DATA_TIMEOUT == 1.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_start_up_log_names_the_address(tmp_path):
    # Each worker binds its own socket (reuse_port), so gunicorn's master has none to name.
    port = free_port()
    log_path = tmp_path / "server.log"
    environment = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": "1",
                   "ACCESS_LOG": ""}
    with open(log_path, "wb") as log:
        server = subprocess.Popen([str(Path(sys.executable).parent / "ner-serve")], cwd=REPO,
                                  env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
        while "Booting worker" not in log_path.read_text():
            assert server.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        [line] = [line for line in log_path.read_text().splitlines() if "Listening at:" in line]
        assert f"Listening at: http://127.0.0.1:{port} (" in line
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
