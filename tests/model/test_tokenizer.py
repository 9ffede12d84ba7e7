"""The tokenizer must cut raw text the way CoNLL-2003 was cut, and never lose a character.

The strongest check is a round trip over the validation data: join each sentence's tokens
back into natural text ("Britain 's" -> "Britain's", "( U.S. )" -> "(U.S.)"), tokenize it,
and compare with the original tokens.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.tokenizer import (NAME_ENDINGS, SEPARATORS, blank_separators, gedcom_lines,
                             gedcom_marks, is_address, is_code, phone_label_positions,
                             record_tags, tokenize)

# Tokens that attach to the word before them / to the word after them in running text.
NO_SPACE_BEFORE = {",", ".", ":", ";", ")", "]", "}", "!", "?", "%", "...", ".."}
NO_SPACE_AFTER = {"(", "[", "{", "$"}
CLITIC = re.compile(r"^(?:'[sSdDmM]|'re|'RE|'ve|'VE|'ll|'LL|n't|N'T)$")


def detokenize(tokens: list[str]) -> str:
    """Join tokens as a writer would have typed them (a small, deliberately plain detokenizer)."""
    text = ""
    glue_next = True  # no space before the first token
    open_double_quote = False
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else ""
        glue = glue_next
        glue_next = False
        if token in NO_SPACE_BEFORE or CLITIC.match(token):
            glue = True
        elif token == '"':
            # Quotes alternate: an opening one sticks to the next word, a closing one to the last.
            if open_double_quote:
                glue = True
            else:
                glue_next = True
            open_double_quote = not open_double_quote
        elif token == "'":
            if previous[-1:] in ("s", "S"):
                glue = True  # plural possessive: "Peres' office"
            else:
                glue_next = True  # quote or elision: "'96"
        elif token == "/" and not (previous[-1:].isdigit() and tokens[i + 1 : i + 2] != []
                                   and tokens[i + 1][:1].isdigit()):
            glue = glue_next = True  # "cents/pound", "CDU/CSU"
        if token in NO_SPACE_AFTER or token.endswith("$"):
            glue_next = True
        text += token if glue else " " + token
    return text


def test_detokenizer_produces_natural_text():
    # Guards the yardstick itself: if this drifts, the round-trip rates below mean little.
    tokens = ['"', "I", "'m", "sure", "Britain", "'s", "(", "U.S.", ")", "rate", "ca", "n't",
              "rise", "3.5", "%", "to", "$", "1,000", ",", "Peres", "'", "CDU", "/", "CSU",
              ".", '"']
    assert detokenize(tokens) == (
        "\"I'm sure Britain's (U.S.) rate can't rise 3.5% to $1,000, Peres' CDU/CSU.\""
    )


def round_trip(sentences, join):
    exact = same_tokens = total_tokens = 0
    failures = []
    for sentence in sentences:
        produced = [token for token, _, _ in tokenize(join(sentence))]
        total_tokens += len(sentence)
        if produced == sentence:
            exact += 1
            same_tokens += len(sentence)
        else:
            # Token agreement: tokens at identical character offsets in both tokenizations.
            same_tokens += len(spans(sentence) & spans(produced))
            failures.append((sentence, produced))
    return exact / len(sentences), same_tokens / total_tokens, failures


def spans(tokens):
    """(start, end) of each token in the space-free concatenation, to compare tokenizations."""
    result, position = set(), 0
    for token in tokens:
        result.add((position, position + len(token)))
        position += len(token)
    return result


def with_final_name_periods(tokens: list[str]) -> list[str]:
    """CoNLL-2003's tokens with the one convention the tokenizer departs from on purpose: a
    dotted abbreviation or one that ends a name keeps its period where it ends the sentence
    (`the U.S .` -> `the U.S.`, `Apple Inc .` -> `Apple Inc.`), so that the entity is whole."""
    quote = tokens[-1:] if tokens[-1:] in (['"'], ["'"]) else []  # `& Co . "`
    body = tokens[:len(tokens) - len(quote)]
    if len(body) > 1 and body[-1] == "." and (
            re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", body[-2])
            or body[-2].capitalize() in NAME_ENDINGS):
        return body[:-2] + [body[-2] + "."] + quote
    return tokens


def test_natural_text_from_validation_data_is_cut_like_conll(validation_sentences):
    validation_sentences = [with_final_name_periods(tokens) for tokens in validation_sentences]
    sentence_rate, token_rate, failures = round_trip(validation_sentences, detokenize)
    print(f"\nnatural text: {sentence_rate:.2%} sentences exact, {token_rate:.3%} tokens agree "
          f"({len(failures)} of {len(validation_sentences)} sentences differ)")
    for sentence, produced in failures[:10]:
        print("  conll:", " ".join(sentence), "\n  ours: ", " ".join(produced))
    assert len(validation_sentences) > 3000
    # The bounds sit just under today's rates, which the line above prints, so that any rule
    # that cuts real text worse fails here. What still differs is data noise
    # ("1=" for a tied place, "Tel+44", "oOo-----", "`LOST", '" ...I request'), plus
    # "Mich .." (an abbreviation's period fused into "..") and a few odd `'` quotes.
    assert sentence_rate >= 0.995
    assert token_rate >= 0.9995


def test_space_joined_validation_data_keeps_its_tokens(validation_sentences):
    sentence_rate, token_rate, failures = round_trip(validation_sentences, " ".join)
    print(f"\nspace-joined: {sentence_rate:.2%} sentences exact, {token_rate:.3%} tokens agree")
    for sentence, produced in failures[:10]:
        print("  conll:", " ".join(sentence), "\n  ours: ", " ".join(produced))
    # Bounds just under today's rates, as above; the misses are the data noise above.
    assert sentence_rate >= 0.996
    assert token_rate >= 0.9997



# -- Offsets hold for any text ---------------------------------------------------------------

# Fragments that reach the special rules, mixed into otherwise random text.
TRICKY_FRAGMENTS = [
    "U.S.", "Inc.", "J.", "don't", "'s", "n't", "1,000", "3.5", "+44", ".500", "US$", "$", "--",
    "...", "AA+", "non-", "http://x.org/a.", "www.y.com", "a@b.co", "O'Brien", "e\u0301",
    "\U0001F44D\U0001F3FD", "\U0001F468\u200d\U0001F469", "\U0001F1FA\U0001F1F8",
    "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u200e", "\u2066", "\u2022", "\x00",
    "\U000E0100", "\U00011000", "\u0301", ".", "-", "'",
    "\u2019s", "\u00a0", "\u3000", "\u2028", "\x1c", "\x85", "\t", "\r\n", "1.",
    "\u05e9\u05dc\u05d5\u05dd", "\n> ", "> >", ">", "|", "\nPMID- ", "\nAU  - ",
    "\n0 HEAD", "\n0 @I1@ INDI", "\n1 NAME ", "\n2 _MARNM ", "/", "@F1@", " ABT ",
]
# Lone surrogates cannot reach us: the service gets its text from JSON as a valid str.
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
WHITESPACE = st.characters(categories=("Zs", "Zl", "Zp", "Cc"))
TEXT = st.lists(
    st.one_of(st.text(ANY_CHARACTER, max_size=8), st.text(WHITESPACE, max_size=3),
              st.sampled_from(TRICKY_FRAGMENTS)),
    max_size=30,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_tokens_are_exact_ordered_slices_covering_all_but_separators(text):
    result = tokenize(text)
    # What the tokenizer reads as whitespace: the SEPARATORS characters anywhere, ">" at the
    # start of a line, "#" or "//" opening a line (of a block of comments), "_" at a word's
    # edge, a retweet's "RT" before a handle and a middle dot between spaces; every other
    # character is in a token.
    blank = blank_separators(text)
    assert len(blank) == len(text)
    marks = {i for pattern in (r"(?<!\S)RT(?= @\w)", r"(?m)^[^\S\n]*(?:#|//)",
                               r"(?<=\s)\u00b7(?=\s)")
             for match in re.finditer(pattern, text) for i in range(match.start(), match.end())}
    marks.update(i for tag in record_tags(text) for i in range(tag.start(), tag.end()))
    marks.update(i for start, end in gedcom_marks(text, gedcom_lines(text))
                 for i in range(start, end))
    assert all(b == c or b == " " and (is_separator(c) or c in ">_" or i in marks)
               for i, (b, c) in enumerate(zip(blank, text)))
    covered = [False] * len(text)
    previous_end = 0
    for token, start, end in result:
        assert text[start:end] == token
        assert token, "empty token"
        assert start >= previous_end, "tokens overlap or are out of order"
        assert not any(character.isspace() for character in blank[start:end]), repr(token)
        covered[start:end] = [True] * (end - start)
        previous_end = end
    uncovered = [i for i, char in enumerate(blank) if not char.isspace() and not covered[i]]
    assert not uncovered, f"characters {uncovered} of {text!r} are in no token"


def is_separator(character: str) -> bool:
    return character.isspace() or bool(re.fullmatch(f"[{SEPARATORS}]", character))


def test_the_marks_that_quote_an_email_are_whitespace_at_the_start_of_a_line_only():
    text = "> Angela Merkel said\n>> that Berlin\n  > > agrees\nx > 5 and >y"
    assert [token for token, _, _ in tokenize(text)] == [
        "Angela", "Merkel", "said", "that", "Berlin", "agrees", "x", ">", "5", "and", ">", "y"]


def test_an_emails_subject_prefixes_and_copy_fields_are_whitespace_at_a_lines_start():
    text = ("Subject: RE: Fwd: Contract with Pfizer\nCc: Priya Shah\n> AW: Termin\n"
            "Re: Siemens\nHe said: Re: no. Recall: yes. Time: 10:15\nTR: 45")
    assert [token for token, _, _ in tokenize(text)] == [
        "Subject", ":", "Contract", "with", "Pfizer", "Priya", "Shah", "Termin", "Siemens",
        "He", "said", ":", "Re", ":", "no", ".", "Recall", ":", "yes", ".", "Time", ":",
        "10:15", "TR", ":", "45"]
    # the subject field in another language; a line's leading whitespace of any length
    assert [token for token, _, _ in tokenize("Betreff: AW: Termin\nObjet : RE: R\u00e9union")] \
        == ["Betreff", ":", "Termin", "Objet", ":", "R\u00e9union"]
    for indent in (" " * 100_000, "\t \u00a0" * 30_000, "> " * 30_000):
        assert [token for token, _, _ in tokenize(f"\n{indent}Re: budget: 10:15")] == [
            "budget", ":", "10:15"]


def test_invisible_marks_and_bullets_separate_words_and_inside_words_stay():
    text = "\ufeffGoogle\u200bbought Fit\u00adbit\u200e. Micro\u2060soft\n\u2022 IBM\n\u25e6SAP"
    assert [token for token, _, _ in tokenize(text)] == [
        "Google", "bought", "Fit\u00adbit", ".", "Micro\u2060soft", "IBM", "SAP"]


def test_underscores_of_emphasis_are_whitespace_and_within_words_stay():
    text = ("_Emmanuel Macron_ met __Angela Merkel__ on a_b, a__b, _really_. and x@y_z.com _ "
            "at https://x.com/_next/a_ or _jane_@x.org")
    assert [token for token, _, _ in tokenize(text)] == [
        "Emmanuel", "Macron", "met", "Angela", "Merkel", "on", "a_b", ",", "a__b", ",",
        "really", ".", "and", "x@y_z.com", "at", "https://x.com/_next/a_", "or", "_jane_@x.org"]


def test_the_marks_of_a_block_of_comments_are_whitespace():
    """`#` or `//` opening two lines or more in a row; one `# Heading` is Markdown's."""
    text = "# Installation\nx\n  # written by Anna\n  # Walsh of Acme\n// one\n// two\n#x\n#y"
    assert blank_separators(text) == ("# Installation\nx\n    written by Anna\n    Walsh of "
                                      "Acme\n   one\n   two\n#x\n#y")


