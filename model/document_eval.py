"""Score the document path on CoNLL-2003: rebuild each ``-DOCSTART-`` document as raw text,
tag it whole as the service does (``model.documents``), and score the entities against the
gold tokens.

The raw text is the gold tokens joined by single spaces, each sentence joined to the next by
a newline (as text usually arrives: a headline, a dateline, paragraphs) or by a single space
(the hard case: only the splitter's punctuation rules find the sentences); or, "wrapped", by
a newline with each sentence's line also broken before any word that would take it past
WRAP_WIDTH characters, as e-mail, plain-text files and text taken from PDFs come; or, "html",
by a newline with each sentence an HTML paragraph (``<p>...</p>``) and its characters escaped
(``&quot;``, ``AT&amp;T``), as text comes from web pages and feeds. The
service's tokenizer and splitter then decide everything again; a predicted entity is mapped back to the
gold tokens it overlaps by character offsets, so what differs from the gold tokenization or
sentence split costs what it should. Each document is scored as one sequence, so an entity
predicted across a gold sentence boundary counts as wrong.
"""
from __future__ import annotations

from html import escape
from itertools import groupby
from typing import Sequence

from .conll import LabelledSentence
from .documents import WINDOW_TOKENS, Document, TagFunction, tag_documents
from .evaluate import evaluate

JOINS = {"newline": "\n", "space": " ", "wrapped": "\n", "html": "\n"}
WRAP_WIDTH = 72  # e-mail's customary width (RFC 2646's advice of at most 78, less a margin)
# What joins the sentences, in the words of the model card's page and the API reference.
JOIN_TITLES = {"newline": "a newline", "space": "a space",
               "wrapped": f"a newline, lines wrapped at {WRAP_WIDTH} characters",
               "html": "a newline, each sentence an HTML paragraph, its characters escaped"}


def rebuild(sentences: Sequence[LabelledSentence], join: str) -> list[tuple[str, list, list]]:
    """Per document: its raw text, the (start, end) of each gold token in it, its gold tags."""
    documents = []
    for _, group in groupby(sentences, key=lambda sentence: sentence.document):
        parts, spans, tags, position = [], [], [], 0
        for sentence in group:
            if parts:
                parts.append(JOINS[join])
                position += len(JOINS[join])
            if join == "html":
                parts.append("<p>")
                position += 3
            line_start = position
            for k, token in enumerate(sentence.tokens):
                if join == "html":
                    token = escape(token)
                if k:
                    wrap = join == "wrapped" and position + 1 + len(token) - line_start > WRAP_WIDTH
                    parts.append("\n" if wrap else " ")
                    position += 1
                    if wrap:
                        line_start = position
                parts.append(token)
                spans.append((position, position + len(token)))
                position += len(token)
            if join == "html":
                parts.append("</p>")
                position += 4
            tags += sentence.tags
        documents.append(("".join(parts), spans, tags))
    return documents


def tags_on_gold_tokens(entities: list[dict], spans: list[tuple[int, int]]) -> list[str]:
    """BIO tags for the gold tokens from predicted entities (character offsets): a gold token
    takes the type of the first entity it overlaps."""
    tags = ["O"] * len(spans)
    index = 0
    for entity in entities:  # in document order, like the gold tokens
        while index < len(spans) and spans[index][1] <= entity["start"]:
            index += 1
        first = True
        covered = index
        while covered < len(spans) and spans[covered][0] < entity["end"]:
            if tags[covered] == "O":
                tags[covered] = ("B-" if first else "I-") + entity["label"]
                first = False
            covered += 1
    return tags


def evaluate_documents(tag: TagFunction, sentences: Sequence[LabelledSentence], join: str,
                       max_tokens: int = WINDOW_TOKENS) -> dict:
    """``evaluate``'s scores of the documents of ``sentences`` tagged whole; ``sentences``
    counts documents."""
    documents = rebuild(sentences, join)
    answers = tag_documents(tag, [Document.from_text(text) for text, _, _ in documents],
                            max_tokens)
    predicted = [tags_on_gold_tokens(answer["entities"], spans)
                 for answer, (_, spans, _) in zip(answers, documents)]
    return evaluate([gold for _, _, gold in documents], predicted)
