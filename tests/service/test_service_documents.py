"""POST /tag with documents: sentences, offsets into the whole text (code points and UTF-16),
long sentences in windows, the sentence cache across documents, and the options."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model.documents import window_overlap
from model.reading import read_text
from model.tokenizer import blank_separators, tokenize, tokenize_blanked
from model.windows import windows
from service.schemas import TagResponseSchema
from service_checks import assert_consistent, assert_error, metric_samples


def tag(client, payload):
    return client.post("/tag", json=payload)


def answer(client, text: str) -> dict:
    """The text's answer, once its offsets are checked."""
    body = tag(client, {"text": text}).get_json()
    assert_consistent(body, text)
    return body


def labelled(body: dict) -> list[tuple[str, str]]:
    return [(e["text"], e["label"]) for e in body["entities"]]


def entities_of(client, text: str) -> list[tuple[str, str]]:
    return labelled(answer(client, text))


# --- offsets, for generated documents ----------------------------------------------------------

NAMES = ["Angela", "Merkel", "Paris", "EU", "Reuters", "U.S.", "José", "Zürich", "Müller",
         "Nguyễn", "Ελλάδα", "東京"]
MARKS = ["e\u0301", "a\u0308\u0323", "😀", "👩‍👩‍👧", "🇩🇪", "👍🏽", "𝔘𝔫𝔦", "\U0001d11e"]
PUNCTUATION = [".", ",", "!", "?", "'s", "\"", "(", ")", "...", "…", "--", "$", "%"]
SEPARATORS = [" ", " ", " ", "\t", "\n", "\r\n", "\n\n", "\r\n\r\n\r\n", "\n \n\t\n", "\u00a0",
              "\u2029", "\u3000", ""]

words = (st.sampled_from(NAMES) | st.sampled_from(MARKS) | st.sampled_from(PUNCTUATION)
         | st.text(min_size=1, max_size=6))
documents = st.tuples(st.sampled_from(SEPARATORS), st.lists(
    st.tuples(words, st.sampled_from(SEPARATORS)), max_size=60)).map(
    lambda text: text[0] + "".join(word + separator for word, separator in text[1]))

common = settings(max_examples=120, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])


def utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le", "surrogatepass")[2 * start:2 * end].decode(
        "utf-16-le", "surrogatepass")


@common
@given(text=documents)
@example(text="a\t> x,")  # a ">" inside a line is a token, though it opens the sentence
def test_code_point_offsets_slice_the_document(bundled_client, text):
    response = tag(bundled_client, {"text": text})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert_consistent(body, text)
    if read_text(text) is not None:  # HTML, mojibake, quoted-printable: test_reading.py's
        return
    # A sentence is exactly its tokens, tokenized alone with the document's separators
    # (model.sentences.tokenize_sentences): a ">" quotes only where a line of the document
    # starts, not where a sentence does (after a tab, say).
    blanked = blank_separators(text)
    for sentence in body["sentences"]:
        spans = tokenize_blanked(blanked[sentence["start"]:sentence["end"]])
        assert [t["text"] for t in body["tokens"][sentence["token_start"]:sentence["token_end"]]
                ] == [token for token, _, _ in spans]


@common
@given(text=documents)
def test_utf16_offsets_slice_the_documents_utf16_code_units(bundled_client, text):
    by_code_point = tag(bundled_client, {"text": text}).get_json()
    body = tag(bundled_client, {"text": text, "offsets": "utf16"}).get_json()
    for key in ("tokens", "entities"):
        assert len(body[key]) == len(by_code_point[key])
        for item, same in zip(body[key], by_code_point[key]):
            assert utf16_slice(text, item["start"], item["end"]) == item["text"] == same["text"]
    for sentence, same in zip(body["sentences"], by_code_point["sentences"], strict=True):
        assert (utf16_slice(text, sentence["start"], sentence["end"])
                == text[same["start"]:same["end"]])


def test_utf16_offsets_count_astral_characters_twice(client):
    text = "😀 Angela Merkel visited Paris."
    body = tag(client, {"text": text, "offsets": "utf16"}).get_json()
    merkel = next(e for e in body["entities"] if e["label"] == "PER")
    assert (merkel["start"], merkel["end"]) == (3, 16)
    assert body["sentences"] == [{"start": 0, "end": 31, "token_start": 0, "token_end": 6}]


# --- documents ---------------------------------------------------------------------------------

DOCUMENT = ("Angela Merkel met Emmanuel Macron in Paris on Monday.\n"
            "The two leaders discussed trade with the European Union.\n\n"
            "Reuters reported that Siemens will open a plant in Berlin.")


def test_a_document_is_tagged_sentence_by_sentence(client, bundled_model):
    body = tag(client, {"text": DOCUMENT}).get_json()
    assert TagResponseSchema().validate(body) == {}
    assert_consistent(body, DOCUMENT)
    assert [DOCUMENT[s["start"]:s["end"]] for s in body["sentences"]] == DOCUMENT.replace(
        "\n\n", "\n").split("\n")
    for sentence in body["sentences"]:  # each sentence gets the tags it gets on its own
        alone = tag(client, {"text": DOCUMENT[sentence["start"]:sentence["end"]]}).get_json()
        assert [t["tag"] for t in alone["tokens"]] == [
            t["tag"] for t in body["tokens"][sentence["token_start"]:sentence["token_end"]]]
    assert {"Angela Merkel", "Paris", "European Union", "Berlin"} <= {
        e["text"] for e in body["entities"]}


