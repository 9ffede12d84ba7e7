"""A text read as it was meant to be read, with every offset still into the text as sent.

Text reaches the service from web pages, feeds, CMS fields, databases, exports and e-mail, and
it often carries what CoNLL-2003's clean text never has: HTML, characters garbled by a wrong
decoding, an encoding left undecoded. So before the text is split and tokenized, it is read
as a person would read it.

HTML, as a browser shows it. Read as written, ``&amp;`` became the tokens ``& amp ;`` and
each tag tokens of its own between the names (``<p>Angela <b>Merkel</b></p>``):

* A character reference (``&amp;``, ``&#8217;``, ``&#x2019;``, any HTML5 name ending in
  ``;``) is read as the character it stands for, as ``html.unescape`` decodes it. Without the
  ``;``, ``AT&T`` and ``R&D`` are plain text, as they are in the data.
* A tag of an HTML element (``<b>``, ``<a href="...">``, ``</p>``) is read as nothing when
  the element runs within a line of text (``<b>``, ``<span>``), as a line break for
  ``<br>``, and as a blank line when it makes a block (``<p>``, ``<li>``, ``<td>``), so
  paragraphs and cells are sentences of their own. Comments, declarations
  (``<!DOCTYPE html>``), a word processor's namespaced tags (``<o:p>``) and the contents of
  ``<script>`` and ``<style>`` are read as nothing. In a news feed (RSS, Atom: ``<rss``,
  ``<feed``, ``<?xml`` or ``xmlns``), its elements (``<item>``, ``<author>``) and namespaced
  ones (``<dc:creator>``) are blocks, and the marks around CDATA (``<![CDATA[``) nothing. Only the names of HTML's elements count
  as tags, so an e-mail's ``<jane@example.com>`` and a comparison like ``x <y`` stay text.
* An XML document (an API's payload, an export): read as above, elements that HTML does not
  know were text (``<Company>Solaris Agro</Company>`` one token and no entity, ORG ``Lucía
  Ferraro`` in ``<ContactName>``). Where the text opens with ``<?xml``, or with an element
  that it closes at its end (``<order>...</order>``), and its root element (past the
  declaration, comments and a doctype) is no HTML's, every element's tag (``<Company>``,
  ``</ContactName>``, ``<item id="3"/>``, ``<crm:Contact>``) is a block, as a feed's are; but
  inside CDATA, where a feed carries a story's HTML, HTML's elements keep their reading. A
  page, an XHTML page (``<?xml`` and ``<html``) and a fragment (``<div>...</div>``) are
  read as before, and so is an element opened and not closed at the text's end.
* Where the text has such blocks or line breaks, its own line breaks and tabs are only the
  layout of its source, and are read as spaces, as a browser shows them; but inside
  ``<pre>`` (where e-mail clients put a plain-text message) they are the text's own, as a
  browser keeps them, and in Markdown that holds some HTML (a README's centred logo: a line
  opens as Markdown's heading or code fence, or two as its list items, outside ``<pre>``,
  and the text is no whole page) they are the text's own too.
* A page's fields in inline elements side by side (``<span>Jordan</span><span>San
  Diego</span>``) are apart: a word's closing inline tag before a capital, past any other
  tags and with no space between, is read as a line break where a tag follows it, else as
  a space (``<strong>Erik</strong>Thank you``).

Mojibake: UTF-8 decoded as Windows-1252 (or Latin-1) somewhere on its way, the commonest
garbling there is. ``Merkel’s`` arrives as ``Merkelâ€™s`` and ``Zürich`` as ``ZÃ¼rich``, and
the model tagged ``Angela Merkelâ`` and ``FranÃ`` + ``ois Hollande``. Each run of characters
that are the bytes of one UTF-8 character so misread (``â€™``, ``Ã¼``) is read as that
character, ``â€`` alone as ``”`` (whose last byte, 0x9D, Windows-1252 lacks, so that
decoders drop it), and ``Â`` before a space as nothing (a no-break space, ``Â\xa0`` garbled,
whose second half became a space). Ordinary text has such pairs too (``mangé\xa0»``,
``Spaß«``): a run is read only where ftfy, which knows which sequences garbling makes and
languages do not, finds the run and the few characters around it bad.

Quoted-printable: an e-mail's body as its raw message has it, pasted undecoded
(``Z=C3=BCrich``, ``Merkel=E2=80=99s``, a long line broken as ``Hol=`` / ``lande``). Where
the text shows it (the escapes of a UTF-8 character, or a soft line break beside an escape),
each run of escapes is read as its bytes decoded (UTF-8, else Windows-1252) and each soft
line break as nothing; escapes of ASCII alone only as described at _QP below.

Escapes left in a string: a client that encoded its text twice (as JSON inside JSON, or a
string literal copied from code or a log) sends ``John Smith\\nEmployer:\\tSiemens AG``, the
two characters ``\\`` and ``n`` where a line break was meant, and the model tagged
``tSiemens AG`` and ``nAngela Merkel``. Where the text has no line break of its own, every
backslash in it starts one of JSON's escapes (``\\n``, ``\\t``, ``\\r``, ``\\"``,
``\\\\``, ``\\/``, ``\\u00e9``), at least one of them a line break, a tab or a character
code, and nothing in it is a path's or TeX's (``C:\\``, ``\\\\server``, ``\\textit{``),
each escape is read as the character it stands for: a surrogate pair as one character, a
lone surrogate (half an emoji, where a post was cut short) as nothing. A regular expression
(``\\d+``) or TeX (``\\alpha``) has other backslashes, and is read as written. The line
breaks and tabs so read are the text's own, laid out like the rest where HTML lays it out.

A JSON document sent as the text (an API's record, an export), laid out on lines as
``json.dumps(obj, indent=2)`` writes it: read as written, a line that ends in ``,`` went on
into the next, so that its fields ran into one sentence, and a name came back with its quotes
(MISC ``Velmora Biotech``, PER ``Met Hannah``). A text that opens with ``{`` or ``[``, breaks
its lines, holds a string and parses as JSON is read as its members one a line, each a field
like ``company: Velmora Biotech``: a string's quotes as nothing and its escapes (``\\n``,
``\\"``, ``\\u00ed``, a surrogate pair, also ``\\b`` as nothing and ``\\f``) as the
characters they stand for, so an escaped line break is a line of the value; the ``,`` that
ends a member's line as nothing, and so are a ``{`` or ``[`` that ends a line and a ``}`` or
``]`` that opens one (after ``[`` the splitter went on into the next line, an array's first
item). Keys stay as words, the context of their values. A document on one line (``{"a":
1}``), one that does not parse and JSON inside other text are read as written.

Character codes escaped in a text that has line breaks of its own (a log's record,
``Luc\\u00eda Ferraro`` / ``Z\\u00fcrich``, read as written PER ``Luc`` and ORG ``Z``):
where every backslash in the text starts one of JSON's escapes, one at least a ``\\uXXXX``,
and nothing in it is a path's or TeX's, each ``\\uXXXX`` (and surrogate pair) is read as its
character, but for a control character's. Its ``\\n``, ``\\t`` and ``\\"`` stay as
written: among real line breaks they may be code's (``printf("done\\n");``).

A calendar's or a contact card's text (iCalendar, vCard), from a line ``BEGIN:VEVENT``,
``BEGIN:VCALENDAR`` or ``BEGIN:VCARD`` to its ``END:`` line: each folded line, broken by a
line break and a space or a tab, is read unfolded, each escape of a value (``\\n``,
``\\,``, ``\\;``, ``\\\\``, and Apple's ``\\:`` in ``http\\://``) as the character it
stands for, and the lines that open and close its objects (``BEGIN:VEVENT``, ``END:VCARD``)
as nothing. Each property's name, with Apple's group and its parameters
(``item1.EMAIL;type=INTERNET:``, ``TEL;WORK;VOICE:``), is read as a line break, so that
each property is a sentence of its own, but for an attendee's or an organiser's name
(``;CN=Rajesh Nair``), kept; the ``;`` between the fields of a name, an address or an
organisation (``N:Okonkwo;Chinedu;;;``, ``ADR:;;Calle Mayor 5;Madrid``) as a comma and a
space, none at the value's ends or for empty fields. Apple's marks around its own labels
(``_$!<Work>!$_``) are read as nothing, and so are a photo's or a key's data and an
identifier (``PHOTO``, ``UID``), with their names. The text around the objects (an e-mail
that carries a card) is read as any other.

TeX and BibTeX, as a paper's text, its references and a bibliography's entries carry them
(``author = {Okonkwo, Chiamaka and M{\\"u}ller, Johanna}``, ``Jos\\'e Ram\\'irez of the
Universit\\"at Z\\"urich``, ``title = {... in {G}erman and {E}nglish}``, ``Lample et~al.``):
read as written, the model tagged PER ``ller``, PER ``Jos``, ORG ``Universit``, MISC
``nglish`` and ORG ``Lample et``. Where the text shows them (an accent's or a letter's
command, a field of a BibTeX entry such as ``title = {``, or a tie between two words):

* An accent before its letter, in braces or not (``\\"u``, ``{\\"u}``, ``\\"{u}``,
  ``{\\'e}``, ``\\'{\\i}``), for ``\\"``, ``\\'``, ``\\^``, ``\\~``, ``\\=``,
  ``\\.`` and the grave (a backslash and a backtick), and the commands ``\\c{c}``,
  ``\\v{s}``, ``\\u{g}``, ``\\H{o}``, ``\\k{a}``, ``\\r{a}`` (also ``{\\c c}``), is
  read as the letter it makes, composed (NFC: ü, é, í, ç); the letters ``{\\o}``,
  ``{\\ss}``, ``{\\aa}``, ``{\\ae}``, ``{\\oe}``, ``{\\l}``, ``{\\i}`` and their
  capitals (also ``\\o{}``) as ø, ß, å, æ, œ, ł, ı. Without braces an accent is read only
  inside a word (after a letter: ``Universit\\"at``) and on a vowel (``\\~`` also on n:
  ``Espa\\~na``): a quote escaped in code or a database (``said \\"Hi\\"``, ``it\\'s``,
  ``O\\'Brien``) opens or closes a word or stands before a consonant, and stays as written,
  as does a bare ``\\'`` after a word that French or Italian elides (``l\\'avion``,
  ``dell\\'Aquila``) and every bare ``\\'`` of a text that escapes its apostrophes (a
  contraction ``it\\'s``, or a ``\\'`` before no letter). ``\\.`` is read only braced (a
  regular expression's ``example\\.com``), and so is an accent on a word's first letter
  (``{\\"O}zt{\\"u}rk``; ``\\"Hi`` opens a quote).
* BibTeX's braces that keep a word's capitals are read as nothing, so the word is whole:
  around letters with a letter or an accent's command right outside them (``{G}erman``,
  ``Mc{D}onald``, ``{G}\\"odel``), and, inside the value of an entry's field of words
  (``title``, ``booktitle``, ``author``, ``journal``...), around a capitalised word or words
  (``{NER}``, ``{{New York}}``). Only where the text has TeX's accents or such a field: Go's
  ``Point{X}`` and a template's ``{name}s`` elsewhere are code. A command's argument
  (``\\emph{Deep}``, ``\\frac{a}{b}c``, ``x_{i}y``, ``@book{knuth}``) stays as written.
* A tie between two words (``et~al.``, ``Fig.~3``, ``Table~\\ref``) is read as a space; a
  backup's ``file.~1~``, a Windows short name's ``PROGRA~1``, a home's ``~/`` and a URL's
  ``/~smith`` are no ties.

A text with TeX's accents is no text encoded twice, though ``\\"`` is an escape of JSON's too
(``M\\"uller \\today`` is Müller's, not ``M"uller`` and a tab); in a text encoded twice, TeX
is left as written. Other commands (``\\textit{``, ``\\cite{``), a regular expression's
``\\d+``, code's braces (``if (x) { y(); }``), JSON's (``{"a": 1}``) and paths
(``C:\\Users\\Maria``) are read as written.

Wikitext, MediaWiki's markup, as Wikipedia's source pasted carries it: read as written, a
link's bar was a table cell's and split its sentence in two (``She married [[Henrik Dahl
(physicist)|Henrik Dahl]] in 1990.`` gave PER ``Henrik Dahl`` twice), ``[[Lyon]]`` came back ORG
(LOC without its brackets) and ``{{Infobox scientist`` ORG ``Infobox``. Where the text shows it
(an internal link to a title closed on its line, ``[[`` and a letter; a template of an
article's, ``{{Infobox``, ``{{cite web``, or one whose parameters open the lines under it), it
is read as a reader of the page sees it:

* An internal link as its label (``[[target|`` and ``]]`` as nothing), or without one as its
  target, a link's trailing letters (``[[train]]s``) with it as one word; a file's, an image's
  or a category's link (``[[File:...]]``, ``[[Category:...]]``), caption and all, as nothing.
  An external link (``[https://x.org label]``) as its label, without one as nothing.
* Bold and italic quotes (``'''``, ``''``, ``'''''``) as nothing; runs of four or of six or
  more, MediaWiki's quotes and apostrophes together, stay as written.
* A template's opening with its name (``{{Infobox scientist``, ``{{cite web``) and its
  closing ``}}`` as nothing; its parameters (``| birth_place = [[Lyon]], France``) are text,
  each field's bar a cell's, a sentence's end.
* A heading (``== Early life ==``) as its words, its runs of ``=`` as nothing: it is a line,
  a sentence, of its own.
* A reference (``<ref>...</ref>``, ``<ref name="a" />``), a citation that the page shows as
  a number, and ``<references />`` as nothing (as HTML they were text as written, an unknown
  element: ``ref`` a word, its citation's fields sentences in the middle of one).
* Its own line breaks are the text's, though it holds HTML's ``<br>``: its lines are
  headings, fields and paragraphs.

Quotes, headings and one-line templates are no sign of wikitext, which other texts have too:
Python's ``''``, Mustache's and Jinja's ``{{name}}``, ``{{ user.name }}``, ``{{name|upper}}``;
nor are numpy's ``[[1, 2], [3, 4]]``, bash's ``[[ -f x ]]``, pandas' ``df[[col]]`` or a TOML
file's ``[[package]]`` alone on its line. There they, Markdown's ``[label](url)`` and JSON
are read as written; so is an unclosed link or template, a link to no title
(``[[1, 2], [3, 4]]`` beside wikitext) and a table's ``{|``.

WebVTT, subtitles and captions (YouTube's among them): read as written, the header's
``WEBVTT`` came back ORG, a voice ``<v Daniela>`` ORG ``Daniela``, and a caption timed word
by word (``my friend<00:00:12.000><c> tomás</c><00:00:12.300><c> okafor</c>``) no name at
all. Where the text opens with ``WEBVTT``, or has a word's timing tag (``<00:12.000>``) or a
voice opening a line, which nothing else writes:

* ``WEBVTT`` and the header's metadata under it (``Kind: captions``, ``Language: en``) are
  read as nothing, a title after ``WEBVTT`` on its line as text; so are a timing line's cue
  settings (``align:start position:0%``), the timing tags, and the tags of classes, ruby and
  languages (``<c>``, ``</c>``, ``<c.colorE5E5E5>``, ``<i.loud>``, ``<lang en>``) and
  ``</v>``; ``<i>``, ``<b>`` and ``<u>`` are HTML's, read as nothing too.
* A voice (``<v Daniela>``, ``<v.loud Tom Ashby>``) is read as its speaker's name and a
  colon, a line of its own as a transcript writes it (``Daniela: ...``): the name's
  characters are the text's, as written, ``<v `` is nothing (a line break where the tag opens
  no line) and ``>`` stands for ``: ``, so the colon's token is ``>``.

The timing lines stay as written, as SubRip's (SRT's) do; an SRT file is read as before.

OCR's hyphen at a line's end: some OCR programs (ABBYY's among them, reading old print)
write the hyphen of a word broken at a line's end as ``¬`` (U+00AC), and the model tagged
PER ``Geoffrey Hol`` for ``Geoffrey Hol¬`` / ``lins``. A ``¬`` at a line's end between
letters is read, with the line break and the indentation after it, as nothing, so the word is
whole (``Hollins``, one token over ``Hol¬\nlins``); before a capital as a hyphen, which a
compound keeps (``Baden¬\nWürttemberg`` as ``Baden-Württemberg``), as a hyphen at a line's
end is. Elsewhere (logic's ``¬p``, ``a ¬ b``, ``x¬`` at a line's end before a digit) it is
read as written.

The tokens keep their place in the text as sent: ``AT&amp;T`` is one token whose offsets
cover all eight characters, which the model reads as ``AT&T``.
"""
from __future__ import annotations

