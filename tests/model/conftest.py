"""Fixtures for the model's tests: the bundled model, and the validation split as the tests
read it. The CoNLL data (conll_dir) and the tiny trained model (tiny_model_dir) come from
tests/conftest.py, as the service and benchmark tests use them too."""
import pytest

from model import Tagger
from model.conll import read_conll
from model.train import TrainConfig, train


@pytest.fixture(scope="session")
def bundled_tagger() -> Tagger:
    """The model shipped in model/default, which needs no data to be present."""
    return Tagger.load()


@pytest.fixture(scope="session")
def entities_in_lines(bundled_tagger):
    """lines -> {line: the (label, text) of each entity the bundled model finds in it}, each
    line's tokens split at its spaces."""
    def entities(lines):
        results = bundled_tagger.tag([line.split() for line in lines])
        return {line: [(e["label"], " ".join(line.split()[e["token_start"]:e["token_end"]]))
                       for e in result["entities"]]
                for line, result in zip(lines, results)}
    return entities


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


@pytest.fixture(scope="session")
def no_char_cnn_model_dir(tmp_path_factory, conll_dir):
    """A model without a character CNN, as all before 1.3.0 are: one epoch on 60 sentences."""
    out = tmp_path_factory.mktemp("no-char-cnn-model")
    train_set = read_conll(conll_dir / "train.txt")[:60]
    config = TrainConfig(word_dim=8, shape_dim=4, ngram_dim=4, hidden=8, batch_size=8,
                         max_epochs=1, use_gazetteers=False, char_cnn=False)
    train(train_set, train_set[:20], out, config, log=lambda line: None, progress=False)
    return out