def test_a_one_sentence_text_answers_as_one_sentence(client, bundled_model):
    text = "  Harry Potter visited London. "
    body = tag(client, {"text": text}).get_json()
    expected = bundled_model.tag([[token for token, _, _ in tokenize(text)]])[0]
    assert [t["tag"] for t in body["tokens"]] == expected["tags"]
    assert body["sentences"] == [{"start": 2, "end": 30, "token_start": 0, "token_end": 5}]


def test_addresses_in_an_email_are_not_entities(client):
    """An e-mail's addresses are answered outside entities, whatever they sit next to (the
    bundled model without its decoding rule made the URL an ORG: tests/model/test_model.py)."""
    text = ("Angela Merkel will speak in Berlin.\n\nVisit "
            "https://www.reuters.com/world/europe/ or write to jeffrey.hodgson@reuters.com.\n")
    body = tag(client, {"text": text}).get_json()
    assert [(e["text"], e["label"]) for e in body["entities"]] == [
        ("Angela Merkel", "PER"), ("Berlin", "LOC")]
    addresses = [t for t in body["tokens"] if "/" in t["text"] or "@" in t["text"]]
    assert [(t["text"], t["tag"], t["score"]) for t in addresses] == [
        ("https://www.reuters.com/world/europe/", "O", 1.0),
        ("jeffrey.hodgson@reuters.com", "O", 1.0)]


def test_a_table_laid_out_with_spaces_gives_each_cell_its_entity(client):
    """A table pasted into an e-mail, its columns spaced out: each cell is tagged on its own,
    where its row read as one sentence ran the cells together (`IBM              New York`
    one ORG)."""
    text = ("Speakers for Thursday:\n\n"
            "  Speaker          Organisation    From\n"
            "  ---------------  --------------  ---------\n"
            "  Angela Merkel    CDU             Berlin\n"
            "  Satya Nadella    Microsoft       Seattle\n"
            "  Maria Garcia     Siemens         Munich\n")
    body = tag(client, {"text": text}).get_json()
    assert_consistent(body, text)
    rows = [(e["text"], e["label"]) for e in body["entities"] if e["start"] > text.index("---")]
    assert rows == [("Angela Merkel", "PER"), ("CDU", "ORG"), ("Berlin", "LOC"),
                    ("Satya Nadella", "PER"), ("Microsoft", "ORG"), ("Seattle", "LOC"),
                    ("Maria Garcia", "PER"), ("Siemens", "ORG"), ("Munich", "LOC")]


def test_a_csv_files_quoted_fields_are_tagged_one_by_one(client):
    """Quoted CSV fields touch: read as one sentence a row, `Munich` came back ORG."""
    text = ('"name","company","city"\n"Smith, John","IBM","New York"\n'
            '"Garcia, Maria","Siemens AG","Munich"\n')
    body = tag(client, {"text": text}).get_json()
    assert_consistent(body, text)
    sentences = [text[s["start"]:s["end"]] for s in body["sentences"]]
    assert sentences[3:6] == ['"Smith, John",', '"IBM",', '"New York"']
    assert {("IBM", "ORG"), ("New York", "LOC"), ("Siemens AG", "ORG"), ("Munich", "LOC")} <= {
        (e["text"], e["label"]) for e in body["entities"]}


def test_a_csv_files_unquoted_fields_are_tagged_one_by_one(client):
    """Fields not all quoted touch too: read as one sentence a row, `Sato,Sony` came back one
    ORG and `Schmidt` ORG."""
    text = ("id,first_name,last_name,company,city\n1001,Hannah,Schmidt,Siemens AG,Munich\n"
            '1002,Yuki,Sato,Sony,Tokyo\n1003,"Garcia, Maria",Banco Santander,Madrid,Spain\n')
    body = tag(client, {"text": text}).get_json()
    assert_consistent(body, text)
    sentences = [text[s["start"]:s["end"]] for s in body["sentences"]]
    assert sentences[5:10] == ["1001,", "Hannah,", "Schmidt,", "Siemens AG,", "Munich"]
    assert all("," not in e["text"] or e["text"] == "Garcia, Maria" for e in body["entities"])
    assert {("Hannah", "PER"), ("Schmidt", "PER"), ("Siemens AG", "ORG"), ("Yuki", "PER"),
            ("Tokyo", "LOC"), ("Banco Santander", "ORG")} <= {
        (e["text"], e["label"]) for e in body["entities"]}


def test_a_chats_messages_and_headers_are_tagged_apart(client):
    """A chat copied from Teams: lines as long as wrapped text's, messages starting lower-case
    under a name and a time. Read as wrapped prose, `Anna Weber\nPriya Shah` was one PER."""
    text = ("Maria Lopez 10:42 AM\n"
            "hey team, quick update on the rollout, we are going live next week in Berlin\n"
            "Kevin O'Neill 10:43 AM\n"
            "thanks, did you hear back from the folks at the Deutsche Telekom office in Bonn\n"
            "Maria Lopez 10:45 AM\n"
            "not yet, I pinged them yesterday and will follow up again today with Anna Weber\n"
            "Priya Shah 10:47 AM\n"
            "fyi I'm flying out tomorrow to meet the people at Vodafone in London\n")
    body = tag(client, {"text": text}).get_json()
    assert_consistent(body, text)
    assert len(body["sentences"]) == 8
    people = [e["text"] for e in body["entities"] if e["label"] == "PER"]
    assert people == ["Maria Lopez", "Kevin O'Neill", "Maria Lopez", "Anna Weber", "Priya Shah"]


