"""Fixtures for the service tests: apps on the tiny real model, and private Redis servers.

Test modules import the fixtures they use from here (tests/conftest.py belongs to the
whole suite).
"""

from __future__ import annotations

import dataclasses
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis

from model.conll import read_conll
from model.train import TrainConfig, train
from service import create_app
from service.config import Config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float = 20.0, interval: float = 0.05, what: str = "condition"):
    """Poll `condition` until it returns something true; fail after `timeout` seconds.

    The timeout only bounds a broken run; nothing asserts how fast things happen.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(interval)


class RedisServer:
    """A private redis-server on a free port, which a test may stop and start again.

    Never the machine's own Redis: stopping it would disturb everyone else.
    """

    def __init__(self, workdir: Path):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            pytest.fail("redis-server is needed for the cache tests (apt-get install redis-server)")
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=5)

    def _answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_app(tiny_model_dir):
    """Build an app on the tiny real model; keyword arguments override Config fields."""

    def build(**overrides):
        config = Config(model_dir=str(tiny_model_dir), log_level="WARNING")
        return create_app(dataclasses.replace(config, **overrides))

    return build


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def other_tiny_model_dir(tmp_path_factory, conll_dir) -> Path:
    """A second real model, trained differently, so its checksum differs from the tiny one."""
    out = tmp_path_factory.mktemp("other-tiny-model")
    config = TrainConfig(word_dim=8, shape_dim=4, ngram_dim=8, hidden=8, max_epochs=1,
                         use_gazetteers=False, seed=7, name="other-tiny-test-model",
                         version="0.0.2")
    train(read_conll(conll_dir / "train.txt")[:100], read_conll(conll_dir / "valid.txt")[:20],
          out, config, log=lambda line: None, progress=False)
    return out


@pytest.fixture(scope="session")
def bundled_app():
    """The app on the bundled model (model/default), built once: a model good enough to
    find entities, so checks on entity offsets have entities to check."""
    return create_app(Config(log_level="WARNING"))


@pytest.fixture
def bundled_client(bundled_app):
    return bundled_app.test_client()
