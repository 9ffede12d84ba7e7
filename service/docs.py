"""The OpenAPI 3 document, built from the marshmallow schemas, and a docs page.

The document is exact: what it calls a valid request the service accepts (up to the few
limits JSON Schema cannot state, such as tokens per text, answered with 413), and every
status the service answers is documented. Two things come from the schemas' own
declarations (service/schemas.py) rather than from prose: a field's "limit" becomes its
maxLength/maxItems from the Config, and a schema's `exactly_one_of` becomes a oneOf of
its request forms. New fields and limits flow through without editing this file.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, render_template

from service import app_state, schemas
from service.access import OPEN_ROUTES
from service.responses import json_response

bp = Blueprint("docs", __name__)


def _error_responses(*statuses: int) -> dict:
    reasons = {
        400: "Malformed JSON.",
        404: "Not found (a model published without its training history has no curves).",
        405: "Method not allowed on this route.",
        413: ("Over a limit: a field over its maxLength or maxItems, or a limit no schema "
              "states: the tokens a text splits into (how many, how long) or the body's bytes."),
        415: "The body is not JSON (Content-Type must be application/json), or it is compressed (no Content-Encoding is accepted).",
        422: "The request fails validation; details name the fields and why.",
        401: "No API key, or not one of ours (API_KEYS is set).",
        429: "Over this key's rate limit (RATE_LIMIT); Retry-After says when to try again.",
    }
    responses = {
        str(status): {
            "description": reasons[status],
            "content": {"application/json": {"schema": "Error"}},
        }
        for status in statuses
    }
    if "429" in responses:
        responses["429"]["headers"] = {"Retry-After": {
            "description": "Seconds until the limit lets this key through again.",
            "schema": {"type": "integer"}}}
    return responses


# The two ways to send an API key (service/access.py).
_SECURITY_SCHEMES = {"bearer": {"type": "http", "scheme": "bearer"},
                     "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}


def _add_path(spec: APISpec, config, path: str, operations: dict) -> None:
    """Add a path; outside the open routes, its operations need a key when API_KEYS is set
    and may be rate limited when RATE_LIMIT is."""
    if path not in OPEN_ROUTES:
        for operation in operations.values():
            if config.api_keys:
                operation["security"] = [{name: []} for name in _SECURITY_SCHEMES]
                operation["responses"].update(_error_responses(401))
            if config.rate_limit:
                operation["responses"].update(_error_responses(429))
    spec.path(path=path, operations=operations)


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _config_limits(config):
    """An apispec attribute function: a field's "limit" metadata names a Config value, its
    maximum length (a string) or number of items (an array)."""

    def config_limit(self, field, ret, **kwargs) -> dict:
        name = field.metadata.get("limit")
        if name is None:
            return {}
        return {"maxItems" if ret.get("type") == "array" else "maxLength": getattr(config, name)}

    return config_limit


def _entity_types(entity_types: list[str]):
    """An apispec attribute function: a field whose "choices" metadata is "entity_types"
    takes one of the served model's entity types, known only once the model is loaded."""

    def choices(self, field, ret, **kwargs) -> dict:
        return {"enum": entity_types} if field.metadata.get("choices") == "entity_types" else {}

    return choices


def _one_of_forms(component: dict, names: tuple[str, ...]) -> dict:
    """A request that gives exactly one of `names`: one form per name, each with the fields
    every form shares, and nothing else."""
    properties = component["properties"]
    shared = {name: value for name, value in properties.items() if name not in names}
    forms = [{"type": "object", "title": name, "properties": {name: properties[name], **shared},
              "required": [name], "additionalProperties": False} for name in names]
    described = {key: component[key] for key in ("description",) if key in component}
    return {**described, "oneOf": forms}