import html
import html.entities
import json
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from ftfy.badness import is_bad

# HTML's elements (and the obsolete ones still written), by how a browser lays them out.
# Those that make a block of their own: a paragraph, a list item, a cell, a heading.
BLOCK_ELEMENTS = (
    "address article aside audio blockquote body canvas caption center dd details dialog dir "
    "div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head "
    "header hgroup hr html iframe legend li main map menu nav noframes noscript object ol "
    "optgroup option p picture pre search section select summary table tbody td template "
    "textarea tfoot th thead title tr ul video"
).split()
# A news feed's (RSS, Atom), whose elements are its fields (a story's title, author and
# text are no one sentence): blocks where the text is a feed (_FEED), as are XML's
# namespaced elements there (`<dc:creator>`). Elsewhere `List<Item>` is code and a word
# processor's `<o:p>` runs within a line.
FEED_ELEMENTS = ("rss channel item description author category pubDate guid feed entry "
                 "content published updated").split()
_FEED = re.compile(r"<rss[\s>]|<feed[\s>]|<\?xml|xmlns[:=]", re.IGNORECASE)
# Those that run within a line of text, and those that show nothing of their own.
INLINE_ELEMENTS = (
    "a abbr acronym area b base bdi bdo big button cite code col colgroup data datalist del "
    "dfn em embed font i img input ins kbd label link mark meta meter nobr output progress q "
    "rp rt ruby s samp slot small source span strike strong sub sup svg time track tt u var "
    "wbr"
).split()

_ATTRIBUTES = r"""(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?"""