def test_the_underscores_of_identifiers_are_theirs():
    """Python's names lost their underscores to the rule for emphasis (`__init__.py` as
    `init . py`, `self._session` as `self . session`)."""
    text = ('Add __init__.py; if __name__ == "__main__": self._session.close() or _config.yml '
            "and set self._session to None")
    assert [token for token, _, _ in tokenize(text)] == [
        "Add", "__init__.py", ";", "if", "__name__", "==", '"', "__main__", '"', ":",
        "self._session.close", "(", ")", "or", "_config.yml", "and", "set", "self._session",
        "to", "None"]


def test_unicode_hyphens_join_words_as_the_hyphen_minus_does():
    text = "Jean\u2010Paul Sartre met Jean\u2011Claude Juncker in Aix\u2010en\u2010Provence (non\u2010 seeded)"
    assert [token for token, _, _ in tokenize(text)] == [
        "Jean\u2010Paul", "Sartre", "met", "Jean\u2011Claude", "Juncker", "in",
        "Aix\u2010en\u2010Provence", "(", "non\u2010", "seeded", ")"]


def test_long_runs_of_whitespace_take_linear_time():
    # A search that scanned a whitespace run again from each of its characters would take
    # minutes here; linear takes milliseconds. Not a timing assertion: a quadratic tokenizer
    # would simply make this test hang.
    for text in [" " * 200_000, "a" + " " * 200_000, "a" + "\n" * 200_000 + "b"]:
        assert [token for token, _, _ in tokenize(text)] == [t for t in ("a", "b") if t in text]
    # Nor a long word before an "@" where underscores are blanked (an address search over
    # the whole text took 1.8 s for 20,000 characters).
    assert [token for token, _, _ in tokenize("_x " + "a" * 200_000 + "@_")] == [
        "x", "a" * 200_000 + "@_"]


