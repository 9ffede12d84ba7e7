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
    def __init__(self, params: dict, features, meta: dict, token_cache_size: int = 20_000):
        self.params, self.features, self.meta = params, features, meta
        self.labels: list[str] = meta["labels"]
        self.penalties = tuple(p.astype(np.float32) for p in bio_penalties(self.labels))
        # The input half of the LSTM gates depends on the token alone, so it is computed once per
        # distinct token and reused: that takes the embedding look-ups, the n-gram averaging and
        # most of the multiplications off the per-request path. Each entry is 2 * 4H floats.
        self._gate_inputs = lru_cache(maxsize=token_cache_size)(self._compute_gate_inputs)

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

    def _compute_gate_inputs(self, token: str) -> np.ndarray:
        word, shape, ngrams, gazetteer_bits = self.features.encode(token)
        p = self.params
        ngram_mean = p["E_ngram"][ngrams].mean(axis=0) if ngrams else np.zeros(
            p["E_ngram"].shape[1], np.float32)
        x = np.concatenate([p["E_word"][word], p["E_shape"][shape], ngram_mean, gazetteer_bits])
        return network.gate_inputs(p, x)  # (2, 4H)

    def tag(self, sentences: list[list[str]]) -> list[dict]:
        """One result per sentence: tags, per-tag probabilities, and entity spans with scores."""
        results: list[dict] = [{"tags": [], "scores": [], "entities": []} for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        for chunk_start in range(0, len(order), BATCH_SIZE):
            chunk = order[chunk_start:chunk_start + BATCH_SIZE]
            for index, (tags, scores) in zip(chunk, self._tag_batch([sentences[i] for i in chunk])):
                results[index] = self._result(tags, scores)
        return results

    def _tag_batch(self, sentences: list[list[str]]):
        """Sentences longest first -> (tag ids, probabilities) per sentence."""
        lengths = np.array([len(s) for s in sentences])
        T, B = lengths[0], len(sentences)
        z_x = np.zeros((T, B, *self.params["b_a"].shape), np.float32)
        for b, tokens in enumerate(sentences):
            z_x[:len(tokens), b] = [self._gate_inputs(token) for token in tokens]
        mask = np.arange(T)[:, None] < lengths
        path, probabilities = network.decode(
            self.params, z_x.transpose(2, 0, 1, 3), lengths, mask, self.penalties)
        for b, n in enumerate(lengths):
            yield path[:n, b], probabilities[:n, b]

    def _result(self, tag_ids, probabilities) -> dict:
        tags = [self.labels[i] for i in tag_ids]
        scores = np.round(probabilities, 4).tolist()
        entities = [{"label": label, "token_start": start, "token_end": end,
                     "score": round(sum(scores[start:end]) / (end - start), 4)}
                    for label, start, end in entity_spans(tags)]
        return {"tags": tags, "scores": scores, "entities": entities}
