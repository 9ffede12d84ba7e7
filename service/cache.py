"""What POST /tag caches: the model's answer per sentence.

`SentenceCache` keys each answer by the sentence's tokens and the model's checksum, and
checks every value a backend gives back before it is used. Its backend has one interface
and two implementations: `RedisCache` when REDIS_URL is set (shared by every worker and
replica), `LocalCache` (a bounded in-process LRU with expiry) otherwise. Both store and
return bytes: `SentenceCache` writes each answer as JSON and reads it back, so a backend
never parses what it holds. A cache never raises: a backend failure is reported to
`on_error` and the lookup counts as a miss, so the caller simply asks the model.

The response memo (service/memo.py) sits in front of it, in each worker.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout  # not the builtin before 3.11
from typing import Callable, Protocol, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import redis
from cachetools import LRUCache
from redis.backoff import NoBackoff
from redis.retry import Retry

import model
from service.answers import SCORE_JSON, TEXT_JSON

Clock = Callable[[], float]
ErrorHandler = Callable[[Exception], None]


def _ignore_error(error: Exception) -> None:
    pass


class Cache(Protocol):
    backend: str

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        """The value for each key, None where there is none."""

    def set_many(self, items: dict[str, bytes]) -> None:
        """Store the values; each expires after the cache's TTL."""

    def ping(self) -> bool:
        """Whether the backend is in use: it answers, and is not backed off after a failure."""


def model_code_digest(folder: Path = Path(model.__file__).parent) -> str:
    """A digest of the model package's source, which turns a sentence's tokens into the
    cached output beside the model's files (how a token is read, the decoding rules)."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


_CODE_DIGEST = model_code_digest()


class SentenceCache:
    """The model's output per sentence, by its tokens, in a backend shared with whatever
    else may write to it.

    The model's checksum is in every key: a new model never serves an old model's answer.
    So is a digest of the model package's code: nor does new code serve what the old code
    computed, for the day an entry lives in a shared Redis.
    A value read back is checked before it is used: Redis outlives deployments and is
    open to other clients, so a key may hold anything. An unsound value (not JSON, or
    not an answer for the sentence) counts as an error (`on_unsound`) and as a miss, and
    the fresh answer replaces it.
    """

    def __init__(self, backend: Cache, model_checksum: str,
                 on_unsound: Callable[[], None] = lambda: None):
        self._backend = backend
        self.key_prefix = f"ner:{model_checksum}:{_CODE_DIGEST}:"
        self._on_unsound = on_unsound

    def key(self, tokens: list[str]) -> str:
        # Tokens never hold whitespace (the tokenizer's, and the schema's for a client's),
        # so joined by spaces they are told apart; "surrogatepass" takes a lone surrogate.
        digest = hashlib.blake2b(" ".join(tokens).encode("utf-8", "surrogatepass"),
                                 digest_size=16)
        return self.key_prefix + digest.hexdigest()

    def get_many(self, keys: Sequence[str], token_counts: Sequence[int]) -> list[dict | None]:
        """The output for each key, None where there is none or it is unsound."""
        outputs: list[dict | None] = []
        for raw, token_count in zip(self._backend.get_many(keys), token_counts):
            output = None
            if raw is not None:
                try:
                    output = json.loads(raw)
                except (ValueError, RecursionError):  # bad JSON or bad UTF-8, absurd nesting
                    pass
                if not is_model_output(output, token_count):
                    self._on_unsound()
                    output = None
            outputs.append(output)
        return outputs

    def set_many(self, outputs: dict[str, dict]) -> None:
        """Store model outputs (as ``Tagger.tag`` gives them) by key."""
        self._backend.set_many({key: output_json(output) for key, output in outputs.items()})

    def status(self) -> dict:
        """Which backend, and whether it answers right now."""
        return {"backend": self._backend.backend, "available": self._backend.ping()}


def output_json(output: dict) -> bytes:
    """A model output as the cache keeps it: the JSON service/responses.py's encoder writes
    for it, written here with the answer's look-ups (service/answers.py), which cost a
    fraction of the encoder's formatting of every score (tests/service/test_answers.py)."""
    text, score = TEXT_JSON.__getitem__, SCORE_JSON.__getitem__
    entities = ",".join([
        f'{{"label":{text(entity["label"])},"token_start":{entity["token_start"]},'
        f'"token_end":{entity["token_end"]},"score":{score(entity["score"])}}}'
        for entity in output["entities"]])
    return ('{"tags":[' + ",".join(map(text, output["tags"])) + '],"scores":['
            + ",".join(map(score, output["scores"])) + '],"entities":[' + entities
            + "]}").encode("ascii")


def _is_score(value) -> bool:
    # A float, as the model's are (JSON gives an int for "1"), and a probability: NaN, the
    # infinities and anything out of range are no answer the model gave.
    return type(value) is float and 0.0 <= value <= 1.0