# An XML document (an API's payload, an export, a feed): its elements are its fields, which
# HTML does not know (`<Company>Solaris Agro</Company>` was read as one token of text, and
# `<ContactName>Lucía Ferraro</ContactName>` came back ORG). Where the text opens with `<?xml`
# or with an element that it closes at its end (`<order>...</order>`), and that element is no
# HTML's (a page or a fragment keeps its reading), every element's tag is a block (_XML_TAG);
# inside CDATA, where a feed carries a story's HTML, HTML's elements are HTML's.
_XML_NAME = r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?"
_XML_TAG = rf"</?(?!(?:script|style)[\s/>]){_XML_NAME}{_ATTRIBUTES}/?>"
_XML_OPENING = re.compile(rf"<({_XML_NAME})[\s/>]")
_TAG_NAME = re.compile(rf"</?({_XML_NAME})")
_XML_CLOSING = re.compile(rf"</({_XML_NAME})\s*>\s*\Z")
_HTML_KIND = {**{name: "block" for name in BLOCK_ELEMENTS}, **{
    name: "inline" for name in INLINE_ELEMENTS}, "br": "line_break"}
_HTML_NAMES = frozenset(_HTML_KIND) | {"script", "style"}
# HTML's elements of formatting, which keep their reading in an XML document too: an LLM's
# answer or a CMS export in its own element writes `Angela <b>Merkel</b>` (a block there cut
# the name). Not HTML's other inline elements, which name fields too (`<label>`, `<time>`).
_FORMATTING = {"b", "i", "em", "strong", "u", "s", "sup", "sub", "span", "a", "mark", "small",
               "font", "br"}
_XML_SPACE = re.compile(r"[\s\ufeff]*")
_PROLOG_ENDS = {"<?": "?>", "<!--": "-->", "<!": ">"}  # in this order: <!-- before <!


def _is_xml(text: str) -> bool:
    """Whether the text is an XML document: it opens with `<?xml` (past a byte order mark and
    spaces), or with an element that it closes at its end, and past its declaration, comments
    and doctype, its root element is no HTML's."""
    position = _XML_SPACE.match(text).end()
    declared = text.startswith("<?xml", position)
    for _ in range(16):  # the prolog: the declaration, processing instructions, comments
        mark = next((m for m in _PROLOG_ENDS if text.startswith(m, position)), None)
        if mark is None:
            break
        close = text.find(_PROLOG_ENDS[mark], position + len(mark))
        if close < 0:
            return False
        position = _XML_SPACE.match(text, close + len(_PROLOG_ENDS[mark])).end()
    root = _XML_OPENING.match(text, position)
    if root is None or root[1].lower() in _HTML_NAMES:
        return False
    if declared:
        return True
    closing = _XML_CLOSING.search(text, max(len(text) - len(root[1]) - 256, position))
    return closing is not None and closing[1] == root[1]


def _html(feed: bool, xml: bool = False) -> str:
    """The search for HTML's references and tags, and in a feed for its elements too: its
    namespaced elements as blocks (read as nothing, two fields' names ran into one: PER
    `Helen Marsh</dc:creator><dc:subject>Politics`), the marks around CDATA (ORG `CDATA`)
    and its `<?xml ...?>` declaration as nothing. In an XML document (``xml``, a feed too)
    every element's tag is found as one (read_text reads it as a block, or in CDATA as
    HTML's)."""
    blocks = "|".join(BLOCK_ELEMENTS + FEED_ELEMENTS if feed else BLOCK_ELEMENTS)
    return "|".join(([rf"(?P<xml_element>{_XML_TAG})"] if xml else []) + [
        r"(?P<reference>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
        rf"(?P<line_break><br{_ATTRIBUTES}/?>)",
        rf"(?P<block></?(?:{blocks}{'|[A-Za-z]+:[A-Za-z]+' if feed else ''}){_ATTRIBUTES}/?>)",
        rf"(?P<inline></?(?:{'|'.join(INLINE_ELEMENTS)}){_ATTRIBUTES}/?>)",
        # A word processor's namespaced tags (<o:p>), a <!DOCTYPE html> declaration.
        rf"(?P<other></?[A-Za-z]+:[A-Za-z]+{_ATTRIBUTES}/?>|<![A-Za-z][^<>]*>"
        + (r"|<!\[CDATA\[|\]\]>|<\?[A-Za-z][^<>]*\?>)" if feed else ")"),
        # Where hidden content starts: a comment, a script or a style element. Its end is
        # found by _HIDDEN_ENDS.
        r"(?P<comment><!--)",
        rf"(?P<script><script{_ATTRIBUTES}>)",
        rf"(?P<style><style{_ATTRIBUTES}>)",
    ])


_HIDDEN_ENDS = {"comment": re.compile("-->"),
                "script": re.compile(r"</script\s*>", re.IGNORECASE),
                "style": re.compile(r"</style\s*>", re.IGNORECASE),
                # wikitext's reference (a citation), where the text shows wikitext
                "wiki_ref": re.compile(r"</ref\s*>", re.IGNORECASE)}
# What a tag is read as: a block is a paragraph of its own, so it ends a sentence as a blank
# line does; <br> breaks a line within one.
_READ_AS = {"line_break": "\n", "block": "\n\n", "inline": "", "other": "",
            "xml_element": "\n\n"}
# Where a text has blocks or line breaks of HTML, its own line breaks and tabs are only the
# layout of its source, which a browser shows as spaces, but for those inside <pre>. (A tab
# left as it is ended a sentence, as between a table's cells: an indented source line split
# a name in two.)
_PRE = re.compile(r"</?pre[\s/>]", re.IGNORECASE)
_TAGS_AFTER = re.compile(r"(?:<[^<>\n]{0,200}>)*")  # the tags right after a tag, if any
# ... but in Markdown, which may hold HTML's blocks (a README's centred logo in `<p
# align="center">`, a `<details>` section), the line breaks are the text's own: read as
# spaces, a README's heading and its names, one a line, ran into one entity (_is_markdown).
_MARKDOWN_LINE = re.compile(r"^[^\S\n]*(?:(#{1,6} |```)|[-*+] |\d{1,3}\. )", re.MULTILINE)
_PAGE = re.compile(r"<(?:html|body|head|!doctype)[\s>]", re.IGNORECASE)
_SOURCE_LAYOUT = str.maketrans("\n\r\v\f\x85\u2028\u2029\t", "        ")

# Mojibake: the bytes of one UTF-8 character (a lead byte, then one to three continuation
# bytes 0x80-0xBF) read as Windows-1252 characters, or as Latin-1 where Windows-1252 has none.
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)}
_BYTE_OF.update({bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0)
                 if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)})
_CONTINUATION = "[" + "".join(sorted(c for c, b in _BYTE_OF.items() if b < 0xC0)) + "]"
_MOJIBAKE = (rf"[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
             rf"|[\u00f0-\u00f4]{_CONTINUATION}{{3}}|\u00e2\u20ac|\u00c2(?= )")
# What tells, quickly, that a text may have some: a lead and a continuation, or Â and a space.
# Such a pair is also ordinary text (mangé\xa0», Spaß«, ÖSTERREICH–): a run is read as
# mojibake only where ftfy, which knows the sequences that garbling makes and text does not,
# finds it bad in its few characters either side.
_MAY_HAVE_MOJIBAKE = re.compile(rf"[\u00c2-\u00f4]{_CONTINUATION}")
_MOJIBAKE_CONTEXT = 3

# Quoted-printable, an e-mail's transfer encoding, left undecoded when a raw message is
# pasted: each byte outside ASCII as =XX (Zürich as Z=C3=BCrich), = itself as =3D, and a line
# longer than 76 characters broken by a soft line break, = at its end (Hol=\nlande). What tells
# it: the escapes of a UTF-8 character's lead and continuation bytes, or a soft line break
# right beside an escape; without either, =XX and a line that ends in = are text as written.
# Even then, a run of escapes of ASCII alone (=20, =42) is decoded only as =3D, the escape of
# = itself, beside a soft line break or at a line's end (where the encoding keeps a space or
# a lone dot): a text can hold a quoted-printable part and a ?year=2024 of its own.
_QP_UTF8 = re.compile(r"=(?:C[2-9A-F]|D[0-9A-F]|E[0-9A-F]|F[0-4])=[89AB][0-9A-F]")
_QP_SOFT_BREAK_BY_ESCAPE = re.compile(r"=[0-9A-F]{2}=\r?\n|=\r?\n=[0-9A-F]{2}")
_QP_ESCAPE = re.compile(r"=[0-9A-F]{2}")
# A run of escapes and soft line breaks: a character's escapes may sit on either side of one.
_QP = r"(?P<quoted_printable>(?:=[0-9A-F]{2}|=\r?\n)+)"


# Escapes of JSON (and of most languages' string literals), left in a text encoded twice.
# JSON's backspace and form feed (\b, \f) are left out: no text means them, and paths do
# have them (`D:\backup`).
_ESCAPE = (r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"  # a surrogate pair
           r"|\\u[0-9a-fA-F]{4}|\\[ntr\"\\/]")
_ESCAPES = re.compile(_ESCAPE)
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "/": "/",
            "b": "", "f": "\f"}  # JSON's backspace and form feed, read only in a JSON document
_TELLING_ESCAPE = re.compile(r"\\(?:[ntr]|u[0-9a-fA-F]{4})")
# What a path or TeX has and a text encoded twice does not: a drive (`C:\temp`), a network
# share (`\\server\reports`), a command with its argument (`\textit{`).
_PATH_OR_TEX = re.compile(
    r"(?<!\w)[A-Za-z]:\\|(?<!\\)\\\\[A-Za-z][\w.-]*\\[A-Za-z]|\\[A-Za-z]+\{")


