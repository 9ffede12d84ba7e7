"""The work behind POST /tag: a request body in, the encoded answer out.

A body seen before is replayed from the response memo. Any other is validated, checked
against the request limits, and each text split into sentences and tokenized
(model/documents.py); each sentence is then answered from the sentence cache where it can
be and by the model otherwise (a long one in windows), and the metrics count which. The
request's options then shape the answer, written as JSON (service/answers.py).
"""

from __future__ import annotations

import threading
from functools import partial
from typing import NamedTuple

from model.documents import Document, tag_sentences
from service.cache import SentenceCache
from service.config import Config
from service.errors import ApiError
from service.limits import RequestLimits
from service.memo import MemoEntry, ResponseMemo
from service.metrics import Metrics
from service.answers import answer_json, document_json
from service.responses import encode_json
from service.schemas import load_tag_request


# Padded tokens (the longest sentence's tokens times the sentences) in one call to the model.
# The model's arrays grow with them, so a bound here bounds the memory a request's model
# calls take whatever its size, and no call holds the model lock long; how much each size
# took is in docs/performance.md (*A request's work budget*).
MODEL_CALL_TOKENS = 512


def tag_in_slices(tagger, sentences: list[list[str]], lock: threading.Lock) -> list[dict]:
    """tagger.tag(sentences), in calls of at most MODEL_CALL_TOKENS padded tokens (a longer
    sentence goes alone), one at a time under `lock`: the memory a worker's model uses stays
    bounded however big the requests and however many at once. (One at a time costs no
    speed: the calls hold the GIL, so a worker's threads never ran two at once anyway.)"""
    results: list[dict] = [{}] * len(sentences)
    order = sorted(range(len(sentences)), key=lambda i: -len(sentences[i]))
    start = 0
    while start < len(order):
        longest = max(len(sentences[order[start]]), 1)  # the slice's first is its longest
        chunk = order[start:start + max(1, MODEL_CALL_TOKENS // longest)]
        with lock:
            tagged = tagger.tag([sentences[i] for i in chunk])
        for index, result in zip(chunk, tagged):
            results[index] = result
        start += len(chunk)
    return results


# A body over this many bytes is a large request (a few thousand tokens of text or more):
# a worker works on one at a time. Two at once would each hold their tokens, outputs and
# answer, twice the memory (docs/performance.md, *Memory*), for nothing: the GIL and the
# model lock had them take turns anyway. Small requests never wait for this.
LARGE_BODY_BYTES = 32 * 1024


class Answer(NamedTuple):
    body: bytes  # the JSON response
    cache: str  # the X-Cache header: HIT, MISS or PARTIAL


class TaggingService:
    def __init__(self, tagger, cache: SentenceCache, metrics: Metrics, config: Config):
        self.tagger = tagger
        self.cache = cache
        self.metrics = metrics
        self.limits = RequestLimits(config)
        self.max_tokens_per_sentence = config.max_tokens_per_sentence
        self.max_chars_per_token = config.max_chars_per_token
        self.entity_types = {tag.split("-", 1)[1] for tag in tagger.labels if "-" in tag}
        self.model_ref = {"name": tagger.name, "version": tagger.version}
        self.model_json = encode_json(self.model_ref)
        self.memo = (ResponseMemo(config.response_memo_max_bytes, cache.key_prefix)
                     if config.response_memo_max_bytes else None)
        self.model_lock = threading.Lock()  # one model call at a time in this worker
        self.large_request_lock = threading.Lock()  # one large request at a time

    def answer(self, body: bytes) -> Answer:
        """The answer to a POST /tag body; a request the service refuses raises ApiError."""
        memo = self.memo
        if memo is not None:
            memo_key = memo.key(body)
            remembered = memo.get(memo_key)
            if remembered is not None:
                self._count_memo_hit(remembered)
                return Answer(remembered.body, "HIT")
        if len(body) > LARGE_BODY_BYTES:
            with self.large_request_lock:
                answer, entry = self._answer(body)
        else:
            answer, entry = self._answer(body)
        if memo is not None:  # only answers get here: every error was raised
            memo.put(memo_key, entry)
        return answer

    def _answer(self, body: bytes) -> tuple[Answer, MemoEntry]:
        """The answer, and what the memo keeps of it."""
        request = load_tag_request(body)
        self._check_labels(request.get("labels"))
        if "sentences" in request:
            items = request["sentences"]
            self.limits.check_batch(items)
            documents = self._prepare(items, [f"sentences.{i}." for i in range(len(items))],
                                      "sentences")
        else:
            documents = self._prepare([request], [""], "text" if "text" in request else "tokens")
        outputs, verdict = self.tag(documents)
        encoded = answer_json(
            [document_json(document, document_outputs, request, self.entity_types)
             for document, document_outputs in zip(documents, outputs)],
            "sentences" in request, self.model_json)
        return Answer(encoded, verdict), MemoEntry(
            encoded, sum(len(document.sentences) for document in documents),
            sum(len(document.tokens) for document in documents))

    def _check_labels(self, labels: list[str] | None) -> None:
        """The entity types of a request's `labels` must be the model's: another is a typo
        that would otherwise silently filter out everything."""
        unknown = {str(i): [f"Unknown entity type; the model's are {', '.join(sorted(self.entity_types))}."]
                   for i, label in enumerate(labels or ()) if label not in self.entity_types}
        if unknown:
            raise ApiError(422, "validation_error", "The request does not match the schema.",
                           {"labels": unknown})

    def _prepare(self, items: list[dict], fields: list[str], request_field: str) -> list[Document]:
        """The document of each validated request item, within the limits."""
        documents, total_tokens = [], 0
        for item, field in zip(items, fields):
            if "text" in item:
                self.limits.check_document(item["text"], f"{field}text")
                document = Document.from_text(item["text"])
            else:
                document = Document.from_tokens(item["tokens"])
            total_tokens += len(document.tokens)
            self.limits.check_request_tokens(total_tokens, request_field)
            documents.append(document)
        return documents

    def tag(self, documents: list[Document]) -> tuple[list[list[dict]], str]:
        """Each document's outputs, one per sentence, and the X-Cache verdict: HIT, MISS or
        PARTIAL.

        Every sentence of every document is looked up in the cache, and the model tags all
        the missing ones in one batch."""
        sentences = [tokens for document in documents
                     for tokens in document.sentence_tokens(self.max_chars_per_token)]
        keys = [self.cache.key(tokens) for tokens in sentences]
        outputs = self.cache.get_many(keys, [len(tokens) for tokens in sentences])
        missing = [index for index, output in enumerate(outputs) if output is None]
        if missing:
            fresh = tag_sentences(partial(tag_in_slices, self.tagger, lock=self.model_lock),
                                  [sentences[index] for index in missing],
                                  self.max_tokens_per_sentence)
            to_store = {}
            for index, output in zip(missing, fresh):
                outputs[index] = to_store[keys[index]] = output
            self.cache.set_many(to_store)

        hits = len(sentences) - len(missing)
        all_tokens = sum(len(tokens) for tokens in sentences)
        model_tokens = sum(len(sentences[index]) for index in missing)
        self._count(hits, all_tokens - model_tokens, len(missing), model_tokens)
        verdict = "HIT" if not missing else "MISS" if hits == 0 else "PARTIAL"
        per_document, position = [], 0
        for document in documents:
            count = len(document.sentences)
            per_document.append(outputs[position:position + count])
            position += count
        return per_document, verdict

    def _count_memo_hit(self, entry: MemoEntry) -> None:
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

