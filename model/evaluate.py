"""Entity-level precision, recall and F1, counted the way conlleval and seqeval count them:
an entity is right only when its span and its type both match exactly."""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

# Headline case leaves these in lower case, except as a headline's first word.
HEADLINE_SMALL_WORDS = frozenset(
    "a an and as at but by for from in n't nor of on or the to vs with".split())


def lower_case(tokens: Sequence[str]) -> list[str]:
    return [token.lower() for token in tokens]


def upper_case(tokens: Sequence[str]) -> list[str]:
    return [token.upper() for token in tokens]


def headline_case(tokens: Sequence[str]) -> list[str]:
    """Every word capitalised but the short function words inside, as web pages, titles and
    many news sites write headlines ("Microsoft Unveils New Chip at Build Conference"): the
    capital that marks a name then marks almost every word."""
    return [token if i and token.lower() in HEADLINE_SMALL_WORDS else token[:1].upper() + token[1:]
            for i, token in enumerate(tokens)]


# The versions of a text a model is scored on (gold tags unchanged): as written; every token
# lower- or upper-cased, which is how chat, transcripts and shouted headlines come; and
# headline case.
CASES = {"cased": list, "lowercased": lower_case, "uppercased": upper_case,
         "headline": headline_case}
# Where each case's validation scores go in model.json (and, as "dev...", in history.json).
VALIDATION_KEYS = {"cased": "validation", "lowercased": "validation_lowercased",
                   "uppercased": "validation_uppercased", "headline": "validation_headline"}


def recase(tokens: Sequence[str], case: str) -> list[str]:
    """The tokens in one of CASES."""
    return CASES[case](tokens)


def entity_spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """(type, start, end) for every entity in a BIO sequence, end exclusive.

    An I- tag that does not continue an entity of its type starts a new one, as conlleval does,
    so that invalid sequences from any tagger are scored the same way.
    """
    spans = []
    label, start = None, 0
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label
        if label is not None and not continues:
            spans.append((label, start, i))
            label = None
        if prefix in ("B", "I") and not continues:
            label, start = kind, i
    return spans


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> dict:
    """Scores of predicted tag sequences against gold ones, overall (micro) and per type."""
    correct, n_pred, n_gold = Counter(), Counter(), Counter()
    sentences = tokens = 0
    for gold_tags, pred_tags in zip(gold, predicted, strict=True):
        if len(gold_tags) != len(pred_tags):
            raise ValueError("gold and predicted sentences differ in length")
        sentences += 1
        tokens += len(gold_tags)
        gold_spans = set(entity_spans(gold_tags))
        pred_spans = set(entity_spans(pred_tags))
        n_gold.update(label for label, _, _ in gold_spans)
        n_pred.update(label for label, _, _ in pred_spans)
        correct.update(label for label, _, _ in gold_spans & pred_spans)
    types = sorted(set(n_gold) | set(n_pred))
    per_type = {t: {**_prf(correct[t], n_pred[t], n_gold[t]), "support": n_gold[t]} for t in types}
    overall = _prf(sum(correct.values()), sum(n_pred.values()), sum(n_gold.values()))
    overall["support"] = sum(n_gold.values())
    return {"overall": overall, "per_type": per_type, "sentences": sentences, "tokens": tokens}