def _is_escaped(text: str) -> bool:
    """Whether the text was encoded twice: no line break of its own, every backslash the
    start of an escape, a line break, a tab or a character code among them, and nothing of
    a path's or of TeX."""
    return ("\\" in text and "\n" not in text and "\r" not in text
            and _TELLING_ESCAPE.search(text) is not None
            and "\\" not in _ESCAPES.sub("", text) and _PATH_OR_TEX.search(text) is None)


def _read_escape(escape: str) -> str:
    """The character an escape stands for; a lone surrogate, half of a character cut in two
    (a post cut short inside an emoji), as nothing."""
    if escape[1] != "u":
        return _ESCAPED[escape[1]]
    units = [int(escape[k:k + 4], 16) for k in range(2, len(escape), 6)]  # UTF-16 code units
    if len(units) == 2:
        return chr(0x10000 + ((units[0] - 0xD800) << 10) + units[1] - 0xDC00)
    return "" if 0xD800 <= units[0] <= 0xDFFF else chr(units[0])


# A JSON document sent as the text (an API's record, an export), pretty-printed as
# json.dumps(obj, indent=2) writes it: read as written, a line that ends in `,` went on into the
# next, so its fields ran into one sentence, and a name came back with its quotes (MISC
# `Velmora Biotech`, PER `Met Hannah`). A text that opens with { or [, breaks its lines and
# parses is read as its fields one a line: a string's quotes as nothing and its escapes as
# their characters (a string has no line break of its own: an escaped one is a line of its
# value), the , that ends a member's line as nothing, and so are a { or [ that ends a line
# and a } or ] that opens one (after `[` the splitter went on into the next line: `tags: [` /
# `Velmora Biotech` was one sentence). Outside a string JSON has no " and no backslash, and no
# string runs past its line: every " of the document is a string's, every backslash an
# escape's, and a mark at a line's end or start is the document's own. A document on one line
# (`{"a": 1}`) has no member's lines: it is left as written.
_JSON_OPENING = re.compile(r"\s*[\[{]")
_JSON = (r"(?P<escape>(?-i:" + _ESCAPE + r"|\\[bf]))"
         r"|(?P<json_quote>\")"
         r"|(?P<json_mark>[,\[{](?=[ \t]*\r?\n)|(?m:^)[ \t]*[\]}])")


def _is_json_document(text: str) -> bool:
    """Whether the text is a JSON object or array laid out on lines that holds some string."""
    if "\n" not in text or '"' not in text or not _JSON_OPENING.match(text):
        return False
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


# Escapes of character codes in a text that has line breaks of its own (a log's line, a
# record that a program wrote with its non-ASCII characters escaped: `Luc\u00eda Ferraro`,
# `Z\u00fcrich`, read as written PER `Luc` and ORG `Z`). A text encoded twice has no line
# break of its own; one that has is read so only where every backslash in it starts one of
# JSON's escapes, one at least a \uXXXX, and nothing of a path's or TeX's: then each \uXXXX
# (and surrogate pair) that stands for no control character is read as its character. Its
# \n, \t and \" stay as written: in a text that breaks its own lines they may be code's
# (`printf("done\n")`), which reads them as written.
_CHARACTER_CODE = re.compile(r"\\u[0-9a-fA-F]{4}")


def _has_character_codes(text: str) -> bool:
    return ("\\u" in text and ("\n" in text or "\r" in text)
            and _CHARACTER_CODE.search(text) is not None
            and "\\" not in _ESCAPES.sub("", text) and _PATH_OR_TEX.search(text) is None)


def _read_character_code(escape: str) -> str | None:
    """The character a \\uXXXX escape (or a surrogate pair) stands for, or None for any other
    escape (`\\n`, `\\\\`) and for a control character's code: text as written."""
    if escape[1] != "u":
        return None
    character = _read_escape(escape)
    return None if character and unicodedata.category(character) == "Cc" else character


# WebVTT, subtitles and captions (YouTube's among them): read as written, the file's `WEBVTT`
# came back ORG, a cue's voice `<v Daniela>` ORG `Daniela`, and a caption timed word by word
# (`my friend<00:00:12.000><c> tomás</c><00:00:12.300><c> okafor</c>`) no name at all, its
# tags words. In a text that opens with `WEBVTT`, or that has a word's timing tag
# (`<00:12.000>`) or a voice that opens a line (`<v Daniela>`), which nothing else writes,
# the header (`WEBVTT` and the lines under it, up to a blank line or a cue's timing, its
# metadata: `Kind: captions`; a title on its line is text),
# a timing line's cue settings (`align:start position:0%`), the timing tags and the tags of
# classes, italics, bold, underline, ruby and language (`<c>`, `<c.colorE5E5E5>`, `<i.loud>`,
# `</v>`; HTML's `<i>`, `<b>`, `<u>` are read as HTML's) are read as nothing, and a voice
# (`<v Daniela>`, `<v.loud Daniela Ruiz>`) as its speaker's name and a colon, the name's
# characters as written, on a line of its own. Its timing lines are left as written, as
# SubRip's (SRT's) are.
_VTT = re.compile(r"\ufeff?WEBVTT(?![^\s])")
_VTT_TIMESTAMP = r"<(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}>"
_VTT_SIGN = re.compile(rf"{_VTT_TIMESTAMP}|(?m:^)<v(?:\.[\w-]+)*[ \t]+[^<>\s][^<>\n]*>")
_VTT_VOICE_OPENING = re.compile(r"<v(?:\.[\w-]+)*[ \t]+")
_VTT_HEADER = re.compile(r"[^\r\n]*((?:\r?\n(?![^\r\n]*-->)[^\r\n]+)*)")
_WEBVTT = (r"(?P<vtt_header>\A\ufeff?WEBVTT(?![^\s]))"
           r"|(?P<vtt_settings>(?<=\d\d:\d\d\.\d\d\d)(?:[ \t]+[A-Za-z][\w-]*:[^\s<>]+)+"
           r"(?=[ \t]*\r?(?:\n|\Z)))"
           rf"|(?P<vtt_timestamp>{_VTT_TIMESTAMP})"
           r"|(?P<vtt_voice><v(?:\.[\w-]+)*[ \t]+[^<>\s](?:[^<>\n]*[^<>\s])?[ \t]*>)"
           r"|(?P<vtt_tag></?(?:c|ruby|rt|lang)(?:\.[\w-]+)*(?:[ \t][^<>\n]*)?>"
           r"|</?[ibu](?:\.[\w-]+)+>|</v>)")


def _is_vtt(text: str) -> bool:
    return text.startswith(("WEBVTT", "\ufeffWEBVTT")) and _VTT.match(text) is not None or (
        "<" in text and _VTT_SIGN.search(text) is not None)


def _read_voice(text: str, start: int, end: int) -> list[tuple[str, int, int, bool]]:
    """A cue's voice tag at text[start:end] (`<v Daniela>`) read as its speaker's name, as
    written, and a colon: `<v ` as nothing (or a line break, where the tag opens no line) and
    `>` as `: `."""
    name_start = _VTT_VOICE_OPENING.match(text, start).end()
    name_end = end - 1
    while text[name_end - 1] in " \t":
        name_end -= 1
    opens_line = start == 0 or text[start - 1] == "\n"
    return [("" if opens_line else "\n", start, name_start, False),
            (text[name_start:name_end], name_start, name_end, True),
            ("", name_end, end - 1, False), (": ", end - 1, end, False)]


# OCR's line-end hyphen: some OCR programs (ABBYY's among them, in old print) write a word
# that the page hyphenated at a line's end with `¬` (U+00AC), their soft hyphen: read as
# written, `Geoffrey Hol¬\nlins` came back PER `Geoffrey Hol`. `¬` at a line's end, between
# letters, is read with the line break and the indentation after it as nothing, so that the
# word is whole (`Hollins`, one token over `Hol¬\nlins`); before a capital it is a hyphen that
# the compound keeps (`Baden¬\nWürttemberg` as `Baden-Württemberg`), as a hyphen at a line's
# end is (documents.join_broken_words). Logic's `¬p` is no hyphen at a line's end. A soft
# hyphen (U+00AD) that a PDF or a web page leaves at a line's end is read so too, as nothing
# before a capital as well (`Kristalina Geor\u00ad` / `gieva`: two words to the model).
_OCR_HYPHEN = r"(?<=[^\W\d_])[\u00ac\u00ad][ \t]*\r?\n[ \t]*(?=[^\W\d_])"
_OCR_HYPHEN_SIGN = re.compile(_OCR_HYPHEN)


# A calendar's or a contact card's text (iCalendar, RFC 5545; vCard, RFC 6350), as a meeting
# invitation or an exported contact carries it: a long line is folded, broken with a line
# break and a space (`CN=Rajesh Nai` / ` r:mailto:...`, often inside a word), and a value's
# line breaks, commas and semicolons are escaped (`Hi all\,\n\nAgenda:`). Read as written,
# `Rajesh Nai` was the name and `\nAgenda` a word.
_CALENDAR = re.compile(r"^BEGIN:V(?:CALENDAR|EVENT|TODO|JOURNAL|CARD)\r?$", re.MULTILINE)
_CALENDAR_SYNTAX = (r"(?P<fold>\r?\n[ \t])|(?P<value_escape>\\[nN,;:\\])"
                    # the lines that open and close its objects, its markup: read as nothing
                    r"|(?P<calendar_mark>(?m:^(?:BEGIN|END):V[A-Z]+(?=\r?$)))"
                    # a property's name (`ORG:`, `ATTENDEE;`, Apple's `item1.EMAIL;`), where
                    # its line opens: its name and parameters are read by _read_property
                    r"|(?P<property>(?m:^)(?:[A-Za-z0-9-]+\.)?(?:[A-Z][A-Z0-9-]*|X-[A-Za-z0-9-]+)"
                    r"(?=[;:]|\r?\n[ \t]))"
                    # a run of the `;` that part a structured value (`N:Okonkwo;Chinedu;;;`)
                    r"|(?P<value_parts>;+)"
                    # Apple's marks around a label it names itself, the whole value
                    # (`item1.X-ABLabel:_$!<Work>!$_`)
                    r"|(?P<label_mark>(?m:(?<=:)_\$!<(?=[^<>\n]*>!\$_\r?$)|>!\$_(?=\r?$)))")
