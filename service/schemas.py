"""Marshmallow schemas: the request schemas validate POST /tag, and every
schema here feeds the OpenAPI document at /openapi.json (service/docs.py).

Response schemas describe what the service answers; tests load real answers
through them so the document cannot drift from the behaviour.
"""

from __future__ import annotations

import json

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from model.document_eval import JOIN_TITLES
from service.errors import ApiError


class FullMatch(validate.Regexp):
    """A Regexp the whole value must match. The pattern is written for JSON Schema as well
    (^...$, no \\Z), and in Python `$` also matches before a final newline."""

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


# What Python's \s matches (str.isspace), spelt out: JSON Schema's \s (ECMA-262) differs on
# a few characters (\x1c-\x1f and \x85 for Python, \ufeff for ECMA-262), and this way the
# pattern in /openapi.json means exactly what the service checks.
WHITESPACE = "\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TOKEN_PATTERN = f"^[^{WHITESPACE}]+$"

OFFSET_UNITS = ("codepoint", "utf16")

_TOKEN = fields.String(
    validate=FullMatch(TOKEN_PATTERN, error="A token must be non-empty and contain no whitespace."),
    metadata={"example": "Harry"},
)


class _StrictBoolean(fields.Boolean):
    """JSON true or false only: marshmallow's Boolean also takes "no", 0 and "1", which in
    an option are more likely a client's mistake than its meaning."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class _StrictFloat(fields.Float):
    """A JSON number only: marshmallow's Float also takes "0.5" and true, which in an option
    are more likely a client's mistake than its meaning."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def _exactly_one_of(data: dict, names: tuple[str, ...]) -> None:
    given = [name for name in names if name in data]
    if len(given) != 1:
        quoted = ", ".join(f"'{name}'" for name in names)
        raise ValidationError(f"Give exactly one of {quoted}; got {len(given)}.")


# A field's "limit" metadata names the Config limit on its length (413 beyond it), for
# the OpenAPI document's maxLength/maxItems (service/docs.py). A schema's `exactly_one_of`
# names the fields of which a request gives one; the document makes it a oneOf.


class SentenceSchema(Schema):
    """One document of raw text, or one sentence as a list of tokens."""

    exactly_one_of = ("text", "tokens")

    text = fields.String(metadata={
        "description": ("Raw text of any length up to the document limit: a sentence, a "
                        "paragraph, an article. The service splits it into sentences and "
                        "each sentence into tokens the way the training data is split. "
                        "HTML is read as a browser shows it (AT&amp;T as AT&T, <p> as a "
                        "line break); offsets index the text as sent."),
        "example": "Harry Potter visited London.",
        "limit": "max_document_chars",
    })
    tokens = fields.List(_TOKEN, metadata={
        "description": "Tokens already split; offsets then index the tokens joined by single spaces.",
        "example": ["Harry", "Potter", "visited", "London", "."],
        "limit": "max_tokens_per_request",
    })

    @validates_schema
    def _text_or_tokens(self, data, **kwargs):
        _exactly_one_of(data, self.exactly_one_of)


class TagRequestSchema(SentenceSchema):
    """Exactly one of `text`, `tokens` or `sentences` (a batch), and any of the options,
    which shape every answer of the request. Options never change what the service caches."""

    exactly_one_of = ("text", "tokens", "sentences")

    sentences = fields.List(
        fields.Nested(SentenceSchema),
        validate=validate.Length(min=1, error="A batch needs at least one sentence."),
        metadata={"description": "A batch of documents (`text`) and sentences (`tokens`): answered as {\"results\": [...], \"model\": {...}} in the same order.",
                  "limit": "max_sentences_per_batch"},
    )
    labels = fields.List(fields.String(metadata={"choices": "entity_types"}), metadata={
        "description": "Answer only entities of these types (the served model's; another is a 422). Tokens keep their tags.",
        "example": ["PER", "LOC"],
    })
    min_score = _StrictFloat(allow_nan=False, validate=validate.Range(min=0, max=1), metadata={
        "description": "Leave out entities whose score is below this.", "example": 0.5,
    })
    offsets = fields.String(load_default="codepoint", validate=validate.OneOf(OFFSET_UNITS), metadata={
        "description": "Unit of every start and end: Unicode code points (Python's str indices) or UTF-16 code units (JavaScript's and Java's string indices).",
    })
    include_tokens = _StrictBoolean(load_default=True, metadata={
        "description": "false leaves the per-token list out of the answer.",
    })


def load_tag_request(body: bytes) -> dict:
    """A POST /tag body, parsed and validated; else a 400 (not JSON) or a 422 (not a request)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        if isinstance(error, (json.JSONDecodeError, UnicodeDecodeError)):
            reason = str(error)[:200]  # where the syntax or the UTF-8 breaks
        elif isinstance(error, RecursionError):
            reason = "It is nested too deeply."
        elif "digits" in str(error):  # Python's limit on an integer's: its message names
            reason = "A number in it has too many digits."  # a fix for the server, not the client
        else:
            reason = "It could not be parsed."
        raise ApiError(400, "malformed_json", "The body is not valid JSON.",
                       {"reason": reason}) from None
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


class SentenceSpanSchema(Schema):
    start = fields.Integer(required=True, metadata={"description": "Offset of the sentence's first character.", "example": 0})
    end = fields.Integer(required=True, metadata={"description": "Offset just past its last character.", "example": 28})
    token_start = fields.Integer(required=True, metadata={"description": "Index of its first token.", "example": 0})
    token_end = fields.Integer(required=True, metadata={"description": "Index just past its last token.", "example": 5})


class ModelRefSchema(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)


class SentenceResultSchema(Schema):
    tokens = fields.List(fields.Nested(TokenSchema), metadata={
        "description": "Every token of the text; left out when include_tokens is false."})
    entities = fields.List(fields.Nested(EntitySchema), required=True, metadata={
        "description": "No entity crosses a sentence boundary."})
    sentences = fields.List(fields.Nested(SentenceSpanSchema), required=True, metadata={
        "description": "The sentences the text was split into (`tokens`: one sentence)."})


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
    status = fields.String(required=True, metadata={"description": "ready, or stopping (503)."})
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
    validation_documents = fields.Raw(metadata={
        "description": "Overall validation scores with each document tagged whole as raw text, "
                       "by what joins its sentences: " + "; ".join(
                           f"{join}: {title}" for join, title in JOIN_TITLES.items()) + "."})
    licence = fields.Raw(metadata={"description": "What the weights may be used for, and the "
                                   "licences of the word vectors and name lists in them."})
    speed = fields.Raw(metadata={"description": "Tokens a second of CPU time, tagging in batches "
                                 "and one sentence at a time, measured when the model was "
                                 "published, and on what machine."})
