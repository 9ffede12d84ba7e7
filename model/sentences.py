"""Split a document into sentences, as character offsets, so each can be tagged on its own.

The tagger was trained on CoNLL-2003 sentences, so a document is cut into sentences first.
The splitter works on the tokenizer's tokens: a sentence never ends inside a token, and what
the tokenizer decided about a period is reused rather than decided twice. A token that kept
its period (``U.S.``, ``a.m.``, ``J.``, ``Inc.``, ``Mr.``; see ``model.tokenizer``) is an
abbreviation; a period that stands alone is sentence punctuation; ``...`` and ``…`` are one
token each. Decimals (``3.5``), URLs and e-mail addresses are single tokens, so their periods
never come up.

Sentences end only between tokens, that is at whitespace, and these rules decide where:

* A blank line (two line breaks with only whitespace between them) or a U+2029 paragraph
  separator always ends a sentence. Line breaks are those of ``str.splitlines`` (``\\n``,
  ``\\r\\n``, ``\\r``, U+2028, U+0085, ...).
* A single line break ends a sentence, whether or not the line has final punctuation, so a
  headline or a dateline (``BRUSSELS 1996-08-22``) is a sentence of its own. Two exceptions
  join the lines of hard-wrapped prose: the next line starts with a lower-case letter (after
  any opening quotes or brackets), or the line ends in ``,`` ``;`` ``&`` an opening bracket
  or a word broken at a hyphen (``pro-``). A wrapped line whose next line starts with a
  capital (``met with`` / ``Angela Merkel``) is split: from the text alone it looks exactly
  like a headline followed by its first sentence.
* Within a line, ``.`` ``?`` ``!`` end a sentence when the next word does not start with a
  lower-case letter (``"Why? because"`` stays whole; a digit or a symbol after a full stop
  starts a new sentence).
* An ellipsis (``...``, ``…``, any run of two or more periods) never ends a sentence inside a
  line: it marks an omission or a pause far more often than an end.
* An abbreviation ends a sentence only before a word from a short list of words that start
  sentences and are not names (``The``, ``He``, ``In``, ``But``, ...). So ``at 5 p.m. He left``
  splits, while ``the U.S. Open``, ``Mr. Smith``, ``J. Smith``, ``No. 5`` and ``Jan. 5`` do not.
  An abbreviation at the end of a sentence before a name (``... of Acme Inc. Siemens said``)
  is missed: that case cannot be told from ``Acme Inc. Chairman`` without a model.
* A number of up to three digits with its period at the start of a line is list numbering
  (``1. Pivotal``), never the end of a sentence. Inside a line such a number opens a list
  item, and the sentence ends before it, when a number one more or one less is also there
  and the item does not open with a word from that short list (``12.71 seconds 2. Ludmila
  Engquist 12.74 3. Aliuska Lopez``, but ``He won 3. He lost 4.``).
* A dateline is a sentence of its own even inside a line: a place, an optional region after
  a comma, a date, and an optional agency credit and dash (``Adrian Warner BERLIN 1996-08-30
  American Dennis ...``, ``NICE , France 1996-08-30``, ``LONDON, Aug 30 (Reuters) -``). The
  place is one to four upper-case words, or capitalised words that start a sentence, and
  not a weekday (``FRIDAY , AUGUST 30`` heads a schedule); the story after it must not start
  lower-case. So ``born in Paris 1996-08-22 was`` and ``prices in BERLIN 1996-08-22 rose``
  stay whole. Once the line breaks are gone this is the one signal left between a byline, a
  dateline and a story, and without it the place is tagged as part of the name before it.
* Closing quotes and brackets stay with the sentence they close: ``He left." She`` and
  ``(He left.) She`` end after the ``"`` and the ``)``. Brackets and ``”`` ``’`` ``»`` are
  always closing. A straight ``"`` or ``'`` is closing when it is glued to the word before it;
  a ``"`` with spaces on both sides (text that was tokenized before it reached us, as in
  CoNLL) is closing when an odd number of ``"`` precede it on its line, ``'`` never is.

The rules are deterministic, need no data, and are the ones a reader of news copy would apply
first; they do not try to be a trained splitter. Scripts written without spaces between
sentences (Chinese, Japanese) are split at line breaks only.
"""
from __future__ import annotations

import re

from .tokenizer import tokenize

# str.splitlines' line boundaries; "\r\n" is one break, not two.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_PARAGRAPH_SEPARATOR = "\u2029"

_FULL_STOPS = {".", "?", "!"}
_ALWAYS_CLOSING = {")", "]", "}", "\u201d", "\u2019", "\u00bb"}  # ) ] } ” ’ »
_OPENING = {"(", "[", "{", '"', "'", "\u201c", "\u2018", "\u00ab"}  # ( [ { " ' “ ‘ «
_LINE_CONTINUES_AFTER = {",", ";", "&", "(", "[", "{"}
_LIST_NUMBER = re.compile(r"\d{1,3}\.?")