def test_a_full_stop_typed_without_its_space_ends_a_sentence(client):
    """Chat drops the space after a full stop: `Smith.I` and `Paris.Then` were single
    tokens, the name `John Smith.I` one PER, `Paris.Then Berlin` one LOC."""
    text = "I met John Smith.I then flew to Paris.Then Berlin."
    body = tag(client, {"text": text}).get_json()
    assert_consistent(body, text)
    assert len(body["sentences"]) == 3
    assert [(e["text"], e["label"]) for e in body["entities"]] == [
        ("John Smith", "PER"), ("Paris", "LOC"), ("Berlin", "LOC")]


def test_a_footnotes_mark_is_no_part_of_a_name(client):
    """Text from a PDF: `Merkel.\u00b3 Schr\u00f6der` was one token and one sentence, one PER,
    and `Merkel\u00b9` an entity with its mark."""
    text = ("The plan was criticised by Merkel.\u00b3 Schr\u00f6der disagreed. Angela Merkel\u00b9 "
            "met Henri Proglio.\u00b2 Then he left.\n\u00b9 Merkel had said so in Berlin.")
    assert entities_of(client, text) == [
        ("Merkel", "PER"), ("Schr\u00f6der", "PER"), ("Angela Merkel", "PER"),
        ("Henri Proglio", "PER"), ("Merkel", "PER"), ("Berlin", "LOC")]


def test_list_numbers_and_outline_marks_are_no_part_of_a_name(client):
    """An agenda's `3. Timeline` came back PER (CoNLL-2003's lists put a name after each
    number), an outline's `I.` PER as an initial, `III` PER, and `II. BACKGROUND` was cut
    after `II.`. A results list keeps its names."""
    text = ("Agenda:\n1. Intro\n2. Q3 results\n3. Timeline\n\n"
            "I. INTRODUCTION\nSiemens AG sued Bosch in Munich.\nII. BACKGROUND\n"
            "III. ARGUMENT\nA. Northwind Traders Ltd. owns the building.\nB. Standing\n"
            "C. Remedies\n\n1. Michael Johnson (U.S.) 19.32\n2. Frankie Fredericks (Namibia)")
    body = answer(client, text)
    assert labelled(body) == [
        ("Siemens AG", "ORG"), ("Bosch", "ORG"), ("Munich", "LOC"),
        ("Northwind Traders Ltd.", "ORG"), ("Michael Johnson", "PER"), ("U.S.", "LOC"),
        ("Frankie Fredericks", "PER"), ("Namibia", "LOC")]
    sentences = [text[s["start"]:s["end"]] for s in body["sentences"]]
    assert {"II. BACKGROUND", "III. ARGUMENT", "I. INTRODUCTION"} <= set(sentences)
    # The answer's tokens are the text's: the model alone reads the marks as numbers.
    assert [t["text"] for t in body["tokens"][:3]] == ["Agenda", ":", "1."]


def test_a_handle_is_no_entity(client):
    """Chat and posts: the model had never seen `@sofia` or `@elonmusk` and tagged the name
    after the `@` as anything (LOC, ORG); `RT` before a handle came back ORG."""
    text = "@sofia: the cluster in Frankfurt went down, ping @mark.chen\nRT @elonmusk: Tesla"
    body = tag(client, {"text": text}).get_json()
    assert_consistent(body, text)
    assert [e["text"] for e in body["entities"]] == ["Frankfurt", "Tesla"]


def test_latin_abbreviations_and_telephone_labels_are_no_part_of_a_name(client):
    """Technical prose and e-mail signatures: `(e.g. Barclays)` gave ORG `e.g. Barclays`,
    `American Express etc.` ORG with `etc.`, `Tel. +49` ORG `Tel.`."""
    text = ("Works with most banks (e.g. Barclays). We accept American Express etc. at "
            "checkout.\n\nAnna Schmidt\nSiemens AG\nTel. +49 89 636 00\nFax: (089) 636 01")
    assert entities_of(client, text) == [
        ("Barclays", "ORG"), ("American Express", "ORG"), ("Anna Schmidt", "PER"),
        ("Siemens AG", "ORG")]


def test_paths_flags_and_addresses_of_developers_text_are_no_names(client):
    """A path's and a flag's parts came back as names (ORG `Maria` from a Windows path,
    ORG `gpus` from `--gpus`, PER `verbose`), and `postgres://...` was cut at its colons."""
    text = ("Open C:\\Users\\Maria\\Documents\\report.docx in Word.\n"
            "Run python train.py --config configs/resnet50.yaml --gpus 0 on the Munich cluster.\n"
            "  -v, --verbose   increase verbosity\n"
            "Connect with postgres://admin:pw@db.example.com:5432/shop from Berlin.")
    body = answer(client, text)
    found = labelled(body)
    assert ("Munich", "LOC") in found and ("Berlin", "LOC") in found
    assert not any(part in name for name, _ in found
                   for part in ("Maria", "resnet", "gpus", "verbose", "postgres", "shop"))
    tokens = [t["text"] for t in body["tokens"]]
    assert {"C:\\Users\\Maria\\Documents\\report.docx", "--gpus", "--verbose",
            "postgres://admin:pw@db.example.com:5432/shop"} <= set(tokens)


def test_an_abbreviation_with_a_slash_is_no_part_of_a_name(client):
    """`C/O Acme Corp` gave ORG `O Acme Corp`; made one token, `C/O` joined the name
    before it (`John Smith C/O`) until the model kept it out as it keeps paths."""
    assert entities_of(client, "Send it to John Smith C/O Siemens AG in Munich.") == [
        ("John Smith", "PER"), ("Siemens AG", "ORG"), ("Munich", "LOC")]


