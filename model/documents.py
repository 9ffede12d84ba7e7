"""Tag a whole document: split it into sentences, tokenize and tag each sentence, and put the
results back together with offsets into the document.

The tagger learned on single CoNLL-2003 sentences, so a document is never tagged as one long
sequence: each sentence is tagged on its own (a sentence too long for one pass in overlapping
windows, see ``model.windows``), and an entity therefore never crosses a sentence boundary.
Each sentence is tokenized on its own text, as a one-sentence request always was, so a
sentence gets the same tokens, and the same tags, wherever it appears. The text is first read
as it was meant (``model.reading``: HTML as a browser shows it, mojibake as the characters it
garbled, quoted-printable and escapes decoded, TeX's accents as their letters, wikitext's
links as their labels, a JSON or an XML document's fields apart, captions as a player shows
them, OCR's line-end `¬` as the word it broke); offsets always index the text as sent.

The service (service/tagging_service.py) and ``ner-eval --documents`` / ``ner-tag`` share
this path; the service puts its sentence cache around the tagging step.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable, NamedTuple

from .reading import read_text
from .sentences import outline_marks, telegram_stops, tokenize_sentences
from .tokenizer import (ABBREVIATIONS_IN_FULL, ATTRIBUTION_TIME, ATTRIBUTION_VERBS, DATE_WORDS,
                        EMOTICON_SHAPE, GREETING_WORDS, HEADER_FIELDS, HYPHENS,
                        REGNAL_NAMES, SHORTCODE, SIGN_OFFS, attribution_lines,
                        foreign_header_fields, has_emoticon)
from .windows import tag_in_windows

TagFunction = Callable[[list[list[str]]], list[dict]]

# The tokens of a window, unless the caller says otherwise (the service: MAX_TOKENS_PER_SENTENCE).
# CoNLL-2003 sentences have at most 113 tokens: a window holds any sentence like those the
# model learned on, whole.
WINDOW_TOKENS = 256


class SentenceSpan(NamedTuple):
    start: int  # code-point offsets of the sentence in the document
    end: int
    token_start: int  # the sentence's tokens in the document's token list
    token_end: int


@dataclass(frozen=True)
class Document:
    """A text ready to tag: its tokens, where each sits in ``text``, and its sentences."""

    text: str  # the document, or the tokens joined by single spaces
    tokens: list[str]  # as written: tokens[i] == text[starts[i]:ends[i]]
    starts: list[int]
    ends: list[int]
    sentences: list[SentenceSpan]
    # The tokens as the model reads them: equal to tokens except where the text has HTML,
    # mojibake, quoted-printable, escapes, TeX or wikitext, read as meant (model/reading.py:
    # AT&amp;T as AT&T, ZÃ¼rich, Z=C3=BCrich, Z\u00fcrich and Z\"urich as Zürich, [[Lyon]] as
    # Lyon), or a word broken at a hyphen
    # by a line break (join_broken_words: Mer-\nkel as Merkel), a list's number or an
    # outline's mark that opens a line, read as its bare number (bare_list_numbers), the
    # name of a field of foreign e-mail headers, a greeting or a sign-off in another language
    # and the line above a quoted message in another language, read as English's
    # (header_fields_in_english, greetings_in_english, attributions_in_english), an
    # abbreviation the model took for a name, read as its word (`Addl.` as `Additional`:
    # tokenizer.ABBREVIATIONS_IN_FULL), an emoji's shortcode (`:tada:`) or an emoticon
    # (`:D`, `<3`), read as an emoji (SHORTCODE_EMOJI), or a telegram's `STOP`, read as `.`
    # (sentences.telegram_stops).
    model_tokens: list[str]

    @classmethod
    def from_text(cls, text: str) -> "Document":
        reading = read_text(text)
        read = text if reading is None else reading.text
        outline = outline_marks(read)
        spans, ranges = tokenize_sentences(read, outline)
        spans, model_tokens, ranges = join_broken_words(read, spans, ranges)
        tokens, starts, ends = (list(column) for column in zip(*spans)) if spans else ([], [], [])
        if model_tokens is None:
            model_tokens = tokens
        model_tokens = bare_list_numbers(model_tokens, starts, ranges, outline)
        model_tokens = header_fields_in_english(model_tokens, starts, read)
        model_tokens = greetings_in_english(model_tokens, starts, ends, read)
        model_tokens = attributions_in_english(model_tokens, starts, read)
        model_tokens = abbreviations_in_full(model_tokens)
        model_tokens = regnal_ones(model_tokens, read)
        model_tokens = names_without_honorifics(model_tokens, read)
        model_tokens = chat_usernames_as_handles(model_tokens, starts, read)
        if ":" in read and SHORTCODE.search(read):
            model_tokens = [SHORTCODE_EMOJI if SHORTCODE.fullmatch(token) else token
                            for token in model_tokens]
        if has_emoticon(read):
            model_tokens = [SHORTCODE_EMOJI if _EMOTICON_TOKEN.fullmatch(token) else token
                            for token in model_tokens]
        stops = telegram_stops(read, tokens, starts)
        if stops:  # a telegram's `STOP`, read as the full stop it stands for
            model_tokens = ["." if k in stops else token for k, token in enumerate(model_tokens)]
        if reading is not None:
            starts, ends = reading.original_starts(starts), reading.original_ends(ends)
            tokens = [text[start:end] for start, end in zip(starts, ends)]
        sentences = [SentenceSpan(starts[first], ends[end - 1], first, end)
                     for first, end in ranges]
        return cls(text, tokens, starts, ends, sentences, model_tokens)

    @classmethod
    def from_tokens(cls, tokens: list[str]) -> "Document":
        """Tokens a client split itself: one sentence, whatever its length."""
        starts, ends, position = [], [], 0
        for token in tokens:
            starts.append(position)
            position += len(token)
            ends.append(position)
            position += 1  # the joining space
        sentences = [SentenceSpan(0, max(position - 1, 0), 0, len(tokens))] if tokens else []
        tokens = list(tokens)
        return cls(" ".join(tokens), tokens, starts, ends, sentences, tokens)

    def sentence_tokens(self, max_chars: int | None = None) -> list[list[str]]:
        """Each sentence's tokens as the model reads them: a token over max_chars characters
        (a long URL, a base64 blob) as its first max_chars, which bounds what one token
        costs the model and its per-token cache. The answer still gives the whole token."""
        tokens = self.model_tokens
        if max_chars is not None and max(map(len, tokens), default=0) > max_chars:
            tokens = [token[:max_chars] for token in tokens]
        return [tokens[s.token_start:s.token_end] for s in self.sentences]

    def annotate(self, outputs: list[dict]) -> dict:
        """The document's answer from one tagger output per sentence: every token and every
        entity with its text and offsets into the document, and the sentences."""
        text, starts, ends = self.text, self.starts, self.ends
        tokens, entities = [], []
        for sentence, output in zip(self.sentences, outputs):
            first = sentence.token_start
            for i, (tag, score) in enumerate(zip(output["tags"], output["scores"]), first):
                tokens.append({"text": self.tokens[i], "start": starts[i], "end": ends[i],
                               "tag": tag, "score": score})
            for entity in output["entities"]:
                token_start, token_end = first + entity["token_start"], first + entity["token_end"]
                start, end = starts[token_start], ends[token_end - 1]
                entities.append({"text": text[start:end], "label": entity["label"],
                                 "start": start, "end": end, "token_start": token_start,
                                 "token_end": token_end, "score": entity["score"]})
        return {"tokens": tokens, "entities": entities,
                "sentences": [sentence._asdict() for sentence in self.sentences]}


# A hyphen that ends a line: wrapped and typeset text (PDFs) break long words there, Mer- at
# the end of one line and kel at the start of the next. (The pattern starts at the hyphen,
# which a search skips to quickly; join_broken_words checks the letter before it.)
_HYPHEN_AT_LINE_END = re.compile(rf"[{HYPHENS}][^\S\n]*\n")
_LINE_BREAK_GAP = re.compile(r"[ \t>]*\r?\n[ \t>]*")  # indentation, e-mail quote marks


def join_broken_words(text: str, spans: list[tuple[str, int, int]],
                      ranges: list[tuple[int, int]]
                      ) -> tuple[list[tuple[str, int, int]], list[str] | None,
                                 list[tuple[int, int]]]:
    """A document's tokens (``spans``: token, start, end) and its sentences (``ranges`` of
    token indices) with each word that a line break splits at a hyphen made one token
    again, and the tokens as the model reads them, or None when no word was broken. A
    hyphen between lower-case letters only broke the word: Mer-/kel is read as Merkel. It
    is part of the word before a capital or a digit (Daimler-/Benz as Daimler-Benz), in a
    compound of several (Stratford-/upon-Avon), and when it is Unicode's hyphen, which no
    program breaks words with."""
    if _HYPHEN_AT_LINE_END.search(text) is None:
        return spans, None, ranges
    sentence_starts = {first for first, _ in ranges}
    words = []  # [start, end, the parts as the model reads them] of each token after joining
    index = []  # index[i]: the word that token i is part of
    for i, (token, start, end) in enumerate(spans):
        if words and i not in sentence_starts and token[:1].isalnum():
            word = words[-1]
            last = word[2][-1]
            if (len(last) > 1 and last[-1] in HYPHENS and last[-2].isalnum()
                    and _LINE_BREAK_GAP.fullmatch(text, word[1], start)):
                if (last[-1] == "-" and last[-2].islower() and token[0].islower()
                        and not any(hyphen in token for hyphen in HYPHENS)):
                    word[2][-1] = last[:-1]  # the hyphen only broke the word
                word[1] = end
                word[2].append(token)
                index.append(len(words) - 1)
                continue
        words.append([start, end, [token]])
        index.append(len(words) - 1)
    if len(words) == len(spans):
        return spans, None, ranges
    return ([(text[start:end], start, end) for start, end, _ in words],
            ["".join(parts) for _, _, parts in words],
            [(index[first], index[end - 1] + 1) for first, end in ranges])


# A list's number with its period, which the tokenizer keeps whole at a sentence's start.
_NUMBER_AND_PERIOD = re.compile(r"\d{1,3}\.")


def bare_list_numbers(tokens: list[str], starts: list[int], ranges: list[tuple[int, int]],
                      outline: dict[int, int]) -> list[str]:
    """The tokens as the model reads them, with the list numbers that open sentences
    (``3.``) and the outline's marks that open lines (``II``, ``A.``: model.sentences.
    outline_marks) as their bare numbers (``3``, ``2``, ``1``). CoNLL-2003's lists are
    results, a name after each number, and the model learned to read a capitalised word
    after ``3.`` as a name: an agenda's ``3. Timeline`` came back PER, an outline's ``I.``
    an initial. After a bare number it reads the heading as any other words. (A mark that
    the tokenizer keeps whole with its period, `A.` as an initial, is read as the number
    alone; one it splits, `II` `.`, keeps its period as a token of its own.)"""
    opening = [first for first, _ in ranges
               if tokens[first][:1].isdigit() and _NUMBER_AND_PERIOD.fullmatch(tokens[first])]
    marks = [i for i, start in enumerate(starts) if start in outline] if outline else []
    if not opening and not marks:
        return tokens
    tokens = list(tokens)
    for i in opening:
        tokens[i] = tokens[i][:-1]
    for i in marks:
        tokens[i] = str(outline[starts[i]])
    return tokens


# What the model reads an emoji's shortcode as (tokenizer.SHORTCODE): an emoji, which it keeps
# outside entities as it does every symbol that the training data shows in none.
SHORTCODE_EMOJI = "\U0001F642"
# An emoticon as the tokenizer cuts it (`:D`, `;)`, `<3`), read as that emoji too: its letter
# was a name's (PER `Kevin :-P`, LOC `Wembley :P`).
_EMOTICON_TOKEN = re.compile(EMOTICON_SHAPE)


def greetings_in_english(tokens: list[str], starts: list[int], ends: list[int], text: str
                         ) -> list[str]:
    """The tokens as the model reads them, with a greeting or a sign-off in another language
    that opens a line (tokenizer.GREETING_WORDS, SIGN_OFFS: `Hallo Tom,`, `Viele Grüße,`)
    as English writes it (`Hello Tom ,`, `Best regards ,`). Only each line's first token is
    looked at, found from the line breaks."""
    if _OPENS_GREETING_OR_SIGN_OFF.isdisjoint(tokens):
        return tokens
    read, last = None, len(tokens)
    firsts = {0} | {bisect_left(starts, match.end()) for match in _LINE_BREAK.finditer(text)}
    for k in sorted(first for first in firsts if first < last
                    and (tokens[first] in GREETING_WORDS or tokens[first] in _SIGN_OFF_FIRST)):
        if tokens[k] in GREETING_WORDS and _greets(tokens, starts, ends, text, k):
            read = read or list(tokens)
            read[k] = GREETING_WORDS[tokens[k]]
        for length in (3, 2, 1):
            phrase = tuple(tokens[k:k + length])
            after = k + length
            if len(phrase) == length and phrase in SIGN_OFFS and (
                    after == last or (tokens[after] in (",", "!") and (
                        after + 1 == last or "\n" in text[ends[after]:starts[after + 1]]))
                    or "\n" in text[ends[after - 1]:starts[after]]):
                read = read or list(tokens)
                read[k:after] = SIGN_OFFS[phrase]
                break
    return tokens if read is None else read


_SIGN_OFF_FIRST = {phrase[0] for phrase in SIGN_OFFS}
_OPENS_GREETING_OR_SIGN_OFF = frozenset(GREETING_WORDS) | _SIGN_OFF_FIRST
_LINE_BREAK = re.compile("\n")


def _greets(tokens: list[str], starts: list[int], ends: list[int], text: str, k: int) -> bool:
    """Whether token k opens a greeting: up to three capitalised words follow it, and then
    a comma, a `!` or the line's end (`Hallo Tom,`, `Bonjour Marie-Claire !`)."""
    after = k + 1
    while after < len(tokens) and after - k <= 3 and tokens[after][:1].isupper() and (
            "\n" not in text[ends[after - 1]:starts[after]]):
        after += 1
    return after > k + 1 and (after == len(tokens) or tokens[after] in (",", "!")
                              or "\n" in text[ends[after - 1]:starts[after]])


