"""What the network sees of a token: a word id, a word-shape id, character n-gram ids,
gazetteer bits and, for models with a character CNN, its character ids, all looked up in a
vocabulary built from the training data and saved as JSON.

Words are normalised (lower case, digits to 0) so that "Monday"/"MONDAY" and "1996"/"1997"
share an embedding; case and digits survive in the shape and in the case-sensitive n-grams,
which are also how an unseen word gets a useful representation. The normalised word is also
how pretrained vectors (lower-cased, like GloVe's) are looked up: see vectors.py.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Collection, Iterable, Sequence

import numpy as np

from .tokenizer import APOSTROPHES, HYPHENS, INVISIBLE_BETWEEN_WORDS, INVISIBLE_IN_WORDS

PAD, UNK = "<pad>", "<unk>"
WORD_START, WORD_END = "<w>", "</w>"  # never a single character, so never confused with one
MAX_WORD_CHARS = 20  # longer tokens are read as their first 20 characters (27 of the 204k
                     # training tokens are longer): a bound on the CNN's work for any input
_DIGIT = re.compile(r"\d")


# Invisible characters the model reads a token without: the soft hyphen and word joiner
# that the tokenizer keeps inside words, and those it splits at, which a client's own
# tokens may still hold. None occurs in the training data.
_INVISIBLE = re.compile(f"[{INVISIBLE_IN_WORDS}{INVISIBLE_BETWEEN_WORDS}]")
# Characters the model reads as the ones the training data writes: Unicode's hyphen and
# non-breaking hyphen (word processors and typeset text: Jean‐Paul) as "-", the typographic
# apostrophe and its stand-ins (`Organization’s`, `O´Neal`) and the modifier letter
# apostrophe (`Thiongʼo`) as "'", typographic double quotes and guillemets as '"', and the
# compatibility forms of ligatures (PDFs: Oﬃcials) and of full-width letters, digits and
# punctuation (East Asian input methods: Ｇｏｏｇｌｅ) and the mathematical alphabets' bold,
# italic, script and monospaced letters and digits (social posts' "fonts": 𝐌𝐚𝐫𝐢𝐚 𝐋𝐨𝐩𝐞𝐳,
# which came back as nothing) and enclosed numbers (`② Siemens renewal`, `⑴`, `⒈`: ORG `②
# Siemens`) as their plain forms, by NFKC. Letters
# with their accents as separate combining marks (`Nguye\u0302\u0303n`, as macOS and some
# PDFs write them) are read composed (NFC), as GloVe and the name lists write them. None of
# these occurs in the training data.
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u00ab\u00bb"  # “ ” „ « »
_AS_WRITTEN = str.maketrans(HYPHENS + APOSTROPHES[1:] + "\u02bc" + _DOUBLE_QUOTES,
                            "-" * len(HYPHENS) + "'" * len(APOSTROPHES)
                            + '"' * len(_DOUBLE_QUOTES))
_COMPATIBILITY_FORMS = re.compile("[\u2460-\u24ff\ufb00-\ufb06\uff01-\uff5e\U0001d400-\U0001d7ff]+")


def _plain_forms(match: re.Match) -> str:
    return unicodedata.normalize("NFKC", match.group())


def visible(token: str) -> str:
    """The token as the model reads it: without invisible characters, with hyphens,
    apostrophes, ligatures and full-width forms as plain characters, composed; as it is if
    nothing else is left."""
    if token.isascii():
        return token
    plain = unicodedata.normalize("NFC", _INVISIBLE.sub("", token).translate(_AS_WRITTEN))
    return _COMPATIBILITY_FORMS.sub(_plain_forms, plain) or token


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


class _CharIds(dict):
    """Character -> id, and <unk>'s id (1) for a character it does not know, which a plain
    dict.get per character would also give, at twice the cost."""

    def __missing__(self, char: str) -> int:
        return 1


@dataclass
class Features:
    words: list[str]
    shapes: list[str]
    ngrams: list[str]
    ngram_sizes: tuple[int, ...] = (2, 3, 4)
    gazetteers: dict[str, list[str]] = field(default_factory=dict)
    chars: list[str] = field(default_factory=list)  # empty: the model has no character CNN
    max_word_chars: int = MAX_WORD_CHARS

    def __post_init__(self) -> None:
        self._word_ids = {w: i for i, w in enumerate(self.words)}
        self._shape_ids = {s: i for i, s in enumerate(self.shapes)}
        self._ngram_ids = {g: i for i, g in enumerate(self.ngrams)}
        # Each name-list entry's lists as bits of one int, and a token's bits as one row of a
        # table of every combination: a token then costs a dict read per form, not a set
        # look-up per list and form, and no new array.
        self._gazetteer_masks: dict[str, int] = {}
        for bit, entries in enumerate(self.gazetteers.values()):
            for entry in entries:
                self._gazetteer_masks[entry] = self._gazetteer_masks.get(entry, 0) | 1 << bit
        combinations = np.arange(2 ** self.n_gazetteers)[:, None]
        self._gazetteer_rows = (combinations >> np.arange(self.n_gazetteers) & 1).astype(np.float32)
        self._gazetteer_rows.flags.writeable = False  # encode hands out its rows
        self._char_ids = _CharIds((ch, i) for i, ch in enumerate(self.chars))

    @property
    def n_gazetteers(self) -> int:
        return len(self.gazetteers)

    @classmethod
    def build(cls, sentences: Iterable[Sequence[str]], min_word_count: int = 2,
              min_ngram_types: int = 2, ngram_sizes: tuple[int, ...] = (2, 3, 4),
              gazetteers: dict[str, list[str]] | None = None,
              pretrained: Collection[str] = frozenset(), with_chars: bool = False) -> "Features":
        """Vocabularies from training token sequences; rare items are left to <unk>, except
        rare words that have a pretrained vector (`pretrained`: normalised words), which start
        from a meaning learned elsewhere instead of from nothing. with_chars: also a character
        vocabulary (case-sensitive), for a character CNN."""
        word_counts: Counter[str] = Counter()
        char_counts: Counter[str] = Counter()
        shape_counts: Counter[str] = Counter()
        types: set[str] = set()
        for tokens in sentences:
            for token in tokens:
                word_counts[normalise(token)] += 1
                shape_counts[word_shape(token)] += 1
                char_counts.update(token)
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
                   gazetteers=gazetteers or {},
                   chars=[PAD, UNK, WORD_START, WORD_END] + keep(char_counts, 2) if with_chars
                   else [])

    def with_words(self, extra: list[str]) -> "Features":
        """The same vocabularies with `extra` words appended (ids after every existing one)."""
        known = self._word_ids
        return Features(self.words + [w for w in extra if w not in known], self.shapes,
                        self.ngrams, self.ngram_sizes, self.gazetteers, self.chars,
                        self.max_word_chars)

    def encode(self, token: str) -> tuple[int, int, list[int], np.ndarray, tuple[int, ...]]:
        """(word id, shape id, n-gram ids, gazetteer bits, character ids) of one token; the
        character ids are [<w>, first max_word_chars characters, </w>], or () for a model
        without a character vocabulary. Invisible characters are left out (visible)."""
        token = visible(token)
        word = self._word_ids.get(normalise(token), 1)
        shape = self._shape_ids.get(word_shape(token), 1)
        ngrams = [i for i in map(self._ngram_ids.get, char_ngrams(token, self.ngram_sizes)) if i]
        # Name lists are in title case; headlines are in capitals ("BRUSSELS"), and chat,
        # search queries and transcripts often in lower case ("new york").
        in_lists = self._gazetteer_masks.get(token, 0)
        if len(token) > 1 and (token.isupper() or token.islower()):
            in_lists |= self._gazetteer_masks.get(token.title(), 0)
        gazetteer_bits = self._gazetteer_rows[in_lists]  # read-only: a row of a shared table
        chars = ()
        if self.chars:
            known = self._char_ids
            chars = (known[WORD_START], *map(known.__getitem__, token[:self.max_word_chars]),
                     known[WORD_END])
        return word, shape, ngrams, gazetteer_bits, chars

    def to_json(self) -> dict:
        data = {"words": self.words, "shapes": self.shapes, "ngrams": self.ngrams,
                "ngram_sizes": list(self.ngram_sizes), "gazetteers": self.gazetteers}
        if self.chars:  # models without a character CNN keep the vocab.json they had
            data.update(chars=self.chars, max_word_chars=self.max_word_chars)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Features":
        return cls(words=data["words"], shapes=data["shapes"], ngrams=data["ngrams"],
                   ngram_sizes=tuple(data["ngram_sizes"]), gazetteers=data["gazetteers"],
                   chars=data.get("chars", []),
                   max_word_chars=data.get("max_word_chars", MAX_WORD_CHARS))


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
    # For a character CNN, which runs once per distinct token of the batch: U distinct tokens'
    # character ids (U, L), 0 = padding, and which of them each position is (T, B), padding
    # positions pointing at any row (nothing reads their outputs). None without one.
    char_ids: np.ndarray | None = None
    char_rows: np.ndarray | None = None

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
    char_rows = np.zeros((T, B), np.int64)
    distinct: dict[tuple[int, ...], int] = {}  # character ids -> row
    for b, sentence in enumerate(encoded):
        for t, (word, shape, ngrams, bits, chars) in enumerate(sentence):
            words[t, b], shapes[t, b], mask[t, b] = word, shape, True
            ngram_ids[t, b, :len(ngrams)] = ngrams
            ngram_weights[t, b, :len(ngrams)] = 1.0 / max(1, len(ngrams))
            gazetteers[t, b] = bits
            char_rows[t, b] = distinct.setdefault(chars, len(distinct))
    gold = None
    if tags is not None:
        gold = np.zeros((T, B), np.int64)
        for b, sentence_tags in enumerate(tags):
            gold[:len(sentence_tags), b] = sentence_tags
    char_ids = None
    if any(distinct):  # tokens have character ids: the model has a character CNN
        char_ids = pad_char_ids(list(distinct))
    return Batch(words, shapes, ngram_ids.reshape(T * B, G), ngram_weights.reshape(T * B, G),
                 gazetteers, mask, gold, char_ids, char_rows if char_ids is not None else None)


def pad_char_ids(tokens: list[tuple[int, ...]]) -> np.ndarray:
    """Character ids of N tokens -> (N, L) padded with 0, L at least 3 (one CNN window)."""
    ids = np.zeros((len(tokens), max(3, max(map(len, tokens)))), np.int64)
    for row, chars in zip(ids, tokens):
        row[:len(chars)] = chars
    return ids
