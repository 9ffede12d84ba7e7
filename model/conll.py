"""Reading CoNLL-format files: one token a line, the entity tag in the last column.

A blank line ends a sentence; ``-DOCSTART-`` lines separate documents. Tags may be IOB1
(the original CoNLL-2003 release) or IOB2; we always hand back IOB2 (BIO), the scheme the
model is trained on and the service returns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
_TAG = re.compile(r"^(O|[BI]-[A-Za-z]+)$")


class ConllFormatError(ValueError):
    """A line that is not token-then-tag; the message names the file and line."""


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence read from a CoNLL file: its tokens and their gold IOB2 tags."""
    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    document: int = 0  # index of the -DOCSTART- section it came from


def iob1_to_iob2(tags: list[str]) -> list[str]:
    """IOB1 starts an entity with I- unless it directly follows one of the same type.

    IOB2 starts every entity with B-. Converting is idempotent on IOB2 input.
    """
    converted = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and (previous == "O" or previous[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        converted.append(tag)
        previous = tag
    return converted


def read_conll(path: str | Path) -> list[LabelledSentence]:
    path = Path(path)
    sentences: list[LabelledSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    document = 0

    def end_sentence() -> None:
        if tokens:
            sentences.append(LabelledSentence(tuple(tokens), tuple(iob1_to_iob2(tags)), document))
            tokens.clear()
            tags.clear()

    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            fields = line.split()
            if not fields:
                end_sentence()
                continue
            if fields[0] == "-DOCSTART-":
                end_sentence()
                document += 1
                continue
            if len(fields) < 2:
                raise ConllFormatError(
                    f"{path}:{number}: expected a token and a tag, got {line.rstrip()!r}")
            tag = fields[-1]
            if not _TAG.match(tag):
                raise ConllFormatError(
                    f"{path}:{number}: {tag!r} is not a tag (O, B-TYPE or I-TYPE)")
            tokens.append(fields[0])
            tags.append(tag)
    end_sentence()
    return sentences