def header_fields_in_english(tokens: list[str], starts: list[int], text: str) -> list[str]:
    """The tokens as the model reads them, with the names of the fields of a block of
    e-mail headers in another language (tokenizer.foreign_header_fields: `Von:`, `Envoyé :`)
    as English names them (`From`, `Sent`), which the model knows, and the days and months
    of their dates too (`Dienstag`, `Mai`: tokenizer.DATE_WORDS)."""
    fields = foreign_header_fields(text)
    if not fields:
        return tokens
    tokens = list(tokens)
    for start in fields:
        k = bisect_left(starts, start)
        if k == len(tokens) or starts[k] != start:
            continue
        field = tokens[k] = HEADER_FIELDS.get(tokens[k], tokens[k])
        if field in ("Sent", "Date"):  # its date's days and months too (`Dienstag`, `Mai`)
            line_end = text.find("\n", start)
            end = bisect_left(starts, len(text) if line_end < 0 else line_end)
            tokens[k + 1:end] = [DATE_WORDS.get(token, token) for token in tokens[k + 1:end]]
    return tokens


_FEET = {"ft.": "featuring", "Ft.": "Featuring"}
_DIED = "d."  # `(b. 1843, d. 1901)`, `d. Paris`; but `Sinner d. Shelton 6-2`: beat
# Parliament's `Hon.` before an office, not a name (`Hon. Speaker: Order, Hon. Members!`, each
# PER `Hon.` 0.999, on every turn of Kenya's Hansard); `Hon. John Smith` as it is.
_HONOURABLE = {"Hon.": "Honourable", "HON.": "HONOURABLE"}
_OFFICES = frozenset("Speaker Members Member Minister Ministers Chair Chairman Chairperson "
                     "Deputy Senator Senators Leader Secretary Judge Justice Lady Gentleman "
                     "Friend".split())


