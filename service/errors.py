"""One error format for every failure: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.exceptions import HTTPException

from service.responses import json_response

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the service refuses, answered with `status` and the error body."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.headers = headers or {}


def error_body(code: str, message: str, details: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}


# Codes for the HTTP errors Flask, werkzeug and gunicorn raise themselves (unknown route,
# wrong method, body over MAX_CONTENT_LENGTH, a request line over gunicorn's limit, ...);
# any other status's code is its name in snake case: 414 "URI Too Long" is uri_too_long.
_HTTP_ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",  # Flask-Limiter's RateLimitExceeded (service/access.py)
    500: "internal_error",
}


def http_error_code(status: int, name: str) -> str:
    """Our code for an HTTP error raised outside the views, e.g. (414, "URI Too Long")."""
    return _HTTP_ERROR_CODES.get(status, name.lower().replace(" ", "_"))


def _handle_api_error(error: ApiError):
    response = json_response(error_body(error.code, error.message, error.details), error.status)
    response.headers.update(error.headers)
    return response


def _handle_http_exception(error: HTTPException):
    status = error.code or 500
    code = http_error_code(status, error.name)
    response = json_response(error_body(code, error.description or error.name), status)
    # Keep headers such as Allow on a 405; the body's Content-Type is ours.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _handle_unexpected(error: Exception):
    # The trace goes to the log only; the client learns nothing about the internals.
    log.exception("unhandled error", exc_info=error)
    return json_response(
        error_body("internal_error", "The server failed to answer this request."), 500
    )


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ApiError, _handle_api_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