def build_openapi(config, entity_types: list[str]) -> dict:
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
    spec.plugins[0].converter.add_attribute_function(_config_limits(config))
    spec.plugins[0].converter.add_attribute_function(_entity_types(entity_types))
    if config.api_keys:
        for name, scheme in _SECURITY_SCHEMES.items():
            spec.components.security_scheme(name, scheme)
    components = {name: getattr(schemas, f"{name}Schema") for name in (
        "Sentence", "TagRequest", "Token", "Entity", "SentenceSpan", "ModelRef",
        "SentenceResult", "TagResponse", "BatchTagResponse", "ErrorDetail", "Error", "Health", "CacheStatus",
        "Ready", "ModelCard")}
    for name, schema in components.items():
        spec.components.schema(name, schema=schema)

    limits = (
        f"Limits: body {config.max_body_bytes} bytes, text {config.max_document_chars} "
        f"characters, {config.max_sentences_per_batch} items per batch, "
        f"{config.max_tokens_per_request} tokens per request; over a limit is answered with "
        f"413. A sentence over {config.max_tokens_per_sentence} tokens is tagged in "
        f"overlapping windows, a token over {config.max_chars_per_token} characters by its "
        "first ones (the answer gives it whole)."
    )
    _add_path(spec, config, path="/tag", operations={"post": {
        "summary": "Tag one document, one sentence, or a batch",
        "description": (
            "Send exactly one of `text` (a document of raw text), `tokens` (one sentence, "
            "already split) or `sentences` (a batch of either). `start`/`end` are offsets "
            "into the text (for tokens: into the tokens joined by single spaces), in code "
            "points or, with `offsets: utf16`, UTF-16 code units. The `X-Cache` header says "
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
    _add_path(spec, config, path="/healthz", operations={"get": {
        "summary": "Liveness: the process answers",
        "responses": {"200": _json("Health", "Alive.")},
    }})
    _add_path(spec, config, path="/readyz", operations={"get": {
        "summary": "Readiness: the model is loaded; reports whether the cache answers",
        "responses": {"200": _json("Ready", "Ready to tag, with or without the cache."),
                      "503": _json("Ready", "Stopping (status `stopping`): still answering "
                                            "for a while, but send no new requests.")},
    }})
    _add_path(spec, config, path="/model", operations={"get": {
        "summary": "The model card",
        "description": "JSON, or a web page for clients that prefer text/html (browsers).",
        "responses": {"200": {
            "description": "Name, version, checksum, labels, scores, ...",
            "content": {"application/json": {"schema": "ModelCard"},
                        "text/html": {"schema": {"type": "string"}}}}},
    }})
    _add_path(spec, config, path="/metrics", operations={"get": {
        "summary": "Prometheus metrics (text format)",
        "responses": {"200": {"description": "Prometheus text exposition format.",
                              "content": {"text/plain": {"schema": {"type": "string"}}}}},
    }})
    _add_path(spec, config, path="/openapi.json", operations={"get": {
        "summary": "This document",
        "responses": {"200": {"description": "OpenAPI 3 document.",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }})
    _add_path(spec, config, path="/docs", operations={"get": {
        "summary": "This document as a web page",
        "responses": {"200": {"description": "HTML.",
                              "content": {"text/html": {"schema": {"type": "string"}}}}},
    }})
    for path, summary, media_type, errors in (
            ("/", "Demo page: tag your own text in the browser", "text/html", {}),
            ("/model/learning-curves.svg", "Training loss and validation F1 per epoch",
             "image/svg+xml", _error_responses(404))):
        _add_path(spec, config, path=path, operations={"get": {"summary": summary, "responses": {"200": {
            "description": media_type, "content": {media_type: {"schema": {"type": "string"}}}},
            **errors}}})
    document = spec.to_dict()
    for name, schema in components.items():
        if hasattr(schema, "exactly_one_of"):
            document["components"]["schemas"][name] = _one_of_forms(
                document["components"]["schemas"][name], schema.exactly_one_of)
    return document


@bp.get("/openapi.json")
def openapi():
    return json_response(app_state().openapi)


@bp.get("/docs")
def docs_page():
    return render_template("docs.html", spec=app_state().openapi)