def test_every_kind_of_unicode_whitespace_separates_tokens():
    spaces = [chr(cp) for cp in range(0x110000) if chr(cp).isspace()]
    text = "a".join(spaces) + "a"
    assert [token for token, _, _ in tokenize(text)] == ["a"] * len(spaces)


# -- CoNLL conventions, case by case --------------------------------------------------------


def words(text):
    return [token for token, _, _ in tokenize(text)]


@pytest.mark.parametrize("text, expected", [
    # possessives and contractions
    ("Britain's lamb", ["Britain", "'s", "lamb"]),
    ("MOODY'S rating", ["MOODY", "'S", "rating"]),
    ("Peres' office", ["Peres", "'", "office"]),
    ("O'Brien's car", ["O'Brien", "'s", "car"]),
    ("I don't think we're done, I'm sure they've can't won't",
     ["I", "do", "n't", "think", "we", "'re", "done", ",", "I", "'m", "sure", "they", "'ve",
      "ca", "n't", "wo", "n't"]),
    ("Britain\u2019s", ["Britain", "\u2019s"]),
    # abbreviations and initials keep their period, the text's last period does not
    ("the U.S. and U.N. troops", ["the", "U.S.", "and", "U.N.", "troops"]),
    ("Apple Inc. and Acme Corp. met Mr. J. Smith in St. Louis on Jan. 5",
     ["Apple", "Inc.", "and", "Acme", "Corp.", "met", "Mr.", "J.", "Smith", "in", "St.", "Louis",
      "on", "Jan.", "5"]),
    ("at 8.30 a.m. today", ["at", "8.30", "a.m.", "today"]),
    # a handle is one token; a mention of a display name is `@` and the name
    ("ping @mark.chen @Sofia: @Sarah Lindqvist", ["ping", "@mark.chen", "@Sofia", ":", "@",
                                                  "Sarah", "Lindqvist"]),
    ("@José García @Sarah O'Brien", ["@", "José", "García", "@", "Sarah", "O'Brien"]),
    # a file's path, a command's flag and an address of any scheme are one token each, and
    # so is each of a Markdown badge's two addresses; `and/or`, `km/h`, `Node.js/React` and
    # a dash between words are not paths or flags
    ("Open C:\\Users\\Maria\\report.docx, ./data/pg:/var/lib/pg and src/app/main.py.",
     ["Open", "C:\\Users\\Maria\\report.docx", ",", "./data/pg", ":", "/var/lib/pg", "and",
      "src/app/main.py", "."]),
    ("see docs/index.md, ~/.bashrc and GET /v3/charges/{id} or and/or km/h Node.js/React",
     ["see", "docs/index.md", ",", "~/.bashrc", "and", "GET", "/v3/charges/{id}", "or", "and",
      "/", "or", "km", "/", "h", "Node.js", "/", "React"]),
    ("python train.py --config x.yaml -X POST -v, --dry-run -- and - then -5",
     ["python", "train.py", "--config", "x.yaml", "-X", "POST", "-v", ",", "--dry-run", "--",
      "and", "-", "then", "-", "5"]),
    ("u/FIRE_in_Denver in r/personalfinance", ["u/FIRE_in_Denver", "in", "r/personalfinance"]),
    ("Maria Lopez C/O Acme Corp, w/o R/O and/or N/A", ["Maria", "Lopez", "C/O", "Acme", "Corp",
                                                   ",", "w/o", "R/O", "and", "/", "or", "N",
                                                   "/", "A"]),
    # names joined by slashes, a dash typed against a name, a dotted name in emphasis: none
    # is code (the review)
    ("Flights London/Paris/Berlin and Siemens/Bosch.de, Thanks -John -Tel Aviv _U.S._",
     ["Flights", "London", "/", "Paris", "/", "Berlin", "and", "Siemens", "/", "Bosch.de", ",",
      "Thanks", "-", "John", "-", "Tel", "Aviv", "U.S."]),
    ("postgres://admin:pw@db.example.com:5432/shop and s3://acme/2024/ now",
     ["postgres://admin:pw@db.example.com:5432/shop", "and", "s3://acme/2024/", "now"]),
    ("[![CI](https://x.io/a/badge.svg)](https://x.io/a)",
     ["[", "!", "[", "CI", "]", "(", "https://x.io/a/badge.svg", ")", "]", "(", "https://x.io/a",
      ")"]),
    # a signature's initial keeps its period at the text's end, a label's letter does not
    ("Reviewed by Megan T.", ["Reviewed", "by", "Megan", "T."]),
    ("- Priya R.", ["-", "Priya", "R."]),
    ("They topped Group B.", ["They", "topped", "Group", "B", "."]),
    ("Group B.", ["Group", "B", "."]),
    ("Where: Terminal B.", ["Where", ":", "Terminal", "B", "."]),
    ("Thanks to Megan T.", ["Thanks", "to", "Megan", "T", "."]),
    # a title or initials typed without the space before the name; not an address or domain
    ("Mr.Smith met Dr.Müller, J.K.Rowling and the U.S.Army; mail J.K.Rowling@x.com, J.Smith.com",
     ["Mr.", "Smith", "met", "Dr.", "Müller", ",", "J.K.", "Rowling", "and", "the", "U.S.",
      "Army", ";", "mail", "J.K.Rowling@x.com", ",", "J.Smith.com"]),
    # affiliation marks typed as plain digits come apart from a capitalised word of four
    # letters or more; ratings, codes and numbers stay whole
    ("Ingrid Solberg1,2, Kenji Watanabe4*, B. Andersen3; mice lacking Brca1, Baa1 Office365 x1.5",
     ["Ingrid", "Solberg", "1,2", ",", "Kenji", "Watanabe", "4", "*", ",", "B.", "Andersen", "3",
      ";", "mice", "lacking", "Brca1", ",", "Baa1", "Office365", "x1.5"]),
    # but not from a product's name before its `+`
    ("Galaxy Note10+ and Ingrid Solberg1 Mikkel Andersen2",
     ["Galaxy", "Note10+", "and", "Ingrid", "Solberg", "1", "Mikkel", "Andersen", "2"]),
    # abbreviations of references, law reports and addresses; those that number what follows
    # only before a number, as `no.` is a word too
    ("Brown v. Board, Cambridge Univ. Press, 9th Cir. 2022, 5 Fifth Ave. in NY",
     ["Brown", "v.", "Board", ",", "Cambridge", "Univ.", "Press", ",", "9th", "Cir.", "2022",
      ",", "5", "Fifth", "Ave.", "in", "NY"]),
    ("vol. 521, no. 7553, pp. 436-444 (Fig. 3a) but no. Fig. A, p.2024@uni.edu fig.1.png",
     ["vol.", "521", ",", "no.", "7553", ",", "pp.", "436-444", "(", "Fig.", "3a", ")", "but",
      "no", ".", "Fig", ".", "A", ",", "p.2024@uni.edu", "fig.1.png"]),
    ("a U.S.-based firm in Redmond, Wash.-based", ["a", "U.S.-based", "firm", "in", "Redmond", ",",
                                                  "Wash.-based"]),
    # at the text's end, a dotted abbreviation and one that ends a name keep the period (CoNLL
    # splits it off); any other abbreviation does not
    ("talks with the U.S.", ["talks", "with", "the", "U.S."]),
    ('said Salomon Bros."', ["said", "Salomon", "Bros.", '"']),
    ("flights in Jan. and at No.", ["flights", "in", "Jan.", "and", "at", "No", "."]),
    ("Pete Sampras (U.S.) vs. Adrian Voinea", ["Pete", "Sampras", "(", "U.S.", ")", "vs.", "Adrian",
                                              "Voinea"]),
    ("He left. She stayed.", ["He", "left", ".", "She", "stayed", "."]),
    ("1. Pivotal 100-30", ["1.", "Pivotal", "100-30"]),
    # numbers
    ("1,000 people, 1.5 million, 2-1 win at 10:30, 3/4 and 1996-08-30",
     ["1,000", "people", ",", "1.5", "million", ",", "2-1", "win", "at", "10:30", ",", "3/4", "and",
      "1996-08-30"]),
    ("rose 3.5% to .500 or +44 and -5", ["rose", "3.5", "%", "to", ".500", "or", "+44", "and", "-",
                                         "5"]),
    # currency
    ("$1.5 billion and US$300 or HK$ 43", ["$", "1.5", "billion", "and", "US$", "300", "or", "HK$",
                                          "43"]),
    # quotes and brackets
    ('"I am here," he said (loudly).',
     ['"', "I", "am", "here", ",", '"', "he", "said", "(", "loudly", ")", "."]),
    ("\u201cQuoted\u201d 'single'", ["\u201c", "Quoted", "\u201d", "'", "single", "'"]),
    # hyphens, slashes, dashes, ampersands
    ("pro-democracy Hewlett-Packard non- seeded AA+ and CDU/CSU -- AT&T",
     ["pro-democracy", "Hewlett-Packard", "non-", "seeded", "AA+", "and", "CDU", "/", "CSU", "--",
      "AT&T"]),
    ("wait... what?!", ["wait", "...", "what", "?", "!"]),
    # a document's symbol at the UN or the EU is one token; slashed names are not
    ("S/RES/2729 (2024), SC/15612, E/CN.4/2005/L.10 and CDU/CSU on BA/2490 per ISO/IEC/27001",
     ["S/RES/2729", "(", "2024", ")", ",", "SC/15612", ",", "E/CN.4/2005/L.10", "and", "CDU",
      "/", "CSU", "on", "BA", "/", "2490", "per", "ISO", "/", "IEC", "/", "27001"]),
    # a grant's, a file's and a DOI's references are one token, a standard's name is not
    ("Grant AH/X004512/1, our ref. CLM/MTR/2024/0884127 and doi: 10.1109/TIE.2022.3156789.",
     ["Grant", "AH/X004512/1", ",", "our", "ref.", "CLM/MTR/2024/0884127", "and", "doi", ":",
      "10.1109/TIE.2022.3156789", "."]),
    # a cedi's sign, a Malaysian title's apostrophe, a degree, a ticker before its full stop,
    # India's Messrs, a nurse's and a listing's abbreviations with a slash
    ("GH\u00a22.3 bn to Dato' Sri Ali, M.Sc. and B.Ed. holders; buy VOD.L. M/s. Tata; no N/V. "
     "In-unit W/D.\nTab. Dolo 650",
     ["GH\u00a2", "2.3", "bn", "to", "Dato'", "Sri", "Ali", ",", "M.Sc.", "and", "B.Ed.",
      "holders", ";", "buy", "VOD.L", ".", "M/s.", "Tata", ";", "no", "N/V", ".", "In-unit",
      "W/D", ".", "Tab.", "Dolo", "650"]),
    # Chinese, Japanese and Korean letters are tokens apart from the Latin ones beside them
    ("\u8bf7\u8054\u7cfbDavid Kim\u786e\u8ba4\u3002 Samsung\uc5d0\uc11c Tel. : +33 1",
     ["\u8bf7\u8054\u7cfb", "David", "Kim", "\u786e\u8ba4", "\u3002", "Samsung",
      "\uc5d0\uc11c", "Tel.", ":", "+33", "1"]),
    # Brazilian's and Polish companies' forms keep their periods
    ("Corvane do Brasil Ltda. and Orbis Sp. z o.o. rose", ["Corvane", "do", "Brasil", "Ltda.",
                                                          "and", "Orbis", "Sp.", "z", "o.o.",
                                                          "rose"]),
    # a hashtag of words run together in capitals is one token; of one word, `#` and the word
    ("#OpenToWork #Positano #NYC C# #ItalyTravel2024", ["#OpenToWork", "#", "Positano", "#",
                                                       "NYC", "C", "#", "#ItalyTravel2024"]),
    # a shell's `&&` between commands is one token; glued to words, each `&` is its own
    ("cd web && npm ci &&x", ["cd", "web", "&&", "npm", "ci", "&", "&", "x"]),
    # URLs and e-mail addresses stay whole, minus trailing punctuation
    ("See https://example.com/a?b=1&c=2, www.reuters.com/news. Mail john.smith@example.co.uk.",
     ["See", "https://example.com/a?b=1&c=2", ",", "www.reuters.com/news", ".", "Mail",
      "john.smith@example.co.uk", "."]),
    # emoji, combining marks, other scripts
    ("I \u2764\ufe0f Paris \U0001F44D\U0001F3FD "
     "\U0001F468\u200d\U0001F469\u200d\U0001F467 \U0001F1EB\U0001F1F7",
     ["I", "\u2764\ufe0f", "Paris", "\U0001F44D\U0001F3FD",
      "\U0001F468\u200d\U0001F469\u200d\U0001F467", "\U0001F1EB\U0001F1F7"]),
    ("Mu\u0308ller in Z\u00fcrich", ["Mu\u0308ller", "in", "Z\u00fcrich"]),
    ("\u6771\u4eac\u3001\u65e5\u672c", ["\u6771\u4eac", "\u3001", "\u65e5\u672c"]),
    ("\u05e9\u05dc\u05d5\u05dd, \u0639\u0627\u0644\u0645!",
     ["\u05e9\u05dc\u05d5\u05dd", ",", "\u0639\u0627\u0644\u0645", "!"]),
    ("zero\u200bwidth\x00nul\ttab\nline",
     ["zero", "width", "\x00", "nul", "tab", "line"]),
    # a word before punctuation that never joins it is cut there at once; before punctuation
    # that may join, the full rules decide
    ('Berlin, Paris; Rome! (Acme) 5% [a] {b} "c" a/b 1/2 1,5 x,1 http://x.org US$5 AA+ x:y',
     ["Berlin", ",", "Paris", ";", "Rome", "!", "(", "Acme", ")", "5", "%", "[", "a", "]", "{",
      "b", "}", '"', "c", '"', "a", "/", "b", "1/2", "1,5", "x", ",", "1", "http://x.org", "US$",
      "5", "AA+", "x", ":", "y"]),
    # a full stop typed without its space is split off between a lower-case word and a
    # capitalised one; addresses, code and dotted abbreviations stay whole
    ("Smith.I flew to Paris.Then Berlin. Mail John.News@Mail.Example.co.uk, Console.WriteLine "
     "fmt.Println Node.js google.com Ph.D e.g.The",
     ["Smith", ".", "I", "flew", "to", "Paris", ".", "Then", "Berlin", ".", "Mail",
      "John.News@Mail.Example.co.uk", ",", "Console.WriteLine", "fmt.Println", "Node.js",
      "google.com", "Ph.D", "e.g.The"]),
    # a footnote's mark, superscript digits, is a token of its own
    ("Merkel\u00b9 and Proglio.\u00b2\u00b3 Then 100 m\u00b2",
     ["Merkel", "\u00b9", "and", "Proglio", ".", "\u00b2\u00b3", "Then", "100", "m", "\u00b2"]),
    # ... and so is an affiliation's, superscript letters
    ("Anjali Raghavan\u1d43 and Helene Dufour\u1d47,\u1d9c",
     ["Anjali", "Raghavan", "\u1d43", "and", "Helene", "Dufour", "\u1d47", ",", "\u1d9c"]),
    # ... but not inside a word, nor after a capital: letters of their own there
    ("K\u02b7ak\u02b7aka and M\u1d9c Donald", ["K\u02b7ak\u02b7aka", "and", "M\u1d9c", "Donald"]),
    # a unit's letter after a slash or a degree sign is no initial: its period is the
    # sentence's; a patent's references keep their periods before what they qualify
    ("128 mmol/L. Pt was 25\u00b0 C. and 38.5\u00b0C. See U.S. Pat. No. 7, Pub. Date: May 2. "
     "Pat. She and J. Lennon/P. McCartney",
     ["128", "mmol", "/", "L", ".", "Pt", "was", "25", "\u00b0", "C", ".", "and", "38.5", "\u00b0",
      "C", ".", "See", "U.S.", "Pat.", "No.", "7", ",", "Pub.", "Date", ":", "May", "2", ".",
      "Pat", ".", "She", "and", "J.", "Lennon", "/", "P.", "McCartney"]),
    # companies' forms, and the abbreviations of invoices, claims and letters, keep their
    # periods; `no.` does before a code with digits too
    ("Westpac Pty. Ltd. and Novo Nordisk A/S (A/S/T) owe VAT Reg. No. 7, our ref. AB1234, "
     "Attn. Lopez, invoice no. INV-2024-7. The A/S level; ask Pat. Date; the ref. Chelsea; "
     "no. G7",
     ["Westpac", "Pty.", "Ltd.", "and", "Novo", "Nordisk", "A/S", "(", "A", "/", "S", "/", "T",
      ")", "owe", "VAT", "Reg.", "No.", "7", ",", "our", "ref.", "AB1234", ",", "Attn.",
      "Lopez", ",", "invoice", "no.", "INV-2024-7", ".", "The", "A", "/", "S", "level", ";",
      "ask", "Pat", ".", "Date", ";", "the", "ref", ".", "Chelsea", ";", "no", ".", "G7"]),
    # a handle with a hyphen, an emoji's shortcode, a telephone's label before a colon
    ("Thanks @lisa-hartmann :tada: :+1: at 10:30:45 a:b Tel.: +49 211",
     ["Thanks", "@lisa-hartmann", ":tada:", ":+1:", "at", "10:30:45", "a", ":", "b", "Tel.",
      ":", "+49", "211"]),
    # a signature's initial after a sign-off's comma that ends its line, where the text ends;
    # not a label's letter after a comma or a colon within a line
    ("Best,\nAnna S.", ["Best", ",", "Anna", "S."]),
    ("$20 million, Series B.", ["$", "20", "million", ",", "Series", "B", "."]),
    ("Council tax: Band D.", ["Council", "tax", ":", "Band", "D", "."]),
    # German's abbreviations of a street and a number before a number
    ("Friedrichstr. 68, Rechnungs-Nr. 2024-118 and Nr. 5; the Hauptstr. Then",
     ["Friedrichstr.", "68", ",", "Rechnungs-Nr.", "2024-118", "and", "Nr.", "5", ";", "the",
      "Hauptstr", ".", "Then"]),
    # the apostrophe's stand-ins join a name as it does
    ("Shaquille O\u00b4Neal, N\u00b4Golo Kant\u00e9 and O\u2018Neal \u2018quoted\u2019",
     ["Shaquille", "O\u00b4Neal", ",", "N\u00b4Golo", "Kant\u00e9", "and", "O\u2018Neal",
      "\u2018", "quoted", "\u2019"]),
    ("", []),
    (" \t\n\u00a0\u3000", []),
])
def test_conll_conventions(text, expected):
    assert words(text) == expected


