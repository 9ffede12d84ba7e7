"""Marshmallow schemas: the request schemas validate POST /tag, and every
schema here feeds the OpenAPI document at /openapi.json (service/docs.py).

Response schemas describe what the service answers; tests load real answers
through them so the document cannot drift from the behaviour.
"""

from __future__ import annotations

import json

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from service.errors import ApiError

_TOKEN = fields.String(
    validate=validate.Regexp(r"\S+\Z", error="A token must be non-empty and contain no whitespace."),
    metadata={"example": "Harry"},
)


def _exactly_one_of(data: dict, names: tuple[str, ...]) -> None:
    given = [name for name in names if name in data]
    if len(given) != 1:
        quoted = ", ".join(f"'{name}'" for name in names)
        raise ValidationError(f"Give exactly one of {quoted}; got {len(given)}.")


class SentenceSchema(Schema):
    """One sentence: raw text or a list of tokens."""

    text = fields.String(metadata={
        "description": "Raw text; the service splits it into tokens the way the training data is split.",
        "example": "Harry Potter visited London.",
    })
    tokens = fields.List(_TOKEN, metadata={
        "description": "Tokens already split; offsets then index the tokens joined by single spaces.",
        "example": ["Harry", "Potter", "visited", "London", "."],
    })

    @validates_schema
    def _text_or_tokens(self, data, **kwargs):
        _exactly_one_of(data, ("text", "tokens"))


class TagRequestSchema(SentenceSchema):
    """Exactly one of `text`, `tokens` or `sentences` (a batch)."""

    sentences = fields.List(
        fields.Nested(SentenceSchema),
        validate=validate.Length(min=1, error="A batch needs at least one sentence."),
        metadata={"description": "A batch: answered as {\"results\": [...], \"model\": {...}} in the same order."},
    )

    @validates_schema
    def _text_or_tokens(self, data, **kwargs):
        _exactly_one_of(data, ("text", "tokens", "sentences"))


def load_tag_request(body: bytes) -> dict:
    """A POST /tag body, parsed and validated; else a 400 (not JSON) or a 422 (not a request)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:  # bad syntax, bad UTF-8, absurd nesting
        raise ApiError(400, "malformed_json", "The body is not valid JSON.",
                       {"reason": str(error)[:200]}) from None
    try:
        return _tag_request_schema.load(data)
    except ValidationError as error:
        raise ApiError(422, "validation_error", "The request does not match the schema.",
                       error.messages) from None


# Built once: a schema instance is reusable and building one per request is slow.
_tag_request_schema = TagRequestSchema()


class TokenSchema(Schema):
    text = fields.String(required=True, metadata={"example": "Harry"})
    start = fields.Integer(required=True, metadata={"description": "Character offset of the token's first character.", "example": 0})
    end = fields.Integer(required=True, metadata={"description": "Character offset just past the token: text[start:end] is the token.", "example": 5})
    tag = fields.String(required=True, metadata={"description": "BIO tag: O, B-<label> or I-<label>.", "example": "B-PER"})
    score = fields.Float(required=True, metadata={"description": "The model's probability of this tag.", "example": 0.98})


class EntitySchema(Schema):
    text = fields.String(required=True, metadata={"example": "Harry Potter"})
    label = fields.String(required=True, metadata={"description": "PER, ORG, LOC or MISC.", "example": "PER"})
    start = fields.Integer(required=True, metadata={"example": 0})
    end = fields.Integer(required=True, metadata={"example": 12})
    token_start = fields.Integer(required=True, metadata={"description": "Index of the entity's first token.", "example": 0})
    token_end = fields.Integer(required=True, metadata={"description": "Index just past the entity's last token (exclusive).", "example": 2})
    score = fields.Float(required=True, metadata={"example": 0.95})


class ModelRefSchema(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)


class SentenceResultSchema(Schema):
    tokens = fields.List(fields.Nested(TokenSchema), required=True)
    entities = fields.List(fields.Nested(EntitySchema), required=True)


class TagResponseSchema(SentenceResultSchema):
    model = fields.Nested(ModelRefSchema, required=True)


class BatchTagResponseSchema(Schema):
    results = fields.List(fields.Nested(SentenceResultSchema), required=True)
    model = fields.Nested(ModelRefSchema, required=True)


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"example": "validation_error"})
    message = fields.String(required=True)
    details = fields.Dict(required=True, metadata={"description": "For a validation error, the messages per field."})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ok"})


class CacheStatusSchema(Schema):
    backend = fields.String(required=True, metadata={"description": "redis or local."})
    available = fields.Boolean(required=True)


class ReadySchema(Schema):
    status = fields.String(required=True, metadata={"example": "ready"})
    model = fields.Nested(ModelRefSchema, required=True)
    cache = fields.Nested(CacheStatusSchema, required=True)


class ModelCardSchema(Schema):
    class Meta:
        # The card carries more than these (hyperparameters, training data, ...).
        unknown = "include"

    name = fields.String(required=True)
    version = fields.String(required=True)
    checksum = fields.String(required=True, metadata={"example": "sha256:..."})
    labels = fields.List(fields.String(), required=True)
    vocab_size = fields.Integer(required=True)
    architecture = fields.Raw(required=True)
    validation = fields.Raw(metadata={"description": "Validation scores, overall and per entity type."})
