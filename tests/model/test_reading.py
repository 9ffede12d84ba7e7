"""model/reading.py: HTML read as a browser shows it and mojibake as the characters it
garbled, offsets kept into the text as sent."""
from __future__ import annotations

import json
import quopri

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from model.documents import Document
from model.tokenizer import ABBREVIATIONS_IN_FULL, GREETING_WORDS, SIGN_OFFS
from model import reading as reading_module
from model.reading import read_as_meant as read, read_text, signs_of


def tokens_as_sent(document: Document, text: str) -> bool:
    """Whether every token of the document is the text as sent at its offsets."""
    return all(text[start:end] == token
               for token, start, end in zip(document.tokens, document.starts, document.ends))


def test_text_without_markup_or_mojibake_is_read_as_it_is():
    for text in ["AT&T and R&D", "x < y", "Q&A; see you", "Jane <jane@example.com>",
                 "<http://example.com/>", "&bogus; &amp", "", "a <b", "&copyright; &ltd;",
                 "Zürich, São Paulo, Ærøskøbing, naïve café", "£5 ©2024 « Ça va »",
                 "Ã©tÃ©"[:1] + " x", "\u00e0\u0080\u0080"]:  # an overlong form is no UTF-8
        assert read_text(text) is None, text


def test_character_references_are_read_as_their_characters():
    assert read("Johnson &amp; Johnson") == "Johnson & Johnson"
    assert read("&quot;Berlin&quot; &lt;b&gt;") == '"Berlin" <b>'  # decoded once, not a tag
    assert read("Britain&#8217;s &#x2019;90s &#146;") == "Britain\u2019s \u201990s \u2019"
    assert read("caf&eacute; &AMP; &nbsp;") == "caf\u00e9 & \u00a0"
    assert read("&amp;amp;") == "&amp;"


def test_inline_tags_are_read_as_nothing_and_blocks_as_paragraphs():
    assert read('<a href="/x?a=1&amp;b=2" title="a > b">Paris</a>') == "Paris"
    assert read("Angela <B>Mer</B>kel<br/>Bonn") == "Angela Merkel\nBonn"
    assert read("<p>One.</p><p>Two</p>") == "\n\nOne.\n\n\n\nTwo\n\n"
    assert read("a<!-- <p>x</p> -->b<script>if (a<b) x='</p>';</script>c<style>p{}</style>d") \
        == "abcd"
    assert read('<!DOCTYPE html><center>Bonn<o:p></o:p></center><input type="text">') \
        == "\n\nBonn\n\n"
    assert read("<span>Angela<o:p></o:p> Merkel</span>") == "Angela Merkel"


def test_an_inline_element_that_another_or_a_capital_follows_closes_a_field():
    """A page's fields in spans side by side ran into one token (PER `Jordan</span><span>San
    Diego`), a bold name into the word after it (`Erik</strong>Thank`); a tag inside a word
    is still nothing."""
    assert read("<span>Jordan</span><span>San Diego</span>") == "Jordan\nSan Diego"
    assert read('by <a href="/u/42">Erik</a><span>Superhost</span>') == "by Erik\nSuperhost"
    assert read("<strong>Erik</strong>Thank you") == "Erik Thank you"
    assert read("Angela Mer<b>kel</b>'s <b>Mc</b>donald <i>x</i>") == "Angela Merkel's Mcdonald x"
    # formatting runs side by side, a drop cap and a footnote's mark are no fields
    assert read('<span>Angela </span><span style="font-weight:700">Merkel</span><span> in '
                "Bonn.</span>") == "Angela Merkel in Bonn."
    assert read("<b>Tim</b><b> Cook</b>, <span>A</span><span>ngela</span>, Warsaw</a><sup>[1]"
                "</sup>") == "Tim Cook, Angela, Warsaw[1]"


def test_a_news_feeds_elements_are_fields_of_their_own():
    """RSS and Atom: a namespaced element was read as nothing, so two fields ran into one
    name (PER `Helen Marsh</dc:creator><dc:subject>Politics`), a feed's own elements were
    words, and CDATA's mark came back ORG `CDATA`."""
    feed = ('<?xml version="1.0"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/"><item>'
            "<dc:creator>Helen Marsh</dc:creator><dc:subject>Politics</dc:subject><author>Jo"
            "</author><description><![CDATA[<p>Prius models built in Aichi.</p>]]>"
            "</description></item></rss>")
    assert read(feed).split() == ["Helen", "Marsh", "Politics", "Jo", "Prius", "models",
                                  "built", "in", "Aichi."]
    # Not a feed: `List<Item>` is code, and its line breaks are the text's own.
    assert read("Use List<Item> here.\nJohn Smith\nAcme Corp") == (
        "Use List<Item> here.\nJohn Smith\nAcme Corp")
    assert read("Use &lt;item&gt; or List<Item>\nAcme") == "Use <item> or List<Item>\nAcme"


PAYLOAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- CRM export -->\n<order id="3">\n'
           "  <Company>Solaris Agro</Company>\n  <crm:Contact><ContactName>Luc\u00eda Ferraro"
           '</ContactName></crm:Contact>\n  <item id="3"/><City>Porto Alegre</City>\n'
           "  <Notes><![CDATA[Met <b>Hannah</b> in\n<i>San Diego</i>.<p>Call back.</p>]]></Notes>\n"
           "</order>")