# A property's name and parameters, as its line has them unfolded: an Apple card's group
# (`item1.`), the name, each parameter (`;TYPE=WORK,VOICE`, `;CN="Smith, John"`, vCard 2.1's
# bare `;WORK`), the colon before the value.
_PROPERTY_HEAD = re.compile(
    r'(?:[A-Za-z0-9-]+\.)?(?P<name>[A-Z][A-Z0-9-]*|X-[A-Za-z0-9-]+)'
    r'(?:;[A-Za-z0-9-]+(?:=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)?)*:')
# A parameter whose value is text a person wrote, kept: the name of an attendee or of the
# organiser (`ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Rajesh Nair:mailto:...`).
_KEPT_PARAMETER = re.compile(r';CN=(?:"(?P<quoted>[^"]*)"|(?P<bare>[^";:]*))', re.IGNORECASE)
# The properties whose value is parted in fields by `;`: a name (family; given; additional;
# prefix; suffix), an address (box; extended; street; town; region; postcode; country), an
# organisation and its units. Read as a comma and a space, the model's names come back
# (`Okonkwo, Chinedu`: LOC `Chinedu` read as written); empty fields are no parts.
_STRUCTURED = {"N", "ADR", "ORG"}
# The properties whose value is no text but a photo's or a key's data, or an identifier
# (`PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRg...` over many folded lines, an iPhone's card:
# ORG for its base64), read as nothing with their names.
_NO_TEXT = {"PHOTO", "LOGO", "SOUND", "KEY", "UID", "X-ABUID"}
_FOLD = re.compile(r"\r?\n[ \t]")
_VALUE_PARTS = re.compile(r"\\.|;+")


def _is_calendar(text: str) -> bool:
    return "BEGIN:V" in text and _CALENDAR.search(text) is not None


_CALENDAR_KINDS = {"fold", "value_escape", "calendar_mark", "property", "value_parts",
                   "label_mark"}


def _unfolded_line(text: str, start: int) -> tuple[str, list[int], int]:
    """The content line that opens at ``start``, unfolded, where each of its characters is
    in the text, and where the line ends (before its line break)."""
    end = start
    while True:
        end = text.find("\n", end)
        if end < 0 or end + 1 == len(text) or text[end + 1] not in " \t":
            break
        end += 1
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    parts, positions, done = [], [], start
    for fold in _FOLD.finditer(text, start, end):
        parts.append(text[done:fold.start()])
        positions += range(done, fold.start())
        done = fold.end()
    parts.append(text[done:end])
    positions += range(done, end)
    return "".join(parts), positions, end


def _read_property(text: str, start: int, parts: dict[int, tuple[int, str]]
                   ) -> tuple[list[tuple], int] | None:
    """A property's name and parameters at ``start`` (_PROPERTY_HEAD), read as a line break,
    so that each property is a sentence of its own (`N:Okonkwo;Chinedu;A.;Dr.;` and `FN:Dr.
    Chinedu A. Okonkwo` were one); an attendee's name kept (_KEPT_PARAMETER). Fills
    ``parts`` with what each run of `;` in a structured value is read as (_STRUCTURED).
    Returns the pieces and where the name and parameters end, or None where they do not
    parse."""
    line, positions, line_end = _unfolded_line(text, start)
    head = _PROPERTY_HEAD.match(line)
    if head is None:
        return None
    if head["name"] in _NO_TEXT:
        return [("\n", start, line_end)], line_end
    end = positions[head.end() - 1] + 1
    pieces, done, opening = [], start, "\n"
    for kept in _KEPT_PARAMETER.finditer(line, 0, head.end()):
        a, b = kept.span(kept.lastgroup)
        if a == b:
            continue
        pieces.append((opening, done, positions[a]))
        opening = " "
        k = a
        while k < b:  # the name as written, a piece between each two folds
            j = k + 1
            while j < b and positions[j] == positions[j - 1] + 1:
                j += 1
            if k > a:
                pieces.append(("", positions[k - 1] + 1, positions[k]))  # the fold
            pieces.append((text[positions[k]:positions[j - 1] + 1], positions[k],
                           positions[j - 1] + 1, True))
            k = j
        done = positions[b - 1] + 1
    pieces.append((opening, done, end))
    if head["name"] in _STRUCTURED:
        # no part before the first field or after the last; empty fields part nothing
        first_field = len(line) - len(line[head.end():].lstrip(" ;"))
        last_field = len(line.rstrip(" ;"))
        runs = [run for run in _VALUE_PARTS.finditer(line, head.end()) if run[0][0] == ";"]
        for run in runs:
            edge = run.start() < first_field or run.end() > last_field
            first = positions[run.start()]
            parts[first] = (positions[run.end() - 1] + 1, "" if edge else ", ")
            for k in range(run.start() + 1, run.end()):  # a run that a fold breaks
                if positions[k] != positions[k - 1] + 1:
                    parts[positions[k]] = (positions[run.end() - 1] + 1, "")
    return pieces, end


_OBJECT_LINE = re.compile(r"^(BEGIN|END):V[A-Z]+\r?$", re.MULTILINE)


def _calendar_objects(text: str) -> list[tuple[int, int]]:
    """The spans of the text's calendars and cards, from a BEGIN line to its END line (or the
    text's end): only there is the text a calendar's, its folds, escapes and names syntax.
    An e-mail that carries a card has its own indented lines and `NB:` outside it."""
    spans, depth, start = [], 0, 0
    for match in _OBJECT_LINE.finditer(text):
        if match[1] == "BEGIN":
            if depth == 0:
                start = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, match.end()))
    if depth:
        spans.append((start, len(text)))
    return spans


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    """Whether the position is inside one of the spans (sorted, apart; starts: theirs)."""
    k = bisect_right(starts, position) - 1
    return k >= 0 and position < spans[k][1]


# TeX and BibTeX, as a paper's text, its references and a bibliography's entries carry them:
# an accent as a command before its letter (`Jos\'e`, `M{\"u}ller`, `\c{c}`), a letter of its
# own as a command (`S{\o}ren`, `{\ss}`), braces that keep a word's capitals from a style that
# lowers them (`{G}erman`, `{NER}`) and a tie, a space no line breaks at (`et~al.`). Read as
# written, the model tagged PER `ller`, ORG `Universit` and MISC `nglish`.
# Each accent's combining mark, by its command: \" \' \` \^ \~ \= \. and the letter commands.
_TEX_MARKS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
              "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306",
              "H": "\u030b", "k": "\u0328", "r": "\u030a"}
# The letters that are commands of their own; \i and \j are also an accent's letter (\'\i: í).
_TEX_LETTERS = {"o": "\u00f8", "O": "\u00d8", "ss": "\u00df", "aa": "\u00e5", "AA": "\u00c5",
                "ae": "\u00e6", "AE": "\u00c6", "oe": "\u0153", "OE": "\u0152", "l": "\u0142",
                "L": "\u0141", "i": "\u0131", "j": "\u0237"}
_TEX_LETTER_COMMAND = "(?:ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)"
# An accent's letter: a letter, or \i or \j (spaces after them are TeX's to skip: `\'\i rez`).
_TEX_ACCENTED = r"(?:[A-Za-z]|\\[ij](?![A-Za-z]) *)"
_TEX = (
    # in braces: {\"u}, {\"{u}}, {\'\i}, {\c c}, {\c{c}}, {\o}, {\ss}
    rf"\{{\\(?:[\"'`^~=.](?:{_TEX_ACCENTED}|\{{{_TEX_ACCENTED}\}})"
    rf"|[cvuHkr](?: {_TEX_ACCENTED}|\{{{_TEX_ACCENTED}\}})|{_TEX_LETTER_COMMAND})\}}"
    # an argument in braces: \"{u}, \'{\i}, \c{c}, \v{s}; and \o{}, \ss{}
    rf"|\\[\"'`^~=.cvuHkr]\{{{_TEX_ACCENTED}\}}|\\{_TEX_LETTER_COMMAND}\{{\}}")
# Without braces, only inside a word (after a letter, or a letter's braces: `{G}\"odel`) and
# only on the letters that TeX's writers accent so (`Universit\"at`, `Jos\'e`, `Ram\'\i rez`,
# `Espa\~na`): a quote escaped in code or in a database's text (`said \"Hi\"`, `it\'s`,
# `O\'Brien`) opens or closes a word or stands before a consonant, and a regular
# expression's `\.` (`example\.com`) is read only braced.
_TEX_BARE = (r"(?:(?<=[^\W\d_])|(?<=[^\W\d_]\}))"
             r"\\(?:[\"'`^=~](?:[aeiouyAEIOUY]|\\i(?![A-Za-z]) *)|~[nN])")