def abbreviations_in_full(tokens: list[str]) -> list[str]:
    """The tokens as the model reads them, with an abbreviation it took for a name read as
    its word (tokenizer.ABBREVIATIONS_IN_FULL: `Addl.` as `Additional`), and a song's `ft.`
    before its featured artist as `featuring` (PER `Big Sol`, not ORG 0.31); a measure's
    `ft.` after its number (`5 ft. 10 in.`) as it is; `d.` between a result's two sides as
    `beat` (`Sinner d. Shelton`), elsewhere as `died`; Parliament's `Hon.` before an office
    as `Honourable` (`Hon. Members`), before a name as it is."""
    if (ABBREVIATIONS_IN_FULL.keys().isdisjoint(tokens) and _FEET.keys().isdisjoint(tokens)
            and _HONOURABLE.keys().isdisjoint(tokens)):
        return tokens
    return [_FEET[token] if token in _FEET and k and not tokens[k - 1][-1:].isdigit()
            and tokens[k + 1:k + 2] and tokens[k + 1][:1].isupper()
            else "beat" if token == _DIED and k and tokens[k - 1][-1:].isalnum()
            and not tokens[k + 1:k + 2][0][:1].isdigit()
            else _HONOURABLE[token] if token in _HONOURABLE
            and tokens[k + 1:k + 2] and tokens[k + 1].capitalize() in _OFFICES
            else ABBREVIATIONS_IN_FULL.get(token, token) for k, token in enumerate(tokens)]


