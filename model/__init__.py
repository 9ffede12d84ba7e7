"""The NER model: a numpy BiLSTM-CRF tagger, its training, evaluation and saved artifacts."""
from .artifact import ModelError
from .tagger import DEFAULT_MODEL_DIR, Tagger

__all__ = ["DEFAULT_MODEL_DIR", "ModelError", "Tagger"]