_TEX_FORMS = re.compile(rf"(?P<tex>{_TEX})|(?P<tex_bare>{_TEX_BARE})")
# Where \' is an apostrophe escaped (PHP's magic quotes, SQL, a string literal): a contraction
# (`it\'s`, `don\'t`, `we\'re`) or one that ends a quotation. There no bare \' is an accent,
# nor after a word French or Italian elides (`l\'avion`, `qu\'il`, `dell\'Universit\`a`).
_ESCAPED_APOSTROPHE = re.compile(
    r"\\'(?![A-Za-z{\\])|(?<=[A-Za-z])\\'(?:s|t|re|ll|ve|d|m)(?![A-Za-z])")
_ELIDED = frozenset(
    "c d j l m n s t qu jusqu lorsqu puisqu quoiqu presqu quelqu aujourd "  # French
    "dell nell dall all sull coll pell quell quest un nessun buon bell sant tutt "  # Italian
    "y".split())  # y'all
# A tie: between two words (`et~al.`, `Fig.~3`, `Tjong~Kim~Sang`, `Section~\ref`), not in a
# backup's `file.txt.~1~`, a Windows path's short name (`C:\PROGRA~1`), a URL's `/~smith`, a
# home's `~/`, nor Markdown's `~~`.
_TIE = r"(?:(?<=[^\W\d_])|(?<=[^\W\d_]\.))~(?=[^\W_]|\\)(?!\d+~|(?<=[A-Z]~)\d)"
_TIES = re.compile(_TIE)
# Braces around a word: BibTeX's protection of its capitals where they sit inside a word
# (`{G}erman`, `Mc{D}onald`, `{G}\"odel`) or, in a field of an entry, around a capitalised word
# or words (`title = {... for {NER}}`, `{{New York}}`); see _protects.
_TEX_BRACES = r"\{[^\W_][\w'-]*(?: [^\W_][\w'-]*)*\}"
_BIBTEX_FIELD = re.compile(
    r"(?<![\w.$-])(?:author|editor|title|booktitle|shorttitle|subtitle|maintitle|eventtitle"
    r"|journal|journaltitle|series|publisher|organization|institution|school|address"
    r"|location|howpublished|note|keywords|abstract)\s*=\s*\{", re.IGNORECASE)
_BRACE = re.compile(r"\\[{}]|[{}]")
# What may stand right before a protected word's braces that no letter precedes: a command's
# argument (`\emph{Deep}`, `\frac{a}{b}`, `x_{i}`) or a template's field has other marks.
_BEFORE_BRACES = "{([\"'\u201c\u2018-\u2013/"
_TEX_ACCENTS = "\"'`^~=."


def _read_tex(command: str) -> str:
    """The character a command of TeX's stands for: `\\"u`, `{\\"{u}}`, `\\c c`, `{\\o}`."""
    if command[0] == "{":
        command = command[1:-1]
    name = command[1] if not command[1].isalpha() else re.match(
        r"[A-Za-z]+", command[1:]).group()
    rest = command[1 + len(name):]
    if name in _TEX_LETTERS and rest in ("", "{}"):
        return _TEX_LETTERS[name]
    letter = rest.strip(" {}")
    return unicodedata.normalize("NFC", letter[-1] + _TEX_MARKS[name])  # \i as i: \'\i is í


def _elided(text: str, start: int) -> bool:
    """Whether the word before text[start] is one that French or Italian elides."""
    k = start
    while k and text[k - 1].isalpha() and start - k < 8:
        k -= 1
    return not text[k - 1:k].isalpha() and text[k:start].lower() in _ELIDED


def _tex_apostrophe(text: str, start: int, escaped: bool) -> bool:
    """Whether the bare \\' at text[start] is an accent: not where the text escapes its
    apostrophes (``escaped``), nor after a word that elides."""
    return not escaped and not _elided(text, start)


def _escapes_apostrophes(text: str) -> bool:
    return "\\'" in text and _ESCAPED_APOSTROPHE.search(text) is not None


def _has_tex(text: str) -> bool:
    """Whether the text has an accent or a letter of TeX's that read_text reads."""
    escaped = None
    for match in _TEX_FORMS.finditer(text):
        if match.lastgroup == "tex" or match.group()[1] != "'":
            return True
        if escaped is None:
            escaped = _escapes_apostrophes(text)
        if _tex_apostrophe(text, match.start(), escaped):
            return True
    return False


def _field_values(text: str) -> list[tuple[int, int]]:
    """The spans of the values of a BibTeX entry's fields of words (`title = {...}`), within
    their braces: an unclosed one runs to the text's end."""
    spans, position = [], 0
    while (field := _BIBTEX_FIELD.search(text, position)) is not None:
        start = end = field.end()
        depth = 0
        for brace in _BRACE.finditer(text, start):
            if brace.group() == "{":
                depth += 1
            elif brace.group() == "}":
                if depth == 0:
                    end = brace.start()
                    break
                depth -= 1
        else:
            end = len(text)
        spans.append((start, end))
        position = end
    return spans


def _protects(text: str, start: int, end: int, fields: list[tuple[int, int]],
              field_starts: list[int]) -> bool:
    """Whether the braces at text[start] and text[end - 1] are BibTeX's protection of the
    word or words in them: a word of letters with a letter, or an accent's command, right
    outside them (`{G}erman`, `Mc{D}onald`, `{G}\\"odel`), or a capitalised word or words
    inside a field's value (`title = {NER in {G}erman}` and `{{New York}}`). Not a command's
    argument (`\\emph{Deep}`, `@book{knuth}`), nor after another argument or a subscript
    (`\\frac{a}{b}c`, `x_{i}y`)."""
    word = text[start + 1:end - 1]
    k = start  # the letters right before the braces
    while k and text[k - 1].isalpha() and start - k < 32:
        k -= 1
    if k < start:
        if text[k - 1:k] in ("\\", "@"):  # a command's argument, an entry's key
            return False
        return word.isalpha()
    if start and not (text[start - 1].isspace() or text[start - 1] in _BEFORE_BRACES):
        return False
    after = text[end:end + 2]
    if word.isalpha() and after and (after[0].isalpha() or after == "{\\" or (
            len(after) == 2 and after[0] == "\\" and after[1] in _TEX_ACCENTS)):
        return True
    return word[0].isupper() and _inside(fields, field_starts, start)


# Wikitext, MediaWiki's markup, as Wikipedia's source pasted carries it: an internal link
# (`[[Henrik Dahl (physicist)|Henrik Dahl]]`, `[[Lyon]]`), bold and italic quotes, templates
# (`{{Infobox scientist`, `{{cite web|...}}`), headings (`== Early life ==`), references.
# Read as written, a link's bar was a table cell's and split its sentence in two (PER `Henrik
# Dahl` twice), `[[Lyon]]` came back ORG and `{{Infobox scientist` ORG `Infobox`.
# What shows it: an internal link to a title, with or without its label, closed on its line
# (not bash's `[[ -f x ]]`, numpy's `[[1, 2], [3, 4]]`, nor a TOML file's `[[package]]`, a
# table's name alone on its line), or a template of an article's (an infobox, a citation) or
# one whose parameters open the lines under it (`{{Infobox scientist\n| name = ...`). Not a
# template written on one line (`{{name}}`, `{{name|upper}}`: Mustache's, Jinja's too), nor
# quotes and headings, which other texts have too (`''` is code's empty string).
_WIKI_LINK_SIGN = re.compile(r"(?<![\w)\]])\[\[[^\W\d_][^\[\]{}|<>\n]*(?:\|[^\[\]\n]*)?\]\]")
_TOML_TABLE = re.compile(r"[ \t]*\[\[[\w.-]+\]\][ \t]*\r?(?:\n|$)")
_WIKI_TEMPLATE_SIGN = re.compile(
    r"\{\{(?:[Ii]nfobox[ _|\n}]|[Cc]ite[ _]|[Cc]itation[ |}]|[Ss]hort description\|"
    r"|[^\W\d_][^{}|\n]*\n[ \t]*\|)")
# What is read where the text shows it: an internal link's opening, with its target and bar
# when it has a label (see _wiki_link); an external link's opening, its address and the spaces
# after it, where a ] closes it on its line; a template's opening with its name; a heading's
# opening run of =; bold and italic quotes (2, 3 or 5; 4 and 6 or more are MediaWiki's
# apostrophes and quotes together, left as written); a reference (its end found by
# _HIDDEN_ENDS) and a list of references; and the closings of what was read (]], ], }} and a
# heading's closing run), read as nothing only where an opening read registered them.
_WIKI = (r"(?P<wiki_link>\[\[)"
         r"|(?P<wiki_external>\[(?:https?:|ftp:)?//[^\s\[\]<>\"]+[ \t]*(?=[^\[\]\n]*\]))"
         r"|(?P<wiki_template>\{\{[^\W\d_][^{}|\n]*)"
         r"|(?P<wiki_heading>(?m:^={1,6})(?!=))"
         r"|(?P<wiki_quotes>(?<!')(?:'{5}|'{3}|'{2})(?!'))"
         r"|(?P<wiki_empty><ref(?:\s[^<>]*)?/>|<references\s*/>)"
         r"|(?P<wiki_ref><ref(?:\s[^<>]*)?>)"
         r"|(?P<wiki_close>\]\]?|\}\}|={1,6}(?=[ \t]*\r?(?:\n|$)))")
