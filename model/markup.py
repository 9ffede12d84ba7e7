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
    """The text as the splitter and tokenizer read it, and where each of its characters
    came from: character i of ``text`` stands for ``original[starts[i]:ends[i]]``."""

    text: str
    starts: list[int]
    ends: list[int]


def read_markup(text: str) -> Reading | None:
    """The text with its HTML read as a browser shows it, or None when it has none (most
    text: then the text is read as it is, at no cost)."""
    if "&" not in text and "<" not in text:
        return None
    pieces, starts, ends = [], [], []
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
            pieces.append(text[copied:start])
            starts += range(copied, start)
            ends += range(copied + 1, start + 1)
            pieces.append(characters)
            # Each character read from markup stands for all of it: a token that starts or
            # ends on one covers the whole reference or tag.
            starts += [start] * len(characters)
            ends += [end] * len(characters)
            copied = end
        match = _MARKUP.search(text, end)
    if copied == 0:
        return None
    pieces.append(text[copied:])
    starts += range(copied, len(text))
    ends += range(copied + 1, len(text) + 1)
    return Reading("".join(pieces), starts, ends)