def test_offsets_point_into_the_original_text():
    text = "  Britain's U.S.\tunit"
    assert tokenize(text) == [("Britain", 2, 9), ("'s", 9, 11), ("U.S.", 12, 16), ("unit", 17, 21)]


def test_web_and_email_addresses_are_told_as_the_tokenizer_cuts_them():
    text = ("Mail jeffrey.hodgson@reuters.com or John.News@Mail.Example.co.uk, see "
            "https://www.reuters.com/world/europe/. WWW.INTERNETSTARTUP.COM and ftp://x.org "
            "too, ping @reuters or @mark.chen. Not AT&T, U.S., a@b, @ 5, www. or http.")
    assert [token for token, _, _ in tokenize(text) if is_address(token)] == [
        "jeffrey.hodgson@reuters.com", "John.News@Mail.Example.co.uk",
        "https://www.reuters.com/world/europe/", "WWW.INTERNETSTARTUP.COM", "ftp://x.org",
        "@reuters", "@mark.chen"]


def test_a_web_address_without_its_scheme_is_one_token_when_it_has_a_path():
    text = ("Story at nytimes.com/2024/06/01/world/Ukraine-Russia.html. Follow "
            "linkedin.com/in/SatyaNadella, x.com/elonmusk and (bit.ly/3xYz); Amazon.com, "
            "src/model.py/x, model.py/x, Node.js/React, Amazon.com/Walmart, U.S./Canada and "
            "e.g./i.e. are no address.")
    tokens = words(text)
    assert [token for token in tokens if is_address(token)] == [
        "nytimes.com/2024/06/01/world/Ukraine-Russia.html", "linkedin.com/in/SatyaNadella",
        "x.com/elonmusk", "bit.ly/3xYz"]
    assert tokens[tokens.index("bit.ly/3xYz") - 1:][:3] == ["(", "bit.ly/3xYz", ")"]
    assert {"Amazon.com", "Walmart", "model.py", "Node.js", "Canada"} <= set(tokens)


