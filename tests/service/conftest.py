"""Fixtures of the service tests: apps on the bundled model, a second model whose checksum
differs, and private Redis servers.

They need no CoNLL data: the apps serve the model bundled in model/default, and the second
model is trained in a fraction of a second on synthetic_news.conll, sentences written for
these tests (CoNLL-2003 stays out of the project).
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
import redis

from model import Tagger
from model.conll import LabelledSentence, read_conll
from model.train import TrainConfig, train
from service import create_app
from service.config import Config
from service_checks import free_port, wait_until

SYNTHETIC_NEWS = Path(__file__).resolve().parent / "synthetic_news.conll"


@pytest.fixture(scope="session")
def synthetic_news() -> list[LabelledSentence]:
    """48 made-up news sentences with gold tags, in CoNLL format."""
    return read_conll(SYNTHETIC_NEWS)


@pytest.fixture(scope="session")
def bundled_model() -> Tagger:
    """The model every app here serves (model/default), for answers to be compared with."""
    return Tagger.load()


@pytest.fixture
def make_app():
    """Build an app on the bundled model; keyword arguments override Config fields."""

    # A Redis that answers must never look down because the shared test machine is slow:
    # the service's 0.1 s timeout becomes 2 s here. Tests of a Redis that hangs set their own.
    base = Config(log_level="WARNING", redis_timeout_seconds=2.0)

    def build(**overrides):
        return create_app(dataclasses.replace(base, **overrides))

    return build


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def bundled_app():
    """One app for the whole session, for tests that only read answers (many generated cases)."""
    return create_app(Config(log_level="WARNING"))


@pytest.fixture
def bundled_client(bundled_app):
    return bundled_app.test_client()


@pytest.fixture(scope="session")
def other_model_dir(tmp_path_factory, synthetic_news) -> Path:
    """A second real model, tiny and trained on the synthetic sentences, so its checksum
    differs from the bundled model's."""
    out = tmp_path_factory.mktemp("other-model")
    config = TrainConfig(word_dim=8, shape_dim=4, ngram_dim=8, hidden=8, max_epochs=1,
                         use_gazetteers=False, seed=7, name="other-test-model", version="0.0.2")
    train(synthetic_news[:40], synthetic_news[40:], out, config, log=lambda line: None,
          progress=False)
    return out


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
