"""The response memo: whole /tag answers replayed for a body seen before, byte for byte."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from service.memo import MemoEntry, ResponseMemo
from service_checks import assert_consistent, command_calls, metric_samples

TEXT = "Harry Potter visited London with Ron Weasley."
BODY = json.dumps({"text": TEXT}).encode()


def post(client, body: bytes, content_type: str = "application/json"):
    return client.post("/tag", data=body, content_type=content_type)


def memo_of(app) -> ResponseMemo:
    return app.extensions["ner"].tagging.memo


def counters(client) -> dict:
    samples = metric_samples(client)
    return {"memo_hits": samples[("ner_response_memo_hits_total", ())],
            "hits": samples[("ner_cache_hits_total", ())],
            "misses": samples[("ner_cache_misses_total", ())],
            "cache_tokens": samples[("ner_tokens_tagged_total", (("source", "cache"),))],
            "model_tokens": samples[("ner_tokens_tagged_total", (("source", "model"),))]}


# --- through the app -------------------------------------------------------------------------


def test_a_repeated_body_is_replayed_byte_for_byte(make_app):
    app = make_app()
    client = app.test_client()
    first = post(client, BODY)
    again = post(client, BODY)
    assert (first.status_code, first.headers["X-Cache"]) == (200, "MISS")
    assert (again.status_code, again.headers["X-Cache"]) == (200, "HIT")
    assert again.get_data() == first.get_data()
    assert again.mimetype == "application/json"
    assert again.headers["Content-Length"] == str(len(first.get_data()))
    assert len(memo_of(app)) == 1


def test_memo_hits_keep_the_metrics_truthful(make_app):
    client = make_app().test_client()
    batch = json.dumps({"sentences": [{"text": TEXT}, {"tokens": ["Oslo", "rejects", "it"]}]})
    for _ in range(3):
        post(client, BODY)
        post(client, batch.encode())
    tokens = len(post(client, BODY).get_json()["tokens"])
    # The first of each body went to the model (3 sentences; the batch's text was a hit);
    # every later one is a memo hit that counts its sentences and tokens as cached.
    assert counters(client) == {
        "memo_hits": 5,
        "misses": 2, "model_tokens": tokens + 3,
        "hits": 1 + 3 * 1 + 2 * 2, "cache_tokens": tokens + 3 * tokens + 2 * (tokens + 3),
    }
    samples = metric_samples(client)
    assert samples[("ner_http_requests_total",
                    (("method", "POST"), ("route", "/tag"), ("status", "200")))] == 7


def test_the_same_sentence_spelled_differently_gets_its_own_answer(make_app):
    memo_client = make_app().test_client()
    plain_client = make_app(response_memo_max_bytes=0).test_client()
    spaced = TEXT.replace("Harry", "Harry  ")  # the same tokens at other offsets
    spellings = [
        json.dumps({"text": TEXT}, separators=(",", ":")).encode(),  # other JSON spacing
        BODY.replace(b"Harry", b"Harr\\u0079"),  # the same text, escaped
        json.dumps({"text": spaced}).encode(),
        json.dumps({"tokens": TEXT[:-1].split() + ["."]}).encode(),  # offsets of joined tokens
        json.dumps({"sentences": [{"text": TEXT}]}).encode(),  # a batch: another shape
    ]
    first = post(memo_client, BODY)
    answers = []
    for body in spellings:
        response = post(memo_client, body)
        # The sentence cache knows the tokens; the memo does not know this body.
        assert response.headers["X-Cache"] == "HIT"
        assert response.get_data() == post(plain_client, body).get_data()
        answers.append(response.get_data())
    assert counters(memo_client)["memo_hits"] == 0
    assert answers[2] != first.get_data()
    assert_consistent(json.loads(answers[2]), spaced)
    # Now each body is a memo hit, with its own answer.
    for body, answer in zip([BODY] + spellings, [first.get_data()] + answers):
        assert post(memo_client, body).get_data() == answer
    assert counters(memo_client)["memo_hits"] == 1 + len(spellings)


def test_zero_turns_the_memo_off(make_app, redis_server):
    app = make_app(redis_url=redis_server.url, response_memo_max_bytes=0)
    client = app.test_client()
    assert memo_of(app) is None
    post(client, BODY)
    reads = command_calls(redis_server, "mget")
    for _ in range(3):
        assert post(client, BODY).headers["X-Cache"] == "HIT"
    # Every repeat asked Redis, and none was a memo hit.
    assert command_calls(redis_server, "mget") == reads + 3
    assert counters(client)["memo_hits"] == 0


def test_with_redis_a_repeated_body_is_answered_without_asking_redis(make_app, redis_server):
    client = make_app(redis_url=redis_server.url).test_client()
    first = post(client, BODY)
    reads, writes = command_calls(redis_server, "mget"), command_calls(redis_server, "set")
    redis_server.client().flushall()  # the sentence cache is empty; the memo still answers
    again = post(client, BODY)
    assert again.headers["X-Cache"] == "HIT" and again.get_data() == first.get_data()
    assert command_calls(redis_server, "mget") == reads
    assert command_calls(redis_server, "set") == writes
    # Another worker (its own memo) still shares the answer through Redis.
    other = make_app(redis_url=redis_server.url).test_client()
    assert post(other, BODY).headers["X-Cache"] == "MISS"  # flushed above
    assert post(other, BODY).get_data() == first.get_data()


@pytest.mark.parametrize("body, content_type, status", [
    (b"{", "application/json", 400),
    (b'{"text": 5}', "application/json", 422),
    (b'{"text": "a", "tokens": ["a"]}', "application/json", 422),
    (b'{"tokens": ["a", "b", "c", "d"]}', "application/json", 413),
    (json.dumps({"text": "x" * 200}).encode(), "application/json", 413),
])
def test_errors_are_never_memoized(make_app, body, content_type, status):
    app = make_app(max_tokens_per_request=3, max_body_bytes=150)
    client = app.test_client()
    for _ in range(3):
        response = post(client, body, content_type)
        assert response.status_code == status
        assert "X-Cache" not in response.headers
    assert len(memo_of(app)) == 0
    assert counters(client)["memo_hits"] == 0


def test_the_content_type_is_checked_before_the_memo(make_app):
    app = make_app()
    client = app.test_client()
    assert post(client, BODY).status_code == 200
    for content_type in ("text/plain", None):
        response = post(client, BODY, content_type)
        assert response.status_code == 415 and "X-Cache" not in response.headers
    assert counters(client)["memo_hits"] == 0


def test_the_app_honours_the_configured_bound(make_app):
    app = make_app(response_memo_max_bytes=4000)
    client = app.test_client()
    memo = memo_of(app)
    bodies = [json.dumps({"text": f"Sentence number {n} from Paris ."}).encode()
              for n in range(20)]
    answers = [post(client, body).get_data() for body in bodies]
    assert 0 < len(memo) < len(bodies)
    assert memo.size_bytes == sum(len(a) + ResponseMemo.ENTRY_OVERHEAD_BYTES
                                  for a in answers[-len(memo):]) <= 4000
    # The newest are remembered, the oldest were evicted.
    assert post(client, bodies[-1]).get_data() == answers[-1]
    assert post(client, bodies[0]).get_data() == answers[0]
    assert counters(client)["memo_hits"] == 1


# --- the memo on its own ------------------------------------------------------------------------


def entry(size: int) -> MemoEntry:
    return MemoEntry(b"x" * (size - ResponseMemo.ENTRY_OVERHEAD_BYTES), 1, 1)


def test_the_key_is_the_body_and_the_namespace():
    memo = ResponseMemo(10_000, "ner:sha256:aaa:")
    assert memo.key(b"{}") == memo.key(b"{}")
    assert memo.key(b"{}") != memo.key(b"{ }")
    assert memo.key(b"{}") != ResponseMemo(10_000, "ner:sha256:bbb:").key(b"{}")


def test_the_least_recently_used_go_first_and_the_bytes_stay_bounded():
    memo = ResponseMemo(3000, "n")
    for name in (b"a", b"b", b"c"):
        memo.put(name, entry(1000))
    assert memo.size_bytes == 3000
    assert memo.get(b"a") is not None  # a is now the most recently used
    memo.put(b"d", entry(1500))
    assert [memo.get(k) is not None for k in (b"a", b"b", b"c", b"d")] == [True, False, False, True]
    assert memo.size_bytes == 2500
    memo.put(b"a", entry(400))  # stored again: counted once, at its new size
    assert memo.size_bytes == 1900 and len(memo) == 2


def test_an_answer_bigger_than_the_memo_is_not_kept():
    memo = ResponseMemo(3000, "n")
    memo.put(b"small", entry(1000))
    memo.put(b"huge", entry(3001))
    assert memo.get(b"huge") is None and memo.get(b"small") is not None
    assert memo.size_bytes == 1000


def test_threads_sharing_a_memo_keep_its_books_straight():
    memo = ResponseMemo(20_000, "n")
    sizes = [300 + 37 * n for n in range(50)]

    def work(offset):
        for round_number in range(2000):
            key = bytes([(offset + round_number) % 50])
            memo.put(key, entry(sizes[key[0]]))
            memo.get(bytes([round_number % 50]))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: races show
    try:
        with ThreadPoolExecutor(4) as pool:
            for done in [pool.submit(work, n * 7) for n in range(4)]:
                done.result()  # a thread's exception fails the test
    finally:
        sys.setswitchinterval(interval)
    held = [memo.get(bytes([k])) for k in range(50)]
    assert memo.size_bytes == sum(len(e.body) + ResponseMemo.ENTRY_OVERHEAD_BYTES
                                  for e in held if e is not None) <= 20_000