def test_affiliations_abbreviated_keep_their_names_whole(client):
    """`Harvard Med. Sch.` ended a sentence at `Med.` (ORG `Harvard Med`, ORG `Sch`), `Mayo
    Clin.` came back PER: the abbreviations end no sentence and are read as their words."""
    text = "Dept. of Surgery, Harvard Med. Sch., Boston, MA, USA; Royal Coll. of Surgeons, Dublin."
    assert entities_of(client, text) == [
        ("Harvard Med. Sch.", "ORG"), ("Boston", "LOC"), ("MA", "LOC"), ("USA", "LOC"),
        ("Royal Coll. of Surgeons", "ORG"), ("Dublin", "LOC")]


def test_a_hashtag_of_words_run_together_is_no_name(client):
    """`#ItalyTravel` came back PER, `#MachineLearning` ORG, `#ChicagoTech` LOC."""
    text = "Loved Amalfi with Marco! #ItalyTravel #MachineLearning #ChicagoTech #OpenToWork"
    assert entities_of(client, text) == [("Amalfi", "LOC"), ("Marco", "PER")]


def test_a_shells_and_between_commands_joins_no_names(client):
    """`cd frontend && npm ci` came back ORG `frontend && npm ci && npm`: each `&` was read as
    a company's ampersand."""
    text = "Run cd frontend && npm ci && npm run build, then ask Anna Schmidt."
    assert entities_of(client, text) == [("Anna Schmidt", "PER")]


def test_a_mention_of_a_display_name_is_the_persons_name(client):
    """Teams and Outlook write a mention as `@` and the display name: `@Sarah` was a handle,
    kept out of entities, and `Lindqvist` alone was no name (`@Rahul Mehta` gave `Mehta`)."""
    text = "Thanks @Sarah Lindqvist and @Omar Farouk. @Rahul Mehta can you ping @Mark today?"
    assert entities_of(client, text) == [
        ("Sarah Lindqvist", "PER"), ("Omar Farouk", "PER"), ("Rahul Mehta", "PER")]


def test_abbreviations_of_ranks_and_statutes_are_read_as_their_words(client):
    """`Addl.` and `Jt.` had ended sentences and came back ORG, `hon.` PER, `Sch.` ORG, `ss.`
    inside an ORG: the model reads them as the words they stand for."""
    text = ("Addl. SP Ravi Kumar met Jt. Secretary Anil Iyer. Does the right hon. Gentleman "
            "agree? See Sch. 2 to the Police Act 1996 and ss. 5 to 7.")
    found = entities_of(client, text)
    assert found[:2] == [("Ravi Kumar", "PER"), ("Anil Iyer", "PER")]
    assert not [name for name, _ in found
                if {"Addl.", "Jt.", "hon.", "Sch.", "ss."} & set(name.split())]


def test_a_reply_in_another_mail_clients_language_names_only_its_sender(client):
    """The line above a quote as Gmail writes it in Spanish, Italian and German: the model
    took its words for names (PER `El lun`, PER `Il giorno`, ORG `Le`) until they were read
    as English writes the line."""
    text = ("Thanks, see below.\n"
            "El lun, 3 mar 2024 a las 10:15, Juan P\u00e9rez (<juan@empresa.es>) escribi\u00f3:\n"
            "> Gracias.\n"
            "Il giorno lun 3 mar 2024 alle ore 10:15 Mario Rossi <mario@azienda.it> ha scritto:\n"
            "> Grazie.\n"
            "Am Mo., 3. M\u00e4rz 2024 um 10:15 Uhr schrieb Hans M\u00fcller <hans@firma.de>:\n"
            "> Danke.")
    people = [e for e in entities_of(client, text) if e[0] not in ("Gracias", "Grazie", "Danke")]
    assert people == [("Juan P\u00e9rez", "PER"), ("Mario Rossi", "PER"),
                      ("Hans M\u00fcller", "PER")]


def test_html_is_read_as_a_browser_shows_it(client):
    """Text from a web page: its character references read as their characters, its tags as
    nothing or line breaks; the answer's offsets still index the text as sent, and the
    sentences are those of the plain text, answered from the same cache entries."""
    plain = "Procter & Gamble sued AT&T in New York.\nBritain's Tony Blair agreed."
    assert tag(client, {"text": plain}).headers["X-Cache"] == "MISS"
    page = ('<div class="story"><p>Procter &amp; Gamble sued <b>AT&amp;T</b> in '
            'New&nbsp;York.</p><p>Britain&#39;s <a href="/blair">Tony Blair</a> agreed.</p>'
            '<!-- ad --><script>track("Google")</script></div>')
    response = tag(client, {"text": page})
    assert response.headers["X-Cache"] == "HIT"
    body = response.get_json()
    assert_consistent(body, page)
    expected = tag(client, {"text": plain}).get_json()
    assert [(t["tag"], t["score"]) for t in body["tokens"]] == [
        (t["tag"], t["score"]) for t in expected["tokens"]]
    # The same entities as the plain text's, each given as the page writes it.
    as_written = {"Procter & Gamble": "Procter &amp; Gamble", "AT&T": "AT&amp;T",
                  "New York": "New&nbsp;York"}
    assert [(e["text"], e["label"]) for e in body["entities"]] == [
        (as_written.get(e["text"], e["text"]), e["label"]) for e in expected["entities"]]
    assert ("Procter &amp; Gamble", "ORG") in [(e["text"], e["label"]) for e in body["entities"]]
    assert [page[s["start"]:s["end"]] for s in body["sentences"]] == [
        "Procter &amp; Gamble sued <b>AT&amp;T</b> in New&nbsp;York.",
        'Britain&#39;s <a href="/blair">Tony Blair</a> agreed.']


