"""POST /tag: a body seen before from the response memo; else validate, tokenize, and
answer each sentence from the cache or the model."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from flask import Blueprint, current_app, request
from marshmallow import ValidationError

from service.cache import Cache
from service.config import Config
from service.errors import ApiError
from service.memo import MemoEntry, ResponseMemo
from service.metrics import Metrics
from service.responses import encode_json, json_bytes_response
from service.schemas import TagRequestSchema
from model.tokenizer import tokenize

bp = Blueprint("tagging", __name__)

# Built once: a schema instance is reusable and building one per request is slow.
_request_schema = TagRequestSchema()


@dataclass(frozen=True)
class Sentence:
    """A sentence ready to tag: its tokens and where each sits in `source`."""

    source: str  # the request text, or the tokens joined by single spaces
    tokens: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def from_text(cls, text: str) -> "Sentence":
        spans = tokenize(text)
        return cls(text, [s[0] for s in spans], [s[1] for s in spans], [s[2] for s in spans])

    @classmethod
    def from_tokens(cls, tokens: list[str]) -> "Sentence":
        starts, ends, position = [], [], 0
        for token in tokens:
            starts.append(position)
            position += len(token)
            ends.append(position)
            position += 1  # the joining space
        return cls(" ".join(tokens), tokens, starts, ends)


_NUMBER_TYPES = (float, int)  # exact types: JSON gives nothing else, and bool is excluded


def _is_model_output(value, token_count: int) -> bool:
    """Whether `value` (e.g. read back from Redis) is a sound answer for `token_count` tokens."""
    if type(value) is not dict:
        return False
    tags, scores, entities = value.get("tags"), value.get("scores"), value.get("entities")
    if not (type(tags) is list and type(scores) is list and type(entities) is list):
        return False
    if len(tags) != token_count or len(scores) != token_count:
        return False
    if not all(type(tag) is str for tag in tags):
        return False
    if not all(type(score) in _NUMBER_TYPES for score in scores):
        return False
    for entity in entities:
        if type(entity) is not dict:
            return False
        start, end = entity.get("token_start"), entity.get("token_end")
        if not (type(start) is int and type(end) is int and 0 <= start < end <= token_count):
            return False
        if type(entity.get("label")) is not str or type(entity.get("score")) not in _NUMBER_TYPES:
            return False
    return True


def _answer(sentence: Sentence, output: dict) -> dict:
    source, starts, ends = sentence.source, sentence.starts, sentence.ends
    tokens = [
        {"text": text, "start": start, "end": end, "tag": tag, "score": score}
        for text, start, end, tag, score in zip(
            sentence.tokens, starts, ends, output["tags"], output["scores"]
        )
    ]
    entities = []
    for entity in output["entities"]:
        first, last = entity["token_start"], entity["token_end"]
        start, end = starts[first], ends[last - 1]
        entities.append({
            "text": source[start:end],
            "label": entity["label"],
            "start": start,
            "end": end,
            "token_start": first,
            "token_end": last,
            "score": entity["score"],
        })
    return {"tokens": tokens, "entities": entities}


class TaggingService:
    """Answers sentences from the cache where it can and from the model otherwise."""

    def __init__(self, tagger, cache: Cache, metrics: Metrics, config: Config):
        self.tagger = tagger
        self.cache = cache
        self.metrics = metrics
        self.config = config
        # The checksum in every key: a new model never serves an old model's answer.
        self._key_prefix = f"ner:{tagger.checksum}:"
        self.model_ref = {"name": tagger.name, "version": tagger.version}
        self.memo = (ResponseMemo(config.response_memo_max_bytes, self._key_prefix)
                     if config.response_memo_max_bytes else None)

    def cache_key(self, tokens: list[str]) -> str:
        digest = hashlib.blake2b(encode_json(tokens), digest_size=16)
        return self._key_prefix + digest.hexdigest()

    def tag(self, sentences: list[Sentence]) -> tuple[list[dict], str]:
        """One answer per sentence, and the X-Cache verdict: HIT, MISS or PARTIAL."""
        keys = [self.cache_key(sentence.tokens) for sentence in sentences]
        outputs = self.cache.get_many(keys)
        missing = []
        for index, output in enumerate(outputs):
            if output is None:
                missing.append(index)
            elif not _is_model_output(output, len(sentences[index].tokens)):
                self.metrics.cache_errors.inc()
                outputs[index] = None
                missing.append(index)

        if missing:
            fresh = self.tagger.tag([sentences[index].tokens for index in missing])
            to_store = {}
            for index, output in zip(missing, fresh):
                # Plain JSON types, scores rounded: a cached answer gives the same bytes.
                outputs[index] = to_store[keys[index]] = output
            self.cache.set_many(to_store)

        hits = len(sentences) - len(missing)
        all_tokens = sum(len(sentence.tokens) for sentence in sentences)
        model_tokens = sum(len(sentences[index].tokens) for index in missing)
        self._count(hits, all_tokens - model_tokens, len(missing), model_tokens)
        verdict = "HIT" if not missing else "MISS" if hits == 0 else "PARTIAL"
        return [_answer(s, o) for s, o in zip(sentences, outputs)], verdict

    def count_memo_hit(self, entry: MemoEntry) -> None:
        """A replayed response's sentences and tokens count as answered from the cache."""
        self.metrics.memo_hits.inc()
        self._count(entry.sentences, entry.tokens, 0, 0)

    def _count(self, hits: int, cached_tokens: int, misses: int, model_tokens: int) -> None:
        metrics = self.metrics
        # Only what happened: each increment costs a shared-memory write under gunicorn.
        for counter, amount in ((metrics.cache_hits, hits),
                                (metrics.tokens_tagged_from_cache, cached_tokens),
                                (metrics.cache_misses, misses),
                                (metrics.tokens_tagged_by_model, model_tokens)):
            if amount:
                counter.inc(amount)


