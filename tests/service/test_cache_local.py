"""The in-process cache (no REDIS_URL) and the circuit breaker that guards Redis."""

from __future__ import annotations

import pytest

from service.cache import CircuitBreaker, LocalCache


class FakeClock:
    """Time that moves only when the test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_local_cache_returns_what_was_stored():
    cache = LocalCache(max_entries=10, ttl_seconds=60)
    cache.set_many({"a": {"x": 1}, "b": [2]})
    assert cache.get_many(["a", "missing", "b"]) == [{"x": 1}, None, [2]]


def test_local_cache_is_bounded_and_drops_the_least_recently_used():
    cache = LocalCache(max_entries=3, ttl_seconds=60)
    cache.set_many({"a": 1, "b": 2, "c": 3})
    cache.get_many(["a"])  # a is now the most recently used
    cache.set_many({"d": 4})
    assert len(cache) == 3
    assert cache.get_many(["a", "b", "c", "d"]) == [1, None, 3, 4]


def test_local_cache_entries_expire():
    clock = FakeClock()
    cache = LocalCache(max_entries=10, ttl_seconds=60, clock=clock)
    cache.set_many({"a": 1})
    clock.now += 59
    assert cache.get_many(["a"]) == [1]
    clock.now += 2
    assert cache.get_many(["a"]) == [None]
    assert len(cache) == 0


def test_breaker_backs_off_doubling_up_to_the_cap_then_recovers():
    clock = FakeClock()
    breaker = CircuitBreaker(backoff_seconds=1, max_backoff_seconds=4, clock=clock)
    assert breaker.allows_call()

    waits = []
    for _ in range(5):
        breaker.record_failure()
        start = clock.now
        while not breaker.allows_call():
            clock.now += 0.25
        waits.append(clock.now - start)
    assert waits == [1, 2, 4, 4, 4]

    breaker.record_success()
    assert breaker.failures == 0
    breaker.record_failure()
    assert not breaker.allows_call()
    clock.now += 1
    assert breaker.allows_call()  # back to the first, shortest wait


def test_x_cache_without_redis(client):
    first = client.post("/tag", json={"text": "Harry Potter visited London."})
    second = client.post("/tag", json={"text": "Harry Potter visited London."})
    assert first.headers["X-Cache"] == "MISS"
    assert second.headers["X-Cache"] == "HIT"
    assert first.get_data() == second.get_data()
    batch = client.post("/tag", json={"sentences": [{"text": "Harry Potter visited London."},
                                                    {"text": "Something else."}]})
    assert batch.headers["X-Cache"] == "PARTIAL"


def test_pre_tokenized_and_raw_text_share_cache_entries(client):
    client.post("/tag", json={"text": "Harry Potter visited London."})
    again = client.post("/tag", json={"tokens": ["Harry", "Potter", "visited", "London", "."]})
    assert again.headers["X-Cache"] == "HIT"


@pytest.mark.parametrize("entries", [1, 2])
def test_the_in_process_cache_is_bounded_by_config(make_app, entries):
    # No response memo: it would answer the repeated bodies before the cache is asked.
    client = make_app(cache_max_entries=entries, response_memo_max_bytes=0).test_client()
    for text in ("one", "two", "three"):
        client.post("/tag", json={"text": text})
    hits = [client.post("/tag", json={"text": text}).headers["X-Cache"]
            for text in ("three", "two", "one")]
    # Asked newest first, so each look-up only promotes what is already at the front.
    assert hits == (["HIT", "MISS", "MISS"] if entries == 1 else ["HIT", "HIT", "MISS"])
