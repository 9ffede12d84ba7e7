"""The OpenAPI 3 document, built from the marshmallow schemas, and a docs page."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, render_template

from service import app_state, schemas
from service.responses import json_response

bp = Blueprint("docs", __name__)


def _error_responses(*statuses: int) -> dict:
    reasons = {
        400: "Malformed JSON.",
        404: "No such route.",
        405: "Method not allowed on this route.",
        413: "Body, text, sentence or batch over the configured limits.",
        415: "The body is not JSON (Content-Type must be application/json).",
        422: "The request fails validation; details name the fields and why.",
    }
    return {
        str(status): {
            "description": reasons[status],
            "content": {"application/json": {"schema": "Error"}},
        }
        for status in statuses
    }


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def build_openapi(config) -> dict:
    try:
        service_version = version("ner-service")
    except PackageNotFoundError:  # running from a checkout that was never installed
        service_version = "0.0.0"
    spec = APISpec(
        title="NER service",
        version=service_version,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": (
            "Named-entity recognition: for every token a BIO tag (PER, ORG, LOC, MISC), "
            "plus the entity spans. Errors share one format: "
            '{"error": {"code", "message", "details"}}.'
        )},
    )
    for name in ("Sentence", "TagRequest", "Token", "Entity", "ModelRef", "SentenceResult",
                 "TagResponse", "BatchTagResponse", "ErrorDetail", "Error", "Health",
                 "CacheStatus", "Ready", "ModelCard"):
        spec.components.schema(name, schema=getattr(schemas, f"{name}Schema"))

    limits = (
        f"Limits: body {config.max_body_bytes} bytes, text {config.max_text_chars} characters, "
        f"{config.max_tokens_per_sentence} tokens per sentence, {config.max_chars_per_token} "
        f"characters per token, {config.max_sentences_per_batch} sentences per batch; over a "
        "limit is answered with 413."
    )
    spec.path(path="/tag", operations={"post": {
        "summary": "Tag one sentence or a batch",
        "description": (
            "Send exactly one of `text` (raw text), `tokens` (already split) or `sentences` "
            "(a batch of either). `start`/`end` are character offsets into the text (for "
            "tokens: into the tokens joined by single spaces). The `X-Cache` header says "
            "whether the answer came from the cache: HIT, MISS or PARTIAL. " + limits
        ),
        "requestBody": {"required": True,
                        "content": {"application/json": {"schema": "TagRequest"}}},
        "responses": {
            "200": {
                "description": "One answer, or for a batch {results, model}.",
                "headers": {"X-Cache": {"schema": {"type": "string",
                                                   "enum": ["HIT", "MISS", "PARTIAL"]}}},
                "content": {"application/json": {"schema": {"oneOf": [
                    {"$ref": "#/components/schemas/TagResponse"},
                    {"$ref": "#/components/schemas/BatchTagResponse"},
                ]}}},
            },
            **_error_responses(400, 413, 415, 422),
        },
    }})
    spec.path(path="/healthz", operations={"get": {
        "summary": "Liveness: the process answers",
        "responses": {"200": _json("Health", "Alive.")},
    }})
    spec.path(path="/readyz", operations={"get": {
        "summary": "Readiness: the model is loaded; reports whether the cache answers",
        "responses": {"200": _json("Ready", "Ready to tag, with or without the cache.")},
    }})
    spec.path(path="/model", operations={"get": {
        "summary": "The model card",
        "description": "JSON, or a web page for clients that prefer text/html (browsers).",
        "responses": {"200": _json("ModelCard", "Name, version, checksum, labels, scores, ...")},
    }})
    spec.path(path="/metrics", operations={"get": {
        "summary": "Prometheus metrics (text format)",
        "responses": {"200": {"description": "Prometheus text exposition format.",
                              "content": {"text/plain": {"schema": {"type": "string"}}}}},
    }})
    spec.path(path="/openapi.json", operations={"get": {
        "summary": "This document",
        "responses": {"200": {"description": "OpenAPI 3 document.",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }})
    spec.path(path="/docs", operations={"get": {
        "summary": "This document as a web page",
        "responses": {"200": {"description": "HTML.",
                              "content": {"text/html": {"schema": {"type": "string"}}}}},
    }})
    for path, summary, media_type in (
            ("/", "Demo page: tag your own text in the browser", "text/html"),
            ("/model/learning-curves.svg", "Training loss and validation F1 per epoch",
             "image/svg+xml")):
        spec.path(path=path, operations={"get": {"summary": summary, "responses": {"200": {
            "description": media_type, "content": {media_type: {"schema": {"type": "string"}}}}}}})
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi():
    return json_response(app_state().openapi)


@bp.get("/docs")
def docs_page():
    return render_template("docs.html", spec=app_state().openapi)