def test_a_pages_fields_in_elements_side_by_side_are_apart(client):
    """A review's author and place in spans side by side were one token and one entity
    (`Maria Lopez</span><span>Madrid`)."""
    page = ('<div><span class="author">Maria Lopez</span><span class="place">Madrid, Spain'
            "</span><p>Great stay with Erik.</p></div>")
    body = tag(client, {"text": page}).get_json()
    assert_consistent(body, page)
    assert [(e["text"], e["label"]) for e in body["entities"]] == [
        ("Maria Lopez", "PER"), ("Madrid", "LOC"), ("Spain", "LOC"), ("Erik", "PER")]


def test_a_bibtex_entry_is_tagged_as_typeset(client):
    """A bibliography's entry: TeX's accents and BibTeX's braces came back PER `ller`, LOC
    `Chiamaka`, MISC `nglish`. Its names are tagged as the plain text's, each given as the
    entry writes it."""
    assert entities_of(client, 'author = {Okonkwo, Chiamaka and M{\\"u}ller, Johanna},') == [
        ("Chiamaka", "PER"), ('M{\\"u}ller', "PER"), ("Johanna", "PER")]
    entry = ("@article{okonkwo2021,\n"
             "  author = {Okonkwo, Chiamaka and M{\\\"u}ller, Johanna and Garc{\\'i}a, Luis},\n"
             "  title = {Named Entity Recognition for {G}erman and {S}panish News},\n"
             "  journal = {Transactions of the {Association for Computational Linguistics}},\n"
             "  year = {2021}\n}")
    typeset = {'M{\\"u}ller': "Müller", "Garc{\\'i}a": "García", "{G}erman": "German",
               "{S}panish": "Spanish", "{Association for Computational Linguistics}":
               "Association for Computational Linguistics"}
    expected = [("Okonkwo", "PER"), ("Chiamaka", "PER"), ('M{\\"u}ller', "PER"),
                ("Johanna", "PER"), ("Garc{\\'i}a", "PER"), ("Luis", "PER"),
                ("{G}erman", "MISC"), ("{S}panish", "MISC"),
                ("{Association for Computational Linguistics}", "ORG")]
    assert entities_of(client, entry) == expected
    plain = entry
    for written, meant in typeset.items():
        plain = plain.replace(written, meant)
    assert entities_of(client, plain) == [(typeset.get(e, e), label) for e, label in expected]


def test_latex_accents_letters_and_ties_are_tagged_as_typeset(client):
    r"""A paper's acknowledgements: `Jos\'e` came back PER `Jos`, `Universit\"at Z\"urich` ORG
    `Universit` and ORG `Z`, `S{\o}ren` lost, and a tie split a name (ORG `Tjong`)."""
    assert entities_of(client, "We thank Jos\\'e Ram\\'irez of the Universit\\\"at Z\\\"urich.") \
        == [("Jos\\'e Ram\\'irez", "PER"), ('Universit\\"at Z\\"urich', "ORG")]
    assert entities_of(client, "We thank J\\\"urgen Schmidhuber and S{\\o}ren Kierkegaard of "
                               "the Technische Universit\\\"at M\\\"unchen.") == [
        ('J\\"urgen Schmidhuber', "PER"), ("S{\\o}ren Kierkegaard", "PER"),
        ('Technische Universit\\"at M\\"unchen', "ORG")]
    assert entities_of(client, "The corpus was annotated by Tjong~Kim~Sang and De~Meulder "
                               "in Antwerp.") == [
        ("Tjong~Kim~Sang", "PER"), ("De~Meulder", "PER"), ("Antwerp", "LOC")]
    # As the plain text's.
    assert entities_of(client, "We thank José Ramírez of the Universität Zürich.") == [
        ("José Ramírez", "PER"), ("Universität Zürich", "ORG")]
    assert entities_of(client, "The corpus was annotated by Tjong Kim Sang and De Meulder "
                               "in Antwerp.") == [
        ("Tjong Kim Sang", "PER"), ("De Meulder", "PER"), ("Antwerp", "LOC")]