def test_a_posts_retweet_mark_is_read_as_a_space():
    assert words("RT @reuters: Merkel visits Paris. RT reported it.") == [
        "@reuters", ":", "Merkel", "visits", "Paris", ".", "RT", "reported", "it", "."]


def test_a_telephones_labels_are_found_before_its_number():
    tokens = ("Tel. +49 89 , Tel : 030 , FAX . ( 020 ) 7946 , Tel Aviv , phone 555-0148 , Mob "
              "people , Mobile 3 Birmingham 2 , TEL.").split()
    assert [tokens[k] for k in phone_label_positions(tokens)] == ["Tel.", "Tel", "FAX", "phone"]


def test_code_is_told_from_names():
    """What the model keeps outside entities as code, and what it does not."""
    code = ["src/app/main.py", "/var/lib/pg", "C:\\Users\\x.docx", "--config", "-X",
            "pyproject.toml", "com.acme.Main.run", "C/O", "u/name", "postgres://db/x",
            "S/RES/2729", "SC/15612"]
    names = ["Node.js", "Amazon.com", "London/Paris/Berlin", "-John", "e.g.", "U.S.",
             "AC/DC", "Mr.Smith", "/CNW/", "G7/G20"]
    assert [token for token in code if not is_code(token)] == []
    assert [token for token in names if is_code(token)] == []


