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
  the element runs within a line of text (``<b>``, ``<span>``), as a line break for
  ``<br>``, and as a blank line when it makes a block (``<p>``, ``<li>``, ``<td>``), so
  paragraphs and cells are sentences of their own. Comments, declarations
  (``<!DOCTYPE html>``), a word processor's namespaced tags (``<o:p>``) and the contents of
  ``<script>`` and ``<style>`` are read as nothing. Only the names of HTML's elements count
  as tags, so an e-mail's ``<jane@example.com>`` and a comparison like ``x <y`` stay text.
* Where the text has such blocks or line breaks, its own line breaks are only the layout of
  its source, and are read as spaces, as a browser shows them; but inside ``<pre>`` (where
  e-mail clients put a plain-text message) they are the text's own, as a browser keeps them.

The tokens keep their place in the text as sent: ``AT&amp;T`` is one token whose offsets
cover all eight characters, which the model reads as ``AT&T``.
"""
from __future__ import annotations

import html
import html.entities
import re
from bisect import bisect_right
from typing import NamedTuple

# HTML's elements (and the obsolete ones still written), by how a browser lays them out.
# Those that make a block of their own: a paragraph, a list item, a cell, a heading.
BLOCK_ELEMENTS = (
    "address article aside audio blockquote body canvas caption center dd details dialog dir "
    "div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head "
    "header hgroup hr html iframe legend li main map menu nav noframes noscript object ol "
    "optgroup option p picture pre search section select summary table tbody td template "
    "textarea tfoot th thead title tr ul video"
).split()
# Those that run within a line of text, and those that show nothing of their own.
INLINE_ELEMENTS = (
    "a abbr acronym area b base bdi bdo big button cite code col colgroup data datalist del "
    "dfn em embed font i img input ins kbd label link mark meta meter nobr output progress q "
    "rp rt ruby s samp slot small source span strike strong sub sup svg time track tt u var "
    "wbr"
).split()

_ATTRIBUTES = r"""(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?"""
_MARKUP = re.compile(
    "|".join([
        r"(?P<reference>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
        rf"(?P<line_break><br{_ATTRIBUTES}/?>)",
        rf"(?P<block></?(?:{'|'.join(BLOCK_ELEMENTS)}){_ATTRIBUTES}/?>)",
        rf"(?P<inline></?(?:{'|'.join(INLINE_ELEMENTS)}){_ATTRIBUTES}/?>)",
        # A word processor's namespaced tags (<o:p>), a <!DOCTYPE html> declaration.
        rf"(?P<other></?[A-Za-z]+:[A-Za-z]+{_ATTRIBUTES}/?>|<![A-Za-z][^<>]*>)",
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
# What a tag is read as: a block is a paragraph of its own, so it ends a sentence as a blank
# line does; <br> breaks a line within one.
_READ_AS = {"line_break": "\n", "block": "\n\n", "inline": "", "other": ""}
# Where a text has blocks or line breaks of HTML, its own line breaks are only the layout of
# its source, which a browser shows as spaces, but for those inside <pre>.
_PRE = re.compile(r"</?pre[\s/>]", re.IGNORECASE)
_SOURCE_LINE_BREAKS = str.maketrans("\n\r\v\f\x85\u2028\u2029", "       ")


def _unescape(reference: str) -> str | None:
    """The characters a reference stands for, or None for a name HTML does not know.
    (html.unescape alone also reads the start of &copyright; as the old &copy.)"""
    if reference[1] != "#" and reference[1:] not in html.entities.html5:
        return None
    return html.unescape(reference)


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


def read_as_shown(text: str) -> str:
    """The text as the splitter and tokenizer read it: its HTML as a browser shows it."""
    reading = read_markup(text)
    return text if reading is None else reading.text


def read_markup(text: str) -> Reading | None:
    """The text with its HTML read as a browser shows it, or None when it has none (most
    text: then the text is read as it is, at no cost)."""
    if "&" not in text and "<" not in text:
        return None
    pieces = []  # (piece, source, source end, copied, preformatted), in order
    done = 0  # text[:done] is read
    laid_out = False  # whether HTML's blocks or line breaks lay the text out
    preformatted = False  # whether text[done:] is inside <pre>
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
            characters = _READ_AS[kind]
            laid_out = laid_out or kind in ("block", "line_break")
        if characters is not None:  # else plain text: an unknown name, an unclosed comment
            pieces.append((text[done:start], done, start, True, preformatted))
            # A character read from markup stands for all of it: a token that starts or
            # ends on one covers the whole reference or tag.
            pieces.append((characters, start, end, False, preformatted))
            done = end
            if kind == "block" and _PRE.match(text, start):
                preformatted = text[start + 1] != "/"
        match = _MARKUP.search(text, end)
    if done == 0:
        return None
    pieces.append((text[done:], done, len(text), True, preformatted))
    if laid_out:
        pieces = [(piece.translate(_SOURCE_LINE_BREAKS) if copied and not preformatted else piece,
                   source, source_end, copied, preformatted)
                  for piece, source, source_end, copied, preformatted in pieces]
    reading = Reading("".join(piece for piece, *_ in pieces), [], [], [], [])
    offset = 0
    for piece, source, source_end, copied, _ in pieces:
        if piece:
            reading.offsets.append(offset)
            reading.sources.append(source)
            reading.source_ends.append(source_end)
            reading.copied.append(copied)
            offset += len(piece)
    return reading