def test_a_wikipedia_articles_source_is_tagged_as_the_page_shows_it(client):
    """Wikipedia's source pasted with its markup: a link's bar split its sentence in two (PER
    `Henrik Dahl` twice), `[[Lyon]]` came back ORG and `{{Infobox scientist` ORG `Infobox`.
    Read as the page shows it, it is tagged as the plain text is, each name given as the
    source writes it."""
    assert entities_of(client, "She married [[Henrik Dahl (physicist)|Henrik Dahl]] in 1990.") \
        == [("Henrik Dahl", "PER")]
    source = ("{{Infobox football biography\n| name = Erik Larsen\n"
              "| birth_place = [[Copenhagen]], Denmark\n}}\n"
              "'''Erik Larsen''' (born 12 May 1971) is a [[Denmark|Danish]] former "
              "[[Association football|footballer]] who played for [[Br\u00f8ndby IF|Br\u00f8ndby]] "
              "and [[AFC Ajax|Ajax]].<ref>{{cite news|title=Larsen signs|work=Reuters}}</ref>\n\n"
              "== Club career ==\nLarsen left [[Copenhagen]] for [[Amsterdam]] in 1995 and won "
              "the [[UEFA Cup]] with ''Ajax''.")
    plain = ("| name = Erik Larsen\n| birth_place = Copenhagen, Denmark\n\n"
             "Erik Larsen (born 12 May 1971) is a Danish former footballer who played for "
             "Br\u00f8ndby and Ajax.\n\nClub career\nLarsen left Copenhagen for Amsterdam in "
             "1995 and won the UEFA Cup with Ajax.")
    expected = [("Erik Larsen", "PER"), ("Copenhagen", "LOC"), ("Denmark", "LOC"),
                ("Erik Larsen", "PER"), ("Danish", "MISC"), ("Br\u00f8ndby", "ORG"),
                ("Ajax", "ORG"), ("Larsen", "PER"), ("Copenhagen", "LOC"),
                ("Amsterdam", "LOC"), ("UEFA Cup", "MISC"), ("Ajax", "ORG")]
    response = tag(client, {"text": plain})
    assert response.headers["X-Cache"] == "MISS" and labelled(response.get_json()) == expected
    # The same sentences as the plain text's, answered from its cache entries.
    response = tag(client, {"text": source})
    assert response.headers["X-Cache"] == "HIT"
    body = response.get_json()
    assert_consistent(body, source)
    assert labelled(body) == expected
    assert [source[s["start"]:s["end"]] for s in body["sentences"]] == [
        "name = Erik Larsen", "birth_place = [[Copenhagen]], Denmark",
        "Erik Larsen''' (born 12 May 1971) is a [[Denmark|Danish]] former [[Association "
        "football|footballer]] who played for [[Br\u00f8ndby IF|Br\u00f8ndby]] and [[AFC "
        "Ajax|Ajax]].", "Club career", "Larsen left [[Copenhagen]] for [[Amsterdam]] in 1995 and "
        "won the [[UEFA Cup]] with ''Ajax''."]


def answers_alike(client, text: str, plain: str) -> dict:
    """The text's answer, once its offsets are checked and its tokens' tags and scores, and its
    sentences' tokens, are found to be the plain text's."""
    body, expected = answer(client, text), answer(client, plain)
    assert [(t["tag"], t["score"]) for t in body["tokens"]] == [
        (t["tag"], t["score"]) for t in expected["tokens"]]
    assert [(s["token_start"], s["token_end"]) for s in body["sentences"]] == [
        (s["token_start"], s["token_end"]) for s in expected["sentences"]]
    return body


def test_a_json_record_sent_as_the_text_is_tagged_as_its_fields(client):
    """A record that an API exported, pretty-printed: its lines ended in `,` and ran into one
    sentence, its names in quotes (MISC `Velmora Biotech`, PER `Met Luc`, PER `u00eda
    Ferraro`, ORG `Z`). Read as its fields one a line, it is tagged as they are."""
    record = json.dumps({"id": 1042, "company": "Velmora Biotech", "city": "Raleigh",
                         "owner": "Tom Ashby", "notes": "Met Luc\u00eda Ferraro in "
                         "Z\u00fcrich.\nShe joined Siemens in 2019."}, indent=2)
    assert "\\u00eda" in record and "\\n" in record
    plain = ("id: 1042\ncompany: Velmora Biotech\ncity: Raleigh\nowner: Tom Ashby\n"
             "notes: Met Luc\u00eda Ferraro in Z\u00fcrich.\nShe joined Siemens in 2019.")
    body = answers_alike(client, record, plain)
    assert labelled(body) == [
        ("Velmora Biotech", "ORG"), ("Raleigh", "LOC"), ("Tom Ashby", "PER"),
        ("Luc\\u00eda Ferraro", "PER"), ("Z\\u00fcrich", "LOC"), ("Siemens", "ORG")]
    assert [record[s["start"]:s["end"]] for s in body["sentences"]][1:3] == [
        'company": "Velmora Biotech', 'city": "Raleigh']
    # A log's lines with their letters escaped: PER `Luc` and ORG `Z`, read as written.
    assert entities_of(client, "Luc\\u00eda Ferraro\nZ\\u00fcrich") == [
        ("Luc\\u00eda Ferraro", "PER"), ("Z\\u00fcrich", "LOC")]


def test_an_xml_payload_is_tagged_as_its_fields(client):
    """An order exported as XML: elements that HTML does not know were text, so its fields
    were one sentence with their tags for words (no entity for `<Company>Solaris
    Agro</Company>`, ORG `Lucía Ferraro` in `<ContactName>`). Each element is a block, and
    the payload is tagged as its fields written apart."""
    assert entities_of(client, "<Company>Solaris Agro</Company>") == [("Solaris Agro", "ORG")]
    assert entities_of(client, "<ContactName>Luc\u00eda Ferraro</ContactName>") == [
        ("Luc\u00eda Ferraro", "PER")]
    payload = ('<?xml version="1.0" encoding="UTF-8"?>\n<order id="3">\n'
               "  <Company>Solaris Agro</Company>\n"
               "  <ContactName>Luc\u00eda Ferraro</ContactName>\n"
               '  <City>Curitiba</City>\n  <item sku="A17"/>\n'
               "  <Notes>Met Hannah Price in San Diego.</Notes>\n</order>")
    plain = "Solaris Agro\n\nLuc\u00eda Ferraro\n\nCuritiba\n\nMet Hannah Price in San Diego."
    body = answers_alike(client, payload, plain)
    assert labelled(body) == [("Solaris Agro", "ORG"), ("Luc\u00eda Ferraro", "PER"),
                              ("Curitiba", "LOC"), ("Hannah Price", "PER"), ("San Diego", "LOC")]
    assert [payload[s["start"]:s["end"]] for s in body["sentences"]] == [
        "Solaris Agro", "Luc\u00eda Ferraro", "Curitiba", "Met Hannah Price in San Diego."]