def _too_large(code: str, message: str, field: str, limit: int, actual: int) -> ApiError:
    return ApiError(413, code, message, {"field": field, "limit": limit, "actual": actual})


def _prepare(item: dict, field: str, config: Config) -> Sentence:
    """The sentence from one validated request item, within the configured limits."""
    if "text" in item:
        text = item["text"]
        if len(text) > config.max_text_chars:
            raise _too_large("text_too_long",
                             f"A text may have at most {config.max_text_chars} characters.",
                             f"{field}text", config.max_text_chars, len(text))
        sentence = Sentence.from_text(text)
        token_field = f"{field}text"
    else:
        sentence = Sentence.from_tokens(item["tokens"])
        token_field = f"{field}tokens"
    if len(sentence.tokens) > config.max_tokens_per_sentence:
        raise _too_large("too_many_tokens",
                         f"A sentence may have at most {config.max_tokens_per_sentence} tokens.",
                         token_field, config.max_tokens_per_sentence, len(sentence.tokens))
    longest = max(map(len, sentence.tokens), default=0)
    if longest > config.max_chars_per_token:
        raise _too_large("token_too_long",
                         f"A token may have at most {config.max_chars_per_token} characters.",
                         token_field, config.max_chars_per_token, longest)
    return sentence


def _json_body() -> bytes:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type",
                       "Send the body as JSON with 'Content-Type: application/json'.",
                       {"content_type": request.content_type or ""})
    return request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: werkzeug answers 413


def _validated(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:  # bad syntax, bad UTF-8, absurd nesting
        raise ApiError(400, "malformed_json", "The body is not valid JSON.",
                       {"reason": str(error)[:200]}) from None
    try:
        return _request_schema.load(data)
    except ValidationError as error:
        raise ApiError(422, "validation_error", "The request does not match the schema.",
                       error.messages) from None


@bp.post("/tag")
def tag():
    service: TaggingService = current_app.extensions["ner"].tagging
    body = _json_body()
    memo = service.memo
    if memo is not None:
        memo_key = memo.key(body)
        remembered = memo.get(memo_key)
        if remembered is not None:
            service.count_memo_hit(remembered)
            return json_bytes_response(remembered.body, headers={"X-Cache": "HIT"})

    config = service.config
    data = _validated(body)
    if "sentences" in data:
        items = data["sentences"]
        if len(items) > config.max_sentences_per_batch:
            raise _too_large("too_many_sentences",
                             f"A batch may have at most {config.max_sentences_per_batch} sentences.",
                             "sentences", config.max_sentences_per_batch, len(items))
        sentences = [_prepare(item, f"sentences.{i}.", config) for i, item in enumerate(items)]
        answers, verdict = service.tag(sentences)
        payload = {"results": answers, "model": service.model_ref}
    else:
        sentences = [_prepare(data, "", config)]
        answers, verdict = service.tag(sentences)
        payload = answers[0]
        payload["model"] = service.model_ref
    encoded = encode_json(payload)
    if memo is not None:  # only answers get here: every error was raised above
        memo.put(memo_key, MemoEntry(encoded, len(sentences),
                                     sum(len(sentence.tokens) for sentence in sentences)))
    return json_bytes_response(encoded, headers={"X-Cache": verdict})
