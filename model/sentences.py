"""Split a document into sentences, as character offsets, so each can be tagged on its own.

The tagger was trained on CoNLL-2003 sentences, so a document is cut into sentences first.
The splitter works on the tokenizer's tokens: a sentence never ends inside a token, and what
the tokenizer decided about a period is reused rather than decided twice. A token that kept
its period (``U.S.``, ``a.m.``, ``J.``, ``Inc.``, ``Mr.``; see ``model.tokenizer``) is an
abbreviation; a period that stands alone is sentence punctuation; ``...`` and ``…`` are one
token each. Decimals (``3.5``), URLs and e-mail addresses are single tokens, so their periods
never come up.

Sentences end only between tokens, at whitespace but in two places (the comma between two
fields of a CSV line, and a full stop typed without its space), and these rules decide
where:

* A blank line (two line breaks with only whitespace between them) or a U+2029 paragraph
  separator always ends a sentence. Line breaks are those of ``str.splitlines`` (``\\n``,
  ``\\r\\n``, ``\\r``, U+2028, U+0085, ...).
* A single line break ends a sentence, whether or not the line has final punctuation, so a
  headline or a dateline (``BRUSSELS 1996-08-22``) is a sentence of its own. Two exceptions
  join the lines of hard-wrapped prose: the next line starts with a lower-case letter (after
  any opening quotes or brackets) and the line does not end in a full stop (posts one a
  line: ``I love this phone!`` / ``battery lasts``), or the line ends in ``,`` ``;`` ``&``
  an opening bracket, a title (``Dr.`` / ``Patel``), a word broken at a hyphen (``pro-``)
  or a word that ends no sentence, heading or label (``a``, ``the``, ``of``, ``by``,
  ``for``, ``from``, ``with``, ``and``, ``or``: ``He works for the`` / ``Massachusetts
  Review``) before a line that does not open as one of its own. A next line in lower case
  that opens with a field's label (one to three words and a colon, not opening with ``and``
  or ``the``) is no prose going on when the line before it or the line after it opens with
  one too: fields of a form, YAML or a block of headers (``employer: CDU`` / ``city:
  Berlin``), whose values ran into the next label. A line that breaks after ``the``, ``as``
  or ``said`` goes on all the same, but for one that opens with a label in lower case too,
  a turn after a turn, which goes on only after ``the``, ``as`` and the like (``customer:
  nobody told me that`` / ``agent: i understand``).
* In text wrapped to a width (e-mail, plain-text files, text taken from PDFs), a line break
  after a full line is read as a space, so only punctuation ends a sentence there and
  ``Chancellor Angela`` / ``Merkel welcomed ...`` stays whole.

  - A program that fills lines breaks one only where the next word would not fit: a line is
    full when the next line's first word would not have fitted on it within the text's
    width, its widest line (one with a space in it). The text counts as wrapped when that
    width is at least MIN_WRAP_WIDTH characters, two or more lines are full, and one of
    them at least plainly stops mid-sentence (the next line opens in lower case or ends the
    sentence, the line ends in a comma or in `the`, `of`, ...); text whose lines are not
    wrapped has one full line at most, its widest, and lines of a similar length that each
    say something whole (headlines, events, lyrics) stop mid-sentence nowhere.
  - A column of a newspaper or a PDF is narrower (MIN_COLUMN_WIDTH), and shows that it is
    filled where two of its lines or more break a word at a hyphen (``John Ma-`` /
    ``jor``): the widest of those lines is its width.
  - A paragraph written on one line below wrapped text (an e-mail's disclaimer) is no
    measure of the width: if too few lines are full at the widest line's, a narrower line's
    width counts when only a tenth of the lines are wider, each by a quarter or more, and
    three lines are full at it. Each level of an e-mail's quoting was wrapped by its own
    sender's program, so each is measured on its own.
  - Lines laid out rather than filled (a table's row, a line with a gap wider than
    justification leaves, such as a PDF's running header) set no width and are never full,
    nor is the line before them. A list's item is as long as what it says: it is full only
    before a line indented under it, a line that ends the item (with a full stop, or before
    the next item, a blank line or the end) or a line full itself.
  - A next line that opens with a list number or a mark (``2.``, ``-``, ``*``, ``•``,
    ``|``, a section's number of several levels and a bracket: ``II.1.2) Contractor``)
    starts an item of its own, and so does one that opens as a log's, a transcript's
    or a chat's lines do: with a time stamp (``[00:01:23]``, ``08:15:02``,
    ``2026-03-01T08:15``), an IP address or a speaker (``ALICE:``; ``John Smith:``,
    ``Speaker 1:`` or, counted apart, ``agent:`` where a speaker opens two lines or more,
    two of them turns of speech; a label numbered otherwise, each number opening one line,
    is a field's: ``Day 1:``, ``Lot 2:``). A field's label does after a field's line, and
    a capitalised one above another field's line after a line with no colon that breaks
    after no word prose goes on from (``... played in the De Moriaan`` / ``Arbiter: Pavel
    Votruba.`` / ``Pairings:``).
    The ``>`` that quotes the lines of an e-mail reply is whitespace to the tokenizer, so
    quoted text wraps as any other.
  - A subtitle's cue (SRT, WebVTT: the lines after a ``00:01:02,500 --> ...`` timing line,
    up to a blank line) breaks its text wherever its short width falls: its lines wrap.
  - A wrapped paragraph of two lines alone, whose second starts with a capital, is still
    split: it cannot be told from a headline above its story.
* A tab between two words of a line ends a sentence: it separates the cells of a table
  pasted from a spreadsheet or a form (``John Smith\\tIBM\\tNew York``), which, read as one
  sentence, ran together into one entity. So do a vertical bar and a list bullet, which the
  tokenizer reads as whitespace: they separate a table's cells (``| John Smith | IBM |``), a
  signature's fields or a page title and its site (``Merkel visits Paris | Reuters``), and
  the items of a list run into a line (``Apple \u2022 Google``); and two spaces or more
  before a capitalised field's label (``Name: John Smith   Employer: IBM``, ``Ward/Bed:``,
  ``Case #:``), or three or more after a value that opens its line, in a line that spaces
  two words one apart, as justified text does not (``Maria Lopez      DOB: 01/02/1980``).
* A table laid out with spaces (a report, a terminal's output, a plain-text e-mail) has its
  cells end at its columns and its rows end at their line breaks. A column is where a run of
  two or more spaces inside a line is followed by a word at the same character position on
  four lines in a row, or where three lines in a row share two such positions. A line ruled
  under a header (``-----  ----``, ``=====``, ``_____``) may come between them, and a row
  whose cell fills a column up to one space (``www-data nginx``) or leaves it empty keeps
  the column going without counting towards the lines; it is cut at such a column only if it
  has a gap of two spaces somewhere too, so a cell that runs past its column (``Jean-Claude
  Van Damme``) stays whole. Fewer aligned gaps say nothing, unless gaps wider than
  justification leaves (seven spaces or more) end at the same place on two lines or more,
  which part cells there (but after a comma or a title); a narrower one, or a wide one
  alone, may be a typo (``Harry   Potter``). Justified text is no table: a line as wide as
  wrapped text, as long as a line beside it to within a character and with no gap wider than
  six spaces, or a narrower one exactly as long as a line beside it with six words or more
  spaced alike.
* A CSV line's quoted fields are sentences of their own, each with the comma after it
  (``"Garcia, Maria",`` / ``"Siemens AG",`` / ``"Munich"``): they touch, and read as one
  sentence their names ran together. Its rows end at their line breaks. Quotes that hold a
  comma in code (``split(",")``, ``",".join``, ``sep=","``) are no fields. Fields that are
  not all quoted (``"Smith, John",IBM,New York``) end at their commas too where lines in a
  row split into as many fields, three lines or more, or two of three fields or more, each
  such line having a comma with no space after it and none with one (prose puts a space
  after its commas; a comma between digits, as in ``1,000``, separates nothing). A field
  with no letter or digit (``""``, ``-``, an empty one) stays with the field after it, or
  with the one before it at the end of a row. SQL's rows of values (``(5, 'Katherine',
  'NASA'),``) are read so too, their commas spaced: tuples of strings in single quotes,
  numbers and NULL, one string at least, after ``VALUES``, after another row, or opening a
  line, where the rows end their line (with a comma or a semicolon, if one row alone opens
  it); each row ends a sentence, and so does the statement's head before it.
* Within a line, ``.`` ``?`` ``!`` end a sentence when the next word does not start with a
  lower-case letter (``"Why? because"`` stays whole; a digit or a symbol after a full stop
  starts a new sentence).
* A full stop typed without the space after it, between a lower-case word and a word that
  starts sentences (``John Smith.I then``, ``Paris.Then``), ends a sentence, and so does a
  question or exclamation mark before any capitalised word (``really?Yes``): chat drops the
  space. Code and addresses (``fmt.Println``, ``John.News@Mail.Example.com``) stay whole.
* An ellipsis (``...``, ``…``, any run of two or more periods) never ends a sentence inside a
  line: it marks an omission or a pause far more often than an end.
* An abbreviation ends a sentence only before a word from a short list of words that start
  sentences and are not names (``The``, ``He``, ``In``, ``But``, ...). So ``at 5 p.m. He left``
  splits, while ``the U.S. Open``, ``Mr. Smith``, ``J. Smith``, ``No. 5`` and ``Jan. 5`` do not.
  An abbreviation at the end of a sentence before a name (``... of Acme Inc. Siemens said``)
  is missed: that case cannot be told from ``Acme Inc. Chairman`` without a model. But the
  ``et al.`` of a reference's authors ends it before any capitalised word, its title's
  (``Tuttle KR, Rayner B, et al. Dulaglutide versus ...``); in prose a verb or a year follows.
  So does the last initial of authors written surname first, the first opening a line or
  following the reference's number (``Said, Edward W. Orientalism. Vintage, 1979.``,
  ``LeCun, Y. & Hinton, G. Deep learning.``), one author alone only with a year in the
  reference (``Thanks, John F. Smith`` and ``In Paris, John F. Kennedy said`` stay whole).
  So do ``a.m.`` and ``p.m.`` before any capitalised word but a time zone, a day or a month
  (``before 10 a.m. Temps top out``, but ``10 a.m. EST``, ``9 p.m. Friday``).
* A telegram's or a cable's ``STOP``, which spells out its full stop, ends its sentence:
  ``STOP`` after a word or a number, on a line with no letter in lower case, where two or
  more of them do (``ARRIVING TUESDAY STOP PLEASE MEET TRAIN STOP LOVE MARY``); not a
  ``STOP`` that is a word (``BUS STOP``, ``PIT STOP``, ``STOP SIGN``, ``PLEASE STOP
  PAYMENT``), nor one alone (``RAINS STOP PLAY``). A telegram wrapped to a width wraps as
  prose does, its ``STOP`` the punctuation, and the model reads it as ``.``.
* A number of up to three digits with its period at the start of a line is list numbering
  (``1. Pivotal``), never the end of a sentence. Inside a line such a number opens a list
  item, and the sentence ends before it, when the number one less comes before it or the
  one more after it and the item does not open with a word from that short list
  (``12.71 seconds 2. Ludmila Engquist 12.74 3. Aliuska Lopez``, but ``He won 3. He lost
  4.``); a paragraph's number, opening a line, is no neighbour of a number on another line
  that numbers a paragraph too (``(2015) 1 SCC 1. See also``). A clause's number of several
  levels (``4.1. The Supplier``, ``Item 5.02. Departure``) opens its sentence as ``2.``
  does where a word that numbers comes before it or another line opens with one.
* An outline's mark opening a line, a Roman numeral or a letter with its period or bracket
  (``II. BACKGROUND``, ``A. Northwind Traders Ltd. owns``), numbers its line as ``2.``
  does, where the outline is there to see: every mark of its series from the first up to
  it opens a line, two marks at least (``I.``, ``II.``) or, for letters, which open names
  too (``J. Smith`` / ``K. Jones``), three. So does a Roman numeral alone on its line
  (``I.`` / ... / ``II.``, a section's break), and a question's options in series on one
  line each open a sentence (``Which ship?  A. Beagle  B. Endeavour  C. Victory``, ``(a)
  Paris (b) Rome``). The model reads such a mark as its number (``outline_marks``), so
  ``I.`` is no initial.
* A dateline is a sentence of its own even inside a line: a place, an optional region after
  a comma, a date, and an optional agency credit and dash (``Adrian Warner BERLIN 1996-08-30
  American Dennis ...``, ``NICE , France 1996-08-30``, ``LONDON, Aug 30 (Reuters) -``,
  ``AUSTIN, TX, May 2, 2024 /PRNewswire/ --``). The
  place is one to four upper-case words, or capitalised words that start a sentence, and
  not a weekday (``FRIDAY , AUGUST 30`` heads a schedule); the story after it must not start
  lower-case. So ``born in Paris 1996-08-22 was`` and ``prices in BERLIN 1996-08-22 rose``
  stay whole. Once the line breaks are gone this is the one signal left between a byline, a
  dateline and a story, and without it the place is tagged as part of the name before it.
* A chat message's header, a name of two to four capitalised words and a time alone on a
  line (``Maria Lopez 10:42 AM``), is a sentence of its own where a text has two or more:
  the message under it often starts lower-case, and the message above it may fill its line.
* Closing quotes and brackets stay with the sentence they close: ``He left." She`` and
  ``(He left.) She`` end after the ``"`` and the ``)``; so does a footnote's mark glued
  to it (``by Merkel.³ Schröder``). Brackets and ``”`` ``’`` ``»`` are
  always closing. A straight ``"`` or ``'`` is closing when it is glued to the word before it;
  a ``"`` with spaces on both sides (text that was tokenized before it reached us, as in
  CoNLL) is closing when an odd number of ``"`` precede it on its line, ``'`` never is.

Several rules read the case of a word. A text without a single capital letter (typed in
lower case, or lower-cased by a pipeline) has no case to read, so there a full stop ends a
sentence whatever follows, a line break ends one unless the line ends in the punctuation
above, and an abbreviation ends one before a listed word in lower case (``u.s. in``). So
does a text with capitals on one line in ten or fewer, the pronoun I aside (a log of queries
with one ``iPhone 15 price``; chat whose only capital is ``I'm``). In a text with more, a
text or a paragraph that opens with a word in lower case is read so too, and the sentences
after it that open in lower case or with no letter, up to a word that opens with a capital:
``how old is taylor swift`` / ``selena gomez net worth`` / ``iPhone 15 price`` are three
sentences, ``He said that`` / ``the market fell.`` one.

The rules are deterministic, need no data, and are the ones a reader of news copy would apply
first; they do not try to be a trained splitter. Scripts written without spaces between
sentences (Chinese, Japanese) are split at line breaks only.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from functools import partial
from itertools import accumulate, islice

from .tokenizer import (BULLETS, DATE_WORDS, FOOTNOTE_MARK, GLUED_FULL_STOP, HYPHENS,
                        LETTERED, SENTENCE_STARTERS, SPACED_MIDDLE_DOT, SUPERSCRIPTS, TITLES,
                        attribution_lines, blank_separators, gedcom_lines, inverted_authors,
                        is_address, is_final_initial, is_initial, opens_prose, record_tags,
                        tokenize_blanked)

# str.splitlines' line boundaries; "\r\n" is one break, not two.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_PARAGRAPH_SEPARATOR = "\u2029"
_RARE_LINE_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # all but "\n"

_CELL_MARKS = "\t|" + BULLETS  # what ends a sentence within a line, as a cell's edge
# Where a word follows two or more spaces inside a line: perhaps a table's next column.
_COLUMN_START = re.compile(r"(?<=\S)  +(?=\S)")
_SPACES_IN_LINE = re.compile(r"(?<=\S) +(?=\S)")
_LOWER_CASE_WORD = re.compile(r"(?<![\w'\u2019.@/-])[a-z][\w'\u2019]*")  # not `McKinnon`
# A line ruled under a table's header ("-----  ----", "=====", "_____", "+---+"), perhaps
# quoted, read in the text as sent: blanking makes underscores and bars spaces.
_RULED_LINE = re.compile(r"[>\s]*[-=_~+*:.|]+(?:[ \t]+[-=_~+*:.|]+)*\s*")
# The lines a table needs: with one column or with more (the rule is in the module docstring).
_TABLE_LINES_ONE_COLUMN = 4
_TABLE_LINES_MORE_COLUMNS = 3
_JUSTIFIED_GAP_MAX = 6  # spaces: a wider gap in a line is a table's, not justification's
_WIDE_GAP_TEXT = " " * (_JUSTIFIED_GAP_MAX + 1)
_WIDE_GAP = re.compile(rf"(?<=\S) {{{_JUSTIFIED_GAP_MAX + 1},}}(?=\S)")
_FULL_STOPS = {".", "?", "!", "\u3002", "\uff01", "\uff1f"}  # and 。！？ (`Carter。Li Na will`)
_SUPERSCRIPTS = set(SUPERSCRIPTS)
_ALWAYS_CLOSING = {")", "]", "}", "\u201d", "\u2019", "\u00bb"}  # ) ] } ” ’ »
_OPENING = {"(", "[", "{", '"', "'", "\u201c", "\u2018", "\u00ab"}  # ( [ { " ' “ ‘ «
# The last character of every token after which a sentence can end (full stops, the period
# of an abbreviation, closing quotes and brackets), before the whitespace that must follow.
# Emoji, as a token's first or last character: pictographs, symbols and dingbats, flags'
# letters, and the variation selector and tag that close some (`❤️`, a subdivision's flag).
_EMOJI_FIRST = "\U0001F000-\U0001FAFF\u2600-\u27BF"
_EMOJI = re.compile(f"[{_EMOJI_FIRST}]")
_MAY_END_BEFORE_SPACE = re.compile(rf"[.?!)\]}}\u201d\u2019\u00bb\"'{SUPERSCRIPTS}](?=\s)")
# ... and an emoji, in text that is not ASCII: a class beyond the BMP costs every text more
_MAY_END_OR_EMOJI = re.compile(
    rf"[.?!)\]}}\u201d\u2019\u00bb\"'{SUPERSCRIPTS}{_EMOJI_FIRST}\ufe0f\U000E007F"
    rf"\u3002\uff01\uff1f](?=\s)")
# A brace at a line's end opens a block of code (`if (x) {`), which ends no sentence of prose
# but leaves each line of the block its own: not here.
_LINE_CONTINUES_AFTER = {",", ";", "&", "(", "["}

_SENTENCE_ENDINGS = ".?!:"  # what a sentence that a line wraps into ends with
# A citation mark, as Wikipedia's text has them after the words they support: a number
# (`[1]`), a note's (`[note 3]`, `[nb 1]`) or up to three lower-case words (`[a]`, `[citation
# needed]`). Glued after a full stop (`in 2021.[1]`), it stays with the sentence it follows,
# as a footnote's superscript does.
_CITATION = re.compile(r"\[(?:\d{1,4}|(?:[Nn]ote|nb|NB) \d{1,3}|[a-z]+(?: [a-z]+){0,2})\]")
_CITATION_CHARS = 30
# Titles, which come before a name: at a line's end, the name is on the next line.
_TITLES = {f"{title}." for word in TITLES for title in (word, word.upper())}
_DECIMAL = re.compile(r"\d+[.,]\d+")
_LABEL_WORD = re.compile(r"\w[\w-]*")  # a word of a field's label: `city`, `x-request-id`
# A form's fields on one line (`Name: John Smith   Employer: IBM   City: Boston`): a line
# that opens with a capitalised field's label, and the runs of two spaces or more in it
# before another. (Each run of spaces is found once and the label after it matched there:
# a search for spaces followed by a label started again at every space of a long run.) A
# label's word may join words by a slash or dots and end in a period or `#`, and `#` may be a
# word of its own: `Ward/Bed:`, `IP/OP No:`, `D.O.B.:`, `Ref. by:`, `Acct#:`, `Case #:`.
_LABEL_WORD_TAIL = r"(?:[./][\w-]+)*[.#]?"
_CAPITALISED_LABEL = (rf"[A-Z][\w-]*{_LABEL_WORD_TAIL}"
                      rf"(?: (?:[\w-]+{_LABEL_WORD_TAIL}|#)){{0,2}}")
_LINE_OPENING_LABEL = re.compile(rf"[^\S\n]*{_CAPITALISED_LABEL}:[ \t]")
_SPACE_RUN = re.compile(r"  +")
# ... and in a line that opens with a value, its label left out (`Maria Lopez      DOB:`), the
# spaces before a label: more than the two that typing puts after a sentence.
_VALUE_GAP = 3
_ONE_SPACE_BETWEEN_WORDS = re.compile(r"\S \S")
_LABEL = re.compile(rf"{_CAPITALISED_LABEL}:(?:[ \t]|$)", re.MULTILINE)
# A subtitle cue's timing line: `00:01:02,500 --> 00:01:05,000` (SRT), `01:02.500 --> ...`
# (WebVTT).
_CUE_TIMING = re.compile(r"^[^\S\n]*(?:\d+:)?\d\d:\d\d[,.]\d{3}[^\S\n]+-->", re.MULTILINE)
_LABEL_WORDS = 3
_GEDCOM_GOES_ON = {"CONT", "CONC"}  # a GEDCOM note's lines after its first
_LIST_MARKS = {"-", "*", "+"}  # what opens a YAML list's item before its label
# Words, as written in a sentence, that end no sentence, heading, label or menu item, so the
# line goes on wherever it breaks after one. (Not `in`, `on`, `to`: `Sign in`, `Log on`.)
_NEVER_ENDS_LINE = set("a an the of by for from with and or".split())
# Words a line of prose may break after but a field's value does not end in: those, and
# more that a line before one in lower case goes on after.
_GOES_ON_AFTER = _NEVER_ENDS_LINE | set("to as in on at but that which than told said "
                                        "added".split())
_NO_LABEL = {"a", "an", "the", "and", "or", "but", "so", "then"}  # what opens no label
_GOES_ON_INTO_LABEL = _NEVER_ENDS_LINE | {"as"}  # `the reasons are as` / `follows: first`
_PUNCTUATION = re.compile(r"[.,;:?!]")
_HEX_LETTERS = set("abcdef")  # what a commit's hash may open with, in lower case
# Words that number what follows them (`Item 7.`, `Step 2.`): a number after one opens no
# list's item.
_NUMBERED = LETTERED | {"step", "note", "rule", "question"}
# The German clubs and leagues named with an ordinal (`1. FC Köln`, `1. FSV Mainz 05`, `2.
# Bundesliga`, `3. Liga`), which English sports news writes as German does: the ordinal,
# what follows it and the word after that. Not any `FC` or `Bundesliga` after a number,
# which ends sentences (`in 2017. FC Barcelona received`, `in Group 1. FC Porto drew`).
_GERMAN_ORDINALS = {("1", "FC"): {"K\u00f6ln", "Koln", "Cologne", "Union", "N\u00fcrnberg",
                                  "Nuremberg", "Kaiserslautern", "Magdeburg", "Heidenheim",
                                  "Saarbr\u00fccken", "Lokomotive", "Lok", "Schweinfurt"},
                    ("1", "FSV"): {"Mainz"}, ("1", "FFC"): {"Frankfurt", "Turbine"},
                    ("2", "Bundesliga"): None, ("3", "Liga"): None}
# What a name goes on with in lower case (`Ludwig` / `van Beethoven`, `Leonardo` / `da Vinci`,
# `Hilma` / `af Klint`, `Pierre` / `d'Artagnan`), besides what goes on after any word (`the
# Republic` / `of Korea`: _GOES_ON_AFTER)
# A line no longer than this that ends in a capitalised word, before one in lower case, is a
# message of its own (`had dinner with Jake Peterson` / `sarah says hi btw`); a longer one
# is more often prose hard-wrapped under the width wrapped text is told by (`... he led
# the Android` / `team in Zurich.`, `the West Indian` / `all-rounder`).
_MESSAGE_LINE = 30
# Words that open chat's sentences in lower case after a full stop: pronouns, determiners,
# and what chat starts with
_OPENS_CHAT = set("i my me he she we they you it its his her their our your there here this "
                  "that these those so but then now also still should would could will can "
                  "did does do was is what why how who where when lol omg btw anyway ok yes "
                  "no".split())
# ... of them, those that open no title or name after an emoji (`🎂 Will Smith`, `🍿 This Is
# Us`, `🎧 No Doubt`, `🎶 My Chemical Romance`)
_OPENS_AFTER_EMOJI = set("i we he she they you it so but then now also lol omg btw anyway ok "
                         "yes".split())
_NAME_PARTICLES = set("van von der den de del della di da do dos das du la le ter ten zu y "
                      "bin ibn al el af d' d\u2019 upon".split())
_LABEL_ENDS = {":", "="}  # `city: Berlin`, and a setting's `owner = Maria Lopez`
# A line of code: a statement that is a call (`print(loc.lat)`), or one with an assignment
# (`geo = Geocoder()`), an empty call or a method's call (`geo.lookup(`), or that ends in a
# brace. Not a contract's `Section 4(b);` nor `the employer(s)`.
_FEATURING = {"feat.", "ft.", "Feat.", "Ft."}
_REFERENCE_NUMBER = re.compile(r"\d{1,3}\.")  # a list of references' `1.`
# A reference's year (`1979.`, `(2015)`, `2019a`), which tells a bibliography's line from a
# line of prose or a sign-off that opens with a word, a comma and a name (`Thanks, John F.
# Smith`).
_YEAR_IN_REFERENCE = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d[a-z]?(?!\d)")
_REFERENCE_LINES = 3  # a reference wrapped over this many lines at most
_INLINE_CODE = re.compile(r"`[^`\n]+`")  # Markdown's code in a line of prose
# A line that is a label alone, which the next line's words never go on from: a speaker's,
# its words capitalised, perhaps with a time (Zoom's and Teams' `Speaker 1 (00:00:04):`,
# `Interviewer:`), or a caption's sound (`[Music]`, `[Applause]`); read with the lower-case
# turn after it, the turn's names were lost (`so harwell logistics came back`).
_LABEL_LINE = re.compile(r"[A-Z][\w'.-]*(?: (?:[A-Z][\w'.-]*|\d+)){0,3}"
                         r"(?: \(\d{1,2}(?::\d\d){1,2}\))?:|\[[A-Z][a-z]+(?: [a-z]+)?\]")
_SPOILER = re.compile(r"(?<![\w|])\|\|(?=[^\s|])[^|\n]{1,200}?(?<=[^\s|])\|\|(?![\w|])")
_CODE_LINE = re.compile(r"^[^\S\n]*[A-Za-z_][\w.]*\(.*\)[;:]?[^\S\n]*$| = |\(\)|\w\.\w+\("
                        r"|[{}][^\S\n]*$")
_BEFORE_QUOTED_COMMA = "(=[{:,"  # `split(",")`, `sep=","`: code, not two fields
_AFTER_QUOTED_COMMA = ").];"
# A CSV row's field: quoted (a quote inside doubled), or anything up to the next comma.
_CSV_FIELD = re.compile(r'"(?:[^"]|"")*"|[^,"]*')
# A comma with no space after it: prose has none but in numbers (`1,000`), so a text without
# one between other characters has no CSV rows. (A pattern that leaves the digits out
# itself searches 50 times slower: it no longer starts with the comma.)
_UNSPACED_COMMA = re.compile(r",(?=\S)")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
# A tuple of SQL's values, as an INSERT lists its rows (`(5, 'Katherine', 'Johnson', 'NASA',
# 'Hampton'),`): strings in single quotes (a quote inside doubled or escaped: `'O''Brien'`),
# numbers, NULL, TRUE, FALSE or DEFAULT, two or more, parted by commas. Read as one sentence,
# the rows' names ran into each other's context (PER `NASA`, PER `Hampton`).
_SQL_VALUE = (r"(?:'(?:[^'\\\n]|''|\\.)*'|-?\d+(?:\.\d+)?"
              r"|(?i:NULL|TRUE|FALSE|DEFAULT)(?!\w))")
_VALUE_TUPLE = re.compile(rf"\([^\S\n]*{_SQL_VALUE}(?:[^\S\n]*,[^\S\n]*{_SQL_VALUE})+[^\S\n]*\)")
_SQL_VALUE_AND_COMMA = re.compile(rf"[^\S\n]*{_SQL_VALUE}[^\S\n]*(,)")
# Where rows are: after VALUES, or opening a line that ends after them (a multi-row INSERT's
# `(6, 'Tim', 'Berners-Lee', 'CERN', 'Geneva');`); and after the comma that ends a row.
_VALUES_KEYWORD = re.compile(r"\bVALUES\s*(?=\()", re.IGNORECASE)
_LINE_OPENING_BRACKET = re.compile(r"\n[^\S\n]*(?=\()")  # the text's first line: apart
_STRING_BY_COMMA = ("',", ", '", ",'", "' ,")  # what a row with a string has
_NEXT_ROW = re.compile(r"[^\S\n]*,\s*(?=\()")
_ROWS_END = re.compile(r"[,;]?[^\S\n]*(?:\r?\n|\Z)")
# A sentence's end typed in a hurry, without its space: a full stop as the tokenizer splits
# it off (before a word that starts sentences), or a question or exclamation mark between a
# lower-case word and a capitalised one. Found from a mark before a capital.
_GLUED_CANDIDATE = re.compile(r"[.?!](?=[A-Z])")
_GLUED_FULL_STOP = re.compile(GLUED_FULL_STOP)
_GLUED_MARK = re.compile(r"(?<=[a-z][a-z])[?!](?=(?:[A-Z][a-z]+|I)(?![\w@]|\.\w))")
# Chinese's and Japanese's full stops, question and exclamation marks, which no space follows
# (`会议结束。Emily Carter will`, `Carter。Li Na`); not before a closing quote or bracket.
_EAST_ASIAN_STOP = re.compile(r"[\u3002\uff01\uff1f](?=[^\s\u300d\u300f\uff09)\]\"'\u201d\u2019])")
_LIST_NUMBER = re.compile(r"\d{1,3}\.?")
# A line that opens with an author written surname first (`Said, Edward W.`, `Du Bois, W.`).
_INVERTED_AUTHOR_LINE = re.compile(
    r"^[^\S\n]*((?:[A-Z][\w'-]+[^\S\n]){0,2}[A-Z][\w'-]+),[^\S\n]+(?:[A-Z][a-z]+[^\S\n]+){0,2}"
    r"[A-Z]\.", re.MULTILINE)
# A clause's or an item's number of several levels (`4.1`, `5.02`, `2.3.1`), and one that
# opens a line with its period, before its text (`4.1. The Supplier`).
_SECTION_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3}){1,3}")
_CLAUSE_OPENING = re.compile(r"^[^\S\n]*\d{1,3}(?:\.\d{1,3}){1,3}\.[^\S\n]+\S", re.MULTILINE)
# What the tokenizer keeps whole only at the start of its text ("1. Pivotal"), and the quotes
# after which it still splits off the period of an abbreviation that ends its text.
_LIST_NUMBER_OPENING = re.compile(rf"\d{{1,3}}\.(?=\s|\Z|[{SUPERSCRIPTS}])")
_CLOSING_QUOTES = {'"', "'", "\u201d", "\u2019"}
_CLOSERS = "".join(_ALWAYS_CLOSING | _CLOSING_QUOTES)  # what may follow a sentence's end
# An outline's mark opening a line: a Roman numeral or a letter, then a period or a closing
# bracket and the heading or item on the same line (outline_marks). Found from the line
# break before it, which a search skips to quickly (a pattern that starts with ^ is tried at
# every character).
_OUTLINE_MARK = re.compile(r"\n[^\S\n]*([IVXivx]{1,6}|[A-Za-z])([.)])(?=[^\S\n]+\S)")
# ... and a Roman numeral alone on its line, perhaps with its period: a section's break
# (`I.` / ... / `II.`), which the model reads as a name as a word (PER `III`, LOC `II`).
_OUTLINE_MARK_ALONE = re.compile(r"\n[^\S\n]*([IVX]{1,6})(\.?)[^\S\n]*(?=\n|$)")
_INDENT = re.compile(r"[^\S\n]*")
_ROMAN = re.compile(r"(X{0,3})(IX|IV|V?I{0,3})")  # I to XXXIX, in capitals
_Q = ord("Q") - ord("A") + 1  # the letter Q's number in a series of letters
# The first of a question's options in series on one line (`Which ship?  A. Beagle  B.
# Endeavour  C. Victory`, `(a) Paris (b) Rome`), found by str.find (a pattern that opens
# with a class of letters is tried at every character), and the others after it: each
# capital A, and a small a with its mark (`a.`, `a)`; a small a alone is too common).
_SMALL_FIRST_OPTIONS = ("a.", "a)")
_OPTION_CHARS = 120  # an option's text, at most, up to the next option's mark
_OPENS_OPTIONS_AFTER = "?:.!"  # what the question or its label ends with before `A.`
# What a list of names' initials runs on with before the next (`A. Smith, B. Jones`)
_RUNS_ON = {",", ";", "&", "and", "or"}
_ROMAN_VALUES = {"": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7,
                 "VIII": 8, "IX": 9}

# Datelines: "BERLIN 1996-08-22", "NICE , France 1996-08-30", "LONDON, Aug 30 (Reuters) -".
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
# In every ISO date, and found much faster than a pattern that starts with a digit.
_ISO_DATE_TAIL = re.compile(r"-\d\d-\d\d")
_DAY = re.compile(r"\d{1,2}")
_YEAR = re.compile(r"\d{4}")
_MONTHS = {
    spelling
    for month in ("January February March April May June July August September October "
                  "November December").split()
    for spelling in (month, month[:3], month[:3] + ".", month.upper(), month[:3].upper(),
                     month[:3].upper() + ".")
} | {"Sept", "Sept.", "SEPT", "SEPT."}
# "FRIDAY , AUGUST 30" heads a schedule: a weekday before a date is not a place.
_WEEKDAYS = {
    spelling
    for day in "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
    for spelling in (day, day.upper(), day[:3], day[:3].upper(), day[:3] + ".")
}
_DASHES = {"-", "--", "\u2013", "\u2014"}
_CLOCK_HALVES = {"a.m.", "p.m."}
# A fence of Markdown's code block, alone on its line: ``` or ~~~ and a language's name.
_FENCE = re.compile(r"(`{3,}|~{3,})([\w+#.-]*)")
_AMOUNT_WORDS = 4  # an amount in brackets: `(28 oz.)`, `(about 3 tbsp.)`
# The units an amount in brackets ends with, as recipes, listings and notes write them.
_UNITS = set("oz lb lbs g kg mg mcg ml l cl dl tsp tbsp pt qt gal in ft yd yds mi km m cm mm "
             "pcs pc pkg sq ct a.m. p.m.".split())
_CREDIT_CLOSES = {"(": ")", "/": "/"}  # what closes an agency's credit after a dateline
# What may follow a time in its sentence: its zone, a day or a date.
# Words before a time that make it name what follows (`the 7 p.m. City Council meeting`,
# `after the 11 a.m. Mass`).
_DETERMINERS = frozenset("the a an this that each every our your their his her its".split())
_AFTER_CLOCK = set(
    "ET EST EDT CT CST CDT MT MST MDT PT PST PDT AKST AKDT HST GMT UTC BST CET CEST EET EEST "
    "WET WEST IST JST KST AEST AEDT AWST ACST NZST NZDT HKT SGT MSK Eastern Central Mountain "
    "Pacific Atlantic Local".split()) | _WEEKDAYS | _MONTHS
# The news agencies whose credit follows a dateline: `(Reuters)`, `(AP)`.
_AGENCY_CREDIT = re.compile(
    r"\((?:Reuters|AP|AFP|Bloomberg|dpa|DPA|UPI|Xinhua|ANSA|EFE|Kyodo|PTI|IANS|TASS|Interfax"
    r"|Yonhap|AAP|CP|CNN|BBC|Anadolu|Bernama|RIA|BUSINESS WIRE|Business Wire)\)")
_FIRST_WORD = re.compile(r"\s*(\S*)")
# Text is wrapped to 60-80 characters (e-mail at 72, terminals at 80) or wider (PDFs); lists,
# tables, addresses and signatures narrower than this are never taken for wrapped prose.
MIN_WRAP_WIDTH = 60
# A newspaper's or a PDF's column is narrower, but it shows it is filled: its lines break
# words at a hyphen (`John Ma-` / `jor`), which no list, table or address does.
MIN_COLUMN_WIDTH = 24
COLUMN_BROKEN_WORDS = 2
# What opens a list item or a table row at the start of a line: a number, a mark, a bullet
# or a bar (the last two are whitespace to the tokenizer); and what opens a line of a log, a
# transcript or a chat: a time stamp (`[00:01:23]`, `08:15:02`, `2026-03-01T08:15`,
# `[01/Mar/2026:08:18:03 +0000]`, `Mar  1 08:19:22`, an Android WhatsApp export's `12.03.24,
# 21:18 - `), an IP address (a web server's log) or a speaker in capitals (`ALICE:`); a
# speaker in other cases only in a transcript (_speaker_lines).
_LOG_OPENING = (r"\[[^\]\n]{0,30}\d:\d\d[^\]\n]{0,30}\]|\d{4}-\d\d-\d\d[T ]\d\d:\d\d"
                r"|(?:[A-Z][a-z]{2} +\d{1,2} )?\d{1,2}:\d\d:\d\d|\d{1,3}(?:\.\d{1,3}){3}\s"
                r"|\d{1,2}[./]\d{1,2}[./]\d{2,4},? \d{1,2}:\d\d(?:\s?[AaPp]\.?[Mm]\.?)? [-\u2013] ")
_OWN_LINE_OPENING = re.compile(
    rf"[^\S\n]*(?:\d{{1,3}}[.)]\s|[-*+#\u00b7\u2013\u2014]+\s|[|{BULLETS}]|{_LOG_OPENING}"
    # Word's and PowerPoint's second level of bullets, exported as a letter o
    r"|o[^\S\n]+(?=[A-Z0-9])"
    # a section's number of several levels and a bracket, perhaps after a part's Roman
    # numeral, as the EU's tender notices number their fields (`II.1.2) Contractor:`,
    # `1.1)`, `II.1)`) before its capitalised title; not a decimal, which a wrapped line
    # may open with (`3.5. The`, `3.5) in June`)
    r"|(?:(?:[IVX]{1,4}\.)?\d{1,3}(?:\.\d{1,3})+\)|[IVX]{1,4}(?:\.\d{1,3})+[.)]?)"
    r"[^\S\n]+(?=[A-Z])"
    r"|[A-Z][A-Z'.-]*(?: [A-Z][A-Z'.-]*){0,2}:\s"
    # a form's checkbox (`[x] Berlin`), a shell's prompt (`$ git log`, not `$ 31`), a commit
    # of a git log (`4c1d8aa Bump requests`; a hash has a digit, `acceded The` none)
    r"|\[[ xX\u2713\u2714]\]\s|\$ (?=[a-z])|(?=[a-f]*\d)[0-9a-f]{7,40}\s(?=[A-Z]))")
# Markdown's heading, and a list's item up to its text (_hanging_item_lines)
_MARKDOWN_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)
_HANGING_ITEM_WIDTH = 40
_MARKDOWN_ITEM = re.compile(r" *(?:[-*+]|\d{1,3}[.)]) +(?=\S)")
# A speaker's label in any case (`John Smith:`, `Speaker 1:`, `SPEAKER_00:`), each word
# capitalised or a number: a transcript's, where one opens two lines or more.
_SPEAKER = re.compile(r"[^\S\n]*((?:[^\W\d_][\w'.-]*|\d+)(?: (?:[^\W\d_][\w'.-]*|\d+)){0,2}):\s")
_DIGITS = re.compile(r"\d+")
# A speaker's label in lower case: a word, or two (`agent`, `support agent`, `speaker 2`).
_LOWER_CASE_LABEL = re.compile(r"[^\W\d_]+(?: (?:[^\W\d_]+|\d+))?")
# What transcripts and diarization number their speakers by (`Speaker 2:`, `SPEAKER_00:`,
# `Caller 1:`, `Interviewee 3:`): a numbered label of other words is a field's (`Day 1:`).
_SPEAKER_WORDS = set("speaker spk caller participant interviewer interviewee respondent "
                     "person voice moderator panelist panellist witness juror unknown "
                     "unidentified male female man woman child student agent customer "
                     "operator".split())
# A chat message's header, a sentence of its own: a name and the time it was sent, alone on
# a line (`Maria Lopez 10:42 AM`, `Kevin O'Neill  [10:43]`); found from the time's colon.
_AM_PM = r"(?: ?[AaPp]\.?[Mm]\.?)?"
_HEADER_TIME = re.compile(rf":\d\d{_AM_PM}\]?[^\S\n]*$", re.MULTILINE)
_CLOCK = rf"\d{{1,2}}:\d\d{_AM_PM}"
# Discord copies its header as the name, a dash and the day (`NightOwl — Today at 3:14 PM`,
# `PixelWitch — 03/14/2024 3:15 PM`): any name of up to three words there.
_CHAT_HEADER = re.compile(rf"[^\S\n]*(?:[A-Z][\w'.-]*(?:[^\S\n]+[A-Z][\w'.-]*){{1,3}}[^\S\n]+"
                          rf"(?:{_CLOCK}|\[{_CLOCK}\])"
                          rf"|\S+(?: \S+){{0,2}} [\u2014\u2013-] (?:(?:Today|Yesterday) at "
                          rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}},? ){_CLOCK})[^\S\n]*")
# A comment's header as YouTube's and forums' pages show it, copied: a name and its age
# (`@TheRealDanH 1 year ago`, `dave_uk 3 days ago (edited)`).
_AGE_HEADER = re.compile(r"^[^\S\n]*@?\S+ (?:\d+|an?) (?:second|minute|hour|day|week"
                         r"|month|year)s? ago(?: \(edited\))?[^\S\n]*$", re.MULTILINE)
# A text is read as cased when more than one of this many of its lines has a capital, not
# counting those that every writer's keyboard capitalises, the pronoun I (`I'm omw to paris` /
# `michel says hi`), nor an emoticon's (`:D`, `XD`).
_CASED_LINES = 10
_PLAIN_CAPITAL = re.compile(r"[A-CE-HJ-NQ-WYZ]")  # none of those: found in one quick search
_LINE_WITH_PLAIN_CAPITAL = re.compile(r"[A-CE-HJ-NQ-WYZ][^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*")
_NO_CASE_CAPITALS = re.compile(r"(?<![\w'\u2019])I(?:['\u2019](?:m|ll|d|ve))?(?![\w'\u2019])"
                               r"|(?<!\S)(?:[:;=]['\u2019]?-?[DPO]+|[xX]D+)(?![\w-])")
# A telegram's or a cable's full stop, which its words in capitals spell out (`... BANK OF
# SPRINGFIELD STOP ADJUTANT GENERAL ULIO`), and the words beside which `STOP` is a word: a
# noun or a verb after these (`BUS STOP`, `PIT STOP`, `PLEASE STOP PAYMENT`, `AND STOP`),
# before these (`STOP SIGN`, `STOP AND GO`).
_TELEGRAM_STOP = "STOP"
_STOP_AS_WORD_AFTER = set(
    "BUS PIT TRUCK REST WHISTLE FULL TRAIN TRAM SUBWAY METRO EMERGENCY GLOTTAL HARD DEAD "
    "SHORT BRIEF QUICK SUDDEN COMPLETE ONE NON NEXT LAST FIRST FINAL EACH EVERY NO A AN THE "
    "THIS THAT OUR YOUR MY HIS HER ITS THEIR ANY TO PLEASE PLS YOU WE THEY MUST WILL CAN "
    "CANNOT CANT COULD SHOULD WOULD DID DO DOES DONT NOT NEVER MAY MIGHT SHALL AND OR BUT NOR "
    "THEN ALSO JUST SHUTTLE TAXI TOUR CAMPAIGN N'T CAN'T DON'T WON'T".split())
_STOP_AS_WORD_BEFORE = set("SIGN SIGNS WATCH LIGHT LIGHTS LOSS GAP CODE ORDER ORDERS BUTTON "
                           "MOTION PRESS VALVE REQUEST AND OR".split())
# A word in lower case, as a paragraph of a writer who does not capitalise opens (not an
# address, `https://...`, nor a number).
_LOWER_CASE_OPENING = re.compile(r"[a-z][^\W\d_]*(?:['\u2019-][^\W\d_]+)*")
_PLACE_WORDS = 4  # "RIO DE JANEIRO", "SALT LAKE CITY": a longer capital run is a headline
_BYLINE_WORDS = 8  # "By Lisa Mascaro and Kevin Freking": two or three names
_REGION_WORDS = 3  # ", United Arab Emirates"



def outline_marks(text: str) -> dict[int, int]:
    """The outline's marks that open lines of ``text`` (``II.``, ``A.``, ``iv)``), as the
    offset of each mark's letters -> the number it stands for. A mark counts where the
    outline shows: every mark of its series (Roman numerals or letters, in one case, with
    the same punctuation) from the first up to it opens a line, and the series has two
    marks at least, or three for letters, which names' initials share (``J. Smith`` /
    ``K. Jones``). Roman numerals alone on their lines (``I.`` / ... / ``II.``) make a
    series of their own, and so do a question's options on one line (_inline_options)."""
    series: dict[tuple, dict[int, list]] = {}  # (kind, case, punctuation) -> number -> offsets
    lines = "\n" + text
    matches = [(match, False) for match in _OUTLINE_MARK.finditer(lines)]
    # Roman numerals alone on their lines (`I.` / ... / `II.`), a series of their own: `I`
    # alone is the pronoun too, but `II` is not
    matches += [(match, True) for match in _OUTLINE_MARK_ALONE.finditer(lines)]
    for match, alone in matches:
        letters, punctuation = match.groups()
        upper = letters.upper()
        kinds = []
        roman = _ROMAN.fullmatch(upper)
        if roman and upper:
            kinds.append(("roman", 10 * len(roman[1]) + _ROMAN_VALUES[roman[2]]))
        if len(letters) == 1 and not alone:
            kinds.append(("letter", ord(upper) - ord("A") + 1))
        if alone:
            punctuation += " alone"
        for kind, number in kinds:
            marks = series.setdefault((kind, letters.isupper(), punctuation), {})
            marks.setdefault(number, []).append(match.start(1) - 1)
    found: dict[int, int] = {}
    # Letters first: a mark of both series (`I.` after `H.`, and before `II.`) is the
    # Roman numeral.
    for (kind, _, _), marks in sorted(series.items(), key=lambda item: item[0][0] == "roman"):
        run = 1  # the series' marks from its first without a gap: 1, 2, 3, ...
        while run + 1 in marks:
            run += 1
        if 1 in marks and run >= (2 if kind == "roman" else 3):
            found.update((offset, number) for number in range(1, run + 1)
                         for offset in marks[number])
    # An interview's questions and answers, `Q.` and `A.` opening three lines or more, a
    # question among them, and no `B.`: read as initials, `A.` came back PER 1.0. (`A.
    # Kumar` / `Q. Zhang`, an authors' list, is none.)
    asked = series.get(("letter", True, "."), {})
    if (_Q in asked and 1 in asked and 2 not in asked and len(asked[_Q]) + len(asked[1]) >= 3
            and any("?" in _line_from(text, offset) for offset in asked[_Q])):
        found.update((offset, 1) for number in (1, _Q) for offset in asked[number])
    if "a" in text or "A" in text:
        found.update(_inline_options(text))
    return found