def regnal_ones(tokens: list[str], text: str) -> list[str]:
    """The tokens as the model reads them, with a king's or a war's `I` before the sentence's
    full stop (tokenizer.REGNAL_NAMES: `George I.`, `World War I.`) read as `II`, a number the
    model knows inside names; read as the pronoun it was left out (MISC `World War`)."""
    if "I." not in text or "I" not in tokens:
        return tokens
    return [("II" if token == "I" and k and tokens[k - 1] in REGNAL_NAMES
             and tokens[k + 1:k + 2] == ["."] else token) for k, token in enumerate(tokens)]


# A Japanese honorific after a name, as fandom and anime's translations write it
# (`Nobara-chan and Megumi-kun`, `Gojo-sensei`, `Frieren-sama`): the model had never seen
# one and missed the name (`Nobara-chan` nothing, MISC `Megumi-kun`, ORG `Gojo-sensei`).
_HONORIFIC = re.compile(r"-(?:san|kun|chan|sama|sensei|senpai|dono|tan)\b")
_HONORED_NAME = re.compile(r"([A-Z][^\W\d_]+)-(?:san|kun|chan|sama|sensei|senpai|dono|tan)")


def names_without_honorifics(tokens: list[str], text: str) -> list[str]:
    """The tokens as the model reads them, with a name's Japanese honorific read as nothing:
    `Nobara-chan` as `Nobara`, the token as written."""
    if "-" not in text or _HONORIFIC.search(text) is None:
        return tokens
    return [name[1] if (name := _HONORED_NAME.fullmatch(token)) else token for token in tokens]