def test_webvtt_captions_are_tagged_as_their_words_and_speakers(client):
    """YouTube's captions, timed word by word, and a cue's voices: the header came back ORG
    `WEBVTT`, `tomás okafor` no name between the timing tags, a voice ORG `Daniela`. Read as
    the player shows them, with each voice its speaker's line (`Daniela: ...`), they are
    tagged as the transcript is."""
    captions = ("WEBVTT\nKind: captions\nLanguage: en\n\n"
                "00:00:10.000 --> 00:00:14.000 align:start position:0%\n"
                "my friend<00:00:12.000><c> tom\u00e1s</c><00:00:12.300><c> okafor</c> flew in"
                "<00:00:13.100><c> from</c><00:00:13.400><c> Lagos</c>\n\n"
                "00:00:14.000 --> 00:00:17.000 line:90%\n"
                "<v Daniela>We signed with Brightline Freight in Chicago.</v>\n"
                "<v Tom Ashby>Good, <i>Daniela</i>.</v>\n")
    transcript = ("00:00:10.000 --> 00:00:14.000\n"
                  "my friend tom\u00e1s okafor flew in from Lagos\n\n"
                  "00:00:14.000 --> 00:00:17.000\n"
                  "Daniela: We signed with Brightline Freight in Chicago.\n"
                  "Tom Ashby: Good, Daniela.\n")
    body = answers_alike(client, captions, transcript)
    assert labelled(body) == [
        ("tom\u00e1s</c><00:00:12.300><c> okafor", "PER"), ("Lagos", "LOC"), ("Daniela", "PER"),
        ("Chicago", "LOC"), ("Tom Ashby", "PER"), ("Daniela", "PER")]
    assert entities_of(client, "my friend<00:00:12.000><c> tom\u00e1s</c><00:00:12.300>"
                               "<c> okafor</c>") == [
        ("tom\u00e1s</c><00:00:12.300><c> okafor", "PER")]
    assert entities_of(client, "<v Daniela>We signed with Brightline Freight in Chicago.</v>") == [
        ("Daniela", "PER"), ("Chicago", "LOC")]


def test_a_word_that_ocr_hyphenated_at_a_lines_end_is_one_name(client):
    """OCR's `¬` at a line's end cut a name: PER `Geoffrey Hol` for `Geoffrey Hol¬` / `lins`."""
    text = "The letter was signed by Geoffrey Hol\u00ac\nlins in London."
    assert entities_of(client, text) == [("Geoffrey Hol\u00ac\nlins", "PER"), ("London", "LOC")]
    answers_alike(client, text, "The letter was signed by Geoffrey Hollins in London.")


def test_tokens_are_one_sentence_however_many_full_stops(client):
    tokens = ["Paris", "is", "big", ".", "Berlin", "is", "too", "."]
    body = tag(client, {"tokens": tokens}).get_json()
    assert body["sentences"] == [{"start": 0, "end": 30, "token_start": 0, "token_end": 8}]


def test_a_batch_of_documents_is_answered_in_order(client):
    items = [{"text": DOCUMENT}, {"tokens": ["Oslo", "rejects", "it"]}, {"text": "Bonn. Rome."}]
    body = tag(client, {"sentences": items}).get_json()
    assert [len(result["sentences"]) for result in body["results"]] == [3, 1, 2]
    for item, result in zip(items, body["results"]):
        single = tag(client, item).get_json()
        del single["model"]
        assert result == single


def test_a_sentence_repeated_in_another_document_is_a_cache_hit(client):
    shared = "The European Commission fined Google in Brussels."
    first = tag(client, {"text": f"Angela Merkel spoke in Berlin.\n{shared}"})
    assert first.headers["X-Cache"] == "MISS"
    before = metric_samples(client)[("ner_cache_hits_total", ())]
    second = tag(client, {"text": f"{shared} Nothing else happened in Madrid."})
    assert second.headers["X-Cache"] == "PARTIAL"
    assert metric_samples(client)[("ner_cache_hits_total", ())] == before + 1
    shared_entities = [e for e in second.get_json()["entities"] if e["end"] <= len(shared)]
    offset = first.get_json()["sentences"][1]["start"]
    assert shared_entities == [
        {**e, "start": e["start"] - offset, "end": e["end"] - offset,
         "token_start": e["token_start"] - 6, "token_end": e["token_end"] - 6}
        for e in first.get_json()["entities"] if e["start"] >= offset]


# --- long sentences: windows, no 413 -----------------------------------------------------------

WINDOW = 16


@pytest.mark.parametrize("shift", range(WINDOW - window_overlap(WINDOW)))
def test_entities_on_window_edges_are_neither_lost_nor_cut(make_app, shift):
    """Every shift moves the names across the edges of the windows of 16 tokens."""
    words = ["the"] * shift + ["talks", "with", "Angela", "Merkel", "in", "Paris", "and"] * 10
    windowed = tag(make_app(max_tokens_per_sentence=WINDOW).test_client(), {"tokens": words})
    assert windowed.status_code == 200
    body = windowed.get_json()
    assert_consistent(body, " ".join(words))
    found = [(e["text"], e["label"]) for e in body["entities"]]
    assert found == [("Angela Merkel", "PER"), ("Paris", "LOC")] * 10
    whole = tag(make_app().test_client(), {"tokens": words}).get_json()  # one window
    assert [t["tag"] for t in body["tokens"]] == [t["tag"] for t in whole["tokens"]]


