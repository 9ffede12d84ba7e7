"""The Redis cache against a real, private redis-server: hits, keys, batches, outages."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import redis

from service.cache import CircuitBreaker, RedisCache

from service_checks import command_calls, free_port, metric_samples, wait_until

SENTENCE = {"text": "Harry Potter visited London."}
OTHERS = [{"text": "Meridian Bank rejects the offer from Caldera Mining of Lisbon."},
          {"tokens": ["Anna", "Kowalski"]},
          {"text": "PORTO 2024-05-17"}]


@pytest.fixture
def redis_app(make_app, redis_server):
    # A short back-off so a test can watch the service come back to a restarted Redis.
    # No response memo: these tests watch Redis, and the memo would answer their repeated
    # bodies without asking it (test_response_memo.py covers the memo with Redis).
    return make_app(redis_url=redis_server.url, redis_backoff_seconds=0.05,
                    redis_backoff_max_seconds=0.2, response_memo_max_bytes=0)


def cache_errors(client) -> float:
    return metric_samples(client)[("ner_cache_errors_total", ())]


def test_a_second_identical_request_is_a_hit_with_the_same_body(redis_app, redis_server,
                                                               bundled_model):
    client = redis_app.test_client()
    first = client.post("/tag", json=SENTENCE)
    second = client.post("/tag", json=SENTENCE)
    assert (first.status_code, first.headers["X-Cache"]) == (200, "MISS")
    assert (second.status_code, second.headers["X-Cache"]) == (200, "HIT")
    assert second.get_data() == first.get_data()

    [key] = redis_server.client().keys("*")
    assert bundled_model.checksum in key.decode()
    assert 0 < redis_server.client().ttl(key) <= redis_app.extensions["ner"].config.cache_ttl_seconds
    stored = json.loads(redis_server.client().get(key))
    assert set(stored) == {"tags", "scores", "entities"}


def test_workers_share_the_cache(make_app, redis_server):
    # Two apps stand for two gunicorn workers (or two replicas) on one Redis.
    one = make_app(redis_url=redis_server.url).test_client()
    two = make_app(redis_url=redis_server.url).test_client()
    assert one.post("/tag", json=SENTENCE).headers["X-Cache"] == "MISS"
    assert two.post("/tag", json=SENTENCE).headers["X-Cache"] == "HIT"


def test_a_changed_model_checksum_misses(make_app, redis_server, other_model_dir):
    old = make_app(redis_url=redis_server.url).test_client()
    new = make_app(redis_url=redis_server.url, model_dir=str(other_model_dir)).test_client()
    old_answer = old.post("/tag", json=SENTENCE)
    new_answer = new.post("/tag", json=SENTENCE)
    assert new_answer.headers["X-Cache"] == "MISS"
    assert new_answer.get_json()["model"] != old_answer.get_json()["model"]
    assert len(redis_server.client().keys("*")) == 2
    # Each model then hits its own entries.
    assert old.post("/tag", json=SENTENCE).headers["X-Cache"] == "HIT"
    assert new.post("/tag", json=SENTENCE).headers["X-Cache"] == "HIT"


def without_score(item: dict) -> dict:
    return {key: value for key, value in item.items() if key != "score"}


def test_a_batch_mixes_hits_and_misses_in_one_read_and_one_write(redis_app, redis_server):
    client = redis_app.test_client()
    singles = [client.post("/tag", json=s).get_json() for s in [SENTENCE] + OTHERS]
    redis_server.client().flushall()
    client.post("/tag", json=SENTENCE)
    client.post("/tag", json=OTHERS[1])

    reads, writes = command_calls(redis_server, "mget"), command_calls(redis_server, "set")
    batch = client.post("/tag", json={"sentences": [SENTENCE] + OTHERS})
    assert batch.headers["X-Cache"] == "PARTIAL"
    assert command_calls(redis_server, "mget") == reads + 1
    assert command_calls(redis_server, "set") == writes + 2  # the two misses, in one pipeline
    results = batch.get_json()["results"]
    # The same answers as one at a time; a score may differ in its last (4th) decimal, as
    # numpy sums in another order when the model tags two sentences together.
    for result, single in zip(results, singles, strict=True):
        for part in ("tokens", "entities"):
            assert [without_score(item) for item in result[part]] == [
                without_score(item) for item in single[part]]
            np.testing.assert_allclose([item["score"] for item in result[part]],
                                       [item["score"] for item in single[part]], atol=2e-4)

    again = client.post("/tag", json={"sentences": [SENTENCE] + OTHERS})
    assert again.headers["X-Cache"] == "HIT"
    assert again.get_json()["results"] == results
    assert command_calls(redis_server, "set") == writes + 2


@pytest.mark.parametrize("garbage", [
    b"not json", b"\xff\xfe", b'"a string"', b"[" * 5000, b"{}", b'{"tags": [], "scores": [], "entities": []}',
    b'{"tags": ["O","O","O","O","O"], "scores": [1,1,1,1,1], "entities": [{"label": "PER", "token_start": 3, "token_end": 9, "score": 1}]}',
    b'{"tags": ["O","O","O","O",5], "scores": [1,1,1,1,1], "entities": []}',
    # Scores the model never gives, which the answer's JSON could not write as the
    # encoder would: NaN, out of range, an int.
    b'{"tags": ["O","O","O","O","O"], "scores": [NaN,1.0,1.0,1.0,1.0], "entities": []}',
    b'{"tags": ["O","O","O","O","O"], "scores": [1.5,1.0,1.0,1.0,1.0], "entities": []}',
    b'{"tags": ["O","O","O","O","O"], "scores": [1,1.0,1.0,1.0,1.0], "entities": []}',
])
def test_garbage_in_redis_is_a_miss_and_gets_replaced(redis_app, redis_server, garbage):
    client = redis_app.test_client()
    fresh = client.post("/tag", json=SENTENCE)
    [key] = redis_server.client().keys("*")
    redis_server.client().set(key, garbage)

    response = client.post("/tag", json=SENTENCE)
    assert response.status_code == 200
    assert response.headers["X-Cache"] == "MISS"
    assert response.get_data() == fresh.get_data()
    assert cache_errors(client) == 1
    assert client.post("/tag", json=SENTENCE).headers["X-Cache"] == "HIT"


def test_redis_stopped_mid_test_then_started_again(redis_app, redis_server):
    client = redis_app.test_client()
    expected = client.post("/tag", json=SENTENCE).get_data()
    assert client.get("/readyz").get_json()["cache"] == {"backend": "redis", "available": True}

    redis_server.stop()
    for _ in range(5):
        response = client.post("/tag", json=SENTENCE)
        assert response.status_code == 200
        assert response.headers["X-Cache"] == "MISS"
        assert response.get_data() == expected
    batch = client.post("/tag", json={"sentences": [SENTENCE] + OTHERS})
    assert batch.status_code == 200 and batch.headers["X-Cache"] == "MISS"
    assert cache_errors(client) >= 1
    ready = client.get("/readyz")
    assert ready.status_code == 200  # the model still answers: the service stays ready
    assert ready.get_json()["cache"] == {"backend": "redis", "available": False}

    redis_server.start()  # same port, empty (nothing was saved)

    def hits_again():
        response = client.post("/tag", json=SENTENCE)
        assert response.status_code == 200 and response.get_data() == expected
        return response.headers["X-Cache"] == "HIT"

    wait_until(hits_again, what="cache hits after Redis came back")
    assert client.get("/readyz").get_json()["cache"]["available"] is True


def test_a_dead_redis_is_not_hammered(make_app, redis_server):
    # A long back-off: after the first failure, no request in this test touches Redis.
    client = make_app(redis_url=redis_server.url, redis_backoff_seconds=600,
                      redis_backoff_max_seconds=600).test_client()
    client.post("/tag", json=SENTENCE)
    redis_server.stop()
    for sentence in [SENTENCE] + OTHERS:
        assert client.post("/tag", json=sentence).status_code == 200
    assert cache_errors(client) == 1


def test_a_slow_redis_times_out_and_the_model_answers(make_app, redis_server):
    client = make_app(redis_url=redis_server.url, redis_timeout_seconds=0.05,
                      response_memo_max_bytes=0).test_client()
    expected = client.post("/tag", json=SENTENCE).get_data()
    # Every client's commands now wait two seconds, far past the service's timeout.
    redis_server.client().execute_command("CLIENT", "PAUSE", 2000, "ALL")
    response = client.post("/tag", json=SENTENCE)
    assert response.status_code == 200
    assert response.headers["X-Cache"] == "MISS"
    assert response.get_data() == expected
    assert cache_errors(client) == 1


def test_nothing_answers_on_the_redis_url(make_app):
    client = make_app(redis_url=f"redis://127.0.0.1:{free_port()}/0").test_client()
    response = client.post("/tag", json=SENTENCE)
    assert response.status_code == 200 and response.headers["X-Cache"] == "MISS"
    assert client.get("/readyz").get_json()["cache"]["available"] is False


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_requests_failing_together_back_off_once_and_the_cache_returns_after_one_wait(
        redis_server):
    # A real Redis client; the breaker's clock is the test's, so "one wait" is exact.
    clock = FakeClock()
    breaker = CircuitBreaker(backoff_seconds=0.25, max_backoff_seconds=1, clock=clock)
    cache = RedisCache(redis.Redis.from_url(redis_server.url, socket_timeout=0.2), 60, breaker)
    cache.set_many({"key": b'{"a":1}'})

    # Four requests read while Redis is paused: all four time out together.
    redis_server.client().execute_command("CLIENT", "PAUSE", 1500, "ALL")
    together = threading.Barrier(4)

    def read():
        together.wait()
        return cache.get_many(["key"])

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda _: read(), range(4))) == [[None]] * 4
    assert breaker.is_open and breaker.backoff_seconds == 0.25  # one outage, not four
    redis_server.client().execute_command("CLIENT", "UNPAUSE")

    assert cache.get_many(["key"]) == [None]  # still backed off
    clock.now += 0.25
    assert cache.get_many(["key"]) == [b'{"a":1}']  # the probe finds Redis back
    assert not breaker.is_open
