"""POST /tag. The view only routes: the work is TaggingService's (service/tagging_service.py)."""

from __future__ import annotations

from flask import Blueprint, request

from service import app_state
from service.errors import ApiError
from service.responses import json_bytes_response

bp = Blueprint("tagging", __name__)


@bp.post("/tag")
def tag():
    state = app_state()
    answer = state.tagging.answer(_json_body(state.config.max_body_bytes))
    return json_bytes_response(answer.body, headers={"X-Cache": answer.cache})


def _json_body(limit: int) -> bytes:
    """The body, refused with 413 over `limit` bytes, whether it came with a Content-Length
    or chunked (werkzeug's own limit would end a chunked body there silently)."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       "Send the body as JSON with 'Content-Type: application/json'.",
                       {"content_type": request.content_type or ""})
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):  # read as it is, a gzipped body is "not UTF-8"
        raise ApiError(415, "unsupported_media_type",
                       "Send the body uncompressed: no Content-Encoding is accepted.",
                       {"content_encoding": encoding[:100]},
                       headers={"Accept-Encoding": "identity"})  # RFC 7694
    length = request.content_length
    if length is None or length <= limit:
        try:
            if length is not None:
                body = request.get_data(cache=False)  # werkzeug stops at the Content-Length
            elif request.environ.get("wsgi.input_terminated"):
                # Chunked: the server (gunicorn) ends the stream at the last chunk, and one
                # byte past the limit tells a body over it.
                body = request.input_stream.read(limit + 1)
            else:  # a server that cannot tell where the body ends: werkzeug's own answer
                body = b""
        except Exception as error:  # the server's parser says why: a bad chunk, a client gone
            raise ApiError(400, "bad_request", "The body could not be read.",
                           {"reason": str(error)[:200]}) from None
        if len(body) <= limit:
            return body
    raise ApiError(413, "payload_too_large", f"A body may have at most {limit} bytes.",
                   {"limit": limit})
