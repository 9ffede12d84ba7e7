"""Fixtures for the whole suite: the CoNLL-2003 data, and a tiny real model trained on it that
the model, service and benchmark tests all tag with."""
import os
from pathlib import Path

import pytest

from model.conll import read_conll
from model.train import TrainConfig, train

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def conll_dir() -> Path:
    """The CoNLL-2003 splits beside the checkout (../shared/data/conll2003), or $CONLL_DIR.

    A user's clone has no data beside it, so the tests that need it skip; CI always has it,
    so there its absence is a failure rather than a quietly smaller suite."""
    path = Path(os.environ.get("CONLL_DIR", REPO.parent / "shared" / "data" / "conll2003"))
    if not all((path / split).is_file() for split in ("train.txt", "valid.txt")):
        reason = f"CoNLL-2003 data not found at {path}; set CONLL_DIR"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


TINY_CONFIG = TrainConfig(word_dim=16, shape_dim=4, ngram_dim=8, hidden=16, batch_size=16,
                          max_epochs=10, patience=10, use_gazetteers=False, learning_rate=0.02,
                          average_decay=0.9, char_cnn=True, char_dim=8, char_filters=8,
                          name="tiny-test-model", version="0.0.1")


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, conll_dir) -> Path:
    """A real model, trained in a few seconds on the first 300 training sentences."""
    out = tmp_path_factory.mktemp("tiny-model")
    train_set = read_conll(conll_dir / "train.txt")[:300]
    dev_set = read_conll(conll_dir / "valid.txt")[:100]
    train(train_set, dev_set, out, TINY_CONFIG, log=lambda line: None, progress=False)
    return out