def _inline_options(text: str) -> dict[int, int]:
    """The marks of a question's options in series on one line, each the offset of its
    letter -> its number (`Which ship?  A. Beagle  B. Endeavour  C. Victory`, `A. HMS
    Endeavour   B. HMS Beagle`, `(a) Paris (b) Rome`): read as one sentence, the options run
    into each other's names (PER `A. Beagle  B.`, PER `A. HMS`). The series opens with `A`
    (or `a`) at the line's start, after the question's `?` or `:`, or after two spaces, and
    goes on with `B`, `C`, ... in the same form, each within a short option of the last. A
    letter and its period is a name's initial too (`A. Smith, B. Jones and C. Brown`,
    `Present: A. Smith B. Jones C. Brown`), so those need two spaces before each mark, or
    three marks after a question's `?`; no option ends in a comma, `and` or a full stop
    (`A. Smith left.  B. Jones came.`, `(a) Barclays Bank and (b) HSBC`), and a bracket's
    option opens with a capital or a digit (not a contract's `(a) pay the rent; (b) keep
    it`)."""
    found: dict[int, int] = {}
    searched = 0  # the end of the last series found: its marks open no other
    candidates = [position for position in _positions(text, "A")
                  if text[position + 1:position + 2] in (".", ")")]
    for mark in _SMALL_FIRST_OPTIONS:
        if mark in text:
            candidates += _positions(text, mark)
    firsts = sorted(position for position in candidates
                    if text[position + 2:position + 3] in (" ", "\t")
                    and (position == 0 or text[position - 1].isspace()
                         or text[position - 1] == "("))
    for letter in firsts:
        bracketed = letter > 0 and text[letter - 1] == "("
        mark_start = letter - bracketed
        option_start = _INDENT.match(text, letter + 2).end()
        if letter < searched or (bracketed and text[letter + 1] != ")") or (
                mark_start > 0 and not text[mark_start - 1].isspace()) or (
                option_start == len(text) or text[option_start] == "\n"):
            continue
        # what ends the question before it: nothing at the line's start, or two spaces
        before = text[max(0, mark_start - _OPTION_CHARS):mark_start].rstrip(" \t")[-1:]
        spaced = not before.strip() or text[max(0, mark_start - 2):mark_start] == "  "
        if not (spaced or before in _OPENS_OPTIONS_AFTER):
            continue
        punctuation = text[letter + 1]
        series, runs_on, position = [letter], False, option_start
        while True:
            following = chr(ord(text[letter]) + len(series))
            if not following.isalpha():
                break  # past `Z`
            mark = re.compile(rf"(?<=\s){'[(]' if bracketed else ''}{re.escape(following)}"
                              rf"{re.escape(punctuation)}[^\S\n]+(?=\S)")
            line_end = text.find("\n", position, position + _OPTION_CHARS)
            found_mark = mark.search(text, position, line_end if line_end >= 0
                                     else position + _OPTION_CHARS)
            if found_mark is None:
                break
            option = text[position:found_mark.start()].split()
            # (and a sentence's end: `A. Smith left.  B. Jones came.` is prose)
            runs_on = runs_on or not option or option[-1] in _RUNS_ON or (
                option[-1][-1] in _RUNS_ON or option[-1][-1] in _FULL_STOPS)
            spaced = spaced and text[found_mark.start() - 2:found_mark.start()] == "  "
            series.append(found_mark.start() + bracketed)
            position = found_mark.end()
        if len(series) < 2:
            continue
        if bracketed or punctuation == ")":
            accepted = not runs_on and all(
                _option_opens_capitalised(text, offset) for offset in series)
        else:
            accepted = not runs_on and (spaced or (len(series) >= 3 and before == "?"))
        if accepted:
            found.update((offset, number) for number, offset in enumerate(series, 1))
            searched = position
    return found


