"""Access control for service-to-service use: optional API keys and per-key rate limits.

API_KEYS (comma-separated) turns the keys on: every route but the open ones then needs
`Authorization: Bearer <key>` or `X-API-Key: <key>`, else 401. What stays open: the
probes (/healthz, /readyz) and /metrics, which the platform calls without keys, and the
documentation and demo pages (/, /docs, /openapi.json, static files), which hold no data.
Tagging (POST /tag) and the model (/model, its curves) need a key: they are the work
and the asset the keys protect.

RATE_LIMIT (e.g. "100/second;5000/minute") limits each key (each client address when there
are no keys) with Flask-Limiter, counted in Redis when REDIS_URL is set, so every worker and
replica shares one count; in memory otherwise. Over it: 429 with Retry-After. If Redis
fails, the limiter counts in memory until it answers again, and never fails a request.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from service.cache import redis_client_options
from service.config import Config
from service.errors import ApiError

# Routes anyone may call, keys or not: probes, metrics, documentation and the demo page.
# (The OpenAPI document marks every other route as needing a key: service/docs.py.)
OPEN_ROUTES = frozenset({
    "/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/", "/static/<path:filename>",
})


def is_open() -> bool:
    return request.url_rule is not None and request.url_rule.rule in OPEN_ROUTES


def presented_key() -> str | None:
    """The key the request carries, from either header."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-API-Key") or None


class ApiKeys:
    def __init__(self, keys: tuple[str, ...]):
        self._keys = [key.encode() for key in keys]

    def matches(self, presented: str) -> bool:
        # Every key compared, each in constant time: the answer's timing tells nothing
        # about how much of a key was right, nor which key was close.
        candidate = presented.encode()
        found = False
        for key in self._keys:
            found |= hmac.compare_digest(candidate, key)
        return found

    def check_request(self) -> None:
        if is_open() or request.routing_exception is not None:
            return  # no such route (404) or method (405): the routes are public anyway
        presented = presented_key()
        if presented is None or not self.matches(presented):
            raise ApiError(401, "unauthorized",
                           "Send an API key: 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
                           headers={"WWW-Authenticate": 'Bearer realm="ner"'})


def rate_limit_key() -> str:
    """Whom a request counts against: its key (a digest of it: keys are not written to
    Redis), else its client address."""
    presented = presented_key()
    if presented is not None:
        return "key:" + hashlib.sha256(presented.encode()).hexdigest()[:32]
    return "address:" + (get_remote_address() or "")


def _retry_after_only_when_limited(response):
    if response.status_code != 429:
        response.headers.pop("Retry-After", None)
    return response


def register_access_control(app: Flask, config: Config) -> None:
    """API keys first (an unauthorised request is refused before it is counted), then
    the rate limit."""
    if config.api_keys:
        app.before_request(ApiKeys(config.api_keys).check_request)
    if config.rate_limit:
        # Flask-Limiter puts Retry-After on every answer; it means something only on a 429.
        # (Registered first, this runs after the limiter's own after_request.)
        app.after_request(_retry_after_only_when_limited)
        Limiter(
            key_func=rate_limit_key,
            app=app,
            default_limits=[config.rate_limit],
            default_limits_exempt_when=is_open,
            storage_uri=config.redis_url or "memory://",
            storage_options=(redis_client_options(config.redis_url, config.redis_timeout_seconds)
                             if config.redis_url else {}),
            key_prefix="ner-rate",
            strategy="moving-window",
            headers_enabled=True,
            in_memory_fallback_enabled=True,  # Redis down: count in memory meanwhile
            swallow_errors=True,  # and never fail a request because counting failed
        )