# A link's target: a page's title, and then its label after a bar or the link's end. A file's,
# an image's or a category's link shows no words of the text (a picture, the page's category).
_WIKI_TARGET = re.compile(r":?[^\W_][^\[\]{}|<>\n]*")
_WIKI_HIDDEN_LINK = re.compile(r"(?:File|Image|Category)\s*:", re.IGNORECASE)
_WIKI_BRACKETS = {"[[": re.compile(r"\[\[|\]\]|\n"), "{{": re.compile(r"\{\{|\}\}")}


def _is_wiki(text: str) -> bool:
    """Whether the text shows wikitext: a link (but a TOML table's alone on its line), an
    article's template or one whose parameters open the lines under it."""
    if "[[" in text:
        for link in _WIKI_LINK_SIGN.finditer(text):
            line_start = text.rfind("\n", 0, link.start()) + 1
            if not _TOML_TABLE.match(text, line_start) or text[line_start:link.start()].strip():
                return True
    return "{{" in text and _WIKI_TEMPLATE_SIGN.search(text) is not None


def _wiki_pairs(text: str, opening: str) -> dict[int, int]:
    """Where each [[ or {{ of the text is closed, by the position of its opening: nested, a
    link's brackets within a line, a template's over lines (an infobox's). In one pass: an
    opening that no closing matches is in none."""
    pairs, open_at = {}, []
    for mark in _WIKI_BRACKETS[opening].finditer(text):
        if mark.group() == opening:
            open_at.append(mark.start())
        elif mark.group() == "\n":
            open_at.clear()
        elif open_at:
            pairs[open_at.pop()] = mark.start()
    return pairs


def _wiki_link(text: str, start: int, close: int) -> int | None:
    """Where what is read as nothing of the internal link from text[start] to its ]] at
    text[close] ends: after its target and bar (`[[Henrik Dahl (physicist)|`: the label is the
    text), after its [[ (`[[Lyon]]`: the target is), or after its ]] for a file's, an image's
    or a category's; None for no link to a title (`[[1, 2], [3, 4]]`, `[[ x ]]`)."""
    target = _WIKI_TARGET.match(text, start + 2)
    if target is None:
        return None
    if _WIKI_HIDDEN_LINK.match(text, start + 2):
        return close + 2
    if target.end() == close:
        return start + 2
    return target.end() + 1 if text[target.end()] == "|" else None


def _is_quoted_printable(text: str) -> bool:
    return "=" in text and (_QP_UTF8.search(text) is not None
                            or _QP_SOFT_BREAK_BY_ESCAPE.search(text) is not None)


@lru_cache(maxsize=None)
def _scanner(has_html: bool, has_mojibake: bool, has_quoted_printable: bool,
             has_escapes: bool, is_calendar: bool = False, has_tex: bool = False,
             is_wiki: bool = False, is_json: bool = False, has_character_codes: bool = False,
             is_vtt: bool = False, has_ocr_hyphens: bool = False,
             feed: bool = False, braces: bool = False, xml: bool = False) -> re.Pattern:
    """The search for what a text may have: the scan for HTML costs several times the others,
    so it is made only where the text has an & or a <; BibTeX's braces are searched for only
    where the text has TeX's accents or an entry's fields (``braces``), wikitext only where
    the text shows it."""
    kinds = ([rf"(?-i:{_WEBVTT})"] if is_vtt else []) + (
        [_html(feed or xml, xml)] if has_html else []) + (
        [rf"(?-i:{_CALENDAR_SYNTAX})"] if is_calendar else []) + (
        # Case matters for the encodings: ignoring it, [Â-ß] would take the lower-case
        # letters too, and Â, â.
        [rf"(?P<mojibake>(?-i:{_MOJIBAKE}))"] if has_mojibake else []) + (
        [rf"(?-i:{_QP})"] if has_quoted_printable else []) + (
        [rf"(?P<escape>(?-i:{_ESCAPE}))"] if has_escapes else []) + (
        [rf"(?-i:(?P<tex>{_TEX})|(?P<tex_bare>{_TEX_BARE})|(?P<tie>{_TIE})"
         + (rf"|(?P<tex_braces>{_TEX_BRACES}))" if braces else ")")] if has_tex else []) + (
        [rf"(?-i:{_WIKI})"] if is_wiki else []) + (
        [_JSON] if is_json else []) + (
        [rf"(?P<character_code>(?-i:{_ESCAPE}))"] if has_character_codes else []) + (
        [rf"(?P<ocr_hyphen>{_OCR_HYPHEN})"] if has_ocr_hyphens else [])
    return re.compile("|".join(kinds), re.IGNORECASE)


@lru_cache(maxsize=4096)  # a garbled text garbles the same few characters again and again
def _redecode(mojibake: str) -> str | None:
    """The character whose UTF-8 bytes were misread as ``mojibake``, or None if they are no
    UTF-8 (an overlong or surrogate form: then it is text as written)."""
    if mojibake == "\u00e2\u20ac":  # ” with its last byte lost
        return "\u201d"
    if mojibake == "\u00c2":  # a no-break space that became a space: the space stays
        return ""
    try:
        return bytes(_BYTE_OF[c] for c in mojibake).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_quoted_printable(run: str, offset: int, at_line_end: bool
                             ) -> list[tuple[str, int, int]] | None:
    """The characters a run of quoted-printable escapes and soft line breaks at ``offset``
    stands for, each with the span of the escapes it came from (soft line breaks are
    nothing), or None for a run of ASCII escapes alone that is text as written. Bytes are
    read as UTF-8, and one that is no UTF-8 as Windows-1252, e-mail's other common charset."""
    escapes = [(offset + m.start(), offset + m.end()) for m in _QP_ESCAPE.finditer(run)]
    data = bytes.fromhex(run.replace("=\r\n", "").replace("=\n", "").replace("=", ""))
    if data.isascii() and "\n" not in run and not at_line_end and data.replace(b"=", b""):
        return None
    pieces, first = [], 0
    for character in data.decode("utf-8", errors="surrogateescape"):
        if "\udc80" <= character <= "\udcff":  # a byte that is no UTF-8
            character = bytes([ord(character) - 0xDC00]).decode("cp1252", errors="replace")
            last = first
        else:
            last = first + len(character.encode("utf-8")) - 1
        pieces.append((character, escapes[first][0], escapes[last][1]))
        first = last + 1
    return pieces


def _unescape(reference: str) -> str | None:
    """The characters a reference stands for, or None for a name HTML does not know.
    (html.unescape alone also reads the start of &copyright; as the old &copy.)"""
    if reference[1] != "#" and reference[1:] not in html.entities.html5:
        return None
    return html.unescape(reference)


class Reading(NamedTuple):
    """The text as the splitter and tokenizer read it, and where its characters came from.

    It is pieces: text copied as it is, and what a reference, a tag, mojibake or an escape was
    read as. Piece k starts at ``offsets[k]`` in ``text`` and stands for
    ``original[sources[k]:source_ends[k]]``; a copied piece character for character, the others
    whole. (Pieces, not an offset per character: a list of those took 7 MiB for a
    100,000-character text.)"""

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


def read_as_meant(text: str) -> str:
    """The text as the splitter and tokenizer read it: its HTML as a browser shows it, its
    mojibake as the characters it garbled, its quoted-printable and its escapes decoded, its
    TeX as typeset, its wikitext as the page shows it."""
    reading = read_text(text)
    return text if reading is None else reading.text


def signs_of(text: str) -> tuple[bool, ...]:
    """Whether the text may have HTML, mojibake, quoted-printable and escapes, whether it is a
    calendar's or a contact card's, whether it has TeX, whether it shows wikitext, whether it
    is a JSON document, whether it has character codes escaped among its lines, whether it
    is WebVTT's and whether it has OCR's hyphens at its lines' ends: cheap
    checks that decide which scans read_text makes."""
    return _signs(text)[0]


def _signs(text: str) -> tuple[tuple[bool, ...], bool]:
    """signs_of's, and whether BibTeX's braces are to be searched for: where the text has
    TeX's accents or letters, or a BibTeX entry's field. A text with TeX's is no text
    encoded twice, whose backslashes would be JSON's (`M\\"uller` is Müller, not M"uller);
    in one encoded twice, TeX is left as written (its ties and braces too). In a JSON
    document every backslash is JSON's, and TeX is left as written."""
    document = (text[:1] in ("[", "{") or text[:1].isspace()) and _is_json_document(text)
    accents = not document and "\\" in text and _has_tex(text)
    escaped = not accents and _is_escaped(text)
    codes = not accents and not document and _has_character_codes(text)
    fields = not escaped and not document and "=" in text and "{" in text and (
        _BIBTEX_FIELD.search(text) is not None)
    tex = not escaped and not document and (accents or fields or (
        "~" in text and _TIES.search(text) is not None))
    return ("&" in text or "<" in text,
            "\u00c2 " in text or _MAY_HAVE_MOJIBAKE.search(text) is not None,
            _is_quoted_printable(text), escaped, _is_calendar(text), tex,
            ("[[" in text or "{{" in text) and _is_wiki(text), document, codes,
            _is_vtt(text), ("\u00ac" in text or "\u00ad" in text)
            and _OCR_HYPHEN_SIGN.search(text) is not None), (
                accents or fields)