def _option_opens_capitalised(text: str, letter: int) -> bool:
    """Whether the option whose mark's letter is at ``letter`` (`a)`, `(a)`) opens with a
    capital or a digit."""
    first = text[_INDENT.match(text, letter + 2).end()]
    return first.isupper() or first.isdigit()


def _writes_in_case(text: str) -> bool:
    """Whether the text capitalises, so that a word's case says something: it has a capital
    on more than one line in _CASED_LINES of its lines that are not blank, the pronoun I
    and emoticons aside. A log of queries in lower case with one `iPhone 15 price` in it,
    or chat whose only capitals are a phone's `I'm`, names nothing with a capital."""
    if text == text.lower():
        return False
    lines = text.splitlines()
    # Most cased texts: enough lines with a capital that is no I, D, O, P or X, found by one
    # search that skips to the next line after each.
    enough = len(lines) // _CASED_LINES + 1
    if sum(1 for _ in islice(_LINE_WITH_PLAIN_CAPITAL.finditer(text), enough)) == enough:
        return True
    capitalised = 0
    for line in lines:
        if _PLAIN_CAPITAL.search(line) or (
                line != line.lower()
                and (stripped := _NO_CASE_CAPITALS.sub("", line)) != stripped.lower()):
            capitalised += 1
    written = sum(1 for line in lines if line.strip())
    return capitalised * _CASED_LINES > written


