"""POST /tag. The view only routes: the work is TaggingService's (service/tagging_service.py)."""

from __future__ import annotations

from flask import Blueprint, request

from service import app_state
from service.errors import ApiError
from service.responses import json_bytes_response

bp = Blueprint("tagging", __name__)


@bp.post("/tag")
def tag():
    answer = app_state().tagging.answer(_json_body())
    return json_bytes_response(answer.body, headers={"X-Cache": answer.cache})


def _json_body() -> bytes:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       "Send the body as JSON with 'Content-Type: application/json'.",
                       {"content_type": request.content_type or ""})
    return request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: werkzeug answers 413
