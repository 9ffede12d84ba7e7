"""The answer as the client asked for it: the request's options applied to the model's answer.

Options shape the answer only: the sentence cache keeps the model's output whatever they
are, and the response memo keys on the exact body, so an answer with other options is
another memo entry.
"""

from __future__ import annotations

import re
from itertools import accumulate

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_offsets(text: str) -> list[int] | None:
    """For each code-point offset into text (and its end), the UTF-16 code-unit offset;
    None when they are the same, as for any text without characters beyond U+FFFF."""
    if _ASTRAL.search(text) is None:
        return None
    return list(accumulate((2 if char > "\uffff" else 1 for char in text), initial=0))


def shape(answer: dict, text: str, options: dict, entity_types: set[str]) -> dict:
    """``answer`` (from ``Document.annotate``) with the request's options applied."""
    labels, min_score = options.get("labels"), options.get("min_score")
    if labels is not None or min_score is not None:
        wanted = entity_types if labels is None else set(labels)
        answer["entities"] = [entity for entity in answer["entities"]
                              if entity["label"] in wanted
                              and (min_score is None or entity["score"] >= min_score)]
    if not options["include_tokens"]:
        del answer["tokens"]
    if options["offsets"] == "utf16":
        units = utf16_offsets(text)
        if units is not None:
            for key in ("tokens", "entities", "sentences"):
                for item in answer.get(key, ()):
                    item["start"], item["end"] = units[item["start"]], units[item["end"]]
    return answer
