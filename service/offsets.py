"""Character offsets: where each token, and each entity, sits in the text a client sent."""

from __future__ import annotations

from dataclasses import dataclass

from model.tokenizer import tokenize


@dataclass(frozen=True)
class TokenizedText:
    """A sentence ready to tag: its tokens and where each sits in `source`."""

    source: str  # the request text, or the tokens joined by single spaces
    tokens: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def from_text(cls, text: str) -> "TokenizedText":
        spans = tokenize(text)
        return cls(text, [s[0] for s in spans], [s[1] for s in spans], [s[2] for s in spans])

    @classmethod
    def from_tokens(cls, tokens: list[str]) -> "TokenizedText":
        starts, ends, position = [], [], 0
        for token in tokens:
            starts.append(position)
            position += len(token)
            ends.append(position)
            position += 1  # the joining space
        return cls(" ".join(tokens), tokens, starts, ends)

    def annotate(self, output: dict) -> dict:
        """The model's output for these tokens as the API answers it: every token and
        entity with its text and character offsets."""
        source, starts, ends = self.source, self.starts, self.ends
        tokens = [
            {"text": text, "start": start, "end": end, "tag": tag, "score": score}
            for text, start, end, tag, score in zip(
                self.tokens, starts, ends, output["tags"], output["scores"]
            )
        ]
        entities = []
        for entity in output["entities"]:
            first, last = entity["token_start"], entity["token_end"]
            start, end = starts[first], ends[last - 1]
            entities.append({
                "text": source[start:end],
                "label": entity["label"],
                "start": start,
                "end": end,
                "token_start": first,
                "token_end": last,
                "score": entity["score"],
            })
        return {"tokens": tokens, "entities": entities}
