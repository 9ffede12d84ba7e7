"""JSON responses, encoded the same cheap way everywhere."""

from __future__ import annotations

import json

from flask import Response

# Compact separators and ASCII escapes: the fastest encoding of the standard
# library, and safe for any string a client sent (even lone surrogates).
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode


def encode_json(payload) -> bytes:
    return _encode(payload).encode("ascii")  # ensure_ascii left nothing else


def json_response(payload, status: int = 200, headers: dict | None = None) -> Response:
    return json_bytes_response(encode_json(payload), status, headers)


def json_bytes_response(body: bytes, status: int = 200, headers: dict | None = None) -> Response:
    """A response whose JSON body is already encoded."""
    return Response(body, status=status, headers=headers, mimetype="application/json")