def telegram_stops(text: str, words: list[str], starts: list[int]) -> set[int]:
    """The tokens (by index) that are a telegram's full stops: ``STOP`` after a word or a
    number on a line with no letter in lower case, in a text with two or more of them (`...
    ON AUGUST 12 STOP MENTAL REPORTS WILL FOLLOW STOP FUNDS ...`). Not a ``STOP`` that is a
    word (`BUS STOP`, `STOP SIGN`, `PLEASE STOP PAYMENT`; ``NON-STOP`` is one token), nor one
    alone (a heading's, a headline's `PIT STOP`)."""
    stops = set()
    in_capitals: dict[int, bool] = {}  # a line's start -> whether it has no lower case
    last = len(words) - 1
    for position in _positions(text, _TELEGRAM_STOP):
        k = bisect_left(starts, position)
        if k == 0 or k > last or starts[k] != position or words[k] != _TELEGRAM_STOP:
            continue
        before, after = words[k - 1], words[k + 1] if k < last else ""
        if (before in _STOP_AS_WORD_AFTER or after in _STOP_AS_WORD_BEFORE
                or after == _TELEGRAM_STOP or not before[-1:].isalnum()
                or "\n" in text[starts[k - 1]:position]):  # not one that opens its line
            continue
        line_start = text.rfind("\n", 0, position) + 1
        if line_start not in in_capitals:
            line_end = text.find("\n", position)
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            in_capitals[line_start] = line == line.upper()
        if in_capitals[line_start]:
            stops.add(k)
    return stops if len(stops) >= 2 else set()


