"""Postal addresses, made up as extra training sentences.

CoNLL-2003 is news: it names towns and streets in prose (`on Wall Street`, `in Portsmouth`),
never as an address's line. A model trained on it alone read a town before a postcode as an
organisation with its postcode (`London EC2A`, `Kaistraße 20 , 40221 Düsseldorf` two ORGs),
in the signature, letterhead and invoice of nearly every business text. These lines show it
addresses as the UK, the US, Germany and France write them: the street and the town places,
the numbers and the postcode nothing, a company before its address an organisation.

The forms and the street words were written down once, from common usage, and not tuned; the
towns, the surnames that streets are named after and the companies come from the training
sentences' own entities.
"""
from __future__ import annotations

import numpy as np

from .conll import LabelledSentence
from .evaluate import entity_spans

STREETS = ["Street", "Road", "Avenue", "Lane", "Way", "Drive", "Place", "Square", "Close",
           "Boulevard", "St", "Rd", "Ave"]
GERMAN_STREETS = ["stra\u00dfe", "str.", "weg", "platz", "allee", "ring"]
FRENCH_STREETS = ["rue", "avenue", "boulevard", "place"]
US_STATES = ["NY", "CA", "TX", "IL", "PA", "MA", "WA", "FL", "GA", "NJ", "OH", "VA"]
LETTERS = "ABCDEFGHJKLMNPRSTUWXYZ"


def _entities(train_set: list[LabelledSentence], label: str) -> list[tuple[str, ...]]:
    """Every entity of the training data with this label, as its tokens."""
    return [sentence.tokens[start:end] for sentence in train_set
            for kind, start, end in entity_spans(sentence.tags) if kind == label]


def _tagged(words: list[str] | tuple[str, ...], label: str | None) -> tuple[list[str], list[str]]:
    words = list(words)
    if label is None:
        return words, ["O"] * len(words)
    return words, [f"B-{label}"] + [f"I-{label}"] * (len(words) - 1)


def make(train_set: list[LabelledSentence], count: int, seed: int) -> list[LabelledSentence]:
    """``count`` address lines, drawn with their own generator from ``seed`` so that a run
    and its resumption make the same ones."""
    # in title case: not a headline's `NEW YORK`, nor a lower-case slip
    places = [p for p in _entities(train_set, "LOC") if all(w.istitle() for w in p)]
    surnames = [n[-1:] for n in _entities(train_set, "PER") if n[-1].istitle() and n[-1].isalpha()]
    companies = _entities(train_set, "ORG")
    if not places or not surnames or not companies or count <= 0:
        return []
    rng = np.random.default_rng([seed, 0xADD])

    def pick(items):
        return items[int(rng.integers(len(items)))]

    def number(low=1, high=300):
        return [str(int(rng.integers(low, high)))]

    def letters(n):
        return "".join(pick(LETTERS) for _ in range(n))

    def uk_postcode():
        return [f"{letters(int(rng.integers(1, 3)))}{int(rng.integers(1, 20))}"
                f"{letters(1) if rng.random() < 0.3 else ''}",
                f"{int(rng.integers(1, 10))}{letters(2)}"]

    def street():  # `Harbour Street`, from a surname or a place
        name = pick(surnames) if rng.random() < 0.6 else pick(places)[-1:]
        return _tagged([*name, pick(STREETS)], "LOC")

    comma = _tagged([","], None)
    sentences = []
    for _ in range(count):
        form = int(rng.integers(7))
        if form == 0:    # 14 Harbour Street , Portsmouth PO1 3LJ
            parts = [_tagged(number(), None), street(), comma, _tagged(pick(places), "LOC"),
                     _tagged(uk_postcode(), None)]
        elif form == 1:  # 1600 Market Street , Philadelphia , PA 19103
            parts = [_tagged(number(1, 3000), None), street(), comma,
                     _tagged(pick(places), "LOC"), comma, _tagged([pick(US_STATES)], "LOC"),
                     _tagged(number(10000, 99999), None)]
        elif form == 2:  # Kohlstraße 20 , 40221 Düsseldorf
            parts = [_tagged([pick(surnames)[0] + pick(GERMAN_STREETS)], "LOC"),
                     _tagged(number(1, 120), None), comma,
                     _tagged(number(10000, 99999), None), _tagged(pick(places), "LOC")]
        elif form == 3:  # 12 , rue Lafayette , 75009 Paris
            parts = [_tagged(number(1, 150), None), comma,
                     _tagged([pick(FRENCH_STREETS), *pick(surnames)], "LOC"), comma,
                     _tagged(number(10000, 99999), None), _tagged(pick(places), "LOC")]
        elif form == 4:  # London EC2A 4BQ , United Kingdom
            parts = [_tagged(pick(places), "LOC"), _tagged(uk_postcode(), None), comma,
                     _tagged(pick(places), "LOC")]
        elif form == 5:  # Acme Holdings , 14 Harbour Street , Portsmouth
            parts = [_tagged(pick(companies), "ORG"), comma, _tagged(number(), None),
                     street(), comma, _tagged(pick(places), "LOC")]
        else:            # P.O. Box 1234 , Nairobi 00100 , Kenya
            parts = [_tagged(["P.O.", "Box"], None), _tagged(number(1, 9999), None), comma,
                     _tagged(pick(places), "LOC"), _tagged(number(10000, 99999), None),
                     comma, _tagged(pick(places), "LOC")]
        tokens = [token for words, _ in parts for token in words]
        tags = [tag for _, labels in parts for tag in labels]
        sentences.append(LabelledSentence(tuple(tokens), tuple(tags)))
    return sentences
