"""Inference with a saved model: token lists in, BIO tags, confidences and entity spans out."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from . import artifact, network
from .crf import bio_penalties
from .evaluate import entity_spans

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "default"
BATCH_SIZE = 128  # sentences decoded together; sorted by length so padding stays small


class Tagger:
    def __init__(self, params: dict, features, meta: dict, token_cache_size: int = 200_000):
        self.params, self.features, self.meta = params, features, meta
        self.labels: list[str] = meta["labels"]
        self.penalties = tuple(p.astype(np.float32) for p in bio_penalties(self.labels))
        # A token's input vector depends on the token alone, so it is computed once and reused:
        # this takes the embedding look-ups and the n-gram averaging off the per-request path.
        self._input_vector = lru_cache(maxsize=token_cache_size)(self._compute_input_vector)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Tagger":
        return cls(*artifact.load(path or DEFAULT_MODEL_DIR))

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
                "validation", "trained_on", "format_version"]
        return {**{k: self.meta.get(k) for k in keys},
                "vocab_size": len(self.features.words),
                "ngram_vocab_size": len(self.features.ngrams)}

    def _compute_input_vector(self, token: str) -> np.ndarray:
        word, shape, ngrams, gazetteer_bits = self.features.encode(token)
        p = self.params
        ngram_mean = p["E_ngram"][ngrams].mean(axis=0) if ngrams else np.zeros(
            p["E_ngram"].shape[1], np.float32)
        return np.concatenate([p["E_word"][word], p["E_shape"][shape], ngram_mean, gazetteer_bits])

    def tag(self, sentences: list[list[str]]) -> list[dict]:
        """One result per sentence: tags, per-tag probabilities, and entity spans with scores."""
        results: list[dict] = [{"tags": [], "scores": [], "entities": []} for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        for chunk_start in range(0, len(order), BATCH_SIZE):
            chunk = order[chunk_start:chunk_start + BATCH_SIZE]
            for index, (tags, scores) in zip(chunk, self._tag_batch([sentences[i] for i in chunk])):
                results[index] = self._result(tags, scores)
        return results

    def _tag_batch(self, sentences: list[list[str]]):
        lengths = np.array([len(s) for s in sentences])
        T, B = lengths.max(), len(sentences)
        x = np.zeros((T, B, self.params["W_ax"].shape[1]), np.float32)
        for b, tokens in enumerate(sentences):
            x[:len(tokens), b] = [self._input_vector(token) for token in tokens]
        mask = np.arange(T)[:, None] < lengths
        path, probabilities = network.decode(self.params, x, lengths, mask, self.penalties)
        for b, n in enumerate(lengths):
            yield path[:n, b], probabilities[:n, b]

    def _result(self, tag_ids, probabilities) -> dict:
        tags = [self.labels[i] for i in tag_ids]
        scores = [round(float(p), 4) for p in probabilities]
        entities = [{"label": label, "token_start": start, "token_end": end,
                     "score": round(sum(scores[start:end]) / (end - start), 4)}
                    for label, start, end in entity_spans(tags)]
        return {"tags": tags, "scores": scores, "entities": entities}