# Datelines: "BERLIN 1996-08-22", "NICE , France 1996-08-30", "LONDON, Aug 30 (Reuters) -".
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
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
_PLACE_WORDS = 4  # "RIO DE JANEIRO", "SALT LAKE CITY": a longer capital run is a headline
_REGION_WORDS = 3  # ", United Arab Emirates"

# Words that start sentences but are not names: after an abbreviation they mean that the
# abbreviation's period also ended the sentence. Kept to pronouns, determiners, conjunctions
# and prepositions, the words that open most news sentences; capitalised as at a sentence start.
_SENTENCE_STARTERS = set(
    "A An The This That These Those It Its He She They We I You His Her Their Our My Your "
    "There Here But And Or So Yet However Meanwhile Also Then Now Still Instead Thus "
    "In On At For From With By As If When Where While After Before Since Although Though "
    "Despite During Under Over Other Some Many Most Such All Both Each Every No Not".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` code-point offsets of each sentence of ``text``, in order.

    Every sentence starts and ends with a non-whitespace character, and every non-whitespace
    character of ``text`` is in exactly one sentence. The rules are in the module docstring.
    """
    return split_tokenized(text)[1]


def split_tokenized(text: str) -> tuple[list[tuple[str, int, int]], list[tuple[int, int]]]:
    """``tokenize(text)`` and ``split_sentences(text)``, tokenizing once: a caller that
    needs the tokens of a one-sentence text has them already."""
    tokens = tokenize(text)
    return tokens, _sentences(text, tokens)


def _sentences(text: str, tokens: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    if not tokens:
        return []
    gaps = [text[left[2]:right[1]] for left, right in zip(tokens, tokens[1:])]
    words = [token for token, _, _ in tokens]
    splitter = _Splitter(words, gaps)
    sentences = []
    start = tokens[0][1]
    for i in range(len(tokens) - 1):
        if splitter.ends_sentence(i):
            sentences.append((start, tokens[i][2]))
            start = tokens[i + 1][1]
    sentences.append((start, tokens[-1][2]))
    return sentences


class _Splitter:
    """Decides, for each gap between two tokens, whether a sentence ends there.

    ``words[i]`` is the i-th token and ``gaps[i]`` the text between token i and token i + 1
    (empty when they touch)."""

    def __init__(self, words: list[str], gaps: list[str]):
        self.words, self.gaps = words, gaps
        self.line_breaks = [len(_LINE_BREAK.findall(gap)) for gap in gaps]
        self.quotes_before = self._count_quotes_before_on_line()
        self.closing = [self._closes(i) for i in range(len(words))]
        # Index of the first token from i on that is not an opening quote or bracket, worked
        # out once from the right: looking it up per gap would be quadratic on "( ( ( ...".
        self.next_word = list(range(len(words)))
        for i in range(len(words) - 2, -1, -1):
            if words[i] in _OPENING:
                self.next_word[i] = self.next_word[i + 1]
        self.dateline_edges = self._dateline_edges()
        self.list_markers = self._inline_list_markers()

    def ends_sentence(self, i: int) -> bool:
        """Whether a sentence ends between token ``i`` and token ``i + 1``."""
        gap = self.gaps[i]
        if not gap:
            return False  # "U.S.-based", "(loudly)": no whitespace, no boundary
        if i in self.dateline_edges or i + 1 in self.list_markers:
            return True
        if self.line_breaks[i] >= 2 or _PARAGRAPH_SEPARATOR in gap:
            return True
        if self.line_breaks[i]:
            return not self._line_continues(i)
        if self.closing[i + 1]:
            return False  # the closing quote or bracket belongs to the sentence before it
        return self._ends_with_punctuation(i)

    def _ends_with_punctuation(self, i: int) -> bool:
        """A sentence ends after token i, a space follows: look back past closing quotes and
        brackets to the punctuation, and ahead to the next word."""
        j = i
        while j > 0 and self.closing[j]:
            j -= 1
        last, following = self.words[j], self._next_word(i + 1)
        if last in _FULL_STOPS:
            if last == "." and j > 0 and not self.gaps[j - 1] and (
                    self._is_list_number(j - 1) or j - 1 in self.list_markers):
                return False  # "2." opens a list item: mid-text the tokenizer splits it
            return not following[:1].islower()
        if self._is_abbreviation(last):
            if self._is_list_number(j):
                return False  # "1." at the very start: the tokenizer keeps it whole
            return following in _SENTENCE_STARTERS
        return False

    def _line_continues(self, i: int) -> bool:
        """Whether the line ending at token i goes on after the line break (wrapped prose)."""
        last = self.words[i]
        if last in _LINE_CONTINUES_AFTER or (len(last) > 1 and last.endswith("-")):
            return True
        return self._next_word(i + 1)[:1].islower()

    def _dateline_edges(self) -> set[int]:
        """The gaps just before and just after each dateline: a place, an optional region after
        a comma, and a date (``NICE , France 1996-08-30``, ``LONDON, Aug 30 (Reuters) -``).

        A dateline is a sentence of its own, so the byline or headline before it and the story
        after it are tagged without it. The place is a run of up to four upper-case words
        (``AL-AIN``, ``NEW YORK``), or of capitalised words that starts a sentence; the story
        after it must not start lower-case, and the dateline lies within one line. So ``born in
        Paris 1996-08-22 was`` and ``rose in BERLIN 1996-08-22 to`` are not datelines."""
        words, edges = self.words, set()
        for d, word in enumerate(words):
            date_end = self._date_end(d)
            if date_end is None:
                continue
            place_start = self._place_start(d)
            if place_start is None:
                continue
            end = self._credit_end(date_end)
            if end < len(words) and self._next_word(end)[:1].islower():
                continue
            if any(self.line_breaks[k] for k in range(place_start, end - 1)):
                continue
            if place_start > 0:
                edges.add(place_start - 1)
            if end < len(words):
                edges.add(end - 1)
        return edges

    def _inline_list_markers(self) -> set[int]:
        """Tokens that number the items of a list run into one line: "2" of ``12.71 seconds
        2. Ludmila Engquist``, when another item is numbered one more or one less and the item
        does not open with a word that starts sentences (``He won 3. He lost 4.`` is prose)."""
        words, gaps, candidates = self.words, self.gaps, {}
        for k in range(len(words) - 2):
            if (words[k + 1] == "." and not gaps[k] and gaps[k + 1] and k and gaps[k - 1]
                    and _LIST_NUMBER.fullmatch(words[k]) and words[k + 2][:1].isupper()
                    and words[k + 2] not in _SENTENCE_STARTERS):
                candidates[k] = int(words[k])
        numbers = set(candidates.values())
        return {k for k, n in candidates.items() if n - 1 in numbers or n + 1 in numbers}

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
        region = k
        while region > 0 and k - region < _REGION_WORDS and words[region - 1][:1].isupper():
            region -= 1
        if region > 0 and words[region - 1] == ",":
            k = region - 1  # "NICE , France", "LONDON, Aug": the place ends before the comma
        if k and words[k - 1] in _WEEKDAYS:
            return None
        start = k
        while start > 0 and _is_upper_case_word(words[start - 1]):
            start -= 1
        if 0 < k - start <= _PLACE_WORDS:
            return start
        if start < k:
            return None  # a long upper-case run: the tail of a headline, not a place
        while start > 0 and k - start < _PLACE_WORDS and words[start - 1][:1].isupper():
            start -= 1
        if start == k:
            return None
        if start == 0 or self.line_breaks[start - 1] or words[start - 1] in _FULL_STOPS:
            return start
        return None

    def _credit_end(self, i: int) -> int:
        """The token after an agency credit and dash that may follow a date: ``(Reuters) -``."""
        words = self.words
        if words[i:i + 1] == ["("] and words[i + 2:i + 3] == [")"] and words[i + 1][:1].isupper():
            i += 3
        if words[i:i + 1] and words[i] in _DASHES:
            i += 1
        return i

    def _closes(self, i: int) -> bool:
        """Whether token i is a quote or bracket closing what comes before it."""
        word = self.words[i]
        if word in _ALWAYS_CLOSING:
            return True
        if word not in ('"', "'"):
            return False
        glued_before = i > 0 and not self.gaps[i - 1]
        glued_after = i < len(self.gaps) and not self.gaps[i]
        if glued_before:
            return True
        if glued_after or word == "'":
            return False  # opening quote, or a spaced "'" whose role cannot be told
        if i == len(self.gaps) or self.line_breaks[i]:
            return True  # nothing after it on its line to open
        return self.quotes_before[i] % 2 == 1

    def _count_quotes_before_on_line(self) -> list[int]:
        """For each token, how many '"' tokens precede it on its line. Counting restarts at
        each line so that one unbalanced quote (a quotation running on into the next
        paragraph, as news style has it) cannot flip every later decision of the document."""
        counts, count = [], 0
        for i, word in enumerate(self.words):
            if self._starts_line(i):
                count = 0
            counts.append(count)
            count += word == '"'
        return counts

    def _next_word(self, i: int) -> str:
        """Token i, or the first token after it that is not an opening quote or bracket."""
        return self.words[self.next_word[i]]

    def _starts_line(self, i: int) -> bool:
        return i == 0 or self.line_breaks[i - 1] > 0

    def _is_list_number(self, i: int) -> bool:
        """Whether token i is "2" or "2." opening its line, as in a numbered list."""
        return self._starts_line(i) and _LIST_NUMBER.fullmatch(self.words[i]) is not None

    @staticmethod
    def _is_abbreviation(word: str) -> bool:
        """The tokenizer keeps a period on a word only when it judged it an abbreviation."""
        return len(word) > 1 and word.endswith(".") and word.strip(".") != ""


def _is_upper_case_word(word: str) -> bool:
    """``BERLIN``, ``AL-AIN``, ``ST.``: letters, all of them upper-case."""
    return word.isupper() and word[:1].isalpha()
