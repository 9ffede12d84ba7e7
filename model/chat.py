"""Chat's interjections and abbreviations, added to training sentences as made-up examples.

CoNLL-2003 is news: it has no "lol", no "omg", no "btw". In lower-case text, where case no
longer marks a name, the model read such a short unknown word like a lower-cased acronym
(``nato``, ``uefa``): "lol that was hilarious" came back with "lol" an organisation, "omg
did u see the game" with "omg" and "u". These sentences are training sentences with one of
them before or after, tagged outside entities, so the model sees them beside real names.

The words and the forms were written down once, from common usage in chat and text
messages, and not tuned; the sentences are the training data's own, so their names and
tags are the data's.
"""
from __future__ import annotations

import numpy as np

from .conll import LabelledSentence

WORDS = ["lol", "lmao", "omg", "btw", "idk", "tbh", "imo", "imho", "brb", "fyi", "asap",
         "thx", "ty", "pls", "plz", "np", "ikr", "smh", "rn", "tho", "u", "ur", "ya", "yeah",
         "yep", "nope", "ok", "okay", "haha", "hahaha", "hehe", "gonna", "wanna", "gotta"]
MARKS = [",", "!", "...", None]  # None: nothing between the word and the sentence


def make(train_set: list[LabelledSentence], count: int, seed: int) -> list[LabelledSentence]:
    """``count`` training sentences with a chat word before or after, drawn with their own
    generator from ``seed`` so that a run and its resumption make the same ones."""
    if not train_set or count <= 0:
        return []
    rng = np.random.default_rng([seed, 0xC4A7])

    def pick(items):
        return items[int(rng.integers(len(items)))]

    sentences = []
    for _ in range(count):
        sentence = pick(train_set)
        word, mark = [pick(WORDS)], pick(MARKS)
        added = word + ([mark] if mark else [])
        if rng.integers(2):  # lol , Angela Merkel said ...
            tokens = added + list(sentence.tokens)
            tags = ["O"] * len(added) + list(sentence.tags)
        else:                # Angela Merkel said ... lol
            tokens = list(sentence.tokens) + word
            tags = list(sentence.tags) + ["O"]
        sentences.append(LabelledSentence(tuple(tokens), tuple(tags), sentence.document))
    return sentences
