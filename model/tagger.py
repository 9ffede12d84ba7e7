"""Inference with a saved model: token lists in, BIO tags, confidences and entity spans out."""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from pathlib import Path
from zlib import crc32

import numpy as np

from . import artifact, inference
from .crf import bio_penalties, outside_scores
from .evaluate import VALIDATION_KEYS, entity_spans
from .tokenizer import (ADDRESS_MARKS, EAST_ASIAN, ET_AL, FILLER_WORDS, LATIN_ABBREVIATIONS,
                        PATRONYMICS, PATRONYMIC_READ_AS, PHONE_LABELS, PRONUNCIATION_MARKS,
                        READ_AS, SPECIES_MARK, SYMBOLS, code_marks, et_al_positions, is_address,
                        is_code, is_symbols, phone_label_positions, species_positions)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "default"
BATCH_SIZE = 128  # sentences decoded together; sorted by length so padding stays small


class Tagger:
    def __init__(self, params: dict, features, meta: dict, token_cache_size: int = 6_000):
        self.params, self.features, self.meta = params, features, meta
        self.labels: list[str] = meta["labels"]
        penalties = tuple(p.astype(np.float32) for p in bio_penalties(self.labels))
        self.weights = inference.tagging_weights(
            params, penalties, outside_scores(self.labels).astype(np.float32))
        rules, symbols = artifact.rule_inputs(meta)
        self.addresses_outside = artifact.ADDRESSES_OUTSIDE in rules
        self.et_al_outside = artifact.ET_AL_OUTSIDE in rules
        self.fillers_outside = artifact.FILLERS_OUTSIDE in rules
        self.pronunciations_outside = artifact.PRONUNCIATIONS_OUTSIDE in rules
        self.phone_labels_outside = artifact.PHONE_LABELS_OUTSIDE in rules
        self.latin_outside = artifact.LATIN_OUTSIDE in rules
        self.code_outside = artifact.CODE_OUTSIDE in rules
        self.species_outside = artifact.SPECIES_OUTSIDE in rules
        self.east_asian_outside = artifact.EAST_ASIAN_OUTSIDE in rules
        self._any_rule = bool(rules)
        # The symbols rule: what it allows inside entities, and a search that finds, in a
        # batch's tokens joined by spaces, a token of symbols alone that it does not allow.
        self.entity_symbols = frozenset(symbols) if artifact.SYMBOLS_OUTSIDE in rules else None
        allowed = "|".join(map(re.escape, symbols)) or "(?!)"
        self._stray_symbols = None if self.entity_symbols is None else re.compile(
            rf"(?<!\S)(?!(?:{allowed})(?!\S)){SYMBOLS}(?!\S)")
        # The input half of the LSTM gates depends on the token alone, so it is computed once
        # per distinct token and kept: that takes feature extraction, the embedding look-ups
        # and most of the multiplications off the per-request path. An entry is 2 * 4H floats
        # (2 kB at H=64), so the bound keeps a worker's cache near 14 MB, which the 150 MB a
        # worker has room for beside a request of MAX_TOKENS_PER_REQUEST; the training text's
        # 6,000 commonest tokens are most of what news text holds (docs/performance.md). Once
        # it is full, the least recently used entry makes way, and only for a token seen
        # before: one-off tokens (numbers, IDs, typos) would otherwise push out the words that
        # keep coming back.
        #
        # The rows live in one array allocated once, not an array each: rows allocated one
        # by one, between a request's short-lived buffers, left the heap holey, and a worker
        # with 10,000 of them under concurrent requests held 20 MB more than it used
        # (docs/performance.md, *The token cache*). Untouched, the array costs no memory.
        self._cache: OrderedDict[str, int] = OrderedDict()  # token -> its row in _rows
        self.token_cache_size = token_cache_size
        gates = self.weights["W_ax"].shape[-1]
        self._rows = np.empty((max(token_cache_size, 1), 2, gates), np.float32)
        self._seen_once = SeenOnce(4 * token_cache_size)  # tokens computed, not cached
        self._cache_lock = threading.Lock()

    @classmethod
    def load(cls, path: str | Path | None = None, **options) -> "Tagger":
        return cls(*artifact.load(path or DEFAULT_MODEL_DIR), **options)

    @property
    def checksum(self) -> str:
        return self.meta["checksum"]

    @property
    def name(self) -> str:
        return self.meta["name"]

    @property
    def version(self) -> str:
        return self.meta["version"]

    @property
    def info(self) -> dict:
        """The model card's facts, JSON-ready."""
        keys = ["name", "version", "checksum", "labels", "architecture", "hyperparameters",
                *VALIDATION_KEYS.values(), "validation_documents", "decoding_rules",
                "entity_symbols", "trained_on", "licence", "speed", "format_version"]
        return {**{k: self.meta.get(k) for k in keys},
                "vocab_size": len(self.features.words),
                "ngram_vocab_size": len(self.features.ngrams)}

    def _cached_gate_inputs(self, tokens: list[str]) -> np.ndarray:
        """(N, 2, 4H): every token's gate inputs, from the cache or computed in one go."""
        cache = self._cache
        with self._cache_lock:  # request threads share the cache
            slots = [cache.get(token, -1) for token in tokens]
            for token, slot in zip(tokens, slots):
                if slot >= 0:
                    cache.move_to_end(token)
            rows = self._rows.take(slots, 0)  # a copy; -1 reads a row replaced below
        missing = list(dict.fromkeys(t for t, slot in zip(tokens, slots) if slot < 0))
        if missing:
            x = inference.token_vectors(self.weights, [self.features.encode(t) for t in missing])
            fresh = inference.gate_inputs(self.weights, x).transpose(1, 0, 2)  # (M, 2, 4H)
            where = {token: i for i, token in enumerate(missing)}
            positions = [i for i, slot in enumerate(slots) if slot < 0]
            rows[positions] = fresh[[where[tokens[i]] for i in positions]]
            with self._cache_lock:
                for token, row in zip(missing, fresh):
                    self._admit(token, row)
        return rows

    def _admit(self, token: str, row: np.ndarray) -> None:
        """Cache a computed token, if there is room or it is not the first time we see it."""
        cache = self._cache
        if not self.token_cache_size or token in cache:  # another thread's request had it too
            return
        if len(cache) < self.token_cache_size:
            slot = len(cache)  # below capacity nothing leaves, so rows 0..len-1 are taken
        elif self._seen_once.first_sighting(token):
            return
        else:
            _, slot = cache.popitem(last=False)
        cache[token] = slot
        self._rows[slot] = row

    def tag(self, sentences: list[list[str]]) -> list[dict]:
        """One result per sentence: tags, per-tag probabilities, and entity spans with scores,
        all plain JSON types (str, int, float rounded to 4 places), so a result survives a JSON
        round trip unchanged; the service caches and answers it as it is.

        Four decimals are all a confidence needs and keep cached answers small. They also
        hide the last-bit differences between tagging a sentence alone and in a batch (numpy
        sums in another order), so that, but for a score right at a rounding boundary, a
        sentence gets the same answer whether the model or the cache gives it. An entity's
        score is the mean of its tokens' scores as given."""
        results: list[dict] = [{"tags": [], "scores": [], "entities": []} for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        for chunk_start in range(0, len(order), BATCH_SIZE):
            chunk = order[chunk_start:chunk_start + BATCH_SIZE]
            for index, (tags, scores) in zip(chunk, self._tag_batch([sentences[i] for i in chunk])):
                results[index] = self._result(tags, scores)
        return results

    def _tag_batch(self, sentences: list[list[str]]):
        """Sentences longest first -> (tag ids, probabilities) per sentence."""
        sizes = [len(s) for s in sentences]
        tokens = [token for sentence in sentences for token in sentence]
        # One look over the tokens for anything read as another word: `e.g.` as `like`
        # (where its rule is on), `bin` between names as `van`.
        latin = read = False
        if not _READ_OTHERWISE.isdisjoint(tokens):
            latin = self.latin_outside and not LATIN_ABBREVIATIONS.isdisjoint(tokens)
            read = _read_otherwise(sentences, tokens, latin)
        rows = self._cached_gate_inputs(read or tokens)
        outside = []
        # Most batches hold no address, no stray symbol, no `et al.`, no filler, no
        # pronunciation, no telephone's label, no `e.g.`, no path or flag, no species and no
        # Chinese at all: a search of their text or a look-up of their tokens tells.
        text = " ".join(tokens) if self._any_rule else ""
        if self.addresses_outside and ADDRESS_MARKS.search(text):
            outside += _positions(sentences, is_address)
        if self.et_al_outside and ET_AL.search(text):
            outside += [(t, b) for b, sentence in enumerate(sentences)
                        for t in et_al_positions(sentence)]
        if self.fillers_outside and not FILLER_WORDS.isdisjoint(tokens):
            outside += _positions(sentences, FILLER_WORDS.__contains__)
        if (self.pronunciations_outside and not text.isascii()
                and PRONUNCIATION_MARKS.search(text)):
            outside += _positions(sentences, PRONUNCIATION_MARKS.search)
        if self.code_outside and code_marks(text):
            outside += _positions(sentences, is_code)
        if latin:
            outside += _positions(sentences, LATIN_ABBREVIATIONS.__contains__)
        if self.phone_labels_outside and not PHONE_LABELS.isdisjoint(tokens):
            outside += [(t, b) for b, sentence in enumerate(sentences)
                        for t in phone_label_positions(sentence)]
        if self.species_outside and SPECIES_MARK.search(text):
            outside += [(t, b) for b, sentence in enumerate(sentences)
                        for t in species_positions(sentence)]
        if self.east_asian_outside and not text.isascii() and EAST_ASIAN.search(text):
            outside += _positions(sentences, EAST_ASIAN.search)
        if self._stray_symbols and self._stray_symbols.search(text):
            allowed = self.entity_symbols
            outside += _positions(sentences, lambda token: (
                # words (not numbers) fail the first test
                not token[:1].isalpha() and token not in allowed and is_symbols(token)))
        path, probabilities = inference.best_tags(self.weights, rows, sizes, outside)
        for b, n in enumerate(sizes):
            yield path[:n, b], probabilities[:n, b]

    def _result(self, tag_ids, probabilities) -> dict:
        tags = [self.labels[i] for i in tag_ids]
        scores = probabilities.round(4).tolist()
        entities = [{"label": label, "token_start": start, "token_end": end,
                     "score": round(sum(scores[start:end]) / (end - start), 4)}
                    for label, start, end in entity_spans(tags)]
        return {"tags": tags, "scores": scores, "entities": entities}


_READ_OTHERWISE = LATIN_ABBREVIATIONS | PATRONYMICS


def _read_otherwise(sentences: list[list[str]], tokens: list[str], latin: bool) -> list[str]:
    """The batch's tokens as the model reads them: `e.g.` as `like` (READ_AS) if ``latin``,
    and a patronymic between two capitalised words as `van` (PATRONYMICS), in capitals
    between two words in capitals as `VAN`."""
    read = [READ_AS.get(token, token) for token in tokens] if latin else list(tokens)
    if PATRONYMICS.isdisjoint(tokens):
        return read
    k = 0
    for sentence in sentences:
        for t in range(1, len(sentence) - 1):
            word = sentence[t]
            if (word in PATRONYMICS and sentence[t - 1][:1].isupper()
                    and sentence[t + 1][:1].isupper()
                    and (word.islower() or (sentence[t - 1].isupper()
                                            and sentence[t + 1].isupper()))):
                read[k + t] = PATRONYMIC_READ_AS if word.islower() else PATRONYMIC_READ_AS.upper()
        k += len(sentence)
    return read


def _positions(sentences: list[list[str]], holds) -> list[tuple[int, int]]:
    """(t, b), position and sentence, of each token of a batch that ``holds(token)``."""
    return [(t, b) for b, sentence in enumerate(sentences)
            for t, token in enumerate(sentence) if holds(token)]


class SeenOnce:
    """The tokens seen once lately, as a byte per hash bucket: `first_sighting` is true for a
    token not marked since the last clearing (and marks it), false for one marked (and
    unmarks it, as the cache takes it in). Cleared after `marks` first sightings, so that it
    forgets old tokens.

    An exact set of the hashes in an OrderedDict took 8.7 MB at 40,000 marks, as much as 4,000
    cache entries; this takes 1 MB for as many (docs/performance.md, *The token cache*). At
    16 buckets a mark or more, at most 1 first sighting in 16 (on average 1 in 32) finds its
    bucket taken, and that only admits a token one sighting early. The hash is CRC-32, not
    Python's, whose seed changes with every process: the same tokens give the same cache in
    every run."""

    def __init__(self, marks: int):
        self.marks = marks
        self._mask = (1 << max(16, (16 * marks - 1).bit_length())) - 1
        self._buckets = bytearray(self._mask + 1)
        self._marked = 0

    def first_sighting(self, token: str) -> bool:
        bucket = crc32(token.encode("utf-8", "surrogatepass")) & self._mask
        if self._buckets[bucket]:
            self._buckets[bucket] = 0
            return False
        if self._marked == self.marks:
            self._buckets, self._marked = bytearray(self._mask + 1), 0
        self._buckets[bucket] = 1
        self._marked += 1
        return True
