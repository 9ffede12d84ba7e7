"""E-mail salutations and sign-offs, made up as extra training sentences.

CoNLL-2003 is news: it has no "Hi Sarah ," and no "Best ,". A model trained on it alone
reads a capitalised word before a name as the name's first part, so every e-mail came back
with "Hi Sarah" as one person and "Best" as an organisation. These sentences show it the
lines e-mail opens and closes with, around the training data's own names: the greeting is
outside, the name a person, a sign-off alone nothing.

The phrases and the forms were written down once, from common usage, and not tuned; the
names come from the training sentences, so nothing here names anyone the data does not.
"""
from __future__ import annotations

import numpy as np

from .conll import LabelledSentence
from .evaluate import entity_spans

OPENINGS = ["Hi", "Hello", "Hey", "Dear", "Good morning", "Good afternoon", "Morning",
            "Thanks", "Thank you"]
CLOSINGS = ["Thanks", "Thank you", "Many thanks", "Cheers", "Best", "Best regards",
            "Kind regards", "Regards", "Warm regards", "Best wishes", "All the best",
            "Sincerely", "Yours", "Take care"]
TITLES = ["Mr.", "Mrs.", "Ms.", "Dr.", "Prof."]
ENDINGS = [",", "!", ":", None]  # None: the line ends after the name


def person_names(train_set: list[LabelledSentence]) -> list[tuple[str, ...]]:
    """Every PER entity of the training data, as its tokens, in order of appearance."""
    return [sentence.tokens[start:end] for sentence in train_set
            for label, start, end in entity_spans(sentence.tags) if label == "PER"]


def _person(name: tuple[str, ...]) -> tuple[list[str], list[str]]:
    return list(name), ["B-PER"] + ["I-PER"] * (len(name) - 1)


def _words(phrase: str) -> tuple[list[str], list[str]]:
    words = phrase.split()
    return words, ["O"] * len(words)


def make(train_set: list[LabelledSentence], count: int, seed: int) -> list[LabelledSentence]:
    """``count`` salutations and sign-offs, drawn with their own generator from ``seed`` so
    that a run and its resumption make the same ones."""
    names = person_names(train_set)
    if not names or count <= 0:
        return []
    rng = np.random.default_rng([seed, 0x5A1])

    def pick(items):
        return items[int(rng.integers(len(items)))]

    def ending():
        mark = pick(ENDINGS)
        return ([mark], ["O"]) if mark else ([], [])

    sentences = []
    for _ in range(count):
        form = int(rng.integers(5))
        parts = []
        if form == 0:    # Hi Sarah ,
            parts = [_words(pick(OPENINGS)), _person(pick(names)), ending()]
        elif form == 1:  # Dear Mr. Smith ,
            parts = [_words(pick(["Dear", "Hello"])), _words(pick(TITLES)),
                     _person(pick(names)[-1:]), ending()]
        elif form == 2:  # Hi Anna and Tom ,
            parts = [_words(pick(OPENINGS)), _person(pick(names)), _words("and"),
                     _person(pick(names)), ending()]
        elif form == 3:  # Best ,
            parts = [_words(pick(CLOSINGS)), ending()]
        else:            # Thanks , Anna
            parts = [_words(pick(CLOSINGS)), ([","], ["O"]), _person(pick(names))]
        tokens = [token for words, _ in parts for token in words]
        tags = [tag for _, labels in parts for tag in labels]
        sentences.append(LabelledSentence(tuple(tokens), tuple(tags)))
    return sentences
