"""Fixtures for the model's tests: the bundled model, and the validation split as the tests
read it. The CoNLL data (conll_dir) and the tiny trained model (tiny_model_dir) come from
tests/conftest.py, as the service and benchmark tests use them too."""
import pytest

from model import Tagger
from model.conll import read_conll


@pytest.fixture(scope="session")
def bundled_tagger() -> Tagger:
    """The model shipped in model/default, which needs no data to be present."""
    return Tagger.load()


@pytest.fixture(scope="session")
def validation_set(conll_dir):
    """The CoNLL-2003 validation split: sentences with their gold tags."""
    return read_conll(conll_dir / "valid.txt")


@pytest.fixture(scope="session")
def validation_sentences(validation_set) -> list[list[str]]:
    """The validation split's sentences as token lists, as the tagger takes them."""
    return [list(s.tokens) for s in validation_set]


@pytest.fixture(scope="session")
def small_dev(tmp_path_factory, validation_set):
    """The first 60 validation sentences, as a CoNLL file: (path, sentences)."""
    path = tmp_path_factory.mktemp("data") / "dev.txt"
    sentences = validation_set[:60]
    path.write_text("\n\n".join("\n".join(f"{tok} X X {tag}" for tok, tag in zip(s.tokens, s.tags))
                                for s in sentences) + "\n")
    return path, sentences