# A chat's header as Discord writes it: a user's name, a dash and the time (`kaylaboo — Today
# at 3:42 PM`, `dr.pepperoni — 03/12/2024 11:02 PM`); and IRC's and Twitch's nick in angle
# brackets after the time (`[21:06] <CarlosFromTexas> the Sentinels lost`), a handle always.
_CHAT_HEADER = re.compile(r"^(\S+) [\u2014\u2013-] (?:Today at|Yesterday at|\d{1,2}/\d{1,2}/\d{2,4}) "
                          r"\d{1,2}:\d\d|^\[\d{1,2}:\d\d(?::\d\d)?\] <(?P<nick>[^\s<>]{1,32})> ",
                          re.MULTILINE)


def chat_usernames_as_handles(tokens: list[str], starts: list[int], text: str) -> list[str]:
    """The tokens as the model reads them, with a user's name in a chat's header that is a
    handle's, in lower case or with a digit, `_` or `.` (`kaylaboo`, `dr.pepperoni`), read as
    the handle `@kaylaboo`, which the model keeps outside entities: ORG `kaylaboo`, MISC
    `dr.pepperoni` before; so is an IRC nick (ORG `CarlosFromTexas`). A display name
    (`Marcus Webb — Today at 3:43 PM`) is a name."""
    if not any(mark in text for mark in ("\u2014", "\u2013", " - ", "> ")):
        return tokens
    read = None
    for header in _CHAT_HEADER.finditer(text):
        name = header["nick"] or header[1]
        k = bisect_left(starts, header.start("nick") if header["nick"] else header.start())
        if k < len(tokens) and tokens[k] == name and (header["nick"] or name[0].islower() or any(
                c.isdigit() or c in "_." for c in name)):
            read = read or list(tokens)
            read[k] = "@" + name
    return tokens if read is None else read


