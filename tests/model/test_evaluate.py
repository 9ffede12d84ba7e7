"""Our entity scores against seqeval's on random (often invalid) tag sequences."""
import numpy as np
import pytest
from seqeval.metrics import classification_report

from model.evaluate import entity_spans, evaluate

SEQEVAL_NAME = {"precision": "precision", "recall": "recall", "f1": "f1-score"}
TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]


def test_entity_spans():
    assert entity_spans(["B-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-LOC", "B-LOC"]) == [
        ("PER", 0, 2), ("LOC", 3, 4), ("ORG", 4, 5), ("LOC", 5, 6), ("LOC", 6, 7)]


@pytest.mark.parametrize("seed", range(20))
def test_agrees_with_seqeval(seed):
    rng = np.random.default_rng(seed)
    gold, predicted = [], []
    for _ in range(50):
        n = int(rng.integers(1, 15))
        g = list(rng.choice(TAGS, size=n, p=[0.5] + [0.0625] * 8))
        # predictions: mostly the gold tag, sometimes any tag
        p = [t if rng.random() < 0.7 else str(rng.choice(TAGS)) for t in g]
        gold.append([str(t) for t in g])
        predicted.append(p)
    ours = evaluate(gold, predicted)
    theirs = classification_report(gold, predicted, output_dict=True, zero_division=0)
    for name, scores in ours["per_type"].items():
        if scores["support"]:
            for key in ("precision", "recall", "f1"):
                assert scores[key] == pytest.approx(theirs[name][SEQEVAL_NAME[key]])
    for key in ("precision", "recall", "f1"):
        assert ours["overall"][key] == pytest.approx(theirs["micro avg"][SEQEVAL_NAME[key]])