def _is_markdown(text: str) -> bool:
    """Whether the text is Markdown that holds some HTML: a line outside <pre> opens as a
    heading or a code fence, or two as list items (_MARKDOWN_LINE). One `3. ` or `* ` is no
    sign: an HTML fragment's source may wrap a sentence there (`on March` / `3. Angela`)."""
    if _PAGE.search(text):
        return False
    edges = [match.start() for match in _PRE.finditer(text)]  # <pre> and </pre>, in order
    items = 0
    for line in _MARKDOWN_LINE.finditer(text):
        before = bisect_right(edges, line.start())
        if before == 0 or text[edges[before - 1] + 1] == "/":  # outside <pre>
            if line[1] or items:
                return True
            items += 1
    return False


def _closes_a_field(text: str, start: int, end: int) -> bool:
    """Whether the inline element's tag at text[start:end] closes a word that a capitalised
    one follows at once, past any tags (`Jordan</span><span>San Diego`, `<strong>Erik
    </strong>Thank you`): a page's fields, which its style sets apart, and which read as
    nothing ran into one token (PER `Jordan</span><span>San Diego`). Not inside a word
    (`<b>Mer</b>kel`, a drop cap's `<span>A</span><span>ngela`), nor where a space is
    already (`Angela </span><span>Merkel`, `<b>Tim</b><b> Cook</b>`), nor before a mark
    (`Warsaw</a><sup>[1]</sup>`)."""
    if text[start + 1] != "/" or end == len(text) or not text[start - 1:start].isalpha():
        return False
    after = _TAGS_AFTER.match(text, end).end()
    return text[after:after + 1].isupper()


def read_text(text: str) -> Reading | None:
    """The text with its HTML read as a browser shows it, its mojibake as the characters it
    garbled, its quoted-printable and escapes decoded, its TeX as typeset and its wikitext as
    the page shows it, or None when it has none of them (most text: then it is read as it
    is)."""
    kinds, braces = _signs(text)
    if not any(kinds):
        return None
    xml = kinds[0] and not kinds[9] and _is_xml(text)  # a cue's <v Daniela>...</v> is no XML
    pattern = _scanner(*kinds, feed=kinds[0] and _FEED.search(text) is not None,
                       braces=braces, xml=xml)
    # (piece, source, source end, copied, and whether it is the text's own characters outside
    # <pre>, which HTML lays out), in order
    pieces = []
    done = 0  # text[:done] is read
    laid_out = False  # whether HTML's blocks or line breaks lay the text out
    preformatted = False  # whether text[done:] is inside <pre>
    cdata = False  # whether text[done:] is inside an XML document's CDATA
    unclosed = set()  # the kinds of hidden content that no end follows: text from here on
    objects = _calendar_objects(text) if kinds[4] else []
    object_starts = [a for a, _ in objects]
    value_parts = {}  # what each run of `;` in a card's structured value is read as
    fields = _field_values(text) if braces else []
    field_starts = [a for a, _ in fields]
    escaped_apostrophes = None  # whether the text escapes its apostrophes: asked once
    wiki_pairs = {}  # where the text's [[ and {{ close (_wiki_pairs), found once each
    wiki_closes = {}  # the closings of wikitext read: where each starts, and ends
    match = pattern.search(text)
    while match is not None:
        start, end = match.span()
        kind = match.lastgroup
        if kind == "xml_element":  # a feed's story: HTML's elements are HTML's; and
            name = _TAG_NAME.match(match.group())[1].lower()  # formatting is anywhere
            if cdata or name in _FORMATTING:
                kind = _HTML_KIND.get(name, kind)
        elif kind == "other" and xml and match.group() in ("<![CDATA[", "]]>"):
            cdata = match.group() == "<![CDATA["
        if kind in _CALENDAR_KINDS and not _inside(objects, object_starts, start):
            characters = None  # outside the calendar's objects: text as written
        elif kind == "reference":
            characters = _unescape(match.group())
        elif kind == "mojibake":
            around = text[max(start - _MOJIBAKE_CONTEXT, 0):end + _MOJIBAKE_CONTEXT]
            characters = _redecode(match.group()) if is_bad(around) else None
        elif kind == "escape":
            characters = _read_escape(match.group())
        elif kind == "character_code":
            characters = _read_character_code(match.group())
        elif kind in ("json_quote", "json_mark", "vtt_settings", "vtt_timestamp", "vtt_tag"):
            characters = ""
        elif kind == "vtt_header":  # `WEBVTT` and its metadata as nothing, a title as text
            header = _VTT_HEADER.match(text, end)
            characters = [("", start, end), (text[end:header.start(1)], end, header.start(1),
                                             True), ("", header.start(1), header.end(1))]
            end = header.end(1)
        elif kind == "ocr_hyphen":  # a hyphen that broke the word, or a compound's
            characters = "-" if text[start] == "\u00ac" and text[end].isupper() else ""
        elif kind == "vtt_voice":
            characters = _read_voice(text, start, end)
        elif kind == "tex":
            characters = _read_tex(match.group())
        elif kind == "tex_bare":
            if match.group()[1] == "'" and escaped_apostrophes is None:
                escaped_apostrophes = _escapes_apostrophes(text)
            characters = _read_tex(match.group()) if match.group()[1] != "'" or (
                _tex_apostrophe(text, start, escaped_apostrophes)) else None
        elif kind == "tie":
            characters = " "
        elif kind == "tex_braces":
            # the word as it is, its first letter standing for the opening brace too and
            # its last for the closing one: a token that starts or ends there covers them
            characters = None
            if _protects(text, start, end, fields, field_starts):
                word = match.group()[1:-1]
                characters = ([(word, start, end)] if len(word) == 1 else
                              [(word[0], start, start + 2)]
                              + [(c, start + 1 + k, start + 2 + k)
                                 for k, c in enumerate(word[1:-1], 1)]
                              + [(word[-1], end - 2, end)])
        elif kind == "property":
            read = _read_property(text, start, value_parts)
            characters = "" if read is None else read[0]  # else its name, as nothing
            if read is not None:
                end = read[1]
        elif kind == "value_parts":
            characters = None  # a `;` of prose or of a rule (`FREQ=WEEKLY;BYDAY=TU`)
            if start in value_parts:
                end, characters = value_parts[start]
        elif kind in ("fold", "calendar_mark", "label_mark"):
            characters = ""
        elif kind == "value_escape":
            characters = "\n" if match.group()[1] in "nN" else match.group()[1]
        elif kind == "quoted_printable":
            characters = _decode_quoted_printable(
                match.group(), start, end == len(text) or text[end] in "\r\n")
        elif kind == "wiki_link":
            if "[[" not in wiki_pairs:
                wiki_pairs["[["] = _wiki_pairs(text, "[[")
            close = wiki_pairs["[["].get(start)
            read_to = None if close is None else _wiki_link(text, start, close)
            characters = None if read_to is None else ""
            if read_to is not None:
                end = read_to
                if read_to < close:  # else a file's link, read as nothing whole
                    wiki_closes[close] = close + 2
        elif kind == "wiki_external":
            # the ] that the pattern saw before any other bracket or line break
            characters, close = "", text.index("]", end)
            wiki_closes[close] = close + 1
        elif kind == "wiki_template":
            if "{{" not in wiki_pairs:
                wiki_pairs["{{"] = _wiki_pairs(text, "{{")
            close = wiki_pairs["{{"].get(start)
            characters = None if close is None else ""
            if close is not None:
                wiki_closes[close] = close + 2
        elif kind == "wiki_heading":
            # a heading's line: as many = after its words as before them
            line_end = text.find("\n", end)
            line = text[end:len(text) if line_end < 0 else line_end].rstrip(" \t\r")
            run = end - start
            characters = None
            if (len(line) > run and line.endswith("=" * run) and line[-run - 1] != "="
                    and line[:-run].strip()):
                characters = ""
                wiki_closes[end + len(line) - run] = end + len(line)
        elif kind in ("wiki_quotes", "wiki_empty"):
            characters = ""
        elif kind == "wiki_close":
            characters = None
            if start in wiki_closes:
                characters, end = "", wiki_closes.pop(start)
            elif start + 1 in wiki_closes:  # `]]]` or `}}}`, whose last two close
                end = start + 1
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
        elif kind == "inline" and _closes_a_field(text, start, end):
            # another element at once: a line of its own, as the page's style sets it
            characters = "\n" if text[end] == "<" else " "
        else:
            characters = _READ_AS[kind]
            laid_out = laid_out or kind in ("block", "line_break", "xml_element")
        if characters is not None:  # else text as written: an unknown name, an unclosed comment
            pieces.append((text[done:start], done, start, True, not preformatted))
            # A character read from markup or an encoding stands for all of it: a token that
            # starts or ends on one covers the whole reference, tag or escapes. An escaped
            # line break or tab is the text's own, as one typed is.
            if isinstance(characters, str):
                pieces.append((characters, start, end, False,
                               kind in ("escape", "value_escape") and not preformatted))
            else:  # quoted-printable, a protected word: a piece a character; a voice, a
                # header: pieces, some of them copied (a fourth field, True)
                pieces += [(*piece[:3], len(piece) > 3 and piece[3], False)
                           for piece in characters]
            done = end
            if kind == "block" and _PRE.match(text, start):
                preformatted = text[start + 1] != "/"
        match = pattern.search(text, end)
    if done == 0:
        return None
    pieces.append((text[done:], done, len(text), True, not preformatted))
    if laid_out and not kinds[6] and not kinds[7] and not _is_markdown(text):
        pieces = [(piece.translate(_SOURCE_LAYOUT) if own else piece,
                   source, source_end, copied, own)
                  for piece, source, source_end, copied, own in pieces]
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
