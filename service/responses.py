"""JSON responses, encoded the same cheap way everywhere."""

from __future__ import annotations

import json

from flask import Response

# Compact separators and ASCII escapes: the fastest encoding of the standard
# library, and safe for any string a client sent (even lone surrogates).
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode


def json_response(payload, status: int = 200, headers: dict | None = None) -> Response:
    return Response(_encode(payload), status=status, headers=headers, mimetype="application/json")