def test_the_shifts_put_a_name_across_every_kind_of_window_edge():
    """The test above can fail: across its shifts "Angela Merkel" straddles both the start
    and the end of windows (an edge falls between its two tokens)."""
    straddled = set()
    for shift in range(WINDOW - window_overlap(WINDOW)):
        n_tokens = shift + 70
        merkels = [shift + 7 * k + 3 for k in range(10)]  # index of "Merkel"
        for start, end in windows(n_tokens, WINDOW, window_overlap(WINDOW)):
            straddled |= {"start" for m in merkels if m == start}
            straddled |= {"end" for m in merkels if m == end}
    assert straddled == {"start", "end"}


def test_a_long_text_sentence_is_tagged_not_refused(make_app):
    text = ", ".join(["Angela Merkel", "Paris", "Siemens"] * 40) + "."
    response = tag(make_app(max_tokens_per_sentence=32).test_client(), {"text": text})
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["sentences"]) == 1 and len(body["tokens"]) > 200
    assert_consistent(body, text)


# --- options ----------------------------------------------------------------------------------


def test_labels_and_min_score_filter_entities(client):
    everything = tag(client, {"text": DOCUMENT}).get_json()
    only = tag(client, {"text": DOCUMENT, "labels": ["LOC", "ORG"]}).get_json()
    assert only["entities"] == [e for e in everything["entities"] if e["label"] in ("LOC", "ORG")]
    assert only["tokens"] == everything["tokens"]  # tags are the model's, whatever the filter
    threshold = sorted(e["score"] for e in everything["entities"])[2]
    sure = tag(client, {"text": DOCUMENT, "min_score": threshold}).get_json()
    assert sure["entities"] == [e for e in everything["entities"] if e["score"] >= threshold]
    assert tag(client, {"text": DOCUMENT, "labels": []}).get_json()["entities"] == []


def test_include_tokens_false_leaves_the_tokens_out(client):
    body = tag(client, {"text": DOCUMENT, "include_tokens": False}).get_json()
    assert "tokens" not in body and body["entities"] and body["sentences"]
    assert TagResponseSchema().validate(body) == {}


def test_options_apply_to_every_item_of_a_batch(client):
    body = tag(client, {"sentences": [{"text": DOCUMENT}, {"text": "Bonn."}],
                        "labels": ["PER"], "include_tokens": False}).get_json()
    for result in body["results"]:
        assert "tokens" not in result
        assert {e["label"] for e in result["entities"]} <= {"PER"}


def test_options_do_not_change_what_is_cached(client):
    text = "Angela Merkel met Siemens in Paris."
    filtered = tag(client, {"text": text, "labels": ["LOC"], "include_tokens": False,
                            "offsets": "utf16", "min_score": 0.99})
    assert filtered.headers["X-Cache"] == "MISS"
    plain = tag(client, {"text": text})
    assert plain.headers["X-Cache"] == "HIT"  # from the sentence cache: another body
    assert {e["label"] for e in plain.get_json()["entities"]} == {"PER", "ORG", "LOC"}
    assert len(plain.get_json()["tokens"]) == 7


@pytest.mark.parametrize("options, field", [
    ({"labels": ["PER", "PERSON"]}, "labels"),
    ({"labels": "PER"}, "labels"),
    ({"labels": [3]}, "labels"),
    ({"min_score": 1.5}, "min_score"),
    ({"min_score": -0.1}, "min_score"),
    ({"min_score": "high"}, "min_score"),
    ({"min_score": "0.5"}, "min_score"),
    ({"min_score": True}, "min_score"),
    ({"offsets": "utf8"}, "offsets"),
    ({"offsets": None}, "offsets"),
    ({"include_tokens": "no"}, "include_tokens"),
    ({"include_tokens": 0}, "include_tokens"),
])
def test_a_bad_option_is_422_naming_it(client, options, field):
    error = assert_error(tag(client, {"text": "Paris.", **options}), 422, "validation_error")
    assert field in error["details"] and error["details"][field]


def test_an_unknown_label_is_422_saying_which_types_there_are(client):
    error = assert_error(tag(client, {"text": "Paris.", "labels": ["PER", "PERSON"]}), 422,
                         "validation_error")
    assert error["details"] == {"labels": {"1": [
        "Unknown entity type; the model's are LOC, MISC, ORG, PER."]}}


def test_options_belong_to_the_request_not_to_a_batch_item(client):
    error = assert_error(tag(client, {"sentences": [{"text": "Paris.", "labels": ["PER"]}]}),
                         422, "validation_error")
    assert "sentences" in error["details"]


def test_the_total_token_limit_is_413_naming_it(make_app):
    client = make_app(max_tokens_per_request=10).test_client()
    items = [{"text": "Angela Merkel visited Paris."}] * 3  # 5 tokens each
    error = assert_error(tag(client, {"sentences": items}), 413, "too_many_tokens_in_request")
    assert error["details"] == {"field": "sentences", "setting": "MAX_TOKENS_PER_REQUEST",
                                "limit": 10, "actual": 15}
    assert tag(client, {"sentences": items[:2]}).status_code == 200


def test_the_openapi_document_lists_the_served_models_entity_types(client):
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    for form in schemas["TagRequest"]["oneOf"]:
        assert form["properties"]["labels"]["items"]["enum"] == ["LOC", "MISC", "ORG", "PER"]
