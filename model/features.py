"""What the network sees of a token: a word id, a word-shape id, character n-gram ids and
gazetteer bits, all looked up in a vocabulary built from the training data and saved as JSON.

Words are normalised (lower case, digits to 0) so that "Monday"/"MONDAY" and "1996"/"1997"
share an embedding; case and digits survive in the shape and in the case-sensitive n-grams,
which are also how an unseen word gets a useful representation. The normalised word is also
how pretrained vectors (lower-cased, like GloVe's) are looked up: see vectors.py.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Collection, Iterable, Sequence

import numpy as np

PAD, UNK = "<pad>", "<unk>"
_DIGIT = re.compile(r"\d")


def normalise(token: str) -> str:
    return _DIGIT.sub("0", token.lower())


def word_shape(token: str) -> str:
    """'Harry' -> 'Xxx', 'U.S.' -> 'X.X.', '1996-08-22' -> 'dd-dd-dd': runs cut to two."""
    shape = []
    for char in token:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if len(shape) < 2 or not (shape[-1] == shape[-2] == kind):
            shape.append(kind)
    return "".join(shape)


def char_ngrams(token: str, sizes: Sequence[int]) -> list[str]:
    marked = f"<{token}>"
    return [marked[i:i + n] for n in sizes for i in range(len(marked) - n + 1)]


@dataclass
class Features:
    words: list[str]
    shapes: list[str]
    ngrams: list[str]
    ngram_sizes: tuple[int, ...] = (2, 3, 4)
    gazetteers: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._word_ids = {w: i for i, w in enumerate(self.words)}
        self._shape_ids = {s: i for i, s in enumerate(self.shapes)}
        self._ngram_ids = {g: i for i, g in enumerate(self.ngrams)}
        self._gazetteer_sets = [frozenset(entries) for entries in self.gazetteers.values()]

    @property
    def n_gazetteers(self) -> int:
        return len(self._gazetteer_sets)

    @classmethod
    def build(cls, sentences: Iterable[Sequence[str]], min_word_count: int = 2,
              min_ngram_types: int = 2, ngram_sizes: tuple[int, ...] = (2, 3, 4),
              gazetteers: dict[str, list[str]] | None = None,
              pretrained: Collection[str] = frozenset()) -> "Features":
        """Vocabularies from training token sequences; rare items are left to <unk>, except
        rare words that have a pretrained vector (`pretrained`: normalised words), which start
        from a meaning learned elsewhere instead of from nothing."""
        word_counts: Counter[str] = Counter()
        shape_counts: Counter[str] = Counter()
        types: set[str] = set()
        for tokens in sentences:
            for token in tokens:
                word_counts[normalise(token)] += 1
                shape_counts[word_shape(token)] += 1
                types.add(token)
        ngram_types: Counter[str] = Counter()  # in how many distinct words an n-gram occurs
        for token in types:
            ngram_types.update(set(char_ngrams(token, ngram_sizes)))
        keep = lambda counts, minimum: sorted(k for k, c in counts.items() if c >= minimum)
        words = sorted(w for w, c in word_counts.items() if c >= min_word_count or w in pretrained)
        return cls(words=[PAD, UNK] + words,
                   shapes=[PAD, UNK] + keep(shape_counts, 2),
                   ngrams=[PAD] + keep(ngram_types, min_ngram_types),
                   ngram_sizes=tuple(ngram_sizes),
                   gazetteers=gazetteers or {})

    def with_words(self, extra: list[str]) -> "Features":
        """The same vocabularies with `extra` words appended (ids after every existing one)."""
        known = self._word_ids
        return Features(self.words + [w for w in extra if w not in known], self.shapes,
                        self.ngrams, self.ngram_sizes, self.gazetteers)

    def encode(self, token: str) -> tuple[int, int, list[int], np.ndarray]:
        """(word id, shape id, n-gram ids, gazetteer bits) of one token."""
        word = self._word_ids.get(normalise(token), 1)
        shape = self._shape_ids.get(word_shape(token), 1)
        ngrams = [i for i in map(self._ngram_ids.get, char_ngrams(token, self.ngram_sizes)) if i]
        # Name lists are in title case; headlines are in capitals ("BRUSSELS"), and chat,
        # search queries and transcripts often in lower case ("new york").
        uncased = len(token) > 1 and (token.isupper() or token.islower())
        forms = (token, token.title()) if uncased else (token,)
        gazetteer_bits = np.array([any(form in entries for form in forms)
                                   for entries in self._gazetteer_sets], dtype=np.float32)
        return word, shape, ngrams, gazetteer_bits

    def to_json(self) -> dict:
        return {"words": self.words, "shapes": self.shapes, "ngrams": self.ngrams,
                "ngram_sizes": list(self.ngram_sizes), "gazetteers": self.gazetteers}

    @classmethod
    def from_json(cls, data: dict) -> "Features":
        return cls(words=data["words"], shapes=data["shapes"], ngrams=data["ngrams"],
                   ngram_sizes=tuple(data["ngram_sizes"]), gazetteers=data["gazetteers"])


@dataclass
class Batch:
    """Sentences padded to the longest one, time-major: every array starts with (T, B)."""
    words: np.ndarray          # (T, B) int
    shapes: np.ndarray         # (T, B) int
    ngram_ids: np.ndarray      # (T*B, G) int, 0 = padding
    ngram_weights: np.ndarray  # (T*B, G) float, 1/count for real n-grams, 0 for padding
    gazetteers: np.ndarray     # (T, B, n_gazetteers) float 0/1
    mask: np.ndarray           # (T, B) bool, True on real tokens
    tags: np.ndarray | None = None  # (T, B) int gold tag ids, 0 on padding

    @property
    def lengths(self) -> np.ndarray:
        return self.mask.sum(axis=0)


def make_batch(encoded: list[list[tuple]], tags: list[list[int]] | None = None) -> Batch:
    """Pad a list of encoded sentences (lists of Features.encode results) into a Batch."""
    B = len(encoded)
    T = max(1, max((len(s) for s in encoded), default=1))
    n_gaz = encoded[0][0][3].shape[0] if encoded and encoded[0] else 0
    G = max(1, max((len(tok[2]) for s in encoded for tok in s), default=1))
    words = np.zeros((T, B), np.int64)
    shapes = np.zeros((T, B), np.int64)
    ngram_ids = np.zeros((T, B, G), np.int64)
    ngram_weights = np.zeros((T, B, G), np.float32)
    gazetteers = np.zeros((T, B, n_gaz), np.float32)
    mask = np.zeros((T, B), bool)
    for b, sentence in enumerate(encoded):
        for t, (word, shape, ngrams, bits) in enumerate(sentence):
            words[t, b], shapes[t, b], mask[t, b] = word, shape, True
            ngram_ids[t, b, :len(ngrams)] = ngrams
            ngram_weights[t, b, :len(ngrams)] = 1.0 / max(1, len(ngrams))
            gazetteers[t, b] = bits
    gold = None
    if tags is not None:
        gold = np.zeros((T, B), np.int64)
        for b, sentence_tags in enumerate(tags):
            gold[:len(sentence_tags), b] = sentence_tags
    return Batch(words, shapes, ngram_ids.reshape(T * B, G), ngram_weights.reshape(T * B, G),
                 gazetteers, mask, gold)
