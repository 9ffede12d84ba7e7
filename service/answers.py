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


# A score is cached and answered with four decimals (model/tagger.py, Tagger.tag),
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
                  entity_types: set[str]) -> list[bytes]:
    """The answer for one document as JSON, in pieces: the members of its object (no
    braces), which ``answer_json`` puts together. Its tokens (unless the options leave
    them out), its entities (filtered by the options' labels and min_score), its
    sentences, offsets in the options' unit. ``outputs`` holds the model's output per
    sentence, with the scores rounded as the cache keeps them.

    A sentence's tokens are encoded as soon as they are written, so a big document's
    answer exists as text once, in bytes, until the response is joined."""
    text, tokens, starts, ends = document.text, document.tokens, document.starts, document.ends
    units = utf16_offsets(text) if options["offsets"] == "utf16" else None
    if units is not None:
        starts, ends = [units[i] for i in starts], [units[i] for i in ends]
    labels, min_score = options.get("labels"), options.get("min_score")
    wanted = None if labels is None and min_score is None else (
        entity_types if labels is None else set(labels))
    tag_json, score_json = TEXT_JSON, SCORE_JSON

    pieces, entity_parts = [b'"tokens":['] if options["include_tokens"] else [], []
    for sentence, output in zip(document.sentences, outputs):
        first, last = sentence.token_start, sentence.token_end
        if options["include_tokens"] and last > first:
            if len(pieces) > 1:
                pieces.append(b",")
            pieces.append(",".join([
                f'{{"text":{json_string(token)},"start":{start},"end":{end},'
                f'"tag":{tag_json[tag]},"score":{score_json[score]}}}'
                for token, start, end, tag, score in zip(
                    tokens[first:last], starts[first:last], ends[first:last],
                    output["tags"], output["scores"])]).encode("ascii"))
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
    if options["include_tokens"]:
        pieces.append(b"],")
    pieces.append(('"entities":[' + ",".join(entity_parts) + '],"sentences":['
                   + ",".join(sentence_parts) + "]").encode("ascii"))
    return pieces


def answer_json(documents: list[list[bytes]], batch: bool, model_json: bytes) -> bytes:
    """The response body from each document's pieces (``document_json``): one document's
    answer with the model beside its members, or a batch's answers under "results"."""
    if not batch:
        return b"".join([b"{", *documents[0], b',"model":', model_json, b"}"])
    pieces = [b'{"results":[']
    for index, document in enumerate(documents):
        pieces.append(b"{" if index == 0 else b",{")
        pieces.extend(document)
        pieces.append(b"}")
    pieces += [b'],"model":', model_json, b"}"]
    return b"".join(pieces)