def test_an_xml_documents_elements_are_fields_of_their_own():
    """An API's payload: elements that HTML does not know were text (`<Company>Solaris
    Agro</Company>` one token, no entity; ORG `Lucía Ferraro` in `<ContactName>`). In an XML
    document each element's tag is a block; in CDATA, a story's HTML is HTML's."""
    assert read("<Company>Solaris Agro</Company>") == "\n\nSolaris Agro\n\n"
    # HTML's formatting keeps its reading: an LLM's answer in its own element
    assert read("<message>Meeting Angela <b>Merkel</b> in <i>Bonn</i>.</message>") == (
        "\n\nMeeting Angela Merkel in Bonn.\n\n")
    assert read('<ContactName type="main">Luc\u00eda Ferraro</ContactName >\n') == (
        "\n\nLuc\u00eda Ferraro\n\n ")
    assert [line.strip() for line in read(PAYLOAD).split("\n\n") if line.strip()] == [
        "Solaris Agro", "Luc\u00eda Ferraro", "Porto Alegre", "Met Hannah in San Diego.",
        "Call back."]
    document = Document.from_text(PAYLOAD)
    assert tokens_as_sent(document, PAYLOAD)
    assert [PAYLOAD[s.start:s.end] for s in document.sentences] == [
        "Solaris Agro", "Luc\u00eda Ferraro", "Porto Alegre",
        "Met <b>Hannah</b> in\n<i>San Diego</i>.", "Call back."]
    # An Atom feed's author's name is a field of its own, no longer a word `<name>`.
    assert read("<feed><entry><author><name>Helen Marsh</name></author></entry></feed>"
                ) == "\n\n" * 4 + "Helen Marsh" + "\n\n" * 4
    # A page, an XHTML page and a fragment are HTML's, their elements inline or blocks as a
    # browser lays them out; elements in other text (code's generics, an e-mail's address,
    # an element opened and never closed) are text.
    for page, meant in [
            ("<html><body><p>Angela <b>Mer</b>kel</p></body></html>",
             "\n\n\n\n\n\nAngela Merkel\n\n\n\n\n\n"),
            ('<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">'
             "<body><p>Angela <b>Mer</b>kel<br/>Bonn</p></body></html>",
             "  \n\n\n\n\n\nAngela Merkel\nBonn\n\n\n\n\n\n"),
            ("<div><b>Angela</b> Merkel<Company>x</Company></div>",
             "\n\nAngela Merkel<Company>x</Company>\n\n")]:
        assert read(page) == meant, page
    for text in ["Use List<Item> here.", "<order>Solaris Agro", "Solaris Agro</order>",
                 "<Company>Acme</Company> and Bern", "<T>x</V>", "<jane@example.com> wrote"]:
        assert read_text(text) is None, text


def test_where_html_makes_lines_the_sources_line_breaks_are_spaces():
    # As a browser shows it: the talks in Berlin are one line, one sentence.
    assert read("<p>The talks in\nBerlin ended.</p>\n<p>Next</p>") == \
        "\n\nThe talks in Berlin ended.\n\n \n\nNext\n\n"
    # Without blocks or <br>, a line break is the text's own.
    assert read("Angela <b>Merkel</b>\nBerlin") == "Angela Merkel\nBerlin"
    assert read("Angela&#10;Merkel\nBerlin") == "Angela\nMerkel\nBerlin"
    # ...and inside <pre>, as a browser keeps them (an e-mail's plain-text part).
    assert read("<p>a\nb</p><PRE class=x>BONN 1996-08-22\nThe\ntalks</pre>\nc<pre/>\nd") == \
        "\n\na b\n\n\n\nBONN 1996-08-22\nThe\ntalks\n\n c\n\n\nd"
    assert read("<prefix>\n<p>x</p>") == "<prefix> \n\nx\n\n"  # not a <pre>
    # So are its tabs: an indented source line is no table's cell (a tab ends a sentence).
    assert read("<p>Chancellor Angela\n\tMerkel</p><pre>a\tb</pre>") == \
        "\n\nChancellor Angela  Merkel\n\n\n\na\tb\n\n"


def test_in_markdown_with_some_html_the_line_breaks_are_the_texts_own():
    """A README's centred logo in a `<p>` made the whole file read as a page: its heading and
    its names, one a line, ran into one entity. Not in a page, nor for `#` lines in <pre>."""
    readme = '<p align="center"><img src="logo.png"></p>\n\n# tidewater\nMaren Holtz\nHarbour Labs'
    assert read(readme) == "\n\n\n\n\n\n# tidewater\nMaren Holtz\nHarbour Labs"
    assert read("<pre>\n# install\n</pre><p>The talks in\nBerlin</p>") == (
        "\n\n\n# install\n\n\n\n\nThe talks in Berlin\n\n")
    # one list item's mark is no sign: a fragment's source wraps a sentence there
    assert read("<p>Held on March\n3. Angela and Emmanuel\nMacron.</p>") == (
        "\n\nHeld on March 3. Angela and Emmanuel Macron.\n\n")
    assert read("<html><p>x</p>\n# one\n- two\nthree</html>") == (
        "\n\n\n\nx\n\n # one - two three\n\n")


def test_unclosed_comments_and_scripts_stay_text_and_are_searched_to_the_end_once(monkeypatch):
    searches = []

    class Counting:
        def __init__(self, pattern):
            self.pattern = pattern

        def search(self, *args):
            searches.append(self.pattern.pattern)
            return self.pattern.search(*args)

    monkeypatch.setattr(reading_module, "_HIDDEN_ENDS",
                        {kind: Counting(end) for kind, end in reading_module._HIDDEN_ENDS.items()})
    text = "<script>b <!-- c " * 1000 + "Paris"
    assert read(text) == text  # nothing ends them: all text
    # One search each shows that no end follows: searching again from each of the 2,000
    # starts would take time quadratic in the text.
    assert len(searches) == 2


def test_each_character_read_knows_what_it_stands_for():
    text = "AT&amp;T <b>x</b>"
    reading = read_text(text)
    assert reading.text == "AT&T x"
    positions = range(len(reading.text))
    spans = [text[start:end] for start, end in zip(
        reading.original_starts(positions), reading.original_ends([i + 1 for i in positions]))]
    assert spans == ["A", "T", "&amp;", "T", " ", "x"]


def test_a_document_answers_tokens_as_written_and_tags_them_as_read():
    text = "<p>Johnson &amp; Johnson sued AT&amp;T.</p><p>Britain&#8217;s <i>Labour</i></p>"
    document = Document.from_text(text)
    assert document.tokens == ["Johnson", "&amp;", "Johnson", "sued", "AT&amp;T", ".",
                               "Britain", "&#8217;s", "Labour"]
    assert document.model_tokens == ["Johnson", "&", "Johnson", "sued", "AT&T", ".",
                                     "Britain", "\u2019s", "Labour"]
    assert [text[s.start:s.end] for s in document.sentences] == [
        "Johnson &amp; Johnson sued AT&amp;T.", "Britain&#8217;s <i>Labour"]
    assert tokens_as_sent(document, text)
    assert document.sentence_tokens()[1] == ["Britain", "\u2019s", "Labour"]


