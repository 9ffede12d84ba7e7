"""The JSON of a POST /tag answer, written straight from the model's output per sentence.

An answer holds an object for every token. Built as a tree of Python dicts and then
encoded, it was the largest part of a request's work besides the model and the sentence
splitter, and the largest part of its memory: a 100,000-character document's dicts and
the encoder's pieces came to several times the answer's own size (docs/performance.md,
*Documents*). Here each token's JSON is formatted from its values in one step, sentence
by sentence, and no per-token object outlives its sentence.

The bytes are exactly those of service/responses.py's encoder on the dicts
(``Document.annotate`` with the options applied): the same escaping
(``encode_basestring_ascii`` is the encoder's own), ``repr`` for numbers as the encoder
uses, the same keys in the same order; tests/service/test_answers.py holds the two
side by side.

The request's options shape the answer only: the sentence cache keeps the model's output
whatever they are, and the response memo keys on the exact body, so an answer with other
options is another memo entry.
"""

from __future__ import annotations

import re
from itertools import accumulate
from json.encoder import encode_basestring_ascii as json_string

from model.documents import Document

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class _Memo(dict):
    """compute(key) by key, remembered for up to `size` keys (a client's values cannot
    grow it without bound; past that, each costs the call)."""

    def __init__(self, compute, size: int, keys=()):
        super().__init__((key, compute(key)) for key in keys)
        self._compute, self._size = compute, size

    def __missing__(self, key):
        value = self._compute(key)
        if len(self) < self._size:
            self[key] = value
        return value


# A score is cached and answered with four decimals (service/tagging_service.py, rounded),
# so there are 10,001 of them: their JSON looked up is cheaper than formatted every time.
# k / 10000.0 is the very float rounding gives (both are the double nearest to k/10^4).
SCORE_JSON = _Memo(repr, 10_001, (k / 10000.0 for k in range(10_001)))
TEXT_JSON = _Memo(json_string, 100)  # tags and labels: the model's few


def utf16_offsets(text: str) -> list[int] | None:
    """For each code-point offset into text (and its end), the UTF-16 code-unit offset;
    None when they are the same, as for any text without characters beyond U+FFFF."""
    if _ASTRAL.search(text) is None:
        return None
    return list(accumulate((2 if char > "\uffff" else 1 for char in text), initial=0))


def document_json(document: Document, outputs: list[dict], options: dict,
                  entity_types: set[str]) -> str:
    """The answer for one document as JSON: its tokens (unless the options leave them
    out), its entities (filtered by the options' labels and min_score), its sentences,
    offsets in the options' unit. ``outputs`` holds the model's output per sentence, with
    the scores rounded as the cache keeps them."""
    text, tokens, starts, ends = document.text, document.tokens, document.starts, document.ends
    units = utf16_offsets(text) if options["offsets"] == "utf16" else None
    if units is not None:
        starts, ends = [units[i] for i in starts], [units[i] for i in ends]
    labels, min_score = options.get("labels"), options.get("min_score")
    wanted = None if labels is None and min_score is None else (
        entity_types if labels is None else set(labels))
    tag_json, score_json = TEXT_JSON, SCORE_JSON

    token_parts, entity_parts = [], []
    for sentence, output in zip(document.sentences, outputs):
        first, last = sentence.token_start, sentence.token_end
        if options["include_tokens"]:
            token_parts.append(",".join([
                f'{{"text":{json_string(token)},"start":{start},"end":{end},'
                f'"tag":{tag_json[tag]},"score":{score_json[score]}}}'
                for token, start, end, tag, score in zip(
                    tokens[first:last], starts[first:last], ends[first:last],
                    output["tags"], output["scores"])]))
        for entity in output["entities"]:
            label, score = entity["label"], entity["score"]
            if wanted is not None and (label not in wanted
                                       or (min_score is not None and score < min_score)):
                continue
            token_start = first + entity["token_start"]
            token_end = first + entity["token_end"]
            start, end = document.starts[token_start], document.ends[token_end - 1]
            entity_parts.append(
                f'{{"text":{json_string(text[start:end])},"label":{tag_json[label]},'
                f'"start":{starts[token_start]},"end":{ends[token_end - 1]},'
                f'"token_start":{token_start},"token_end":{token_end},'
                f'"score":{score_json[score]}}}')

    position = (lambda offset: offset) if units is None else units.__getitem__
    sentence_parts = [
        f'{{"start":{position(sentence.start)},"end":{position(sentence.end)},'
        f'"token_start":{sentence.token_start},"token_end":{sentence.token_end}}}'
        for sentence in document.sentences]
    tokens_json = ('"tokens":[' + ",".join(filter(None, token_parts)) + "],"
                   if options["include_tokens"] else "")
    return ("{" + tokens_json + '"entities":[' + ",".join(entity_parts) + '],"sentences":['
            + ",".join(sentence_parts) + "]}")


def answer_json(documents_json: list[str], batch: bool, model_json: str) -> bytes:
    """The response body: one document's answer with the model beside its keys, or a
    batch's answers under "results"."""
    if batch:
        body = '{"results":[' + ",".join(documents_json) + '],"model":' + model_json + "}"
    else:
        body = documents_json[0][:-1] + ',"model":' + model_json + "}"
    return body.encode("ascii")  # every string was written with ASCII escapes
