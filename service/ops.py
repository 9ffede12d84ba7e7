"""Operational routes: liveness, readiness, the model card and metrics."""

from __future__ import annotations

from flask import Blueprint, Response

from service import app_state, pages
from service.lifecycle import server_stopping
from service.responses import json_response

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    # Answering at all is the proof of life; it touches nothing that can fail.
    return json_response({"status": "ok"})


@bp.get("/readyz")
def readyz():
    readiness = app_state().readiness()
    if server_stopping.is_set():
        # Draining: load balancers must send no more (service/lifecycle.py).
        return json_response({**readiness, "status": "stopping"}, 503)
    return json_response(readiness)


@bp.get("/model")
def model_card():
    if pages.prefers_html():  # a browser: the card as a page
        return pages.model_card()
    response = json_response(app_state().model_card())
    response.vary.add("Accept")
    return response


@bp.get("/metrics")
def metrics():
    metrics = app_state().metrics
    return Response(metrics.render(), mimetype=None,
                    headers={"Content-Type": metrics.content_type})