def garble(text: str) -> str:
    """text's UTF-8 bytes read as Windows-1252, or as Latin-1 where it has no character."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b)
                   for b in text.encode("utf-8"))


def test_mojibake_is_read_as_the_characters_it_garbled():
    assert garble("Zürich") == "ZÃ¼rich"
    assert read("Angela Merkelâ€™s visit to ZÃ¼rich") == "Angela Merkel\u2019s visit to Zürich"
    assert read("FranÃ§ois HollandeÂ said ðŸ˜€") == "François Hollande said \U0001F600"
    # ” ends in byte 0x9D, which Windows-1252 lacks: decoders keep it as U+009D or drop it.
    assert read("â€œWe will win,â€\x9d said JosÃ©") == "\u201cWe will win,\u201d said José"
    assert read("â€œWe will win,â€ said JosÃ©") == "\u201cWe will win,\u201d said José"
    assert read("<b>ZÃ¼rich</b> &amp; Bern") == "Zürich & Bern"


# Pairs that look like garbling but are ordinary text: a letter before a no-break space, a
# guillemet, a typographic quote or a dash (French, German, Scandinavian, text in capitals).
ORDINARY = ["« Il a mangé\xa0», dit-il.", "«\xa0Voilà\xa0»", "L’ÉTÉ\xa0: chaud",
            "»Das macht Spaß«", "„Viele Grüß“", "ein Spaß…", "«OLÉ»", "“JOSÉ” won", "CAFÉ’S",
            "PERÚ’s", "2×€10", "ÅÄÖ–test", "Ærøskøbing—Marstal"]


def test_ordinary_text_that_looks_garbled_is_read_as_it_is():
    for text in ORDINARY:
        assert read(text) == text, text


WORDS = ["Zürich", "François", "Müller", "São", "Paulo", "Ærøskøbing", "naïve", "café", "Spaß",
         "“Merkel”", "«\xa0Paris\xa0»", "€5", "£10", "©", "–", "—", "…", "Москва", "東京", "😀",
         "ÉTÉ", "OLÉ", "Ωmega", "x", "Bern", "’s", "1,000"]
SEPARATORS = [" ", " ", "\xa0", ", ", ". ", "\n"]
ordinary_texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)),
                          max_size=12).map(lambda parts: "".join(w + s for w, s in parts))


@settings(max_examples=300, deadline=None)
@given(ordinary_texts)
def test_any_garbled_text_reads_as_it_was_written(original):
    assert read(original) == original
    assert read(garble(original)) == original


def test_a_garbled_document_keeps_its_offsets_and_is_tagged_as_written():
    text = "Angela Merkelâ€™s visit to ZÃ¼rich."
    document = Document.from_text(text)
    assert document.tokens == ["Angela", "Merkel", "â€™s", "visit", "to", "ZÃ¼rich", "."]
    assert document.model_tokens == Document.from_text(read(text)).tokens
    assert document.model_tokens[2] == "\u2019s" and document.model_tokens[5] == "Zürich"
    assert tokens_as_sent(document, text)


def test_quoted_printable_is_decoded_where_the_text_shows_it():
    assert read("Angela Merkel=E2=80=99s visit to Z=C3=BCrich was praised by Fran=C3=A7ois "
                "Hol=\r\nlande =3D good=20") == \
        "Angela Merkel\u2019s visit to Zürich was praised by François Hollande = good "
    # Soft line breaks beside escapes, the bytes no UTF-8: Windows-1252, e-mail's other charset.
    assert read("Caf=E9 in Z=FC=\nrich and Bern") == "Café in Zürich and Bern"
    assert read('<p class=3D"x">Z=C3=BCrich &amp; ZÃ¼rich</p>') == "\n\nZürich & Zürich\n\n"
    # Without either sign, an escape or a line ending in = is text as written.
    for text in ["x=3D5", "a =\nb", "E=MC2", "=C3 =BC", "=c3=bc", "flags=C0=80",
                 'const url =\n  base + "?size=20";', "Title\n=====\nSee page=20 and width=100.",
                 "YQ==\nYmM=\nx=10"]:
        assert read_text(text) is None, text
    # Beside quoted-printable, escapes of ASCII alone are the text's own but for =3D.
    assert read("Z=C3=BCrich: see https://ex.com/?year=2024&id=42 a=3Db") == \
        "Zürich: see https://ex.com/?year=2024&id=42 a=b"
    # A byte that is no UTF-8 is read alone, as Windows-1252.
    assert read("Z=C3=BC=E9rich") == "Züérich"


def test_a_calendars_and_a_contact_cards_text_is_read_unfolded_and_unescaped():
    invitation = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Kickoff with Siemens\r\n"
                  "DESCRIPTION:Hi all\\,\\n\\nAgenda:\\n1. Scope\r\n"
                  "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=Rajesh Nai\r\n r:mailto:r@example.com\r\n"
                  "END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert read(invitation) == ("\r\n\r\n\nKickoff with Siemens\r\n\nHi all,\n\nAgenda:\n1. "
                                "Scope\r\n\nRajesh Nair mailto:r@example.com\r\n"
                                "\r\n\r\n")
    document = Document.from_text(invitation)
    names = [token for token in document.tokens if token.startswith("Nai")]
    assert names == ["Nai\r\n r"] and "Nair" in document.model_tokens
    card = "BEGIN:VCARD\nFN:Laura Whitaker\nORG:Brightwave Consulting GmbH\nEND:VCARD"
    assert read(card) == "\n\nLaura Whitaker\n\nBrightwave Consulting GmbH\n"
    # Without an object's line, a text's folds, escapes and labels are its own, and so
    # they are outside the objects of a text that carries one.
    for text in ["SUMMARY:Kickoff\r\n with Siemens\\, ok", "Note: BEGIN:VEVENT is a line"]:
        assert read_text(text) is None, text
    after = "\n\nAttendees:\n\tJohn Smith\n\tPeter Brown\nUK: closed; see C:\\new;X=1"
    assert read(card + after) == read(card) + after


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS + ["a=b", "=", ".", "x" * 80]),
                          st.sampled_from(SEPARATORS)), max_size=12).map(
    lambda parts: "".join(w + s for w, s in parts)))
def test_any_quoted_printable_text_reads_as_it_was_written(original):
    assume(any(ord(c) > 127 for c in original))  # what shows that the text is encoded
    encoded = quopri.encodestring(original.encode("utf-8")).decode("ascii")
    assert read(encoded) == original


def test_escapes_of_a_text_encoded_twice_are_read_as_their_characters():
    assert read(r"Name:\tJohn Smith\nEmployer:\tSiemens AG\r\nCity: M\u00fcnchen") == \
        "Name:\tJohn Smith\nEmployer:\tSiemens AG\r\nCity: München"
    assert read(r'He said \"hi\" \ud83d\ude00 \/ \\n') == 'He said "hi" \U0001F600 / \\n'
    # A lone surrogate is half an emoji, where a post was cut short: nothing to read.
    assert read(r"Jos\u00e9 in Paris\n\ud83d") == "José in Paris\n"
    # In HTML, an escaped line break is laid out as the text's own are; in <pre> it is kept.
    assert read(r"<p>Angela\nMerkel</p><pre>a\nb</pre>") == "\n\nAngela Merkel\n\n\n\na\nb\n\n"
    # Not where the text breaks its own lines, has a backslash that starts no escape, only
    # quotes and backslashes (which do no harm as they are), or a path's or TeX's marks.
    for text in ["C:\\Users\\nathan", "a\\nb\nc", r"\d+\n", r"\alpha\tbeta", r'say \"hi\"',
                 "\\", r"in C:\temp\new folder", r"\\fileserver\reports\new",
                 r"write \textit{Ulysses}\n", r"D:\backup\nx"]:
        assert read_text(text) is None, text


def test_a_document_encoded_twice_is_split_and_tagged_as_meant():
    text = r"Line one ends here.\r\nAngela Merkel met Jos\u00e9 in Paris.\n\nThe end."
    document = Document.from_text(text)
    assert [text[s.start:s.end] for s in document.sentences] == [
        "Line one ends here.", r"Angela Merkel met Jos\u00e9 in Paris.", "The end."]
    assert document.model_tokens[5:9] == ["Angela", "Merkel", "met", "José"]
    assert tokens_as_sent(document, text)


RECORD = ('{\n  "company": "Velmora Biotech",\n  "city": "Raleigh",\n  "owner": "Tom Ashby",\n'
          '  "notes": "Met Hannah in San Diego."\n}')


def test_a_json_document_is_read_as_its_fields_one_a_line():
    """Sent as the text, a pretty-printed record's lines ended in `,` and ran into one
    sentence, its names in quotes (MISC `Velmora Biotech`, PER `Met Hannah`)."""
    assert read(RECORD) == ("\n  company: Velmora Biotech\n  city: Raleigh\n  owner: Tom Ashby\n"
                            "  notes: Met Hannah in San Diego.\n")
    # Escapes as their characters, an escaped line break a line of its own; the { or [ that
    # ends a line and the } or ] that opens one as nothing (`tags: [` went on into its first
    # item), brackets within a line as written.
    text = json.dumps({"notes": 'Met Luc\u00eda.\nShe said "hi" \U0001F600', "tags": [
        "Velmora Biotech", "Raleigh"], "people": [{"name": "Tom Ashby", "age": 41}],
        "empty": {}}, indent=2)
    assert "\\u00ed" in text and "\\ud83d\\ude00" in text
    assert read(text) == ('\n  notes: Met Luc\u00eda.\nShe said "hi" \U0001F600\n  tags: \n'
                          "    Velmora Biotech\n    Raleigh\n\n  people: \n    \n      name: "
                          "Tom Ashby\n      age: 41\n\n\n  empty: {}\n")
    assert read('[\n  "Oslo",\n  ["a", "b"], "\\b\\f\\/"\n]') == '\n  Oslo\n  [a, b], \f/\n'
    # On one line, not parsing, inside prose, or without a string: as written.
    for text in ['{"company": "Velmora Biotech", "city": "Raleigh"}', '{\n  "a": 1,\n}',
                 '{\n  "a": "b"\n} and more', 'Sent {\n  "a": "b"\n}', "[\n  1,\n  2\n]",
                 '{\n  name: "x"\n}', '```json\n{\n  "a": "b"\n}\n```']:
        assert read_text(text) is None, text


def test_a_json_documents_tokens_keep_their_offsets_and_its_members_are_sentences():
    document = Document.from_text(RECORD)
    assert tokens_as_sent(document, RECORD)
    assert [RECORD[s.start:s.end] for s in document.sentences] == [
        'company": "Velmora Biotech', 'city": "Raleigh', 'owner": "Tom Ashby',
        'notes": "Met Hannah in San Diego.']
    assert document.model_tokens[:4] == ["company", ":", "Velmora", "Biotech"]
    assert document.tokens[:4] == ["company", ":", "Velmora", "Biotech"]  # quotes in none


JSON_VALUES = st.lists(st.sampled_from(WORDS + ['"', "\\", "/", "\t", "\n", "Tom", "Ashby:"]),
                       min_size=1, max_size=6).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["company", "city", "owner", "notes", "title", "a b"]),
                       JSON_VALUES | st.lists(JSON_VALUES, min_size=1, max_size=3), min_size=1),
       st.booleans())
def test_any_json_record_reads_as_its_fields_one_a_line(record, ascii_only):
    """A record as json.dumps lays it out is split and tokenized as its fields written one a
    line, `key: value` (a list's items one a line under its key, and its closing line
    blank), with offsets into the JSON as sent."""
    text = json.dumps(record, indent=2, ensure_ascii=ascii_only)
    lines = []  # as json.dumps indents them; a list's items under its key, a blank line after
    for key, value in record.items():
        lines += [f"  {key}: {value}"] if isinstance(value, str) else [
            f"  {key}:", *(f"    {item}" for item in value), ""]
    plain = Document.from_text("\n".join(lines))
    document = Document.from_text(text)
    assert document.model_tokens == plain.model_tokens
    assert [(s.token_start, s.token_end) for s in document.sentences] == [
        (s.token_start, s.token_end) for s in plain.sentences]
    previous_end = 0
    for token, start, end in zip(document.tokens, document.starts, document.ends):
        assert text[start:end] == token and previous_end <= start < end
        previous_end = end


def test_character_codes_among_a_texts_own_lines_are_read_as_their_characters():
    """A log's record with its non-ASCII letters escaped came back PER `Luc`, ORG `Z`: where
    every backslash starts one of JSON's escapes and one is a character's code, the codes are
    read (a line break, a tab or a quote escaped may be code's, and stays as written)."""
    assert read("Luc\\u00eda Ferraro\nZ\\u00fcrich") == "Luc\u00eda Ferraro\nZ\u00fcrich"
    assert read('2024-05-01 name="Luc\\u00eda \\ud83d\\ude00" note="a\\nb"\r\nok \\\\u00e9') == (
        '2024-05-01 name="Luc\u00eda \U0001F600" note="a\\nb"\r\nok \\\\u00e9')
    # A backslash that starts no escape, a path, TeX, a control character's code, no code.
    for text in ["Luc\\u00eda\n\\d+", "C:\\users\\u00e9\nx", "\\textit{a}\n\\u00e9",
                 "[\\u0000-\\u001f]\nx", 'printf("done\\n");\nx']:
        assert read_text(text) is None, text
    document = Document.from_text("Luc\\u00eda Ferraro\nZ\\u00fcrich")
    assert document.tokens == ["Luc\\u00eda", "Ferraro", "Z\\u00fcrich"]
    assert document.model_tokens == ["Luc\u00eda", "Ferraro", "Z\u00fcrich"]


CAPTIONS = ("WEBVTT\nKind: captions\nLanguage: en\n\n"
            "00:00:10.000 --> 00:00:14.000 align:start position:0%\n"
            "my friend<00:00:12.000><c> tom\u00e1s</c><00:00:12.300><c> okafor</c>\n\n"
            "00:00:14.000 --> 00:00:17.000\n<v Daniela>Brightline Freight wants a twelve month "
            "commitment.</v>\n<v.loud Tom Ashby >We signed in <c.colorE5E5E5>Chicago</c>.</v> "
            "<v Daniela><i>Good</i>, <lang es>gracias</lang>.")


def test_webvtt_captions_are_read_as_their_words_and_their_speakers():
    """Subtitles: the header came back ORG `WEBVTT`, a voice ORG `Daniela`, and YouTube's
    captions timed word by word no name at all. The header, the cue settings and the tags are
    nothing, a voice its speaker's name and a colon on a line of its own."""
    assert read(CAPTIONS) == (
        "\n\n00:00:10.000 --> 00:00:14.000\nmy friend tom\u00e1s okafor\n\n"
        "00:00:14.000 --> 00:00:17.000\nDaniela: Brightline Freight wants a twelve month "
        "commitment.\nTom Ashby: We signed in Chicago. \nDaniela: Good, gracias.")
    # A title on the header's line is text.
    assert read("WEBVTT - Board call\nKind: captions\n\n00:01.000 --> 00:02.000\nHi") == (
        " - Board call\n\n00:01.000 --> 00:02.000\nHi")
    # A snippet, without the file's header: its timing tags or a voice opening a line tell it.
    assert read("my friend<00:00:12.000><c> tom\u00e1s</c><00:12.300><c> okafor</c>") == (
        "my friend tom\u00e1s okafor")
    assert read("<v Daniela>Brightline Freight wants a twelve month commitment.</v>") == (
        "Daniela: Brightline Freight wants a twelve month commitment.")
    # The name's characters are the text's; `<v ` and `>` are markup (`>` stands for the colon).
    document = Document.from_text(CAPTIONS)
    assert tokens_as_sent(document, CAPTIONS)
    assert [(token, model_token) for token, model_token in zip(
        document.tokens, document.model_tokens) if token != model_token] == [
        (">", ":"), (">", ":"), (">", ":")]
    assert "WEBVTT" not in document.tokens and "captions" not in document.tokens
    # SubRip's (SRT's) timings and its HTML, a word, a voice inside a line: as before.
    srt = "1\n00:00:01,000 --> 00:00:04,000 X1:40\n<i>Daniela:</i> We met.\n"
    assert read(srt) == "1\n00:00:01,000 --> 00:00:04,000 X1:40\nDaniela: We met.\n"
    for text in ["The WEBVTT format", "WEBVTTX\nx", "a <v Daniela> b",
                 "at 00:00:12.000 align:start",
                 "WEBVTTs are <c>"]:
        assert read_text(text) is None, text


def test_ocrs_hyphen_at_a_lines_end_is_read_as_the_word_it_broke():
    """ABBYY's `¬` at a line's end: `Geoffrey Hol¬` / `lins` came back PER `Geoffrey Hol`."""
    assert read("Geoffrey Hol\u00ac\nlins") == "Geoffrey Hollins"
    assert read("Geoffrey Hol\u00ac \r\n    lins of Baden\u00ac\nW\u00fcrttemberg") == (
        "Geoffrey Hollins of Baden-W\u00fcrttemberg")
    document = Document.from_text("Geoffrey Hol\u00ac\n  lins met him.")
    assert document.tokens[:2] == ["Geoffrey", "Hol\u00ac\n  lins"]
    assert document.model_tokens[:2] == ["Geoffrey", "Hollins"]
    # Logic's ¬, one between words or before a digit, or not at a line's end: as written.
    for text in ["\u00acp \u2227 q", "p \u2227 \u00ac\nq", "a \u00ac b", "x\u00ac\n2",
                 "x\u00ac y", "\u00ac\nx"]:
        assert read_text(text) is None, text


def test_tex_accents_and_letters_are_read_as_the_characters_they_make():
    r"""BibTeX and LaTeX: read as written, the model tagged PER `ller` for `M{\"u}ller` and
    PER `Jos`, ORG `Universit` for `Jos\'e`, `Universit\"at`."""
    assert read('author = {Okonkwo, Chiamaka and M{\\"u}ller, Johanna},') == \
        "author = {Okonkwo, Chiamaka and Müller, Johanna},"
    assert read("We thank Jos\\'e Ram\\'irez of the Universit\\\"at Z\\\"urich.") == \
        "We thank José Ramírez of the Universität Zürich."
    assert read(r'M\"uller M{\"u}ller M\"{u}ller M{\"{u}}ller Caf{\'e} Garc\'{\i}a Ram\'\i rez') \
        == "Müller Müller Müller Müller Café García Ramírez"
    assert read(r"Fran\c{c}ois Ji\v{r}\'{\i} Do\u{g}an Erd\H{o}s Wa{\l}\k{e}sa \r{A}ngstr\"om "
                r"{\c S}ahin Espa\~na {\.Z}ycie \`{a} \^{e}tre \={o}") == \
        "François Jiří Doğan Erdős Wałęsa Ångström Şahin España Życie à être ō"
    assert read(r"S{\o}ren {\O}ster Stra{\ss}e {\aa}s {\AA}rhus {\ae}on {\AE}sir {\oe}uvre "
                r"{\OE}dipe {\L}\'od\'{z} {\i} Gro\ss{}e") == \
        "Søren Øster Straße ås Århus æon Æsir œuvre Œdipe Łódź ı Große"
    # Bare, an accent is read only on a vowel: a consonant's is an apostrophe escaped.
    assert read(r"{\L}\'od\'z") == r"Łód\'z"
    # NFC: the accent and its letter are one character, as typed.
    assert read(r"Z\"urich") == "Z\u00fcrich" and len(read(r"{\'E}cole")) == 5


def test_bibtex_braces_that_keep_a_words_capitals_are_read_as_nothing():
    r"""`{G}erman` came back MISC `nglish`: braces inside a word, or around a capitalised word
    in a field of an entry, are BibTeX's protection, read as nothing."""
    assert read("title = {Deep Learning for {NER} in {G}erman and {E}nglish},") == \
        "title = {Deep Learning for NER in German and English},"
    assert read("@book{knuth84,\n  title = {The {TeX}book in {{New York}}},\n  year = {1984}\n}"
                ) == "@book{knuth84,\n  title = {The TeXbook in {New York}},\n  year = {1984}\n}"
    assert read(r'A paper by Mc{D}onald and {G}\"odel on M\"uller') == \
        "A paper by McDonald and Gödel on Müller"
    # A command's argument, an entry's key, a field's own braces and a value that is no
    # capitalised word stay as written, as do braces with no letter beside them outside a field.
    assert read(r"\emph{Deep} \frac{a}{b}c x_{i}y @misc{smith} by M\"uller {Bern} ({Ulm})") == \
        r"\emph{Deep} \frac{a}{b}c x_{i}y @misc{smith} by Müller {Bern} ({Ulm})"
    assert read("title = {Transformers}, year = {2020}, note = {see {p.} 3}") == \
        "title = {Transformers}, year = {2020}, note = {see {p.} 3}"


def test_a_tie_between_two_words_is_read_as_a_space():
    """`et~al.` came back ORG `Lample et`: the tie was a token of its own."""
    assert read("as shown by Lample et~al. at Carnegie Mellon University.") == \
        "as shown by Lample et al. at Carnegie Mellon University."
    assert read(r"Tjong~Kim~Sang, Fig.~3, Section~2 and Table~\ref{t}") == \
        r"Tjong Kim Sang, Fig. 3, Section 2 and Table \ref{t}"
    # Not a tie: a backup's, a Windows short name's, a home's, a URL's, Markdown's.
    assert read(r"et~al. file.txt.~1~ C:\PROGRA~1\x ~/docs http://a.edu/~smith ~~gone~~ ~5 hi~") \
        == r"et al. file.txt.~1~ C:\PROGRA~1\x ~/docs http://a.edu/~smith ~~gone~~ ~5 hi~"


def test_what_is_not_tex_is_read_as_written_beside_tex():
    r"""Paths, regular expressions, code's braces, JSON, Markdown and quotes escaped in code or
    a database have backslashes and braces too: alone they are no sign of TeX, and beside it
    they stay as written."""
    for text in ["return Point{X}", 'f"Hello {name}s!"', "{{name}} here"]:
        assert read_text(text) is None, text  # braces inside a word, but no TeX to protect
    for text in [r"C:\Users\Maria", r"\d+ and ^\w+@example\.com$", '{"json": 1}',
                 "if (x) { y(); }", "{{name}} and {Name}", r"\*not bold\* and 1986\. A year",
                 r"O\'Brien said it\'s", r"VALUES ('L\'Oréal', 'O\'Brien')",
                 r"magic quotes: \"Angela Merkel\" said",
                 r"$x_{i}y^{2}$ and \frac{a}{b}c", "approx. ~5 km, ~/docs, a~~b~~",
                 r"\textit{Ulysses}"]:
        assert read_text(text) is None, text
        assert read(r"Garc{\'i}a of Universit\"at Z\"urich: " + text) == (
            "García of Universität Zürich: " + text), text
    # A bare \' after a word French or Italian elides is an apostrophe escaped.
    assert read(r"l\'avion de Jos\'e, dell\'Aquila") == r"l\'avion de José, dell\'Aquila"
    # ...and so is every bare \' where the text escapes its apostrophes; braced, an accent.
    assert read(r"it\'s Jos\'e and Jos{\'e}") == r"it\'s Jos\'e and José"


def test_tex_is_no_text_encoded_twice_and_json_escapes_are_read_as_before():
    # \" is JSON's escape too, and \t a tab: here they are an umlaut and a command.
    assert read(r'M\"uller and Universit\"at Z\"urich, \today') == \
        r"Müller and Universität Zürich, \today"
    assert read(r"Jos\'e\nM{\"u}ller") == "José\\nMüller"  # \' is no JSON escape
    # A text encoded twice is read as JSON's, its quotes around words no accents.
    assert read(r'He said \"Hi\" to Jos\u00e9\n') == 'He said "Hi" to José\n'
    assert read(r'{\"name\": \"M\u00fcller\", \"a\":1}\n') == '{"name": "Müller", "a":1}\n'


def test_a_tex_document_answers_tokens_as_sent_and_tags_them_as_read():
    text = ("@article{okonkwo21,\n  author = {Okonkwo, Chiamaka and M{\\\"u}ller, Johanna},\n"
            "  title = {{NER} in {G}erman},\n}\nS{\\o}ren thanks Jos\\'e of Universit\\\"at "
            "Z\\\"urich et~al. in 2016.")
    document = Document.from_text(text)
    assert tokens_as_sent(document, text)
    read_as = dict(zip(document.tokens, document.model_tokens))
    assert {token: read_as[token] for token in [
        'M{\\"u}ller', "{NER}", "{G}erman", "S{\\o}ren", "Jos\\'e", 'Universit\\"at',
        'Z\\"urich']} == {'M{\\"u}ller': "Müller", "{NER}": "NER", "{G}erman": "German",
                          "S{\\o}ren": "Søren", "Jos\\'e": "José", 'Universit\\"at': "Universität",
                          'Z\\"urich': "Zürich"}
    assert "~" not in "".join(document.tokens) and document.tokens[-5:-3] == ["et", "al."]


def test_wikitexts_links_are_read_as_the_words_the_page_shows():
    """Wikipedia's source pasted: a link's bar was a table cell's, which split the sentence in
    two (PER `Henrik Dahl` twice), and `[[Lyon]]` came back ORG."""
    assert read("She married [[Henrik Dahl (physicist)|Henrik Dahl]] in 1990.") == (
        "She married Henrik Dahl in 1990.")
    assert read("She was born in [[Lyon]], France.") == "She was born in Lyon, France."
    assert read("a [[Bachelor of Science|BSc]] on [[train]]s, see [[:Category:Trains|more]]") \
        == "a BSc on trains, see more"
    # A file's, an image's or a category's link shows no words of the text, caption and all.
    assert read("[[File:Lyon.jpg|thumb|The city of [[Lyon]]]]She was born in [[Lyon]]."
                "[[Category:1950 births]][[image:x.png]]") == "She was born in Lyon."
    # An external link as its label; without one, a number on the page, as nothing.
    assert read("See [https://x.org/a?b=1 the site] and [//y.org] of [[Lyon]]") == (
        "See the site and  of Lyon")


def test_wikitexts_quotes_templates_headings_and_references_are_read_as_the_page_shows():
    """`{{Infobox scientist` came back ORG `Infobox`."""
    article = ("{{Infobox scientist\n"
               "| name = Henrik Dahl\n| birth_place = [[Lyon]], France\n}}\n"
               "'''Henrik Dahl''' (born 1950) is a ''Swedish'' physicist.<ref name=\"n\">"
               "{{cite web|title=Dahl wins|publisher=Reuters}}</ref> He lives in Bern.<ref "
               "name=\"n\" />\n\n== Early life ==\nHe grew up in '''''Oslo'''''.<br>Later Bern."
               "\n\n=== Notes ===\n<references />\n{{reflist}}")
    assert read(article) == (
        "\n| name = Henrik Dahl\n| birth_place = Lyon, France\n\n"
        "Henrik Dahl (born 1950) is a Swedish physicist. He lives in Bern.\n\n"
        " Early life \nHe grew up in Oslo.\nLater Bern.\n\n Notes \n\n")
    # What is not MediaWiki's stays as written: four quotes, a heading whose runs differ, a
    # template or a link that nothing closes, a link to no title, a one-line template's
    # parameters, a table's marks.
    assert read("[[Lyon]] ''''x'''''' a\n== Half =\n{{Infobox x\n[[Oslo\n[[1, 2], [3, 4]]"
                "\n{{lang|fr|Lyon}} {|\n|-\n|}") == (
        "Lyon ''''x'''''' a\n== Half =\n{{Infobox x\n[[Oslo\n[[1, 2], [3, 4]]\n|fr|Lyon "
        "{|\n|-\n|}")


def test_what_is_not_wikitext_is_read_as_written():
    """Brackets, braces, quotes and = of code, templates, Markdown and JSON are no wikitext:
    alone they are no sign of it, and beside it they stay as written."""
    for text in ["a = [[1, 2], [3, 4]]", "np.array([[1.5, 2]])", "df[[col]] = 0",
                 "if [[ -f x ]]; then", "[[package]]\nname = \"numpy\"\n\n[[tool.mypy.overrides]]",
                 "Hello {{name}}, {{ user.name }} and {{name|upper}}", "{{#each items}}x{{/each}}",
                 "[Reuters](https://reuters.com) and [1]", "x = '' if y else '''doc'''",
                 '{"a": [["b", "c"]], "d": "{{e}}"}', "== Title ==\nSome text",
                 "<ref>x</ref> in XML"]:
        assert read_text(text) is None, text
    for text in ["a = [[1, 2], [3, 4]]", "{{ user.name }}", "[Reuters](https://reuters.com)",
                 '{"a": [["b"]]}', "[[ -f x ]]", "'''' x"]:
        assert read("Born in [[Lyon]]. " + text) == "Born in Lyon. " + text, text


def test_a_wikitext_document_answers_tokens_as_sent_and_tags_them_as_read():
    text = ("{{Infobox scientist\n| name = Henrik Dahl\n}}\n'''Henrik Dahl''' married "
            "[[Anna Berg (chemist)|Anna Berg]] in [[Lyon]]'s [[cathedral]]s.<ref>{{cite web|"
            "title=X}}</ref>\n== Career ==\nHe joined [[CERN]].")
    document = Document.from_text(text)
    assert tokens_as_sent(document, text)
    assert document.model_tokens == [
        "name", "=", "Henrik", "Dahl", "Henrik", "Dahl", "married", "Anna", "Berg", "in",
        "Lyon", "'s", "cathedrals", ".", "Career", "He", "joined", "CERN", "."]
    assert document.tokens[10:13] == ["Lyon", "'s", "cathedral]]s"]
    assert [text[s.start:s.end] for s in document.sentences] == [
        "name = Henrik Dahl",
        "Henrik Dahl''' married [[Anna Berg (chemist)|Anna Berg]] in [[Lyon]]'s [[cathedral]]s.",
        "Career", "He joined [[CERN]]."]


PIECES = ["&amp;", "&quot;", "&#8217;s", "&nbsp;", "&#128512;", "&NotEqualTilde;", "<b>", "</b>",
          "<br>", "</p><p>", '<a href="x">', "</a>", "<!-- c -->", "AT&T", "Smith", "U.S.", ". ",
          " ", "\n", "<", "&", "â€™", "Ã¼", "â€", "ðŸ˜€", "Ã", "Â ", "=C3=BC", "=\n",
          "=E2=80=\n=99", r"\n", r"\t", r"\u00e9", r"\ud83d\ude00", r"\ud800", "\\", r'\"',
          "\nBEGIN:VEVENT\n", "\r\n ", "\n\t", r"\,", r"\;", "\nORG:", ";CN=", r'\"u',
          "\nitem1.ADR;type=HOME:", "\nN:", ";;", '=";', "_$!<Work>!$_",
          r"\'e", r"{\'\i}", r"\c{c}", r"{\o}", "{G}", "{NER}", "~", "title = {", "}", "M",
          "[[Lyon]]", "[[Henrik Dahl (physicist)|", "[[", "]]", "|", "s", "[[File:x.jpg|", "'''",
          "''", "{{Infobox scientist\n", "{{cite web|", "}}", "\n== ", " ==\n", "<ref>",
          "</ref>", "<ref name=a/>", "[https://x.org ", "]", '{\n  "', '": "', '",\n  "',
          '"\n}', "[\n", "\n]", r"\u00eda",
          '<?xml version="1.0"?>', "<Company>", "</Company>", '<item id="3"/>', "<![CDATA[", "]]>",
          "WEBVTT\n\n", "<00:00:12.000>", "<c>", "</c>", "<c.colorE5E5E5>", "\n<v Daniela>", "</v>",
          "00:01.000 --> 00:04.000 align:start\n",
          "\u00ac\n", "Hol\u00ac\n  lins", "\u00ac"]


# The words of a greeting or a sign-off in another language, which opening a line are read
# as English's (`Mvg` as `Regards`): the document's to say.
GREETINGS_AND_SIGN_OFFS = set(GREETING_WORDS) | {word for phrase in SIGN_OFFS for word in phrase}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=25).map("".join))
def test_documents_with_markup_keep_exact_offsets(text):
    document = Document.from_text(text)
    reading = read(text)
    assume(read(reading) == reading)  # else the plain text is read again: &amp;amp; or Ã&#146;
    plain = Document.from_text(reading)
    assert document.model_tokens == plain.model_tokens
    assert [(s.token_start, s.token_end) for s in document.sentences] == [
        (s.token_start, s.token_end) for s in plain.sentences]
    previous_end, wiki, calendar = 0, signs_of(text)[6], signs_of(text)[4]
    # a feed's, an XML document's, a JSON document's or captions' marks are the whole text's
    whole = (reading_module._FEED.search(text) or reading_module._is_xml(text)
             or signs_of(text)[7] or signs_of(text)[9])
    for token, model_token, start, end in zip(document.tokens, document.model_tokens,
                                              document.starts, document.ends):
        assert text[start:end] == token and previous_end <= start < end
        # Whether = is quoted-printable, a backslash an escape, braces BibTeX's and brackets
        # and quotes wikitext's is the whole text's to say, whether a pair of characters is
        # mojibake its neighbours': tokens with such are read in context only; and a word
        # broken at a line's end (`0-\nx`) is the document's, a list's number or an outline's
        # mark opening a sentence its bare number, a greeting or a sign-off opening a line
        # English's, and an abbreviation the model took for a name its word (`JT.` as `JOINT`);
        # a card's `;` between a name's or an address's fields is the card's to say.
        if not any(signs_of(token)[1:]) and "=" not in token and "\\" not in token and (
                "{" not in token) and not any(map(str.isspace, token)) and not (
                model_token.isdigit() and model_token != read(token)) and not (
                wiki and set(token) & set("[]}'<")) and not (
                whole and set(token) & set('<>"[],')) and (
                read(token) not in GREETINGS_AND_SIGN_OFFS) and not (
                calendar and token == ";"):
            assert model_token in (read(token), ABBREVIATIONS_IN_FULL.get(read(token)))
        previous_end = end


