"""Every setting of the service, read from the environment in this one place.

`Config` holds what the Flask app needs, `ServerConfig` what gunicorn needs
(deploy/gunicorn.conf.py reads it). Both are plain dataclasses so tests build
them directly, e.g. ``Config(model_dir=path)``, and nothing else reads
``os.environ``. The README's configuration table documents the same names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping

from service.lifecycle import HANDSHAKE_SECONDS


class ConfigError(ValueError):
    """An environment variable holds a value the service cannot use."""


def _read(environ: Mapping[str, str], name: str, default, convert):
    raw = environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        return convert(raw)
    except ValueError as error:
        raise ConfigError(f"{name}={raw!r} is not a valid {convert.__name__}: {error}") from None


def _positive(environ, name, default, convert=int):
    value = _read(environ, name, default, convert)
    if value is not None and value <= 0:
        raise ConfigError(f"{name} must be greater than 0, got {value}")
    return value


def _non_negative(environ, name, default, convert=int):
    value = _read(environ, name, default, convert)
    if value < 0:
        raise ConfigError(f"{name} must be 0 or more, got {value}")
    return value


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _one_of(environ, name, default, choices: tuple[str, ...], normalise=str.lower):
    value = normalise(_read(environ, name, default, str))
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _log_level(environ, name, default):
    return _one_of(environ, name, default, _LOG_LEVELS, normalise=str.upper)


def _api_keys(environ, name) -> tuple[str, ...]:
    keys = tuple(key.strip() for key in environ.get(name, "").split(",") if key.strip())
    if any(any(char.isspace() for char in key) for key in keys):
        raise ConfigError(f"{name}: a key may not contain whitespace")
    return keys


def _rate_limit(environ, name) -> str | None:
    value = _read(environ, name, None, str)
    if value is not None:
        from limits import parse_many  # Flask-Limiter's own parser: what it accepts

        try:
            parse_many(value)
        except ValueError as error:
            raise ConfigError(f"{name}={value!r} is not a rate limit such as "
                              f"'100/second;5000/minute': {error}") from None
    return value


@dataclass(frozen=True)
class Config:
    # None means the model bundled with the package (model.DEFAULT_MODEL_DIR).
    model_dir: str | None = None

    # Cache: Redis when redis_url is set, else a bounded in-process LRU.
    redis_url: str | None = None
    cache_ttl_seconds: int = 86400
    # The in-process cache's answers, per worker, in bytes: its bound is part of a worker's
    # memory budget (docs/performance.md, *Memory*, has what it holds and costs).
    cache_max_bytes: int = 4 * 1024 * 1024
    # Short socket timeouts: a slow Redis must cost a request milliseconds, not seconds.
    redis_timeout_seconds: float = 0.1
    # After a Redis outage begins the cache is skipped for a back-off period, then one
    # request tries Redis; each failed try doubles the wait up to the maximum. A maximum
    # of 1 s keeps the cache in use again within a second of Redis coming back.
    redis_backoff_seconds: float = 0.25
    redis_backoff_max_seconds: float = 1.0
    # Each worker keeps whole /tag answers by the exact request body, up to this many
    # bytes (0 turns it off): see service/memo.py. A full memo adds about its bound to a
    # worker's memory, part of the same budget (docs/performance.md, *Memory*).
    response_memo_max_bytes: int = 4 * 1024 * 1024
    # Tokens whose LSTM inputs each worker keeps (model/tagger.py), about 2.3 kB each with
    # the bundled model: also part of the budget.
    token_cache_size: int = 6_000

    # Request limits; going over one is answered with 413. The body holds a document of
    # max_document_chars even when JSON escapes every character (6 to 12 bytes each for
    # the rare ones, 1 for ASCII), with room for a batch of ordinary documents.
    max_body_bytes: int = 2 * 1024 * 1024
    max_document_chars: int = 100_000
    # Not a limit: a longer sentence is tagged in overlapping windows of this many tokens.
    # (model.documents.WINDOW_TOKENS, the command line's window, is the same; not imported
    # here because gunicorn's master reads this module and should not load numpy.)
    max_tokens_per_sentence: int = 256
    # Not a limit either: the model reads a longer token (a long URL) as its first this
    # many characters. A token's characters go into the model's per-token cache and its
    # n-gram look-ups: unbounded tokens would make a few requests hold gigabytes there.
    max_chars_per_token: int = 100
    max_sentences_per_batch: int = 64
    # The work one request may ask of a worker, all its sentences together: it bounds a
    # worker's memory (tests/service/test_server_faults.py holds a soak of the heaviest
    # requests to the 150 MB budget) and time. The default admits a document of
    # max_document_chars of news, at 4 to 5.5 characters a token (docs/performance.md).
    max_tokens_per_request: int = 25_000

    # Access control (service/access.py): with API keys, every route but the probes,
    # /metrics and the documentation needs one. The rate limit counts per key (per
    # client address without keys), in Redis when redis_url is set.
    api_keys: tuple[str, ...] = ()
    rate_limit: str | None = None

    log_level: str = "INFO"
    # Set (by deploy/gunicorn.conf.py) when several worker processes share metrics.
    prometheus_multiproc_dir: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            model_dir=_read(env, "MODEL_DIR", None, str),
            redis_url=_read(env, "REDIS_URL", None, str),
            cache_ttl_seconds=_positive(env, "CACHE_TTL_SECONDS", defaults.cache_ttl_seconds),
            cache_max_bytes=_positive(env, "CACHE_MAX_BYTES", defaults.cache_max_bytes),
            redis_timeout_seconds=_positive(
                env, "REDIS_TIMEOUT", defaults.redis_timeout_seconds, float
            ),
            redis_backoff_seconds=_positive(
                env, "REDIS_BACKOFF_SECONDS", defaults.redis_backoff_seconds, float
            ),
            redis_backoff_max_seconds=_positive(
                env, "REDIS_BACKOFF_MAX_SECONDS", defaults.redis_backoff_max_seconds, float
            ),
            response_memo_max_bytes=_non_negative(
                env, "RESPONSE_MEMO_MAX_BYTES", defaults.response_memo_max_bytes
            ),
            token_cache_size=_non_negative(env, "TOKEN_CACHE_SIZE", defaults.token_cache_size),
            max_body_bytes=_positive(env, "MAX_BODY_BYTES", defaults.max_body_bytes),
            max_document_chars=_positive(
                env, "MAX_DOCUMENT_CHARS", defaults.max_document_chars
            ),
            max_tokens_per_sentence=_positive(
                env, "MAX_TOKENS_PER_SENTENCE", defaults.max_tokens_per_sentence
            ),
            max_chars_per_token=_positive(
                env, "MAX_CHARS_PER_TOKEN", defaults.max_chars_per_token
            ),
            max_sentences_per_batch=_positive(
                env, "MAX_SENTENCES_PER_BATCH", defaults.max_sentences_per_batch
            ),
            max_tokens_per_request=_positive(
                env, "MAX_TOKENS_PER_REQUEST", defaults.max_tokens_per_request
            ),
            api_keys=_api_keys(env, "API_KEYS"),
            rate_limit=_rate_limit(env, "RATE_LIMIT"),
            log_level=_log_level(env, "LOG_LEVEL", defaults.log_level),
            prometheus_multiproc_dir=_read(env, "PROMETHEUS_MULTIPROC_DIR", None, str),
        )


def _default_workers() -> int:
    # One process per core: tagging is CPU-bound numpy, and processes sidestep the GIL.
    return os.cpu_count() or 1


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = field(default_factory=_default_workers)
    # A few threads per worker overlap network and Redis waits; more would only
    # contend for the GIL on the CPU-bound tagging. Slow clients cost no thread: a
    # request reaches one only once its head has arrived (service/worker.py).
    threads: int = 2
    timeout_seconds: int = 30
    graceful_timeout_seconds: int = 20
    keepalive_seconds: int = 5
    # A request head (request line and headers) still incomplete after this long is
    # answered 408 and its connection closed.
    header_timeout_seconds: float = 10.0
    # On SIGTERM, keep accepting and answering this long (with "Connection: close",
    # /readyz answering 503) before stopping; part of GRACEFUL_TIMEOUT.
    drain_seconds: float = 5.0
    # Drop a worker after this many requests (0 = never), a guard against slow leaks.
    max_requests: int = 0
    # gunicorn's own access log: off, since the app logs every request itself
    # (service/logs.py); "-" writes it to stdout as well, a path to that file.
    access_log: str | None = None
    log_level: str = "INFO"
    # Each worker on a CPU of its own: "on", "off", or "auto", which pins only when there
    # are exactly as many workers as CPUs this process may use (a machine or a cpuset that
    # is the service's own, not a share of a bigger host's CPUs).
    pin_workers: str = "auto"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "ServerConfig":
        env = os.environ if environ is None else environ
        defaults = cls()
        port = _read(env, "PORT", defaults.port, int)
        if not 0 < port < 65536:
            raise ConfigError(f"PORT must be between 1 and 65535, got {port}")
        graceful_timeout = _positive(env, "GRACEFUL_TIMEOUT", defaults.graceful_timeout_seconds)
        drain_seconds = _non_negative(env, "DRAIN_SECONDS", defaults.drain_seconds, float)
        if drain_seconds and drain_seconds + HANDSHAKE_SECONDS >= graceful_timeout:
            # gunicorn kills what is still running GRACEFUL_TIMEOUT after SIGTERM, and a
            # draining stop takes DRAIN_SECONDS and then HANDSHAKE_SECONDS before it answers
            # its last requests.
            raise ConfigError(f"DRAIN_SECONDS ({drain_seconds:g}) plus the "
                              f"{HANDSHAKE_SECONDS:g} s a stop gives connections still "
                              f"being made must be less than GRACEFUL_TIMEOUT "
                              f"({graceful_timeout})")
        return cls(
            host=_read(env, "HOST", defaults.host, str),
            port=port,
            workers=_positive(env, "WORKERS", defaults.workers),
            threads=_positive(env, "THREADS", defaults.threads),
            timeout_seconds=_positive(env, "TIMEOUT", defaults.timeout_seconds),
            graceful_timeout_seconds=graceful_timeout,
            keepalive_seconds=_positive(env, "KEEPALIVE", defaults.keepalive_seconds),
            header_timeout_seconds=_positive(
                env, "HEADER_TIMEOUT", defaults.header_timeout_seconds, float
            ),
            drain_seconds=drain_seconds,
            max_requests=_read(env, "MAX_REQUESTS", defaults.max_requests, int),
            access_log=_read(env, "ACCESS_LOG", defaults.access_log, str),
            log_level=_log_level(env, "LOG_LEVEL", defaults.log_level),
            pin_workers=_one_of(env, "PIN_WORKERS", defaults.pin_workers, ("auto", "on", "off")),
        )

    def pinned_cpus(self, allowed: set[int]) -> list[int]:
        """The CPUs to pin workers to, one after another, from those this process may use;
        empty for no pinning."""
        if self.pin_workers == "on" or (self.pin_workers == "auto" and
                                        len(allowed) == self.workers):
            return sorted(allowed)
        return []
