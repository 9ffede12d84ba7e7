"""What deploy/gunicorn.conf.py changes in gunicorn itself: the address it logs at start and
how a stopping worker (service/worker.py) treats connections. (How long `docker compose down`
takes with clients connected is measured by the container test,
tests/deploy/test_container.py; the worker under attack and in operation by
tests/service/test_server_faults.py.)"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from types import SimpleNamespace

from service.worker import Worker

REPO = Path(__file__).resolve().parents[2]
STARTUP_LIMIT_SECONDS = 120  # only keeps a broken server from hanging the suite


def test_a_stopping_worker_caps_connections_whose_head_is_still_arriving():
    worker = object.__new__(Worker)  # no process, no sockets
    worker.keepalived_conns = deque([SimpleNamespace(timeout=30.0)])
    worker.pending_conns = deque()
    worker.heads = deque([SimpleNamespace(timeout=5.0), SimpleNamespace(timeout=40.0)])

    worker._cap_keepalive(deadline=12.0)  # what gthread's run() calls once it stops

    assert [conn.timeout for conn in worker.keepalived_conns] == [12.0]
    assert [conn.timeout for conn in worker.heads] == [5.0, 12.0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_start_up_log_names_the_address(tmp_path):
    # The master names the socket it listens on, which the workers share.
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