def _line_from(text: str, offset: int) -> str:
    """The text from ``offset`` to the end of its line."""
    end = text.find("\n", offset)
    return text[offset:] if end < 0 else text[offset:end]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` code-point offsets of each sentence of ``text``, in order.

    Every sentence starts and ends with a character the tokenizer reads, and every such
    character of ``text`` (not whitespace, and not a separator such as a bullet, an e-mail's
    quote mark or its ``Re:``: tokenizer.blank_separators) is in exactly one sentence. The
    rules are in the module docstring.
    """
    blanked = blank_separators(text)
    tokens = tokenize_blanked(blanked)
    if not tokens:
        return []
    sentences, first = [], 0
    for last in _Splitter(text, blanked, tokens, outline_marks(text)).sentence_ends():
        sentences.append((tokens[first][1], tokens[last][2]))
        first = last + 1
    sentences.append((tokens[first][1], tokens[-1][2]))
    return sentences


def tokenize_sentences(text: str, outline: dict[int, int] | None = None
                       ) -> tuple[list[tuple[str, int, int]], list[tuple[int, int]]]:
    """The tokens of ``text`` sentence by sentence, and each sentence's ``(first, end)`` token
    indices. A sentence's tokens are those ``tokenize`` gives for the sentence's own text (with
    offsets into ``text``), so that a sentence gets the same tokens wherever it appears; its
    separators are those of the text, where an e-mail's quote mark ``>`` is whitespace only
    at the start of one of the text's lines.

    They differ from the tokens of the whole text only at a sentence's edges, so the text is
    tokenized once and only a sentence with a differing edge again: one that opens with a list
    number (``2.`` is one token only at the start of a text), ends on an abbreviation's
    period, perhaps before a closing quote (``Jan.`` mid-text, ``Jan .`` at the end), ends on
    a full stop typed without its space or opens right after one (the words beside it were
    read with what is across it: ``Inc.Inc.He``, ``home.I.``), or opens with a name split
    from its affiliation's mark after the name before it (``B.`` / ``Andersen3``)."""
    blanked = blank_separators(text)
    tokens = tokenize_blanked(blanked)
    if not tokens:
        return [], []
    sentences, first = [], 0
    if outline is None:
        outline = outline_marks(text)
    for last in _Splitter(text, blanked, tokens, outline).sentence_ends():
        sentences.append((first, last + 1))
        first = last + 1
    sentences.append((first, len(tokens)))
    last = len(sentences) - 1
    changed = {k for k, (first, end) in enumerate(sentences)
               if _edges_change_alone(blanked, tokens, first, end, last_sentence=k == last)}
    if not changed:
        return tokens, sentences
    result, ranges = [], []
    for k, (first, end) in enumerate(sentences):
        own = tokens[first:end]
        if k in changed:
            start, stop = tokens[first][1], tokens[end - 1][2]
            own = [(token, start + a, start + b)
                   for token, a, b in tokenize_blanked(blanked[start:stop])]
        ranges.append((len(result), len(result) + len(own)))
        result += own
    return result, ranges


def _edges_change_alone(blanked: str, tokens: list[tuple[str, int, int]], first: int,
                        end: int, last_sentence: bool) -> bool:
    """Whether tokens[first:end], a sentence, are not what its text alone tokenizes to.
    ``blanked``: the text as the tokens were read from it (``2.|`` opens a list there as
    ``2. `` does)."""
    start, stop = tokens[first][1], tokens[end - 1][2]
    if start and _LIST_NUMBER_OPENING.match(blanked, start, stop):
        return True
    if first and tokens[first - 1][2] == start and tokens[first - 1][0] in _FULL_STOPS:
        return True  # it opens right after a full stop typed without its space: `home.I.`
    if end - first > 1 and tokens[first][2] == tokens[first + 1][1] and (
            tokens[first + 1][0][:1].isdigit() and tokens[first][0].istitle()):
        return True  # a name and its affiliation's mark, split after the name before it
    if last_sentence:
        # Nothing but whitespace follows it in the text either; but a signature's initial
        # keeps its period after a name that opens the text, and alone the sentence does.
        own = tokens[first:end]
        return len(own) > 2 and own[-1][0] == "." and is_final_initial(own, blanked)
    word = tokens[end - 1][0]
    if word in _FULL_STOPS and tokens[end - 1][2] == tokens[end][1]:
        return True  # typed without its space: the words before it were read with what follows
    if word in _CLOSING_QUOTES and end - first > 1:
        word = tokens[end - 2][0]
    return _Splitter._is_abbreviation(word)


class _Splitter:
    """Decides, for each gap between two tokens, whether a sentence ends there.

    ``words[i]`` is the i-th token and gap i the text between token i and token i + 1 (empty
    when they touch). Most gaps follow a word and a space and cannot end a sentence, so only
    the gaps that might are looked at, and what they need is worked out when first needed:
    a document costs little more than tokenizing it."""

    def __init__(self, text: str, blanked: str, tokens: list[tuple[str, int, int]],
                 outline: dict[int, int]):
        self.text = text
        self.outline = outline  # outline_marks(text)
        # Whether the tokenizer may have blanked the marks of a block of comments (# or //):
        # anything blanked in a text with either (_opens_own_line looks closer).
        self._comments = ("#" in text or "//" in text) and blanked != text
        self.blanked = blanked  # blank_separators(text), which the tokens were read from
        # Text with no capital letter at all (typed in lower case, or lower-cased by a
        # pipeline), or with capitals on few of its lines, says nothing by the case of a
        # word, so no rule may read it there.
        self.cased = _writes_in_case(text)
        # Whether the sentence that sentence_ends is in is read as text without capitals, in
        # cased text (_in_uncased_sentence), and up to which token that was looked at.
        self._uncased_sentence = _LOWER_CASE_OPENING.fullmatch(tokens[0][0]) is not None
        self._uncased_up_to = -1
        self.words = [token for token, _, _ in tokens]
        self.starts = [start for _, start, _ in tokens]
        self.ends = [end for _, _, end in tokens]
        self.line_breaks: dict[int, int] = {}  # gap -> its line breaks, for gaps with any
        self.paragraph_breaks: set[int] = set()
        self._find_line_breaks()
        self._lines: list[str] | None = None  # _split_lines
        self._line_starts: list[int] = []
        self._timings: set[int] | None = None  # _cue_timings
        self._code_lines: set[int] | None = None  # _in_code
        csv_fields, csv_rows = self._csv_edges()
        self.cell_marks = self._cells_within_lines()
        tuple_fields, tuple_rows = self._value_tuple_edges()
        self.cells = self.cell_marks | self._table_edges() | csv_rows | tuple_rows
        self.fields = self._without_empty_fields(self._quoted_field_edges() | csv_fields
                                                 | tuple_fields)
        if tuple_fields:  # SQL's values are spaced, and end where a cell does
            self.cells |= self.fields & tuple_fields
        self.glued_stops = self._glued_stop_edges()
        # Tokens after which a sentence may end because of what they are (full stops,
        # abbreviations, closing quotes and brackets), found in the text rather than token by
        # token: a sentence ends only at whitespace (or a mark the tokenizer reads as such, a
        # byte order mark, a zero-width space), so each ends just before some.
        may_end = _MAY_END_BEFORE_SPACE if blanked.isascii() else _MAY_END_OR_EMOJI
        self.may_end = [bisect_left(self.ends, match.end()) for match in may_end.finditer(blanked)]
        self._next_word_index: dict[int, int] = {}
        self._full_lines: set[int] | None = None  # _find_full_lines
        self._speakers: set[int] | None = None  # _speaker_lines
        self._emoji: dict[int, int] | None = None  # _emoji_runs
        self._clauses: bool | None = None  # _clause_numbers
        self._reference_lines: int | None = None  # _lists_references
        self._quotes: list[int] | None = None
        self._line_break_gaps: list[int] | None = None
        self._record_tags = record_tags(text)
        self._gedcom_lines = gedcom_lines(text)
        self.dateline_edges = (self._dateline_edges() | self._chat_header_edges()
                               | self._cue_timing_edges() | self._speaker_label_edges()
                               | self._record_field_edges() | self._gedcom_line_edges())
        self.option_marks = self._inline_option_marks()
        self.list_markers = self._inline_list_markers() | self.option_marks
        self.telegram_stops = telegram_stops(text, self.words, self.starts)

    def _find_line_breaks(self) -> None:
        """Fill ``line_breaks`` and ``paragraph_breaks``. Nearly every text breaks lines with
        "\\n" alone, which ``str.find`` finds far faster than a regular expression."""
        text = self.text
        if any(character in text for character in _RARE_LINE_BREAKS):
            breaks = [(match.start(), match.group()) for match in _LINE_BREAK.finditer(text)]
        else:
            breaks = [(position, "\n") for position in _positions(text, "\n")]
        for position, line_break in breaks:
            if line_break == "\f" and position and text[position - 1] in "\n\r":
                continue  # a page break after a line's end (pdftotext): one line break
            gap = self._gap_at(position)
            if gap is not None:
                self.line_breaks[gap] = self.line_breaks.get(gap, 0) + 1
                if line_break == _PARAGRAPH_SEPARATOR:
                    self.paragraph_breaks.add(gap)

    def _split_lines(self) -> tuple[list[str], list[int]]:
        """The blanked text's lines ("> " quotes no word), each with its line break, and
        where each starts, then the text's end: split once, for every rule that reads lines.
        A page break after a line's end opens the next line (`\n\f`, as pdftotext writes)."""
        if self._lines is None:
            blanked = self.blanked
            if "\n\f" in blanked:
                blanked = blanked.replace("\n\f", "\n ")
            self._lines = blanked.splitlines(keepends=True)
            self._line_starts = [0, *accumulate(len(line) for line in self._lines)]
        return self._lines, self._line_starts

    def _line_of(self, position: int) -> int:
        """The line (by index) that the character at ``position`` is on."""
        return bisect_right(self._split_lines()[1], position) - 1

    def _gaps_around_line(self, line: int) -> set[int]:
        """The gaps just before and just after a line: where a line of its own starts and
        ends."""
        lines, starts = self._split_lines()
        positions = (starts[line] - 1, starts[line] + len(lines[line].rstrip()))
        return {gap for gap in map(self._gap_at, positions) if gap is not None}

    def _in_code(self, i: int) -> bool:
        """Whether the line break after token i ends a line of code: a line of a block
        fenced by ``` or ~~~ (Markdown's: the fences alone on their lines, the block closed),
        or a fence. Code's lines open in lower case, and read as prose they ran together."""
        if self._code_lines is None:
            self._code_lines = set()
            if "```" in self.text or "~~~" in self.text:
                opened = None  # the opening fence's line and its mark
                for k, line in enumerate(self._split_lines()[0]):
                    fence = _FENCE.fullmatch(line.strip())
                    if fence and opened is None:
                        opened = (k, fence[1])
                    elif fence and fence[1] == opened[1] and not fence[2]:
                        self._code_lines.update(range(opened[0], k + 1))  # a closed block
                        opened = None
        if not self._code_lines:
            return False
        line = self._line_of(self.starts[i])
        return line in self._code_lines or line + 1 in self._code_lines

    def _cue_timings(self) -> set[int]:
        """The lines (by index) that time a subtitle's cue (`00:01:02,500 --> ...`)."""
        if self._timings is None:
            self._timings = ({self._line_of(match.start())
                              for match in _CUE_TIMING.finditer(self.blanked)}
                             if "-->" in self.text else set())
        return self._timings

    def _cells_within_lines(self) -> set[int]:
        """The gaps with a tab, a vertical bar, a bullet or a middle dot between spaces
        (`Quillmetric · Austin, TX`) and no line break, those of two spaces or more before a
        field's label (`Name: John Smith   Employer: IBM`), and those wider than
        justification leaves between words where two lines or more have one ending at the
        same place (`Stanford University        Auditorium Gold`, a programme's columns)."""
        text = self.text
        marks = _CELL_MARKS if not text.isascii() else "\t|"
        spoilers = _spoiler_bars(text) if "||" in text else ()
        gaps = {self._gap_at(position) for mark in marks if mark in text
                for position in _positions(text, mark) if position not in spoilers}
        if "\u00b7" in text:
            gaps.update(self._gap_at(dot.start()) for dot in SPACED_MIDDLE_DOT.finditer(text))
        if "  " in text:
            gaps.update(map(self._gap_at, self._runs_before_labels()))
            gaps.update(map(self._gap_at, self._runs_in_capitalised_rows()))
            if _WIDE_GAP_TEXT in text:
                gaps.update(self._wide_gaps())
        return {gap for gap in gaps if gap is not None and gap not in self.line_breaks}

    def _wide_gaps(self) -> list[int]:
        """The gaps wider than justification leaves that end where such a gap ends on
        another line: a layout's column, not a typo's (`John          Smith`), not after a
        comma or a title (`The Prime Minister,       Tony Blair`, `Dear Mr.
        Johnson`), nor before keys' `=` or `:` lined up (`author        = Smith`)."""
        starts = self._split_lines()[1]
        found = []
        for match in _WIDE_GAP.finditer(self.text):
            line = self._line_of(match.start())
            found.append((self._gap_at(match.start()), line, match.end() - starts[line]))
        columns = Counter(column for _, _, column in found)
        return [gap for gap, _, column in found if columns[column] >= 2 and gap is not None
                and self.words[gap] != "," and self.words[gap] not in _TITLES
                and self.words[gap + 1] not in _LABEL_ENDS]

    def _runs_in_capitalised_rows(self) -> list[int]:
        """Where each run of two spaces or more starts in a line with two such runs or more
        and no word in lower case: a table's row typed without its columns lined up
        (`Jamal Pettigrew  Harbour City  9`, a podium's `1  Lorenzo Bassani  Scuderia
        Vettore`) or a header's (`GF  GA  GD  Pts`), whose cells ran into one name; names'
        particles aside (`Jan de Vries`). Prose has words in lower case, and a justified
        paragraph's line of names or results is as wide as a line beside it, to within two
        characters (so is a row of a table whose columns are lined up, which _table_edges
        reads); a typo's one run (`Harry  Potter`) parts nothing."""
        found = []
        lines, starts = self._split_lines()
        widths = [len(line.rstrip()) for line in lines]
        for k, (line, start) in enumerate(zip(lines, starts)):
            if line.count("  ") >= 2 and _capitalised(line) and not any(
                    0 <= j < len(lines) and abs(widths[j] - widths[k]) <= 2
                    for j in (k - 1, k + 1)):
                runs = [start + run.start() for run in _COLUMN_START.finditer(line.rstrip())]
                if len(runs) >= 2:
                    found += runs
        return found

    def _runs_before_labels(self) -> list[int]:
        """Where each run of two spaces or more before a capitalised field's label starts, in
        a line that opens with such a label (not at its indent); or a run of three or more,
        in a line that opens with a field's value, the label's left out (`Maria Lopez
        DOB: 01/02/1980`, a form's name, gave PER `Maria Lopez      DOB`), where the line
        spaces two words one apart: justified text widens every gap of its line alike."""
        text, runs = self.text, []
        starts = self._split_lines()[1]
        line, opening_end = -1, None  # the current line, and where its fields may part
        for run in _SPACE_RUN.finditer(text):
            if self._line_of(run.start()) != line:  # a line's first run: how does it open?
                line = self._line_of(run.start())
                label = _LINE_OPENING_LABEL.match(text, starts[line])
                if label:
                    opening_end, narrowest = label.end() - 1, 2
                elif _ONE_SPACE_BETWEEN_WORDS.search(text, starts[line], starts[line + 1]):
                    opening_end = _INDENT.match(text, starts[line]).end() + 1
                    narrowest = _VALUE_GAP
                else:
                    opening_end = None
            if (opening_end is not None and run.start() >= opening_end
                    and run.end() - run.start() >= narrowest and _LABEL.match(text, run.end())):
                runs.append(run.start())
        return runs

    def _quoted_field_edges(self) -> set[int]:
        """The gaps after the comma between two quoted fields of a CSV line (`"Garcia,
        Maria","Siemens AG"`), whose fields touch."""
        text = self.text
        if '","' not in text:
            return set()
        # The first quote must close a field and the second open one: not `split(",")`,
        # `",".join`, `delimiter=","`, where the quotes hold a comma in code.
        gaps = {self._gap_at(position + 1) for position in _positions(text, '","')
                if position > 0 and not text[position - 1].isspace()
                and text[position - 1] not in _BEFORE_QUOTED_COMMA
                and position + 3 < len(text) and not text[position + 3].isspace()
                and text[position + 3] not in _AFTER_QUOTED_COMMA}
        return {gap for gap in gaps if gap is not None and self.words[gap] == ","}

    def _value_tuple_edges(self) -> tuple[set[int], set[int]]:
        """The gaps after the commas between the values of SQL's rows that hold a string, and
        the gaps before and after each row: each value is a sentence, as a CSV's field is. A
        row follows VALUES, another row and its comma, or opens a line, and the rows end
        their line (`(5, 'Katherine', 'NASA'),`); prose's quotes are in no such tuple
        (`'Yes', she said`, `rock 'n' roll`, `('tis the season)`)."""
        text = self.text
        if "(" not in text or not any(pair in text for pair in _STRING_BY_COMMA):
            return set(), set()
        # where a row may open: a line's bracket (True), or after VALUES (False)
        anchors = {match.end(): True for match in _LINE_OPENING_BRACKET.finditer(text)}
        if text.lstrip(" \t")[:1] == "(":
            anchors[len(text) - len(text.lstrip(" \t"))] = True
        anchors.update((match.end(), False) for match in _VALUES_KEYWORD.finditer(text))
        fields, rows, done = [], [], 0
        for start in sorted(anchors):
            if start < done:
                continue
            found = []  # the rows from here: each after the one before and its comma
            row = _VALUE_TUPLE.match(text, start)
            while row is not None:
                found.append(row)
                comma = _NEXT_ROW.match(text, row.end())
                row = comma and _VALUE_TUPLE.match(text, comma.end())
            # The rows end their line: `our values ('honesty', 'courage') matter` is prose's;
            # after a comma or a semicolon where one row opens the line (`('Yes', 'No')` /
            # `was the choice`)
            done = found[-1].end() if found else done
            if not found or not _ROWS_END.match(text, done) or anchors[start] and not (
                    len(found) > 1 or text[done:done + 1] in (",", ";")):
                continue
            for row in found:
                if "'" not in row.group():
                    continue  # numbers alone: `(1, 2),` has no names to keep apart
                # before the row, and after it and its comma or semicolon
                after = row.end() if text[row.end():row.end() + 1] in (",", ";") else row.end() - 1
                rows += [self._gap_at(row.start() - 1), self._gap_at(after)]
                position = row.start() + 1
                while value := _SQL_VALUE_AND_COMMA.match(text, position, row.end()):
                    fields.append(value.start(1))  # the comma after the value
                    position = value.end()
        field_gaps = (self._gap_at(position) for position in fields)
        return ({gap for gap in field_gaps if gap is not None and self.words[gap] == ","},
                {gap for gap in rows if gap is not None})

    def _glued_stop_edges(self) -> set[int]:
        """The gaps after a full stop, a question mark or an exclamation mark typed without
        the space after it (`Paris.Then`, `really?Yes`, `Carter。Li Na`): the tokenizer splits
        them off."""
        text, edges = self.text, set()
        if not text.isascii():
            for mark in _EAST_ASIAN_STOP.finditer(text):
                gap = self._gap_at(mark.start())
                if gap is not None and self.words[gap] == mark[0]:
                    edges.add(gap)
        for candidate in _GLUED_CANDIDATE.finditer(text):
            position = candidate.start()
            rule = _GLUED_FULL_STOP if text[position] == "." else _GLUED_MARK
            if rule.match(text, position):
                gap = self._gap_at(position)
                if gap is not None and gap > 0 and self.words[gap] == text[position] and (
                        self.ends[gap - 1] == position):
                    edges.add(gap)
        return edges

    def _csv_edges(self) -> tuple[set[int], set[int]]:
        """The gaps after the commas between a CSV's fields, and the gaps before, between and
        after its rows: lines in a row that split into as many fields, each at a comma with
        no space after it, three lines or more, or two of three fields or more (the rule is
        in the module docstring)."""
        text = self.blanked  # "> " quotes no row
        candidates = [position for position in map(re.Match.start, _UNSPACED_COMMA.finditer(text))
                      if not (position and text[position - 1].isdigit()
                              and text[position + 1].isdigit())]
        if not candidates:
            return set(), set()
        lines, starts = self._split_lines()
        fields, rows = set(), set()
        run: list[tuple[int, list[int]]] = []  # the rows so far: (line, its commas)
        # Only lines with such a comma are read; one past the last line ends the last run.
        for k in sorted({bisect_right(starts, position) - 1 for position in candidates}
                        | {len(lines)}):
            commas = _csv_commas(lines[k], starts[k]) if k < len(lines) else None
            if run and (commas is None or k != run[-1][0] + 1
                        or len(commas) != len(run[-1][1])):
                # Two rows of two fields are too weak a sign: chat leaves out the space
                # after a comma too (`Paris,France` / `Berlin,Germany`).
                if len(run) >= 3 or (len(run) == 2 and len(run[0][1]) >= 2):
                    for line, row_commas in run:
                        fields.update(row_commas)
                        rows |= self._gaps_around_line(line)
                run = []
            if commas:
                run.append((k, commas))
        return ({gap for gap in map(self._gap_at, fields)
                 if gap is not None and self.words[gap] == ","}, rows)

    def _without_empty_fields(self, edges: set[int]) -> set[int]:
        """The field edges but those that would leave a field with no letter or digit (`""`,
        `-`, an empty one) a sentence of its own: it joins the field after it, or the one
        before it at the end of its row."""
        if not edges:
            return edges
        # The pieces between the edges and the line breaks around them, in order.
        breaks = sorted(self.line_breaks)
        around = {breaks[k] for k in (j + d for j in map(partial(bisect_left, breaks), edges)
                                      for d in (-1, 0)) if 0 <= k < len(breaks)}
        kept: list[int] = []
        boundary = -1  # the gap before the piece: a kept edge or a line break
        searched = 0  # the piece has no letter or digit before this (each is searched once)
        for gap in sorted(edges | around) + [len(self.words) - 1]:
            empty = not _LETTER_OR_DIGIT.search(
                self.text, max(searched, self.starts[boundary + 1]), self.ends[gap])
            searched = self.ends[gap]
            if gap not in edges:  # a row's end: an empty last piece joins the one before
                if empty and kept and kept[-1] == boundary:
                    kept.pop()
                boundary = gap
            elif not empty:
                kept.append(gap)
                boundary = gap
        return set(kept)

    def _table_edges(self) -> set[int]:
        """The gaps at the columns of a table laid out with spaces, and at the line breaks
        after its rows (the rule is in the module docstring)."""
        text = self.blanked  # "> " quotes no cell
        if "  " not in text:
            return set()
        # The lines that may be a table's rows, each with where it starts: all but ruled ones.
        rows = [(line, start) for line, start in zip(*self._split_lines())
                if not _RULED_LINE.fullmatch(self.text, start, start + len(line))]
        widths = [len(line.rstrip()) for line, _ in rows]
        # Where each row's words follow two spaces or more: the place in the line (a column,
        # perhaps) -> where the spaces start in the text. A blank line has none, nor has a
        # line of justified text, nor a gap before `=` or `:` (settings' and BibTeX's keys
        # lined up: `journal   = Nature`).
        gaps = [{match.end() - start: match.start()
                 for match in _COLUMN_START.finditer(text, start, start + widths[k])
                 if text[match.end()] not in _LABEL_ENDS}
                if "  " in line and not _justified(rows, widths, k) else {}
                for k, (line, start) in enumerate(rows)]
        row_ends = [start + len(line) - 1 for line, start in rows]  # its line break, if any
        # Each row in turn, with how many rows up to it have each of its columns: once
        # enough do, those rows' cells and lines end there, and so does the line before them
        # (a lower-case header would join it as a line that goes on). A row whose cell fills
        # a column up to a single space (`www-data nginx`), or leaves it empty, keeps the
        # column going but does not count; it is cut there only if it has a gap of two
        # spaces too, so a cell that runs past its column (`Jean-Claude Van Damme`) stays
        # whole.
        edges = set()
        run: dict[int, tuple[int, int]] = {}  # column -> (rows that count, rows)
        one_space: dict[int, dict[int, int]] = {}  # row -> {column: its space in the text}
        cut_up_to: dict[int, int] = {}  # column -> the last row cut there
        for k, (_, start) in enumerate(rows):
            if not (gaps[k] or run):
                continue  # most lines of most texts
            kept = [column for column in run.keys() - gaps[k].keys()
                    if _column_goes_on(text, start + column, start + widths[k])]
            if gaps[k]:  # only a row with a gap of two spaces is cut at a single one
                one_space[k] = {column: start + column - 1 for column in kept
                                if not text[start + column].isspace()}
            previous = run
            run = {column: (previous[column][0], previous[column][1] + 1) for column in kept}
            for column in gaps[k]:
                counted, rows_in_run = previous.get(column, (0, 0))
                run[column] = (counted + 1, rows_in_run + 1)
            table = [(column, rows_in_run) for column, (counted, rows_in_run) in run.items()
                     if counted >= _TABLE_LINES_ONE_COLUMN]
            shared = [(column, rows_in_run) for column, (counted, rows_in_run) in run.items()
                      if counted >= _TABLE_LINES_MORE_COLUMNS]
            if len(shared) >= 2:
                table += shared
            for column, rows_in_run in table:
                for j in range(max(k - rows_in_run, cut_up_to.get(column, -1)) + 1, k + 1):
                    space = gaps[j].get(column) or one_space.get(j, {}).get(column)
                    edges.update((rows[j][1] - 1, row_ends[j]) if space is None
                                 else (rows[j][1] - 1, space, row_ends[j]))
                cut_up_to[column] = k
        return {gap for gap in map(self._gap_at, edges) if gap is not None}

    def _gap_at(self, position: int) -> int | None:
        """The gap between two tokens that holds the character at ``position``, if any."""
        gap = bisect_right(self.starts, position) - 1
        return gap if 0 <= gap <= len(self.starts) - 2 else None

    def sentence_ends(self) -> list[int]:
        """The gaps, in order, at which a sentence ends."""
        candidates = set(self.may_end)
        candidates.update(self.line_breaks, self.dateline_edges, self.cells, self.fields,
                          self.glued_stops)
        candidates.update(k - 1 for k in self.list_markers)
        candidates.update(self.telegram_stops)
        candidates.discard(len(self.words) - 1)
        candidates.difference_update(self._within_attribution_lines())
        ends = []
        for i in sorted(candidates):
            if self.ends_sentence(i):
                ends.append(i)
                if self.words[i + 1][:1].isupper():
                    self._uncased_sentence = False  # most sentences of cased text
                else:
                    self._uncased_sentence = self._opens_uncased_sentence(i)
                    self._uncased_up_to = i
        return ends

    def _in_uncased_sentence(self, i: int) -> bool:
        """Whether token i is in a sentence of cased text read as text without capitals: its
        writer does not capitalise, which a paragraph (or the text) that opens with a word in
        lower case shows, and the sentences after it that open in lower case or with no
        letter go on showing (`how old is taylor swift` / `selena gomez net worth`, a log of
        queries with an `iPhone 15 price` among them), until a word opens with a capital, the
        pronoun I and `XD` aside (`my nan was there, U.S. dept. of Energy.`). Each token is
        looked at once, as the gaps come in order."""
        if self._uncased_sentence and self._uncased_up_to < i:
            words = self.words
            for k in range(self._uncased_up_to + 1, i + 1):
                if words[k][:1].isupper() and not _NO_CASE_CAPITALS.fullmatch(words[k]):
                    self._uncased_sentence = False
                    break
            self._uncased_up_to = i
        return self._uncased_sentence

    def _opens_uncased_sentence(self, i: int) -> bool:
        """Whether the sentence after the end at gap i, which opens in lower case or with no
        letter, is read as text without capitals (_in_uncased_sentence). One after a line
        that ended in a full stop goes on as the one before: `She said "I love it."` / `but
        then she left` is cased text."""
        following = self.words[i + 1]
        if (self.line_breaks.get(i, 0) >= 2 or i in self.paragraph_breaks) and (
                _LOWER_CASE_OPENING.fullmatch(following)):
            return True
        return self._in_uncased_sentence(i)

    def _within_attribution_lines(self) -> Iterable[int]:
        """The gaps inside the lines above quoted messages in other languages, which are one
        sentence each (tokenizer.attribution_lines: `Le lun. 3 mars 2024 à 10:15, ...`)."""
        for start, end in attribution_lines(self.text):
            yield from range(bisect_left(self.starts, start), bisect_left(self.starts, end) - 1)

    def ends_sentence(self, i: int) -> bool:
        """Whether a sentence ends between token ``i`` and token ``i + 1``."""
        if self.ends[i] == self.starts[i + 1]:
            # "U.S.-based", "(loudly)": no whitespace, no boundary; but a CSV's fields, a
            # full stop typed without its space, and the dash closing a dateline's credit,
            # which Business Wire glues to the story (`SEATTLE--(BUSINESS WIRE)--Amazon.com`)
            return (i in self.fields or i in self.glued_stops
                    or i in self.dateline_edges and self.words[i] in _DASHES
                    and self.words[i - 1] in (")", "/"))
        if (i in self.dateline_edges or i + 1 in self.list_markers or i in self.cells
                or i in self.telegram_stops):
            return True
        line_breaks = self.line_breaks.get(i, 0)
        if line_breaks >= 2 or i in self.paragraph_breaks:
            return True
        if line_breaks and self._in_code(i):
            return True
        if line_breaks and not self._wraps(i):
            return not self._line_continues(i)
        # Within a line, or at a line break that only wraps the text: read the punctuation.
        if self._closes(i + 1):
            return False  # the closing quote or bracket belongs to the sentence before it
        if line_breaks and self.words[i] in _FULL_STOPS and self._opens_field(i + 1):
            return True  # a definition's line after another (`timeout: the number of ...`)
        return self._ends_with_punctuation(i)

    def _ends_with_punctuation(self, i: int) -> bool:
        """A sentence ends after token i, a space follows: look back past closing quotes and
        brackets to the punctuation, and ahead to the next word."""
        j = self._before_closings(i)
        last, following = self.words[j], self._next_word(i + 1)
        # A sentence that opened in lower case in cased text is read as text without capitals
        # (_opens_uncased_sentence): `michel says hi. sarah too` ends at its full stop.
        cased = self.cased and not (self._uncased_sentence and self._in_uncased_sentence(i))
        if j < i and self._closes_an_amount(j, i):
            return False  # `Add 1 can (28 oz.) San Marzano tomatoes`, `(at 2 p.m.) Smith`
        if last in _FULL_STOPS:
            if last == "." and j > 0 and not self._gap(j - 1) and (
                    self._is_list_number(j - 1) or j - 1 in self.list_markers):
                return False  # "2." opens a list item: mid-text the tokenizer splits it
            if last == "." and cased and following[:1].isupper() and self._numbers_line(j):
                return False  # `Step 1. Download the installer`, `Item 7. Management's`
            if last == "." and j and self._german_ordinal(j - 1, i + 1):
                return False  # `1. FC Köln`, `14. Mai 2024`: German writes ordinals so
            return (not (cased and following[:1].islower()) or self._ends_name(j, following)
                    or (j < i and not self.words[i].isascii()
                        and i in self._emoji_runs()))  # `Wow! 😂 did you see`
        if self._is_abbreviation(last):
            # An abbreviation is read as the text's case has it: `need milk, eggs etc. from
            # Tesco` goes on, though its sentence opened in lower case.
            cased = self.cased
            if self._is_list_number(j):
                return False  # "1." at the very start: the tokenizer keeps it whole
            if last.capitalize() in _TITLES and following in ("and", "&"):
                return False  # `Mr. and Mrs. Johnson`, `mr. and mrs. johnson`
            if (last.lower() == "al." and j > 0 and self.words[j - 1].lower() == "et"
                    and cased and self.words[i + 1][:1].isupper()):
                # A reference's authors end there and its title starts (`Tuttle KR, et al.
                # Dulaglutide versus ...`); in prose a verb, a year or a bracket follows.
                return True
            if cased and following[:1].isupper() and self._is_label_letter(j, following):
                return True
            if cased and following[:1].isupper() and (
                    self._ends_vancouver_authors(j) or self._ends_inverted_authors(j)):
                return True
            if last in _FEATURING and j and (self.words[j - 1][:1].islower()
                                             or self.words[j - 1].endswith(".")):
                # a noun's and a measure's (`a remarkable feat.`, `six ft.`, `sq. ft.`), no
                # song's featured artist after its title
                return not cased or following[:1].isupper()
            if last in _CLOCK_HALVES and cased and following[:1].isupper():
                return self._time_ends_sentence(j, i, following)
            # in capitals too: `TURN LEFT ON MAIN AVE. THE HOUSE IS BLUE`
            return (following.capitalize() if not cased or (
                following.isupper() and last.isupper() and last.count(".") == 1) else
                following) in SENTENCE_STARTERS
        # An emoji in place of the final mark, before a capitalised word that opens chat's
        # sentences (`lunch with Sarah 😊 Then met Tom`); not before a name (`Thanks 🙏 Tom`).
        return (cased and following[:1].isupper() and following.lower() in _OPENS_AFTER_EMOJI
                and not last.isascii() and i in self._emoji_runs())

    def _ends_vancouver_authors(self, j: int) -> bool:
        """Whether token j, an initial and its period, ends a reference's authors as the
        Vancouver style writes them, before its title (`Smith AB, Jones C. Ocean
        acidification`: PER `Jones C. Ocean` before): an author before it, after another's
        comma or the reference's number (`1.`, `[1]`), a surname and one or two initials
        without periods, then a comma and the initial's surname. Not a title's (`Goldman
        Sachs CEO, David M. Solomon`) nor a state's (`Washington DC, John F. Kennedy`)."""
        words = self.words
        return (j >= 5 and len(words[j]) == 2 and words[j][0].isupper() and words[j - 2] == ","
                and words[j - 1][:1].isupper() and words[j - 3].isalpha()
                and words[j - 3].isupper() and len(words[j - 3]) <= 2
                and words[j - 4][:1].isupper() and not words[j - 4].isupper()
                and (words[j - 5] in (",", ";", "]", ")") or _REFERENCE_NUMBER.fullmatch(
                    words[j - 5]) is not None))

    def _ends_inverted_authors(self, j: int) -> bool:
        """Whether token j, an initial and its period, ends a reference's authors written
        surname first, as MLA, Chicago and Nature write them, before its title (`Said,
        Edward W. Orientalism.`, `LeCun, Y., Bengio, Y. & Hinton, G. Deep learning.`, read
        on as PER `Edward W. Orientalism`, `G. Deep`): tokenizer.inverted_authors, the first
        author opening a line or following the reference's number (`3.`, `[3]`). One author
        alone needs a year in the reference, as a line of prose or a sign-off may open so
        too (`Yesterday, John F. Kennedy Airport`, `Thanks, J. Smith`); and `In Paris, John
        F. Kennedy said` has no surname first; and a list of references around it, or its
        number, as prose opens so with a year in it (`Moreover, John F. Kennedy was elected
        in 1960`)."""
        if is_initial(self.words[j + 1]):
            return False  # `Du Bois, W. E. B.`: its last initial ends it
        authors = inverted_authors(self.words, j, self._starts_line)
        return authors is not None and self._opens_reference(authors[0]) and (
            authors[1] > 1 or (self._reference_has_year(j) and (
                not self._starts_line(authors[0]) or self._lists_references())))

    def _lists_references(self) -> bool:
        """Whether two lines of the text or more open with an author written surname first
        (`Said, Edward W.`, `Chomsky, N.`): a list of references."""
        if self._reference_lines is None:
            self._reference_lines = sum(
                1 for line in _INVERTED_AUTHOR_LINE.finditer(self.text)
                if not opens_prose(line[1]))
        return self._reference_lines >= 2

    def _opens_reference(self, k: int) -> bool:
        """Whether token k opens a line, or follows a number (`3.`, `[3]`, `3)`) or a mark
        (`-`, `*`) that opens its line: where a reference starts in a list of them."""
        if self._starts_line(k):
            return True
        words = self.words
        if words[k - 1] in ("-", "*") or _REFERENCE_NUMBER.fullmatch(words[k - 1]):
            return self._starts_line(k - 1)
        if k >= 2 and words[k - 1] in (".", ")", "]") and words[k - 2].isdigit():
            opening = k - 3 if words[k - 1] == "]" else k - 2
            return opening >= 0 and (words[k - 1] != "]" or words[opening] == "[") and (
                self._starts_line(opening))
        return False

    def _reference_has_year(self, j: int) -> bool:
        """Whether a year follows token j in its reference: on its line, or on the lines it
        wraps into (a hanging indent, or text wrapped to a width)."""
        lines, starts = self._split_lines()
        line = self._line_of(self.starts[j])
        end = min(line + _REFERENCE_LINES, len(lines))
        for k in range(line, end):
            if k > line:
                gap = self._gap_at(starts[k] - 1)
                if gap is None or not (lines[k][:1].isspace() and lines[k].strip()
                                       or self._wraps(gap)):
                    return False
            if _YEAR_IN_REFERENCE.search(self.text, max(starts[k], self.ends[j]),
                                         starts[k] + len(lines[k])):
                return True
        return False

    def _ends_name(self, j: int, following: str) -> bool:
        """Whether the full stop at token j, before a word in lower case, ends the sentence
        all the same: it closes a capitalised word that it was split from, so none of the
        abbreviations the tokenizer knows, and a word that opens chat's sentences follows
        (`We flew to Melbourne. my nan was there`, `Havertz. should be 1-0`). Not before
        another word: an abbreviation the tokenizer does not know goes on so (`Staph.
        aureus`, `Tues. morning`, `Nature Genet. and`)."""
        if self.words[j] != "." or j == 0 or self._gap(j - 1) or following not in _OPENS_CHAT:
            return False
        word = self.words[j - 1]
        return len(word) > 1 and word.isalpha() and word[0].isupper()

    def _german_ordinal(self, k: int, m: int) -> bool:
        """Whether token k, a number its full stop is glued to, is an ordinal as German
        writes them, before token m: a club or a league (`1. FC Köln`, `2. Bundesliga`), or
        a day's before a month in another language, before a year, a time or punctuation
        (`14. Mai 2024`; not `Shares closed at 31. May 2024 results are due`)."""
        number, following = self.words[k], self.words[m]
        if not (number.isascii() and number.isdigit()) or self._gap(k):  # not `¹`
            return False
        if self._names_german_club(k, m):
            return True
        after = self.words[m + 1][:1] if m + 1 < len(self.words) else "."
        return (len(number) <= 2 and 0 < int(number) <= 31 and following in DATE_WORDS
                and (after.isdigit() or after in ",.;"))

    def _names_german_club(self, k: int, m: int) -> bool:
        """Whether the number at token k, a word at token m and the word after it are a
        German club's or league's name with its ordinal (_GERMAN_ORDINALS)."""
        key = (self.words[k], self.words[m])
        if key not in _GERMAN_ORDINALS:
            return False
        names = _GERMAN_ORDINALS[key]
        return names is None or (m + 1 < len(self.words) and self.words[m + 1] in names)

    def _numbers_line(self, j: int) -> bool:
        """Whether the full stop at token j closes a label's number that opens its line
        (`Step 1.`, `Item 7.`, `Chapter 3.`, a filing's `Item 5.02.`), or a clause's number
        of several levels (`4.1. The Supplier shall`) where another line opens with one: a
        heading or an instruction goes on after it. Mid-line the number may end a sentence
        (`as described in Section 3. The results`), and so may a decimal that opens a line
        alone (`What rate?` / `3.5. The best in town`)."""
        if j < 1 or self._gap(j - 1):
            return False
        number = self.words[j - 1]
        if not (number.isdigit() or _SECTION_NUMBER.fullmatch(number)):
            return False
        if j > 1 and self.words[j - 2].lower() in _NUMBERED:
            opening = j - 2  # `Item 5.02.`
        elif not number.isdigit() and self._clause_numbers():
            opening = j - 1  # `4.1.`
        else:
            return False
        return self._starts_line(opening) and (
            opening == 0 or not self._wraps(opening - 1))  # not `described in` / `Section 3.`

    def _clause_numbers(self) -> bool:
        """Whether two lines or more open with a clause's number of several levels and
        its period (`4.1. The Supplier`, `4.2. Siemens Mobility`)."""
        if self._clauses is None:
            self._clauses = len(_CLAUSE_OPENING.findall(self.blanked, 0)) >= 2
        return self._clauses

    def _is_label_letter(self, j: int, following: str) -> bool:
        """Whether token j, a capital and its period (`B.`), is a label's letter or a unit
        rather than a name's initial, so that the period may end the sentence: after a word
        that letters label (`Exhibit B. Licensor shall`, `vitamin D. Dr. Ruiz`), after a
        decimal or a degree sign (`101.2 F. Pt. was`, `38.5°C. Patient`), or before a title,
        which no name's initial comes before."""
        letter = self.words[j]
        if len(letter) != 2 or not letter[0].isupper():
            return False
        if following in _TITLES:
            return True
        before = self.words[j - 1] if j else ""
        return before.lower() in LETTERED or (
            letter[0] in "CFK" and (before == "\u00b0" or _DECIMAL.fullmatch(before) is not None))

    def _wraps(self, i: int) -> bool:
        """Whether the single line break after token i only wraps the text (the rule is in
        the module docstring): the text is wrapped, the line is full, and the next line does
        not open a list item, nor a field's label after a field's line. A headline, a
        dateline, or a short line of a list, an address or a signature is never full."""
        if self._full_lines is None:
            self._full_lines = self._find_full_lines()
        if not self._full_lines:
            return False
        line = bisect_right(self._line_starts, self.starts[i]) - 1
        return line in self._full_lines and not self._opens_own_line(line + 1) and not (
            self._opens_field(i + 1) and (self._opens_field(self._line_start(i))
                                          or self._heads_fields(i)))

    def _heads_fields(self, i: int) -> bool:
        """Whether the line ending at token i heads a block of fields: the next line opens
        with a capitalised label and the line after it with a label too (`... played in the
        De Moriaan` / `Arbiter: Pavel Votruba.` / `Pairings: Giri v Gukesh`, MISC `De
        Moriaan\nArbiter` when read as wrapped). Not where the line breaks after `the`,
        `with` or `as`, as prose does before a word and a colon, nor after a line with a
        colon, a line of fields whose wrap may have cut a label (`DATE : 09/05/96 NYC` /
        `Time : 1600`)."""
        return (self.words[i + 1][:1].isupper() and self.words[i].lower() not in _GOES_ON_AFTER
                and self._field_follows(i + 1)
                and ":" not in self.words[self._line_start(i):i + 1])

    def _field_follows(self, i: int) -> bool:
        """Whether the line after the one token i is on opens with a field's label, with no
        blank line between."""
        after = self._next_line_start(i)
        return after is not None and self.line_breaks.get(after - 1) == 1 and (
            self._opens_field(after))

    def _find_full_lines(self) -> set[int]:
        """The lines (by index) that are full where the text is wrapped."""
        lines, starts = self._split_lines()
        lengths = [len(line.rstrip()) for line in lines]
        # Each level of an e-mail's quoting was written, and wrapped, by another program.
        levels = [0] * len(lines)
        if ">" in self.text:
            for k, (line, start) in enumerate(zip(lines, starts)):
                levels[k] = self.text.count(">", start, start + len(line) - len(line.lstrip()))
        # Lines laid out rather than filled are no measure of the width, and neither they
        # nor the line before them is full: a table's rows, their cells parted by tabs or
        # bars, and lines with a gap wider than justification leaves (a running header
        # padded to a PDF's width, `Page 7` ... `Annual Report`).
        laid_out = {self._line_of(self.starts[gap]) for gap in self.cell_marks}
        # and a question's options in series on one line (`A) Utrecht  B) Westphalia`)
        laid_out.update(self._line_of(self.starts[k]) for k in self.option_marks)
        if _WIDE_GAP_TEXT in self.blanked:
            laid_out.update(k for k, line in enumerate(lines) if _WIDE_GAP_TEXT in line.strip())
        if len(set(levels)) == 1:  # most texts
            full = self._full_lines_of(lines, lengths, range(len(lines)), levels, laid_out)
        else:
            full = set()
            for level in set(levels):
                level_lines = [k for k in range(len(lines)) if levels[k] == level]
                full |= self._full_lines_of(lines, lengths, level_lines, levels, laid_out)
        full |= (self._hanging_item_lines(lines) | self._record_continued_lines(lines)
                 | self._gedcom_continued_lines())
        # A subtitle's cue (SRT, WebVTT) breaks its text into short lines, wherever its
        # width falls: each line but its last wraps into the next.
        timings = self._cue_timings()
        if timings:
            for timing in timings:
                # The cue's text: up to a blank line, or to the next cue's number or timing
                # where a file leaves the blank line out.
                k = timing + 1
                while k + 1 < len(lines) and lines[k].strip() and lines[k + 1].strip() and not (
                        k + 1 in timings or (k + 2 in timings and lines[k + 1].strip().isdigit())):
                    full.add(k)
                    k += 1
        return full

    def _record_field_edges(self) -> set[int]:
        """The gaps before each field of a bibliographic record (tokenizer.record_tags): a
        field opens a sentence, whatever the line before it ends in."""
        edges = (self._gap_at(tag.start() - 1) for tag in self._record_tags if tag.start())
        return {gap for gap in edges if gap is not None}

    def _record_continued_lines(self, lines: list[str]) -> set[int]:
        """The lines of a bibliographic record's field that go on in the next, indented and
        untagged (MEDLINE's `AD  - Dept of Surgery, Massachusetts General` / `      Hospital,
        Boston`, read as two sentences: LOC `Massachusetts`, LOC `Hospital`)."""
        if not self._record_tags:
            return set()
        tagged = {self._line_of(tag.start()) for tag in self._record_tags}
        continued, in_field = set(), False  # whether line k belongs to a record's field
        for k in range(len(lines) - 1):
            in_field = k in tagged or (in_field and lines[k][:2] == "  " and lines[k].strip())
            if in_field and k + 1 not in tagged and lines[k + 1][:2] == "  " and (
                    lines[k + 1].strip()):
                continued.add(k)
        return continued

    def _gedcom_line_edges(self) -> set[int]:
        """The gaps before each line of a GEDCOM record (tokenizer.gedcom_lines), its tags
        read as nothing: a line is a sentence (`John Smith` / `John` / `Smith`, a name's
        line and its parts'), but for a note's line that goes on (`2 CONT`, `2 CONC`)."""
        edges = (self._gap_at(line.start() - 1) for line in self._gedcom_lines
                 if line.start() and line[3] not in _GEDCOM_GOES_ON)
        return {gap for gap in edges if gap is not None}

    def _gedcom_continued_lines(self) -> set[int]:
        """The GEDCOM lines that a note's next line goes on (`1 NOTE Emigrated to Boston
        in` / `2 CONT 1867 aboard the Cunard steamer Java.`)."""
        return {self._line_of(line.start()) - 1 for line in self._gedcom_lines
                if line[3] in _GEDCOM_GOES_ON and line.start()}

    def _hanging_item_lines(self, lines: list[str]) -> set[int]:
        """In Markdown (a line opens as its heading), the lines of a list's item that go on
        in a line indented under the item's text, as Markdown joins them, where the line is
        as long as a wrapped item's (`- Sink contributed by Daniel Okafor from Quantis` /
        `  Analytics (#1160)`, a changelog's, was PER `Quantis` and ORG `Analytics`); a short
        one with its details under it is a list's (`* Jane Doe` / `  London`)."""
        if "#" not in self.text or not _MARKDOWN_HEADING.search(self.text):
            return set()
        hanging, column = set(), None  # column: where the current item's text starts
        for k, line in enumerate(lines):
            item = _MARKDOWN_ITEM.match(line)
            indent = len(line) - len(line.lstrip(" "))
            if item:
                column = item.end()
            elif (column is not None and indent == column and line.strip()
                  and len(lines[k - 1].rstrip()) >= _HANGING_ITEM_WIDTH):
                hanging.add(k - 1)
            else:
                column = None
        return hanging

    def _full_lines_of(self, lines: list[str], lengths: list[int], level_lines: Iterable[int],
                       levels: list[int], laid_out: set[int]) -> set[int]:
        """The lines (by index) among ``level_lines``, one level of quoting, that are full if the
        level is wrapped, else none."""
        spaced = sorted((lengths[k] for k in level_lines
                         if " " in lines[k].strip() and k not in laid_out), reverse=True)
        # The width is the widest line's, if two lines are full at it. Else it may be a
        # narrower line's, if the lines wider than it are few (a tenth) and each wider by a
        # quarter or more (a disclaimer written on one line below a wrapped e-mail), and
        # three lines are full at it: one more, as another width tried is another chance of
        # a coincidence.
        widths = spaced[:max(1, len(spaced) // 10) + 1]
        for n, width in enumerate(widths):
            if width < MIN_WRAP_WIDTH or (n and 4 * widths[n - 1] < 5 * width):
                break
            full = self._full_at_width(lines, lengths, level_lines, levels, laid_out, width,
                                       3 if n else 2)
            if full is not None:
                return full
        # A column (a newspaper's, a PDF's) is narrower, and a line of it that breaks a word
        # at a hyphen (`John Ma-` / `jor`) was full: the widest of those is its width. Its
        # running head, wider, is no measure.
        if not any(hyphen + "\n" in self.text for hyphen in HYPHENS):
            return set()  # no line breaks a word
        broken = [lengths[k] for k in level_lines if k + 1 < len(lines)
                  and _breaks_word(lines[k][:lengths[k]], lines[k + 1])]
        if len(broken) >= COLUMN_BROKEN_WORDS and max(broken) >= MIN_COLUMN_WIDTH:
            return self._full_at_width(lines, lengths, level_lines, levels, laid_out,
                                       max(broken), 2) or set()
        return set()

    def _full_at_width(self, lines: list[str], lengths: list[int], level_lines: Iterable[int],
                       levels: list[int], laid_out: set[int], width: int,
                       needed: int) -> set[int] | None:
        """The lines full at this width if the text is wrapped at it; an empty set if it
        is not wrapped; None if too few lines are full at it to tell."""
        # A line follows only a line of its own level.
        full = {k for k in level_lines
                if k + 1 < len(lines) and levels[k + 1] == levels[k]
                and k not in laid_out and k + 1 not in laid_out
                and _full_at(lines, lengths, k, width)
                and self._item_may_wrap(lines, lengths, k, width)}
        if len(full) < needed:
            return None
        # A third of them, or two and a seventh (sports reports wrap before names): one
        # question among headlines, or a footer's full stop below them, is no sign of
        # prose. Text without capitals opens every line in lower case, so there only its
        # punctuation tells prose from speech recognition's lines, which have none (`this
        # is radio paris` / `michel dupont is here`).
        if not self.cased:  # punctuation in the lines it would join
            return full if any(_PUNCTUATION.search(lines[k] + lines[k + 1])
                               for k in full) else set()
        mid_sentence = sum(self._breaks_mid_sentence(lines, lengths, k) for k in full)
        if 3 * mid_sentence >= len(full) or (
                mid_sentence >= 2 and 7 * mid_sentence >= len(full)):
            return full
        return set()

    def _breaks_mid_sentence(self, lines: list[str], lengths: list[int], k: int) -> bool:
        """Whether full line k plainly stops mid-sentence: the next line opens in lower
        case or ends the sentence (`against Sri` / `Lanka in the ... on Friday .`), line k
        ends in a comma, a word broken at a hyphen or a word that ends no sentence (`the`,
        `of`, `said`), or line k opens a list's item that goes on in a line that opens none;
        in a telegram, line k does not end in its `STOP`.
        Wrapped prose shows this at most of its breaks; lines of similar length that each
        say something whole and end unpunctuated (headlines, a list of events, lyrics) show
        it at none, and were joined into one sentence, a name across two lines."""
        following = lines[k + 1].lstrip(" \t>\"'(\u201c\u2018[")
        line = lines[k][:lengths[k]]
        if self.telegram_stops:
            # A telegram's sentences end at its `STOP`s alone: a line without one at its end
            # goes on (`... AT THE FIRST` / `NATIONAL BANK OF SPRINGFIELD STOP ULIO`).
            return line.rsplit(None, 1)[-1] != _TELEGRAM_STOP
        ending = following.rstrip().rstrip(_CLOSERS)[-1:]  # "" for a blank line
        return (following[:1].islower() or line[-1:] in _LINE_CONTINUES_AFTER
                or (ending != "" and ending in _SENTENCE_ENDINGS)
                or (line[-1:] in HYPHENS and line[-2:-1].isalnum())
                or line.rsplit(None, 1)[-1].lower() in _GOES_ON_AFTER
                or (self._opens_own_line(k) and not self._opens_own_line(k + 1)))

    def _opens_own_line(self, line: int) -> bool:
        """Whether the line opens as a line of its own does (_OWN_LINE_OPENING): a list's
        item, a table's row, a line of a log, a transcript or a chat. Most lines of wrapped
        prose open with a word in lower case, which none of those do but a commit's hash:
        a look at the first character spares most of them the search."""
        start = self._line_starts[line]
        first = self.text[start:start + 1]
        if self._comments:
            mark = _INDENT.match(self.text, start).end()
            if self.blanked[mark:mark + 1] == " " and self.text[mark:mark + 1] in "#/":
                return False  # a comment's line, its mark blanked: prose, which may wrap
        return ((not first.islower() or first in _HEX_LETTERS or first == "o")
                and _OWN_LINE_OPENING.match(self.text, start) is not None
                or line in self._speaker_lines() or self._opens_outline_item(start))

    def _opens_outline_item(self, start: int) -> bool:
        """Whether the line at ``start`` opens with an outline's mark (``II.``, ``b)``)."""
        return bool(self.outline) and _INDENT.match(self.text, start).end() in self.outline

    def _speaker_lines(self) -> set[int]:
        """The lines (by index) that open with a speaker's label in any case, in a
        transcript: where one label (its numbers aside: `Speaker 1`, `Speaker 2`) opens two
        lines or more that are turns of speech (_speaks). A single `Germany:` or `Reuters:`
        opening a line of wrapped prose is no speaker, nor a field's label that opens
        several lines with a value each (`Color: Graphite`, `Size: Large`; `Camera: Chris
        Wong` / `Camera: Sam Rivera and the Northside crew`, a video's credits), nor a
        numbered field's (`Day 1:`, `Class 032:`: _numbers_field). Labels in lower case
        (`agent:`, `customer:`), at a line's very start, are read so apart from the others:
        a definition's opens one line (`timeout: the number of seconds to wait`)."""
        if self._speakers is None:
            found, found_in_lower_case = {}, {}  # line -> its label's match
            lines, starts = self._split_lines() if ":" in self.text else ([], [])
            for k in range(len(lines)):
                match = _SPEAKER.match(self.text, starts[k])
                if not match:
                    continue
                if all(word[0].isupper() or word.isdigit() for word in match[1].split()):
                    found[k] = match
                elif (match.start(1) == starts[k] and match[1].islower()
                      and _LOWER_CASE_LABEL.fullmatch(match[1]) and match[1] not in _NO_LABEL):
                    found_in_lower_case[k] = match
            self._speakers = (_transcript_lines(found, lines, starts)
                              | _transcript_lines(found_in_lower_case, lines, starts))
        return self._speakers

    def _item_may_wrap(self, lines: list[str], lengths: list[int], k: int, width: int) -> bool:
        """Whether line k may wrap into the next at this width, as far as lists go: any line
        that opens no item may; an item (`- `, `2. `, a bullet) may only into a line indented
        under it, or one that ends the item (with a full stop, or before the next item, a
        blank line or the end) or is full itself. Items are as long as what they say, not
        filled to a width: a CV's bullets, each near the width, ran into the short line after
        them."""
        if not self._opens_own_line(k):
            return True
        if self._opens_own_line(k + 1):
            return False  # an item after an item: what the first said fitted on its line
        following = lines[k + 1]
        if (len(following) - len(following.lstrip()) > len(lines[k]) - len(lines[k].lstrip())
                or following.rstrip()[-1:] in _FULL_STOPS):
            return True
        after = k + 2
        if after >= len(lines) or not lines[after].strip() or self._opens_own_line(after):
            return True
        return _full_at(lines, lengths, k + 1, width)

    def _line_continues(self, i: int) -> bool:
        """Whether the line ending at token i goes on after the line break (wrapped prose)."""
        last = self.words[i]
        if self.fields and self.words[i + 1] == '"' and (
                last == '"' or (last == "," and i and self.words[i - 1] == '"')):
            return False  # a CSV's row after a row, whatever case the next starts in
        if last in _LINE_CONTINUES_AFTER or (len(last) > 1 and last[-1] in HYPHENS
                                             and last[-2].isalnum()):  # "pro-", not "--"
            return True
        if last in _TITLES and not self._starts_line(i) and not (
                self.words[i - 1] == "," and self.words[i - 2][:1].isupper()):
            # `Consult Dr.` / `Patel`, `the surgeon, Dr.` / `Patel`; but not a list of titles,
            # one a line, nor a rank after its name (`John Carter, Rep.` / `Sam Hill, Ind.`, a
            # roster's or a ballot's)
            return True
        if last in _NEVER_ENDS_LINE and not (
                self._opens_own_line(self._line_of(self.starts[i + 1]))
                or self._opens_field(i + 1)):
            return True  # `He works for the` / `Massachusetts Review`; not `ALICE: ...`
        # A line that ends in a full stop, perhaps before a closing quote or bracket, ends
        # its sentence whatever case the next opens in (posts one a line: `I love this
        # phone!` / `battery lasts two days`).
        j = self._before_closings(i)
        following = self._next_word(i + 1)
        if self.words[j] in _FULL_STOPS or not (self.cased and following[:1].islower()):
            return False
        if (self._uncased_sentence and last.lower() not in _GOES_ON_AFTER
                and self._in_uncased_sentence(i)):
            # A sentence that opened in lower case in cased text: its writer does not
            # capitalise, so a line in lower case after it opens a sentence as readily
            # (`how old is taylor swift` / `selena gomez net worth` in a log of queries with
            # one `iPhone 15 price`; but `He said that` / `the market fell.` goes on), but
            # after a word that prose goes on from (`iPhone sales rose 5% last year as` /
            # `the company expanded`).
            return False
        if (j == i and last[:1].isupper() and last.isalpha() and last != "I"
                and following not in _NAME_PARTICLES and following not in _GOES_ON_AFTER
                and self._line_length(i) <= _MESSAGE_LINE):
            return False  # `dinner with Jake Peterson` / `sarah says hi`: no name goes on so
        lines = self._split_lines()[0]
        line = self._line_of(self.starts[i])
        if _is_code_line(lines[line]) or _is_code_line(lines[line + 1]):
            return False  # `loc = geo.lookup("Berlin")` / `print(loc.lat)`: code's lines
        if _LABEL_LINE.fullmatch(lines[line].strip()):
            return False  # `Speaker 1 (00:00:04):` / `so harwell logistics came back`
        if self._opens_own_line(line + 1):
            return False  # `[ ] Munich` / `[x] Hamburg`, `e77f310 Add support ...`
        if (self._address_line(i + 1) and last.lower() not in _GOES_ON_AFTER) or (
                self._starts_line(i) and is_address(last) and following not in _GOES_ON_AFTER
                and following not in _NO_LABEL):
            return False  # a signature's `e.marchetti@ed.ac.uk` under its postal address
        # A field among fields (`employer: CDU` / `city: Berlin`) is no wrapped prose; a
        # line that breaks after `the` or `as` is. A turn after a turn, their labels in lower
        # case, breaks after `that` or `to` too (`customer: nobody told me that` / `agent: i
        # understand`); not after `as` (`reason: the reasons are as` / `follows: first`).
        if not self._opens_field(i + 1):
            return True
        line_start = self._line_start(i)
        opens_field = self._opens_field(line_start)
        if (opens_field and self.words[line_start][:1].islower()
                and last.lower() not in _GOES_ON_INTO_LABEL):
            return False
        if last.lower() in _GOES_ON_AFTER:
            return True
        return not (opens_field or self._field_follows(i + 1))

    def _line_length(self, i: int) -> int:
        """The length of the line token i is on, without its trailing whitespace."""
        lines = self._split_lines()[0]
        return len(lines[self._line_of(self.starts[i])].rstrip())

    def _address_line(self, k: int) -> bool:
        """Whether token k, opening its line, is a web or e-mail address alone on it."""
        return (k + 1 == len(self.words) or k in self.line_breaks) and is_address(self.words[k])

    def _line_start(self, i: int) -> int:
        """The first token of the line that token i is on."""
        while not self._starts_line(i):
            i -= 1
        return i

    def _next_line_start(self, i: int) -> int | None:
        """The first token of the line after the one that token i is on, if there is one."""
        last = len(self.words) - 1
        while i < last and i not in self.line_breaks:
            i += 1
        return i + 1 if i < last else None

    def _opens_field(self, i: int) -> bool:
        """Whether the line starting at token i opens with a field's label, one to three
        words and a colon (`city:`, `e-mail address:`), as a form, YAML or a block of
        headers writes them."""
        words = self.words
        if words[i] in _LIST_MARKS and i not in self.line_breaks and i + 1 < len(words):
            i += 1  # a YAML list's item: `- name: Angela Merkel`
        if words[i].lower() in _NO_LABEL:
            return False  # `and added: we will sign`
        for k in range(i, min(i + _LABEL_WORDS, len(words) - 1)):
            if not _LABEL_WORD.fullmatch(words[k]) or k in self.line_breaks:
                return False
            if words[k + 1] in _LABEL_ENDS:
                return True
        return False

    def _dateline_edges(self) -> set[int]:
        """The gaps just before and just after each dateline: a place, an optional region after
        a comma, and a date (``NICE , France 1996-08-30``, ``LONDON, Aug 30 (Reuters) -``).

        A dateline is a sentence of its own, so the byline or headline before it and the story
        after it are tagged without it. Without a date, the place is followed by a news
        agency's credit and a dash (``WASHINGTON (Reuters) -``), and starts a line or a
        sentence or follows a byline. The place is a run of up to four upper-case words
        (``AL-AIN``, ``NEW YORK``), or of capitalised words that starts a sentence; the story
        after it must not start lower-case, and the dateline lies within one line. So ``born in
        Paris 1996-08-22 was`` and ``rose in BERLIN 1996-08-22 to`` are not datelines."""
        words, edges = self.words, set()
        datelines = []  # (the place's first token, the token after the dateline)
        for d in self._date_candidates():
            date_end = self._date_end(d)
            if date_end is None:
                continue
            place_start = self._place_start(d)
            if place_start is None:
                continue
            end = self._credit_end(date_end)
            # An agency's credit and a dash make a dateline wherever it stands (`Oil rises
            # LONDON, Aug 30 (Reuters) -`); a dash alone is one token, a credit three or more.
            credited = end - date_end > 1 and words[end - 1] in _DASHES
            if not credited:
                if not self._starts_line(place_start) and words[place_start - 1][:1].islower():
                    continue  # the place ends a phrase: `issued by the RBI Jan 16, 2024`
                if not words[d][:1].isdigit() and not self._opens_dateline(place_start):
                    # A month's date inside a line is a name's and its date in a sentence
                    # (`He won the Bahrain GP, Sakhir, March 2.`); CoNLL's datelines that run
                    # into a byline (`Adrian Warner BERLIN 1996-08-30`) have ISO dates.
                    continue
            datelines.append((place_start, end))
        # A wire story's dateline without a date (`WASHINGTON (Reuters) -`), as web pages
        # print it after the byline: a place, an agency's credit and a dash; Business Wire
        # writes a dash before the credit too (`SEATTLE--(BUSINESS WIRE)--Amazon.com`).
        for credit in _AGENCY_CREDIT.finditer(self.text):
            c = bisect_left(self.starts, credit.start())  # the "(", which _credit_end checks
            closing = bisect_left(self.starts, credit.end() - 1)  # the ")"
            end = self._credit_end(c)
            place_end = c - 1 if c and words[c - 1] in _DASHES else c
            if end == closing + 2 and (place_start := self._place_start(place_end)) is not None \
                    and self._opens_dateline(place_start):
                datelines.append((place_start, end))
        for place_start, end in datelines:
            if end < len(words) and self._next_word(end)[:1].islower():
                continue
            if any(k in self.line_breaks for k in range(place_start, end - 1)):
                continue
            if place_start > 0:
                edges.add(place_start - 1)
            if end < len(words):
                edges.add(end - 1)
        return edges

    def _speaker_label_edges(self) -> set[int]:
        """The gaps after the labels of a transcript's speakers (`David Okafor:`, `ALICE:`,
        `Speaker 1:`, where one label opens two lines or more: _speaker_lines): a label is
        a sentence of its own, as CoNLL-2003 never puts one before a sentence, and read with
        the turn after it the model took the turn's greeting into a name (`David Okafor: Hi
        Priya` gave PER `Hi Priya`). A heading's `NBA: Celtics 118` keeps its line."""
        if ":" not in self.text:
            return set()
        starts = self._split_lines()[1]
        edges = set()
        for k in self._speaker_lines():
            label = _SPEAKER.match(self.text, starts[k])
            gap = self._gap_at(label.end(1) + 1)
            if gap is not None:
                edges.add(gap)
        return edges

    def _chat_header_edges(self) -> set[int]:
        """The gaps just before and just after each chat message's header (a name of two to
        four capitalised words and a time alone on a line, `Maria Lopez 10:42 AM`; a name and
        an age, `@TheRealDanH 1 year ago`), if there are two or more: a message starts
        lower-case as often as not, and the message before may fill its line."""
        headers = []
        if " ago" in self.text:
            headers += [self._line_of(match.start()) for match in _AGE_HEADER.finditer(self.text)]
        for match in _HEADER_TIME.finditer(self.text) if self.cased else ():
            # (a name and a time: the name is told by its capital)
            line = self._line_of(match.start())
            if _CHAT_HEADER.fullmatch(self.text, self._split_lines()[1][line], match.end()):
                headers.append(line)
        if len(headers) < 2:
            return set()  # one such line is a schedule's (`Doors Open 18:00`) as often
        return set().union(*map(self._gaps_around_line, headers))

    def _cue_timing_edges(self) -> set[int]:
        """The gaps just before and just after each subtitle cue's timing line, a sentence
        of its own whatever case the cue's text opens in."""
        return set().union(*map(self._gaps_around_line, self._cue_timings()))

    def _inline_list_markers(self) -> set[int]:
        """Tokens that number the items of a list run into one line: "2" of ``12.71 seconds
        2. Ludmila Engquist``, when the item numbered one less comes before it or the one
        numbered one more after it, and the item does not open with a word that starts
        sentences (``He won 3. He lost 4.`` is prose), nor is the number a label's (``Item
        7. Management's Discussion``, a filing's). A number that opens a line numbers a
        paragraph, and a number inside another line that numbers a paragraph too is none of
        its neighbours: a citation's page in paragraph 2 (``(2015) 1 SCC 1. See also``)
        numbers no item."""
        words, candidates, paragraphs = self.words, {}, set()
        if _LIST_NUMBER_OPENING.fullmatch(words[0]):
            candidates[0] = int(words[0][:-1])  # `1.` opening the text, kept whole
        for period in self.may_end:
            k = period - 1  # the number before a "." that a space follows
            if (0 < k < len(words) - 2 and words[period] == "." and not self._gap(k)
                    and self._gap(k - 1) and _LIST_NUMBER.fullmatch(words[k])
                    and words[k + 2][:1].isupper()):
                if self._starts_line(k):
                    paragraphs.add(int(words[k]))  # `13. The appeal fails` too
                if (words[k + 2] not in SENTENCE_STARTERS and not self._names_german_club(k, k + 2)
                        and words[k - 1].lower() not in _NUMBERED  # `Item 7. Management's`
                        and not (k > 1 and words[k - 1].isupper() and words[k - 1].isalpha()
                                 and words[k - 2].isdigit())):  # a report's page: `10 SCC 13.`
                    candidates[k] = int(words[k])
        if len(candidates) < 2:
            return set()
        # number -> its tokens that open a line (a paragraph's) and those inside one, in order
        at: dict[int, tuple[list[int], list[int]]] = {}
        for k in sorted(candidates):
            at.setdefault(candidates[k], ([], []))[not self._starts_line(k)].append(k)
        paragraphs.update(n for n, (opening, _) in at.items() if opening)

        def has_neighbour(k: int, number: int, later: bool) -> bool:
            """Whether the item numbered ``number`` comes after token k (or before it) in
            its list: both open lines, or neither; or one is a paragraph's number and the
            other, inside a line, an item run on from a wrapped line (`on Saturday : 1. Miss
            Stamper` / `2. Paddy Lad`), unless its number is a paragraph's too (`12.
            Reliance was placed on (2022) 10 SCC 13. See also`, before paragraph 13)."""
            opens = self._starts_line(k)
            inline_number = number if opens else candidates[k]
            for others_open, tokens in zip((True, False), at.get(number, ((), ()))):
                nearest = bisect_right(tokens, k) if later else bisect_left(tokens, k) - 1
                if 0 <= nearest < len(tokens) and (
                        others_open == opens or inline_number not in paragraphs):
                    return True
            return False

        return {k for k, n in candidates.items()
                if k and (has_neighbour(k, n - 1, later=False)
                          or has_neighbour(k, n + 1, later=True))}

    def _inline_option_marks(self) -> set[int]:
        """The tokens that open a question's options in series on one line (`Which ship?
        A. Beagle  B. Endeavour`, `(a) Paris (b) Rome`: outline_marks), each the first of
        a sentence of its own."""
        marks = set()
        for offset in self.outline:
            k = bisect_left(self.starts, offset)
            if k < len(self.words) and self.starts[k] == offset and not self._starts_line(k):
                if self.words[k - 1] == "(" and not self._gap(k - 1):
                    k -= 1
                if k > 0 and not self._starts_line(k):
                    marks.add(k)
        return marks

    def _date_end(self, i: int) -> int | None:
        """If a date starts at token i (``1996-08-30``, ``Aug 30``, ``August 30 , 1996``), the
        index of the token after it."""
        words = self.words
        word = words[i]
        if word[:1].isdigit():
            return i + 1 if _ISO_DATE.fullmatch(word) else None
        if word not in _MONTHS or i + 1 == len(words) or not _DAY.fullmatch(words[i + 1]):
            return None
        if i + 3 < len(words) + 1 and words[i + 2:i + 3] == [","] and i + 3 < len(words) \
                and _YEAR.fullmatch(words[i + 3]):
            return i + 4
        return i + 2

    def _place_start(self, date: int) -> int | None:
        """The first token of the place before the date at token ``date``, or None."""
        words, k = self.words, date
        if k > 1 and words[k - 1] == "," and words[k - 2][:1].isupper():
            k -= 1  # "AUSTIN, TX, May 2": a comma between the region and the date
        region = k
        while region > 0 and k - region < _REGION_WORDS and words[region - 1][:1].isupper():
            region -= 1
        if region > 0 and words[region - 1] == ",":
            k = region - 1  # "NICE , France", "LONDON, Aug": the place ends before the comma
        if k and (words[k - 1] in _WEEKDAYS or words[k - 1].lower() in _CLOCK_HALVES):
            return None  # "FRIDAY , AUGUST 30", "at 11 P.M. Sept. 3": no place
        start = k
        while start > 0 and _is_upper_case_word(words[start - 1]):
            start -= 1
        if 0 < k - start <= _PLACE_WORDS:
            return self._first_of_joined_places(start)
        if start < k:
            return None  # a long upper-case run: the tail of a headline, not a place
        while start > 0 and k - start < _PLACE_WORDS and words[start - 1][:1].isupper():
            start -= 1
        if start == k:
            return None
        if start == 0 or start - 1 in self.line_breaks or words[start - 1] in _FULL_STOPS:
            return start
        return None

    def _first_of_joined_places(self, place: int) -> int:
        """The first token of a press release's dateline that names two places with "and" or
        "&" (``DALLAS and MINNEAPOLIS, June 3``, ``TORONTO, ON and VANCOUVER, BC``), where the
        upper-case place at token ``place`` is the second; else ``place``."""
        words = self.words
        if place < 2 or words[place - 1] not in ("and", "&"):
            return place
        k = place - 1
        region = k
        while region > 0 and k - region < _REGION_WORDS and words[region - 1][:1].isupper():
            region -= 1
        if region < k and region > 0 and words[region - 1] == ",":
            k = region - 1  # "TORONTO, ON and": the first place ends before the comma
        start = k
        while start > 0 and k - start < _PLACE_WORDS and _is_upper_case_word(words[start - 1]):
            start -= 1
        if start == k or (start > 0 and _is_upper_case_word(words[start - 1])):
            return place  # no upper-case place before "and", or a headline's long run
        return start

    def _opens_dateline(self, k: int) -> bool:
        """Whether a dateline may start at token k without its date or credit to show it: at
        a line's start, after a sentence's end or after a byline."""
        return (self._starts_line(k) or self.words[k - 1] in _FULL_STOPS
                or self._follows_byline(k))

    def _follows_byline(self, k: int) -> bool:
        """Whether token k comes right after a byline on its line: `By` and a few
        capitalised names (`By Lisa Mascaro and Kevin Freking`, `Reporting by Jane Doe`)."""
        words = self.words
        for j in range(k - 1, max(-1, k - 1 - _BYLINE_WORDS), -1):
            if j in self.line_breaks:
                return False
            if words[j].lower() == "by":
                return True
            if not (words[j][:1].isupper() or words[j] in ("and", ",")):
                return False
        return False

    def _credit_end(self, i: int) -> int:
        """The token after an agency credit and dash that may follow a date: ``(Reuters) -``,
        ``(GLOBE NEWSWIRE) --``, or a newswire's between slashes (``/PRNewswire/ --``,
        ``/CNW Telbec/ -``): up to three capitalised words."""
        words = self.words
        if words[i:i + 1] in (["("], ["/"]):
            closing = _CREDIT_CLOSES[words[i]]
            for end in range(i + 2, min(i + 5, len(words))):
                if words[end] == closing:
                    if all(word[:1].isupper() for word in words[i + 1:end]):
                        i = end + 1
                    break
        if words[i:i + 1] and words[i] in _DASHES:
            i += 1
        return i

    def _closes(self, i: int) -> bool:
        """Whether token i is a quote or bracket closing what comes before it, a footnote's
        mark glued to it (`Merkel.³`), which stays with the sentence it follows (before a
        footnote's text, `¹ Merkel said`, the mark opens it), or an emoji after its final
        mark."""
        word = self.words[i]
        if word in _ALWAYS_CLOSING:
            return True
        if not word.isascii() and i in self._emoji_runs():
            # after a sentence's final mark it closes the sentence too, as a run of them
            # does (`Thanks!! 😊 See you`, `Congrats!! 🚀🚀🚀 The team`)
            first = self._emoji_runs()[i]
            return first > 0 and self.words[first - 1] in _FULL_STOPS
        if word[0] in _SUPERSCRIPTS and FOOTNOTE_MARK.fullmatch(word):
            return i > 0 and not self._gap(i - 1)
        if word not in ('"', "'"):
            return False
        last = len(self.words) - 1
        glued_before = i > 0 and not self._gap(i - 1)
        glued_after = i < last and not self._gap(i)
        if glued_before:
            return True
        if glued_after or word == "'":
            return False  # opening quote, or a spaced "'" whose role cannot be told
        if i == last or i in self.line_breaks:
            return True  # nothing after it on its line to open
        return self._quotes_before_on_line(i) % 2 == 1

    def _emoji_runs(self) -> dict[int, int]:
        """Each token that is an emoji (by index), and the first of the run of emoji it is
        in: found once, so that a run of any length is read in linear time."""
        if self._emoji is None:
            self._emoji, first = {}, 0
            for k, word in enumerate(self.words):
                if not word.isascii() and _EMOJI.match(word):
                    if k - 1 not in self._emoji:
                        first = k
                    self._emoji[k] = first
        return self._emoji

    def _time_ends_sentence(self, j: int, i: int, following: str) -> bool:
        """Whether a time, `a.m.` or `p.m.` at token j after its number, ends the sentence
        before the capitalised word after token i: it does in a bulletin (`before 10 a.m.
        Temps top out`), not before the time's zone, day or date (`10 a.m. EST`, `9 p.m.
        Fridays`, `9 a.m. New York time`), nor where the sentence so far is the time alone
        (`By 9 a.m. Houston had`, `The 10 a.m. Mass`), nor where it names what follows
        (`at the 7 p.m. City Council meeting`). In capitals, `A.M.` and `P.M.` are titles and
        names too (`Indian P.M. Narendra Modi`, `A.M. Best`)."""
        words = self.words
        if j < 1 or not words[j - 1][:1].isdigit():
            return False
        if j >= 2 and words[j - 2].lower() in _DETERMINERS:
            return False
        if any(k < 0 or words[k] in _FULL_STOPS or self._starts_line(k + 1)
               for k in (j - 2, j - 3)):
            return False
        word = following.rstrip(".,")
        return (word not in _AFTER_CLOCK and word[:-1] not in _AFTER_CLOCK
                and "time" not in (w.lower() for w in words[i + 2:i + 5]))

    def _closes_an_amount(self, j: int, i: int) -> bool:
        """Whether tokens j+1..i close a bracket around an amount, a number and its unit
        (`(28 oz.)`, `(about 3 tbsp.)`, `(2 p.m.)`), which ends no sentence; a bracketed
        sentence does (`(3 people died.) The storm`)."""
        words = self.words
        if ")" not in words[j + 1:i + 1]:
            return False
        unit = words[j - 1] if words[j] in _FULL_STOPS and j else words[j]
        if unit.lower() not in _UNITS:
            return False
        for k in range(j - 1, max(-1, j - _AMOUNT_WORDS - 1), -1):
            if words[k] == "(":
                return any(word[:1].isdigit() for word in words[k + 1:j])
        return False

    def _before_closings(self, j: int) -> int:
        """Token j, or the token before the quotes, brackets, footnote marks and citation
        marks that close what comes before them, which end at token j."""
        while j > 0:
            if self.words[j] == "]" and (start := self._citation_start(j)) is not None:
                j = start - 1
            elif not self.words[j].isascii() and j in self._emoji_runs() and self._closes(j):
                j = self._emoji_runs()[j] - 1  # the whole run at once
            elif self._closes(j):
                j -= 1
            else:
                break
        return j

    def _citation_start(self, j: int) -> int | None:
        """If token j is the "]" of a citation mark glued to the token before it
        (`2021.[1]`, `.[citation needed]`), the index of its "["."""
        opening = self.text.rfind("[", max(0, self.starts[j] - _CITATION_CHARS), self.starts[j])
        if opening < 0 or not _CITATION.fullmatch(self.text, opening, self.ends[j]):
            return None
        start = bisect_left(self.starts, opening)
        if start == 0 or self.starts[start] != opening or self._gap(start - 1):
            return None  # the "[" is no token of its own (inside an address), or spaced
        return start

    def _quotes_before_on_line(self, i: int) -> int:
        """How many '"' tokens precede token i on its line. Counting restarts at each line so
        that one unbalanced quote (a quotation running on into the next paragraph, as news
        style has it) cannot flip every later decision of the document."""
        if self._quotes is None:
            self._quotes = [k for k, word in enumerate(self.words) if word == '"']
            self._line_break_gaps = sorted(self.line_breaks)
        breaks = self._line_break_gaps
        before = bisect_left(breaks, i)
        line_start = breaks[before - 1] + 1 if before else 0
        return bisect_left(self._quotes, i) - bisect_left(self._quotes, line_start)

    def _next_word(self, i: int) -> str:
        """Token i, or the first token after it that is not an opening quote or bracket."""
        words = self.words
        if words[i] not in _OPENING:
            return words[i]
        found = self._next_word_index.get(i)
        if found is None:
            # Remembered for the whole run of openings: a lookup per gap would otherwise be
            # quadratic on "( ( ( ...".
            found, last = i, len(words) - 1
            while found < last and words[found] in _OPENING:
                found += 1
            for k in range(i, found):
                self._next_word_index[k] = found
        return words[found]

    def _gap(self, i: int) -> bool:
        """Whether there is whitespace between token i and token i + 1."""
        return self.ends[i] != self.starts[i + 1]

    def _starts_line(self, i: int) -> bool:
        return i == 0 or i - 1 in self.line_breaks

    def _date_candidates(self) -> list[int]:
        """Tokens that may start a date: those with "-dd-dd" in them, and month names."""
        words, starts = self.words, self.starts
        candidates = [bisect_right(starts, match.start()) - 1
                      for match in _ISO_DATE_TAIL.finditer(self.text)]
        if not _MONTHS.isdisjoint(words):
            candidates += [i for i, word in enumerate(words) if word in _MONTHS]
        return candidates

    def _is_list_number(self, i: int) -> bool:
        """Whether token i is "2" or "2." opening its line, as in a numbered list, or an
        outline's mark that numbers its line or its option as they do (``II``, ``A.``)."""
        return (self._starts_line(i) and _LIST_NUMBER.fullmatch(self.words[i]) is not None
                or self.starts[i] in self.outline)

    @staticmethod
    def _is_abbreviation(word: str) -> bool:
        """The tokenizer keeps a period on a word only when it judged it an abbreviation."""
        return len(word) > 1 and word.endswith(".") and word.strip(".") != ""


def _full_at(lines: list[str], lengths: list[int], k: int, width: int) -> bool:
    """Whether line k, another after it, is full at this width: the next line's first word
    would not have fitted on it. (The next line's whole length bounds its first word's, and
    most lines stop there.) lengths: each line's, without trailing whitespace."""
    if not (0 < lengths[k] <= width < lengths[k] + 1 + lengths[k + 1]):
        return False
    word = _FIRST_WORD.match(lines[k + 1])
    return lengths[k] + 1 + word.end() - word.start(1) > width


def _breaks_word(line: str, following: str) -> bool:
    """Whether a line ends in a word broken at a hyphen that the next line finishes
    (`John Ma-` / `jor,`)."""
    return (line[-1:] in HYPHENS and line[-2:-1].isalpha()
            and following.lstrip()[:1].islower())


def _csv_commas(line: str, start: int) -> list[int] | None:
    """Where, in the text, the commas between the fields of a line read as a CSV row are
    (``start``: where the line starts), or None if it is no such row: a comma with a space
    after it (prose), a quote inside a field that is not quoted, or no comma between fields
    but those between digits."""
    end = len(line.rstrip())
    position = len(line) - len(line.lstrip())
    commas = []
    while True:
        position = _CSV_FIELD.match(line, position, end).end()
        if position == end:
            return commas or None
        after = line[position + 1:min(position + 2, end)]
        if line[position] != "," or after.isspace():
            return None
        if not (position and line[position - 1].isdigit() and after.isdigit()):
            commas.append(start + position)
        position += 1


def _justified(rows: list[tuple[str, int]], widths: list[int], k: int) -> bool:
    """Whether row k is a line of justified text: as long as a line beside it, to within a
    character if it is as wide as text that wraps (and no gap in it wider than justifying
    makes), and else exactly, with six words or more spaced alike (a narrow table's rows may
    well be as long as each other, and a row of two-word cells spaced one and two apart,
    as ``Maria Garcia  2019-11-12``)."""
    neighbours = [widths[j] for j in (k - 1, k + 1) if 0 <= j < len(widths)]
    wide = widths[k] >= MIN_WRAP_WIDTH
    if not any(abs(width - widths[k]) <= (1 if wide else 0) for width in neighbours):
        return False
    spaces = [m.end() - m.start() for m in _SPACES_IN_LINE.finditer(rows[k][0])]
    if wide:
        return max(spaces, default=0) <= _JUSTIFIED_GAP_MAX
    return len(spaces) >= 5 and max(spaces) - min(spaces) <= 1


def _column_goes_on(text: str, position: int, row_end: int) -> bool:
    """Whether a row has a column at ``position`` go on without a gap of two spaces before
    it: a word there after a single space (its cell fills the column), or spaces from two
    before it to one after (its cell is empty; justified text's gaps are narrower)."""
    if position >= row_end or text[position - 1] != " ":
        return False
    if not text[position].isspace():
        return True
    return position + 1 < row_end and text[position - 2] == text[position + 1] == " "


def _capitalised(line: str) -> bool:
    """Whether no word of the line is in lower case, names' particles aside."""
    return all(word[0] in _NAME_PARTICLES for word in _LOWER_CASE_WORD.finditer(line))


def _spoiler_bars(text: str) -> set[int]:
    """Where the bars of chat's spoilers are (Discord's `the killer was ||Austin|| all
    along`): marks around words, not a table's cells, which cut the sentence in three."""
    return {match.start() + k for match in _SPOILER.finditer(text)
            for k in (0, 1, len(match.group()) - 2, len(match.group()) - 1)}


def _is_code_line(line: str) -> bool:
    """Whether a line is code's (_CODE_LINE), its spans of code in backticks aside: prose
    that quotes code (`Call `f()`. This is covered` / `in the docs.`) goes on."""
    if "`" in line:
        line = _INLINE_CODE.sub("", line)
    return _CODE_LINE.search(line) is not None


def _transcript_lines(found: dict[int, re.Match], lines: list[str], starts: list[int]
                      ) -> set[int]:
    """Of the lines (by index) that open with a label (``found``: line -> its label's
    match), those of a transcript: all of them, if one label (its numbers aside) opens two
    turns of speech or more (_Splitter._speaker_lines)."""
    if not found:
        return set()
    # The labels, their numbers aside, of which one as written opens two lines or more: a
    # speaker who speaks again (`Delegate 3:` ... `Delegate 3:`).
    repeated = {_DIGITS.sub("0", label) for label, lines_opened
                in Counter(match[1] for match in found.values()).items() if lines_opened > 1}
    labelled, speaking = set(), Counter()
    for k, match in found.items():
        label = _DIGITS.sub("0", match[1])
        if label not in repeated and _numbers_field(match[1]):
            continue
        labelled.add(k)
        if _speaks(lines[k][match.end() - starts[k]:]):
            speaking[label] += 1
    return labelled if any(turns > 1 for turns in speaking.values()) else set()


def _numbers_field(label: str) -> bool:
    """Whether a label with a number, none of whose numbers opens two lines (a speaker
    speaks again: `Delegate 3:` ... `Delegate 3:`), is a field's: a form's or a guide's
    (`Day 1:`, `Class 032:`, `Lot 2:`, `Episode 3:`), not a speaker's, whom transcripts
    number by words of their own (`Speaker 2:`, `SPEAKER_00:`, `Caller 1:`)."""
    words = (word.strip("_0123456789").lower() for word in label.split())
    return _DIGITS.search(label) is not None and _SPEAKER_WORDS.isdisjoint(words)


def _speaks(turn: str) -> bool:
    """Whether a line's text after a label is a turn of speech, not a field's value: four
    words or more, or a sentence's final mark (`Yes.`, `Why?`)."""
    turn = turn.rstrip()
    return turn[-1:] in ".?!\u2026" or len(turn.split(None, 3)) > 3


def _positions(text: str, part: str):
    """Where ``part`` (a character, or a few) occurs in ``text``, by ``str.find``: far faster
    than a regular expression for one character."""
    position = text.find(part)
    while position >= 0:
        yield position
        position = text.find(part, position + 1)


def _is_upper_case_word(word: str) -> bool:
    """``BERLIN``, ``AL-AIN``, ``ST.``: letters, all of them upper-case."""
    return word.isupper() and word[:1].isalpha()