def is_model_output(value, token_count: int) -> bool:
    """Whether `value` is a sound output of the model for `token_count` tokens."""
    if type(value) is not dict:
        return False
    tags, scores, entities = value.get("tags"), value.get("scores"), value.get("entities")
    if not (type(tags) is list and type(scores) is list and type(entities) is list):
        return False
    if len(tags) != token_count or len(scores) != token_count:
        return False
    if not all(type(tag) is str for tag in tags):
        return False
    if not all(map(_is_score, scores)):
        return False
    for entity in entities:
        if type(entity) is not dict:
            return False
        start, end = entity.get("token_start"), entity.get("token_end")
        if not (type(start) is int and type(end) is int and 0 <= start < end <= token_count):
            return False
        if type(entity.get("label")) is not str or not _is_score(entity.get("score")):
            return False
    return True


class LocalCache:
    """A thread-safe LRU of at most `max_bytes` of values (bytes), each kept `ttl_seconds`.

    Values are the answers' JSON, as Redis keeps them: a model answer as Python lists
    and floats takes about 4 kB, its JSON about a tenth of that. The bound is in bytes,
    not entries: the answer to a sentence of 256 tokens takes ten times one of 25, and
    10,000 of them would have taken a worker's RSS over its budget."""

    backend = "local"
    ENTRY_OVERHEAD_BYTES = 300  # key, tuple, the LRU's own entries: measured about 250

    def __init__(self, max_bytes: int, ttl_seconds: float, clock: Clock = time.monotonic):
        self._ttl_seconds = ttl_seconds
        self._clock = clock
        # Each value with the time it expires, checked when it is read, as Redis does:
        # cachetools' TTLCache would do the same with more bookkeeping on every read.
        self._entries: LRUCache[str, tuple[float, bytes]] = LRUCache(
            max_bytes, getsizeof=self._size)
        self._lock = threading.Lock()  # gthread runs several threads per worker

    @classmethod
    def _size(cls, entry: tuple[float, bytes]) -> int:
        return len(entry[1]) + cls.ENTRY_OVERHEAD_BYTES

    @property
    def size_bytes(self) -> int:
        return self._entries.currsize

    def __len__(self) -> int:
        return len(self._entries)

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        now = self._clock()
        encoded: list[bytes | None] = []
        with self._lock:
            for key in keys:
                entry = self._entries.get(key)
                if entry is None:
                    encoded.append(None)
                elif entry[0] <= now:
                    del self._entries[key]
                    encoded.append(None)
                else:
                    encoded.append(entry[1])
        return encoded

    def set_many(self, items: dict[str, bytes]) -> None:
        expires_at = self._clock() + self._ttl_seconds
        with self._lock:
            for key, value in items.items():
                entry = (expires_at, value)
                if self._size(entry) <= self._entries.maxsize:  # else it would evict all
                    self._entries[key] = entry

    def ping(self) -> bool:
        return True


class CircuitBreaker:
    """Decides whether to call a backend that may be down, backing off once per outage.

    Closed (the normal state) lets every call through. A failure opens it for
    `backoff_seconds`. Once the wait is over it is half-open: one call goes through as
    a probe (and the next probe is due one wait later, should that call never report).
    The probe's success closes the breaker and resets the wait; its failure opens it
    again for twice as long, up to `max_backoff_seconds`.

    Each call takes a ticket (`begin`) and hands it back with its outcome. A ticket from
    before the breaker last opened counts for nothing: requests that fail together,
    such as four that time out on one slow Redis, are one outage and double the wait
    once, not four times. Keeping `max_backoff_seconds` at 1 s means the cache is used
    again within about a second of Redis answering, at the price of one probe per wait
    per worker, which costs at most the Redis timeout. (A background prober would spare
    that request, but needs a thread in every worker that survives gunicorn's fork.)
    """

    def __init__(self, backoff_seconds: float, max_backoff_seconds: float,
                 clock: Clock = time.monotonic):
        self._initial_backoff = backoff_seconds
        self._max_backoff = max_backoff_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self.backoff_seconds = backoff_seconds  # the wait after the next opening
        self._open_until = 0.0
        self._openings = 0  # how often it opened: the ticket a call takes
        self._closed = True

    @property
    def is_open(self) -> bool:
        return not self._closed

    def begin(self) -> int | None:
        """A ticket for a call to make now, or None: skip the backend."""
        with self._lock:
            if self._closed:
                return self._openings
            now = self._clock()
            if now < self._open_until:
                return None
            self._open_until = now + self.backoff_seconds  # one probe per wait
            return self._openings

    def record_success(self, ticket: int) -> None:
        if self._closed or ticket != self._openings:
            return
        with self._lock:
            if ticket == self._openings:
                self._closed = True
                self.backoff_seconds = self._initial_backoff

    def record_failure(self, ticket: int) -> None:
        with self._lock:
            if ticket != self._openings:
                return  # the breaker opened since this call began: the same outage
            if not self._closed:  # the probe failed: wait longer this time
                self.backoff_seconds = min(self.backoff_seconds * 2, self._max_backoff)
            self._closed = False
            self._openings += 1
            self._open_until = self._clock() + self.backoff_seconds


