"""REDIS_URL naming a host whose name does not resolve, as in compose once the redis container
is gone: requests and /readyz keep answering, and /readyz respects the cache's back-off.

The first test asks this machine's real resolver. Whether a name fails at once or hangs depends
on the resolver (here it fails at once; in Docker with no upstream DNS it hung for 10 s), so
the second one replaces getaddrinfo() with one that never answers for the Redis host: a fake,
because a resolver that hangs cannot be had here on demand. The container test
(tests/deploy/test_container.py) does the same with a real one inside the API container.
"""

from __future__ import annotations

import socket
import threading

import pytest

from service import create_app
from service.config import Config

# Only keeps a hung request from hanging the suite; not a check of speed.
ANSWER_LIMIT_SECONDS = 20
STALLED_HOST = "redis.stalled.invalid"
SENTENCES = ["Angela Merkel flew to Paris.", "Sony opened an office in Berlin.",
             "Pele played for Santos."]


def make_client(redis_url: str):
    # A back-off longer than the test: after the first failure Redis is left alone.
    config = Config(redis_url=redis_url, redis_backoff_seconds=600,
                    redis_backoff_max_seconds=600, response_memo_max_bytes=0)
    return create_app(config).test_client()


def answered(call):
    """The response of `call()`, failing the test if it does not come back in time."""
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(response=call()), daemon=True)
    thread.start()
    thread.join(ANSWER_LIMIT_SECONDS)
    assert not thread.is_alive(), f"no answer within {ANSWER_LIMIT_SECONDS} s"
    return outcome["response"]


def assert_served_without_redis(client):
    for sentence in SENTENCES:
        response = answered(lambda: client.post("/tag", json={"text": sentence}))
        assert response.status_code == 200 and response.headers["X-Cache"] == "MISS"
        assert response.get_json()["entities"]
        ready = answered(lambda: client.get("/readyz"))
        assert ready.status_code == 200  # the model answers: the service stays ready
        assert ready.get_json()["cache"] == {"backend": "redis", "available": False}


def test_a_redis_name_that_does_not_resolve():
    assert_served_without_redis(make_client("redis://no-such-host.invalid:6379/0"))


@pytest.fixture
def stalled_lookups(monkeypatch):
    """getaddrinfo() hangs for STALLED_HOST until the test ends; counts those look-ups."""
    real_getaddrinfo = socket.getaddrinfo
    released = threading.Event()
    lookups = []

    def getaddrinfo(host, *args, **kwargs):
        if host == STALLED_HOST:
            lookups.append(host)
            released.wait(300)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield lookups
    released.set()


def test_a_redis_name_whose_lookup_hangs(stalled_lookups):
    client = make_client(f"redis://{STALLED_HOST}:6379/0")
    assert_served_without_redis(client)
    # One look-up, by the first request: then the back-off holds, for /readyz as well.
    assert stalled_lookups == [STALLED_HOST]
