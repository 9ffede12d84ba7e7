"""The in-process cache (no REDIS_URL) and the circuit breaker that guards Redis."""

from __future__ import annotations

from pathlib import Path

import pytest

from model import Tagger
from service.responses import encode_json

from service.cache import CircuitBreaker, LocalCache, SentenceCache, model_code_digest


class FakeClock:
    """Time that moves only when the test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def entries_of(size: int, count: int) -> int:
    """The bytes `count` entries of `size` bytes take."""
    return count * (size + LocalCache.ENTRY_OVERHEAD_BYTES)


def test_local_cache_returns_what_was_stored():
    cache = LocalCache(max_bytes=entries_of(10, 10), ttl_seconds=60)
    cache.set_many({"a": b'{"x":1}', "b": b"[2]"})
    assert cache.get_many(["a", "missing", "b"]) == [b'{"x":1}', None, b"[2]"]


def test_local_cache_is_bounded_and_drops_the_least_recently_used():
    cache = LocalCache(max_bytes=entries_of(1, 3), ttl_seconds=60)
    cache.set_many({"a": b"1", "b": b"2", "c": b"3"})
    cache.get_many(["a"])  # a is now the most recently used
    cache.set_many({"d": b"4"})
    assert len(cache) == 3
    assert cache.get_many(["a", "b", "c", "d"]) == [b"1", None, b"3", b"4"]


def test_local_cache_is_bounded_in_bytes_whatever_the_answers_size():
    cache = LocalCache(max_bytes=entries_of(1000, 4), ttl_seconds=60)
    cache.set_many({f"small-{i}": b"x" * 100 for i in range(10)})
    assert len(cache) == 10
    cache.set_many({f"big-{i}": b"x" * 1000 for i in range(3)})
    assert cache.size_bytes <= entries_of(1000, 4)
    assert cache.get_many([f"big-{i}" for i in range(3)]) == [b"x" * 1000] * 3
    cache.set_many({"huge": b"x" * 10_000})  # over the whole bound: not kept, nothing evicted
    assert cache.get_many(["huge", "big-0"]) == [None, b"x" * 1000]


def test_local_cache_entries_expire():
    clock = FakeClock()
    cache = LocalCache(max_bytes=entries_of(1, 10), ttl_seconds=60, clock=clock)
    cache.set_many({"a": b"1"})
    clock.now += 59
    assert cache.get_many(["a"]) == [b"1"]
    clock.now += 2
    assert cache.get_many(["a"]) == [None]
    assert len(cache) == 0


def wait_for_probe(breaker, clock, step=0.25) -> tuple[float, int]:
    """Move the fake clock until the breaker lets a call through: how long that took, and
    the probe's ticket."""
    start = clock.now
    while (ticket := breaker.begin()) is None:
        clock.now += step
    return clock.now - start, ticket


def test_breaker_doubles_the_wait_per_failed_probe_up_to_the_cap_then_recovers():
    clock = FakeClock()
    breaker = CircuitBreaker(backoff_seconds=0.25, max_backoff_seconds=1, clock=clock)
    ticket = breaker.begin()
    assert ticket is not None

    waits = []
    for _ in range(5):
        breaker.record_failure(ticket)
        wait, ticket = wait_for_probe(breaker, clock)
        waits.append(wait)
    assert waits == [0.25, 0.5, 1, 1, 1]

    breaker.record_success(ticket)
    assert not breaker.is_open
    breaker.record_failure(breaker.begin())
    assert breaker.begin() is None
    clock.now += 0.25
    assert breaker.begin() is not None  # back to the first, shortest wait


def test_concurrent_failures_are_one_outage():
    clock = FakeClock()
    breaker = CircuitBreaker(backoff_seconds=0.25, max_backoff_seconds=1, clock=clock)
    tickets = [breaker.begin() for _ in range(4)]  # four requests in flight together
    for ticket in tickets:  # ... all time out
        breaker.record_failure(ticket)
    assert breaker.backoff_seconds == 0.25
    assert wait_for_probe(breaker, clock)[0] == 0.25


def test_a_failure_from_before_the_breaker_last_opened_does_not_double_the_wait():
    clock = FakeClock()
    breaker = CircuitBreaker(backoff_seconds=0.25, max_backoff_seconds=1, clock=clock)
    slow = breaker.begin()
    breaker.record_failure(breaker.begin())
    _, probe = wait_for_probe(breaker, clock)
    breaker.record_failure(slow)  # began before the opening, reports after it: ignored
    assert breaker.backoff_seconds == 0.25
    breaker.record_failure(probe)  # the probe is a new try: it doubles the wait
    assert breaker.backoff_seconds == 0.5


def test_a_half_open_breaker_lets_one_probe_through_per_wait():
    clock = FakeClock()
    breaker = CircuitBreaker(backoff_seconds=0.25, max_backoff_seconds=1, clock=clock)
    breaker.record_failure(breaker.begin())
    _, probe = wait_for_probe(breaker, clock)
    assert [breaker.begin() for _ in range(3)] == [None] * 3  # the probe is under way
    # A probe that never reports (its request died) does not keep the backend shut out.
    clock.now += 0.25
    assert breaker.begin() == probe
    breaker.record_success(probe)
    assert [breaker.begin() for _ in range(3)] == [probe] * 3


def test_a_success_from_before_the_breaker_opened_does_not_close_it():
    clock = FakeClock()
    breaker = CircuitBreaker(backoff_seconds=0.25, max_backoff_seconds=1, clock=clock)
    early = breaker.begin()
    breaker.record_failure(breaker.begin())
    breaker.record_success(early)
    assert breaker.is_open and breaker.begin() is None


def test_keys_hold_the_model_and_the_code_that_computed_the_answer(tmp_path):
    import model
    code = tmp_path / "model"
    code.mkdir()
    for path in Path(model.__file__).parent.glob("*.py"):
        (code / path.name).write_bytes(path.read_bytes())
    before = model_code_digest(code)
    assert before == model_code_digest()  # the same source, the same digest
    features = code / "features.py"
    features.write_text(features.read_text() + "\n# a change to how a token is read\n")
    assert model_code_digest(code) != before
    key = SentenceCache(LocalCache(10_000, 60), "sha256:abc").key(["Harry", "Potter"])
    assert key.startswith(f"ner:sha256:abc:{before}:")


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
    # Room for `entries` of the cached outputs for these one-word texts.
    tagger = Tagger.load()
    size = max(len(encode_json(tagger.tag([[word]])[0]))
               for word in ("one", "two", "three"))
    client = make_app(cache_max_bytes=entries_of(size, entries),
                      response_memo_max_bytes=0).test_client()
    for text in ("one", "two", "three"):
        client.post("/tag", json={"text": text})
    hits = [client.post("/tag", json={"text": text}).headers["X-Cache"]
            for text in ("three", "two", "one")]
    # Asked newest first, so each look-up only promotes what is already at the front.
    assert hits == (["HIT", "MISS", "MISS"] if entries == 1 else ["HIT", "HIT", "MISS"])
