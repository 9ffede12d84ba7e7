"""TaggingService's own rules, without HTTP: how a model output becomes what is cached and
answered."""

from __future__ import annotations

import json

import numpy as np

from service.responses import encode_json
from service.tagging_service import rounded


def test_scores_are_rounded_to_four_decimals_and_an_entity_scores_its_tokens_mean():
    output = {"tags": ["B-PER", "I-PER", "O"],
              "scores": np.array([0.123412, 0.999962, 0.5]),
              "entities": [{"label": "PER", "token_start": 0, "token_end": 2, "score": 0.9}]}
    result = rounded(output)
    assert result == {"tags": ["B-PER", "I-PER", "O"], "scores": [0.1234, 1.0, 0.5],
                      "entities": [{"label": "PER", "token_start": 0, "token_end": 2,
                                    "score": 0.5617}]}
    assert all(type(score) is float for score in result["scores"])
    # Plain JSON types: what goes into the cache comes back equal.
    assert json.loads(encode_json(result)) == result


def test_rounding_an_output_twice_changes_nothing():
    # So the scores may come from the model rounded already, or not: the answer is the same.
    rng = np.random.default_rng(0)
    scores = rng.random(2000)
    output = {"tags": ["O"] * 2000, "scores": scores,
              "entities": [{"label": "PER", "token_start": i, "token_end": i + 3, "score": 0.0}
                           for i in range(0, 1990, 7)]}
    once = rounded(output)
    assert rounded(once) == once
    assert once["scores"] != scores.tolist()  # rounding did something


def test_scores_are_rounded_the_way_numpy_rounds():
    # Half-way cases and their neighbours, where rounding methods disagree, and plain ones.
    rng = np.random.default_rng(1)
    halves = (np.arange(10_000) + 0.5) / 10_000
    scores = np.concatenate([rng.random(10_000), halves, np.nextafter(halves, 0),
                             np.nextafter(halves, 1), [0.0, 1.0, 0.00015, 0.99995]])
    output = {"tags": ["O"] * len(scores), "scores": scores.tolist(), "entities": []}
    assert rounded(output)["scores"] == np.round(scores, 4).tolist()


def test_a_sentence_without_tokens():
    assert rounded({"tags": [], "scores": [], "entities": []}) == {
        "tags": [], "scores": [], "entities": []}