# What may follow the time in the line above a quoted message, before the name: German's
# `Uhr`, a comma, the half of the day.
_AFTER_TIME = {"Uhr", ",", "AM", "PM", "am", "pm", "a.", "p.", "m.", "a.m.", "p.m."}


def attributions_in_english(tokens: list[str], starts: list[int], text: str) -> list[str]:
    """The tokens as the model reads them, with each line above a quoted message in another
    language (tokenizer.attribution_lines) read as English writes it: `On`, the date's
    words in English (tokenizer.DATE_WORDS) and its other words as `at` up to the time, the
    name as written, and the verb as `wrote` (`Op ma 3 mrt. 2024 om 10:15 schreef Jan de
    Vries` as `On at 3 at . 2024 at 10:15 wrote Jan de Vries`)."""
    lines = attribution_lines(text)
    if not lines:
        return tokens
    tokens = list(tokens)
    for start, end in lines:
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        times = [k for k in range(first, last) if ATTRIBUTION_TIME.fullmatch(tokens[k])]
        if not times:
            continue
        name = times[-1] + 1
        while name < last and tokens[name] in _AFTER_TIME:
            name += 1
        tokens[first] = "On"
        for k in range(first + 1, name):
            if tokens[k][:1].isalpha():
                tokens[k] = DATE_WORDS.get(tokens[k], "at")
        for k in range(name, last):
            if tokens[k] in ATTRIBUTION_VERBS:
                tokens[k] = "wrote"
    return tokens


def window_overlap(max_tokens: int) -> int:
    """Tokens shared by consecutive windows: a quarter of a window leaves every token taken
    from a window about an eighth of a window of context on each side (at least 16 tokens
    for windows of 128 or more), while a long sentence costs only a third more to tag."""
    return max_tokens // 4


def tag_sentences(tag: TagFunction, sentences: list[list[str]], max_tokens: int) -> list[dict]:
    """``tag(sentences)`` in one batch, a sentence over ``max_tokens`` tokens in windows."""
    return tag_in_windows(tag, sentences, max_tokens, window_overlap(max_tokens))


def tag_documents(tag: TagFunction, documents: list[Document], max_tokens: int) -> list[dict]:
    """Each document's answer (as ``Document.annotate`` gives it), all sentences of all
    documents tagged in one batch."""
    sentences = [tokens for document in documents for tokens in document.sentence_tokens()]
    outputs = iter(tag_sentences(tag, sentences, max_tokens))
    return [document.annotate([next(outputs) for _ in document.sentences])
            for document in documents]