@pytest.mark.parametrize("text, expected", [
    # an emoticon between spaces is a token; a heart where no word or number follows it
    ("lol :D see you :P ;) ok :-) :( :-P :'( =) :/ :o :* xD XD </3 <333 :DD",
     ["lol", ":D", "see", "you", ":P", ";)", "ok", ":-)", ":(", ":-P", ":'(", "=)", ":/", ":o",
      ":*", "xD", "XD", "</3", "<333", ":DD"]),
    ("love you <3 <3\nsee you", ["love", "you", "<3", "<3", "see", "you"]),
    ("(so good :)) haha :)! great :D. ok :P, hi",
     ["(", "so", "good", ":)", ")", "haha", ":)", "!", "great", ":D", ".", "ok", ":P", ",", "hi"]),
    # not glued to a word or a number, nor before one
    ("A:D in text, 10:30, (see p. 3;) Note:D-Day x<3 John 3:16",
     ["A", ":", "D", "in", "text", ",", "10:30", ",", "(", "see", "p.", "3", ";", ")", "Note",
      ":", "D-Day", "x", "<", "3", "John", "3:16"]),
    (":Dance :oops :-Day C:/Windows : D ; )",
     [":", "Dance", ":", "oops", ":", "-", "Day", "C", ":", "/", "Windows", ":", "D", ";", ")"]),
    ("<3 hours <3.5 mg <3-4 days <30 i <3 paris",
     ["<", "3", "hours", "<", "3.5", "mg", "<", "3-4", "days", "<", "30", "i", "<", "3",
      "paris"]),
])
def test_emoticons_are_tokens(text, expected):
    assert words(text) == expected
