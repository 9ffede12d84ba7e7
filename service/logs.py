"""JSON logs, one object a line: the app's request log and gunicorn's own logs.

The app's request line is the one line a request gets, under any WSGI server: it carries
what gunicorn's access line would (client address, query string, response bytes, user
agent) beside the route and request id only the app knows. gunicorn's access log stays
available (ACCESS_LOG) and is written as JSON too.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone

from flask import Flask, g, request
from gunicorn.glogging import Logger as GunicornLogger

from service import app_state

REQUEST_ID_HEADER = "X-Request-ID"
# A client's request id is echoed only if it is short and plain; anything else
# (empty, huge, odd characters) is replaced by a fresh one.
_ACCEPTABLE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}\Z")

request_log = logging.getLogger("service.requests")


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object; fields passed as extra={"fields": {...}} join it."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str) -> None:
    """Send the service's logs to stderr as JSON. Safe to call more than once."""
    logger = logging.getLogger("service")
    logger.setLevel(level)
    logger.propagate = False
    if not any(getattr(handler, "is_service_handler", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.is_service_handler = True
        logger.addHandler(handler)


def _start_request():
    g.started = time.perf_counter()
    given = request.headers.get(REQUEST_ID_HEADER)
    g.request_id = given if given and _ACCEPTABLE_REQUEST_ID.match(given) else uuid.uuid4().hex


def _body_bytes(response) -> int | None:
    """The body's bytes as they are sent; None for a streamed body, whose length is known
    only once it is sent."""
    if request.method == "HEAD" or response.status_code in (204, 304):
        return 0  # Werkzeug sends no body for these, whatever the response holds
    return response.content_length


def _finish_request(response):
    seconds = time.perf_counter() - g.started
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    response.headers[REQUEST_ID_HEADER] = g.request_id
    app_state().metrics.observe_request(
        route, request.method, response.status_code, seconds)
    if request_log.isEnabledFor(logging.INFO):
        environ = request.environ
        request_log.info("request", extra={"fields": {
            "request_id": g.request_id,
            "remote_addr": request.remote_addr,
            "method": request.method,
            "route": route,
            "path": request.path,
            "query": environ.get("QUERY_STRING", ""),
            "status": response.status_code,
            "bytes": _body_bytes(response),
            "latency_ms": round(seconds * 1000, 3),
            "user_agent": environ.get("HTTP_USER_AGENT"),
        }})
    return response


def register_request_logging(app: Flask) -> None:
    """Give every response an X-Request-ID, and log and count every request."""
    app.before_request(_start_request)
    app.after_request(_finish_request)


class JsonGunicornLogger(GunicornLogger):
    """Gunicorn's logger, writing its error log and access log as JSON lines."""

    def setup(self, cfg):
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        self.access_log.info("access", extra={"fields": {
            "remote_addr": atoms["h"],
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "protocol": atoms["H"],
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": round(request_time.total_seconds() * 1000, 3),
            "request_id": atoms.get("{x-request-id}o"),
            "user_agent": atoms["a"],
        }})
