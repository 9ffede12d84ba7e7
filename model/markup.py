"""HTML in a text, read as a browser shows it, with every offset still into the text as sent.

Text copied out of web pages, feeds, CMS fields and APIs often arrives as HTML or with its
characters escaped: ``Johnson &amp; Johnson``, ``&quot;Berlin&quot;``, ``<p>Angela
<b>Merkel</b></p>``. Read as written, ``&amp;`` became the tokens ``& amp ;`` and the tags
tokens of their own between the names; CoNLL-2003 has neither. So before the text is split
and tokenized:

* A character reference (``&amp;``, ``&#8217;``, ``&#x2019;``, any HTML5 name ending in
  ``;``) is read as the character it stands for, as ``html.unescape`` decodes it. Without the
  ``;``, ``AT&T`` and ``R&D`` are plain text, as they are in the data.
* A tag of an HTML element (``<b>``, ``<a href="...">``, ``</p>``) is read as nothing when
  the element runs within a line of text (``<b>``, ``<span>``), and as a line break when it
  makes a block (``<p>``, ``<br>``, ``<li>``, ``<td>``), so paragraphs and cells are
  sentences of their own. Comments, and the contents of ``<script>`` and ``<style>``, are
  read as nothing. Only the names of HTML's elements count as tags, so an e-mail's
  ``<jane@example.com>`` and a comparison like ``x <y`` stay text.

The tokens keep their place in the text as sent: ``AT&amp;T`` is one token whose offsets
cover all eight characters, which the model reads as ``AT&T``.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from typing import NamedTuple

# The elements that make a block of their own: a browser starts a new line before and after.
BLOCK_ELEMENTS = (
    "address article aside blockquote body br caption dd details div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p "
    "pre section summary table tbody td tfoot th thead title tr ul"
).split()
# Those that run within a line of text.
INLINE_ELEMENTS = (
    "a abbr b bdi bdo big cite code data del dfn em font i img ins kbd label mark meta q s "
    "samp small span strike strong sub sup time tt u var wbr"
).split()

_ATTRIBUTES = r"""(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?"""
_MARKUP = re.compile(
    "|".join([
        r"(?P<reference>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
        rf"(?P<block></?(?:{'|'.join(BLOCK_ELEMENTS)}){_ATTRIBUTES}/?>)",
        rf"(?P<inline></?(?:{'|'.join(INLINE_ELEMENTS)}){_ATTRIBUTES}/?>)",
        # Where hidden content starts: a comment, a script or a style element. Its end is
        # found by _HIDDEN_ENDS.
        r"(?P<comment><!--)",
        rf"(?P<script><script{_ATTRIBUTES}>)",
        rf"(?P<style><style{_ATTRIBUTES}>)",
    ]),
    re.IGNORECASE,
)
_HIDDEN_ENDS = {"comment": re.compile("-->"),
                "script": re.compile(r"</script\s*>", re.IGNORECASE),
                "style": re.compile(r"</style\s*>", re.IGNORECASE)}


def _unescape(reference: str) -> str | None:
    """The characters a reference stands for, or None for a name HTML does not know."""
    characters = html.unescape(reference)
    return None if characters == reference else characters


class Reading(NamedTuple):
    """The text as the splitter and tokenizer read it, and where its characters came from.

    It is pieces: text copied as it is, and what a reference or a tag was read as. Piece k
    starts at ``offsets[k]`` in ``text`` and stands for ``original[sources[k]:source_ends[k]]``;
    a copied piece character for character, markup whole. (Pieces, not an offset per
    character: a list of those took 7 MiB for a 100,000-character text.)"""

    text: str
    offsets: list[int]
    sources: list[int]
    source_ends: list[int]
    copied: list[bool]

    def original_starts(self, starts: list[int]) -> list[int]:
        """The offsets into the original text where characters ``starts`` start."""
        result = []
        for start in starts:
            k = bisect_right(self.offsets, start) - 1
            result.append(self.sources[k] + (start - self.offsets[k] if self.copied[k] else 0))
        return result

    def original_ends(self, ends: list[int]) -> list[int]:
        """The offsets into the original text where spans ending at ``ends`` end."""
        result = []
        for end in ends:
            k = bisect_right(self.offsets, end - 1) - 1
            result.append(self.sources[k] + end - self.offsets[k] if self.copied[k]
                          else self.source_ends[k])
        return result


def read_markup(text: str) -> Reading | None:
    """The text with its HTML read as a browser shows it, or None when it has none (most
    text: then the text is read as it is, at no cost)."""
    if "&" not in text and "<" not in text:
        return None
    pieces, reading = [], Reading("", [], [], [], [])
    length = 0  # of the pieces so far

    def add(piece: str, source: int, source_end: int, copied: bool) -> None:
        nonlocal length
        if piece:
            pieces.append(piece)
            for column, value in zip(reading[1:], (length, source, source_end, copied)):
                column.append(value)
            length += len(piece)

    copied = 0  # text[:copied] is accounted for
    unclosed = set()  # the kinds of hidden content that no end follows: text from here on
    match = _MARKUP.search(text)
    while match is not None:
        start, end = match.span()
        kind = match.lastgroup
        if kind == "reference":
            characters = _unescape(match.group())
        elif kind in _HIDDEN_ENDS:
            # Searched for once per kind: when no end follows one start, none follows a
            # later one either, and searching again from each start would take time
            # quadratic in the text.
            close = None if kind in unclosed else _HIDDEN_ENDS[kind].search(text, end)
            if close is None:
                unclosed.add(kind)
            else:
                end = close.end()
            characters = None if close is None else ""
        else:
            characters = "\n" if kind == "block" else ""
        if characters is not None:  # else plain text: an unknown name, an unclosed comment
            add(text[copied:start], copied, start, True)
            # A character read from markup stands for all of it: a token that starts or
            # ends on one covers the whole reference or tag.
            add(characters, start, end, False)
            copied = end
        match = _MARKUP.search(text, end)
    if copied == 0:
        return None
    add(text[copied:], copied, len(text), True)
    return reading._replace(text="".join(pieces))
