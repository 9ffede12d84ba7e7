"""Today's companies in the places of the training data's organisations, as extra training
sentences (mention replacement).

CoNLL-2003 is Reuters news of 1996. Its organisations are that year's: no Google, no Netflix,
no Nvidia. The model knows a later company only by its GloVe vector, and many of those read
like common words (google, twitter), so `Google said on Tuesday ...` came back with no
entity. These sentences are training sentences that name an organisation, with each of
their organisations replaced by the name of a listed company of today: the network sees
names it never saw in 1996 text, with their vectors, in every context an organisation
takes, tagged ORG.

The names are the companies of 20 stock indices (S&P 500, NASDAQ 100, FTSE 100, DAX, NIKKEI
225, ...) from the `pytickersymbols` package (MIT), stripped of their legal forms by
`cleanco` (MIT): `Netflix, Inc.` is `Netflix`. Both come with the `train` extra; serving needs
neither. The share of sentences and the forms were set once, before the first run, and not
tuned (model card, *Tuning*).
"""
from __future__ import annotations

import re

import numpy as np

from .conll import LabelledSentence
from .evaluate import entity_spans
from .tokenizer import tokenize

# The companies that tests/model/test_unseen_names.py looks for are left out of the list, so
# that the test measures names the model never saw in training, as a user's will be.
LEFT_OUT = {"Google", "Facebook", "Twitter", "Netflix", "YouTube", "PayPal", "LinkedIn",
            "Starbucks", "Walmart", "eBay", "EBay", "Nvidia", "Qualcomm"}
_NOTE = re.compile(r"\s*\([^)]*\)?\s*$")  # `Orion Corporation (pharmaceutical company)`


def _without_legal_form(company: str, basename) -> str:
    """`Netflix, Inc.` -> `Netflix`, `KSB SE & Co. KGaA` -> `KSB`: the name a text calls a
    company by. An index's note in brackets (`(Class A)`) goes first, then each legal form
    cleanco's ``basename`` finds at the end, then a leading `The`."""
    name = _NOTE.sub("", company).strip()
    while (shorter := basename(name)) != name:
        name = shorter
    return name.removeprefix("The ")  # `The Coca-Cola Company`: news writes Coca-Cola


def listed_companies() -> list[tuple[str, ...]]:
    """The names of the listed companies, each as the tokenizer splits it, sorted."""
    try:
        from cleanco import basename
        from pytickersymbols import PyTickerSymbols
    except ImportError as error:
        raise SystemExit(f"listed companies need the train extra "
                         f"(pip install -e '.[train]'): {error}") from None
    names = {_without_legal_form(stock["name"], basename)
             for stock in PyTickerSymbols().get_all_stocks()}
    return sorted({tuple(token for token, _, _ in tokenize(name)) for name in names
                   if name and name not in LEFT_OUT} - {()})


def make(train_set: list[LabelledSentence], companies: list[tuple[str, ...]], count: int,
         seed: int) -> list[LabelledSentence]:
    """``count`` training sentences that name an organisation, each organisation replaced by
    a company of ``companies``, drawn with their own generator from ``seed`` so that a run
    and its resumption make the same ones."""
    with_organisations = [sentence for sentence in train_set
                          if any(label == "ORG" for label, _, _ in entity_spans(sentence.tags))]
    if not with_organisations or not companies or count <= 0:
        return []
    rng = np.random.default_rng([seed, 0xC0])

    def pick(items):
        return items[int(rng.integers(len(items)))]

    sentences = []
    for _ in range(count):
        sentence = pick(with_organisations)
        tokens, tags, position = [], [], 0
        for label, start, end in entity_spans(sentence.tags):
            if label != "ORG":
                continue
            name = pick(companies)
            tokens += sentence.tokens[position:start] + name
            tags += sentence.tags[position:start] + ("B-ORG",) + ("I-ORG",) * (len(name) - 1)
            position = end
        tokens += sentence.tokens[position:]
        tags += sentence.tags[position:]
        sentences.append(LabelledSentence(tuple(tokens), tuple(tags), sentence.document))
    return sentences
