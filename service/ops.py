"""Operational routes: liveness, readiness, the model card and metrics."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from service import pages
from service.responses import json_response

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    # Answering at all is the proof of life; it touches nothing that can fail.
    return json_response({"status": "ok"})


@bp.get("/readyz")
def readyz():
    # The model is loaded when the app exists. The cache is reported but not
    # required: without it every request is still answered by the model.
    state = current_app.extensions["ner"]
    cache = state.tagging.cache
    return json_response({
        "status": "ready",
        "model": state.tagging.model_ref,
        "cache": {"backend": cache.backend, "available": cache.ping()},
    })


@bp.get("/model")
def model_card():
    if pages.prefers_html():  # a browser: the card as a page
        return pages.model_card()
    response = json_response(current_app.extensions["ner"].tagging.tagger.info)
    response.vary.add("Accept")
    return response


@bp.get("/metrics")
def metrics():
    state = current_app.extensions["ner"]
    return Response(state.metrics.render(), mimetype=None,
                    headers={"Content-Type": state.metrics.content_type})