def test_a_cards_properties_are_read_each_on_a_line_of_its_own_and_its_fields_parted():
    # the name, parameters and Apple's group of each property as a line break; the `;`
    # between a structured value's fields as a comma, none at its ends or for empty fields
    card = ("BEGIN:VCARD\nN:Okonkwo;Chinedu;A.;Dr.;\nitem1.EMAIL;type=INTERNET:m@acme.com\n"
            "item1.X-ABLabel:_$!<Work>!$_\nitem2.ADR;type=HOME:;;Calle Mayor 5;Mad\n rid;;28013;"
            "\n ;Spain\nORG:Acme Corp;\nitem3.URL;type=pref:http\\://acme.com\nEND:VCARD")
    assert read(card) == ("\n\nOkonkwo, Chinedu, A., Dr.\n\nm@acme.com\n\nWork\n\n"
                          "Calle Mayor 5, Madrid, 28013, Spain\n\nAcme Corp\n\nhttp://acme.com\n")
    # an attendee's name kept, folded or quoted; a photo's data and an identifier as nothing
    invitation = ("BEGIN:VEVENT\r\nATTENDEE;CUTYPE=INDIVIDUAL;RSVP=\r\n TRUE;CN=Rajesh Na\r\n ir;"
                  "X-NUM-GUESTS=0:mailto:r@x.com\r\nORGANIZER;CN=\"Lopez, Maria\":mailto:m@x.com"
                  "\r\nUID:7kq3c0b1n6d5@google.com\r\nEND:VEVENT")
    assert read(invitation) == ("\r\n\nRajesh Nair mailto:r@x.com\r\n\nLopez, Maria mailto:m@x.com"
                                "\r\n\n\r\n")
    document = Document.from_text(invitation)
    assert "Na\r\n ir" in document.tokens and "Nair" in document.model_tokens
    assert read("BEGIN:VCARD\nPHOTO;ENCODING=b:/9j/4AAQ\n SkZJRg==\nFN:Ann Lee\nEND:VCARD") == (
        "\n\n\n\nAnn Lee\n")
    # As written: a `;` in prose or a rule's value, a line that does not parse as a
    # property, and a card's lines outside a card.
    for value in ["NOTE:Met at MWC; call back", "RRULE:FREQ=WEEKLY;BYDAY=TU"]:
        assert read(f"BEGIN:VCARD\n{value}\nEND:VCARD") == "\n\n" + value.split(":", 1)[1] + "\n"
    assert read("BEGIN:VCARD\nN;X=\"a:Okonkwo;Chinedu\nEND:VCARD") == (
        "\n;X=\"a:Okonkwo;Chinedu\n")
    assert read_text("N:Okonkwo;Chinedu;;;\nitem1.X-ABLabel:_$!<Work>!$_") is None