class _BoundedConnect:
    """Mixed into redis-py's connection classes: the whole connect, name look-up included,
    within a time limit.

    redis-py's timeouts apply to its socket; the getaddrinfo() before there is a socket has
    none. Where the resolver does not answer (Docker's DNS once the redis container is gone,
    with no upstream DNS), every request that tried the cache waited out the C library's
    resolver timeouts, 10 s. So the connect runs in a thread of its own, which the caller
    waits for as long as for each step redis-py bounds itself (the TCP connect and, for
    rediss://, the TLS handshake) plus as long again for the look-up. A connect that
    finishes after the caller gave up closes its socket.
    """

    def _connect(self):
        limit = 2 * self.socket_connect_timeout + self.socket_timeout
        connecting = Future()
        threading.Thread(target=self._connect_into, args=(connecting,), daemon=True,
                         name="redis-connect").start()
        try:
            return connecting.result(timeout=limit)
        except FutureTimeout:
            if connecting.cancel():
                raise socket.timeout(f"no connection within {limit:g} s "
                                     "(the name look-up included)") from None
            return connecting.result()  # finished meanwhile, or failed with its own timeout

    def _connect_into(self, connecting: Future) -> None:
        try:
            sock = super()._connect()
        except Exception as error:
            if connecting.set_running_or_notify_cancel():
                connecting.set_exception(error)
            return
        if connecting.set_running_or_notify_cancel():
            connecting.set_result(sock)
        else:
            sock.close()


class _BoundedConnection(_BoundedConnect, redis.Connection):
    pass


class _BoundedSSLConnection(_BoundedConnect, redis.SSLConnection):
    pass


# By URL scheme; unix:// sockets have no name to look up.
_BOUNDED_CONNECTIONS = {"redis": _BoundedConnection, "rediss": _BoundedSSLConnection}


def redis_client_options(url: str, timeout_seconds: float) -> dict:
    """redis-py options for a client that costs a request at most about `timeout_seconds`
    when Redis is down or slow, the name look-up included. Also used by the rate limiter
    (service/access.py), which has its own client."""
    connection_class = _BOUNDED_CONNECTIONS.get(urlsplit(url).scheme)
    return {
        "socket_connect_timeout": timeout_seconds,
        "socket_timeout": timeout_seconds,
        # No retries inside redis-py: the caller decides when to try again.
        "retry": Retry(NoBackoff(), 0),
        **({"connection_class": connection_class} if connection_class else {}),
    }


class RedisCache:
    """Values stored as they are under their keys in Redis, with a TTL.

    A batch is read with one MGET and written with one pipeline of SET ... EX. Any
    Redis error (down, slow, refusing) trips the circuit breaker, so a dead
    Redis is left alone for a while instead of slowing every request down.
    """

    backend = "redis"

    def __init__(self, client: redis.Redis, ttl_seconds: int, breaker: CircuitBreaker,
                 on_error: ErrorHandler = _ignore_error):
        self._client = client
        self._ttl_seconds = ttl_seconds
        self.breaker = breaker
        self._on_error = on_error

    @classmethod
    def from_url(cls, url: str, ttl_seconds: int, timeout_seconds: float,
                 backoff_seconds: float, max_backoff_seconds: float,
                 on_error: ErrorHandler = _ignore_error) -> "RedisCache":
        client = redis.Redis.from_url(url, **redis_client_options(url, timeout_seconds))
        breaker = CircuitBreaker(backoff_seconds, max_backoff_seconds)
        return cls(client, ttl_seconds, breaker, on_error)

    def _failed(self, ticket: int, error: Exception) -> None:
        self.breaker.record_failure(ticket)
        self._on_error(error)

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        ticket = self.breaker.begin() if keys else None
        if ticket is None:
            return [None] * len(keys)
        try:
            values = self._client.mget(keys)
        except redis.RedisError as error:
            self._failed(ticket, error)
            return [None] * len(keys)
        self.breaker.record_success(ticket)
        return values

    def set_many(self, items: dict[str, bytes]) -> None:
        ticket = self.breaker.begin() if items else None
        if ticket is None:
            return
        pipeline = self._client.pipeline(transaction=False)
        for key, value in items.items():
            pipeline.set(key, value, ex=self._ttl_seconds)
        try:
            pipeline.execute()
        except redis.RedisError as error:
            self._failed(ticket, error)
        else:
            self.breaker.record_success(ticket)

    def ping(self) -> bool:
        # Through the breaker like every other call: while Redis is backed off, /readyz says
        # so at once instead of trying it again on every probe.
        ticket = self.breaker.begin()
        if ticket is None:
            return False
        try:
            answered = bool(self._client.ping())
        except redis.RedisError as error:
            self._failed(ticket, error)
            return False
        self.breaker.record_success(ticket)
        return answered


def create_cache(config, on_error: ErrorHandler = _ignore_error) -> Cache:
    """Redis when REDIS_URL is set, else the in-process LRU."""
    if config.redis_url:
        return RedisCache.from_url(
            config.redis_url,
            ttl_seconds=config.cache_ttl_seconds,
            timeout_seconds=config.redis_timeout_seconds,
            backoff_seconds=config.redis_backoff_seconds,
            max_backoff_seconds=config.redis_backoff_max_seconds,
            on_error=on_error,
        )
    return LocalCache(config.cache_max_bytes, config.cache_ttl_seconds)
