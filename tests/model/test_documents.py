"""model/documents.py: a document split into sentences, tokenized per sentence, tagged in one
batch and put back together with offsets into the document."""
from __future__ import annotations

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from model.conll import LabelledSentence
from model.document_eval import JOINS, evaluate_documents, rebuild, tags_on_gold_tokens
from model.documents import (SHORTCODE_EMOJI, Document, SentenceSpan, join_broken_words,
                             tag_documents)
from model.reading import read_text
from model.sentences import split_sentences
from model.tokenizer import blank_separators, tokenize, tokenize_blanked
from model.windows import _entities


def fake_tag(sentences):
    """Tags every capitalised token B-PER: enough to check where results land."""
    results = []
    for tokens in sentences:
        tags = ["B-PER" if token[:1].isupper() else "O" for token in tokens]
        entities = [{"label": "PER", "token_start": i, "token_end": i + 1, "score": 1.0}
                    for i, tag in enumerate(tags) if tag != "O"]
        results.append({"tags": tags, "scores": [1.0] * len(tokens), "entities": entities})
    return results


def test_a_document_is_tokenized_sentence_by_sentence():
    text = "He met Bob.\r\n\r\nShe left at 5 p.m. He stayed.\tEnd of the U.S."
    document = Document.from_text(text)
    assert [text[s.start:s.end] for s in document.sentences] == [
        "He met Bob.", "She left at 5 p.m.", "He stayed.", "End of the U.S."]
    for sentence in document.sentences:
        alone = [token for token, _, _ in tokenize(text[sentence.start:sentence.end])]
        assert document.tokens[sentence.token_start:sentence.token_end] == alone
    # A sentence ending on a dotted abbreviation keeps its period, as a text of that one
    # sentence does.
    assert document.tokens[-1:] == ["U.S."]
    for token, start, end in zip(document.tokens, document.starts, document.ends):
        assert text[start:end] == token


def test_a_sentence_is_tokenized_from_its_own_first_character():
    # "1." opening a text is a list number kept whole; after whitespace the tokenizer splits
    # it. A sentence's tokens are those of its own text, whether or not the document is
    # that one sentence.
    for text in ["1. Ann Lee ( Oslo ) 12.71", "  1. Ann Lee ( Oslo ) 12.71 \n", "1. Ann.\n1. Bob."]:
        document = Document.from_text(text)
        for sentence in document.sentences:
            assert document.tokens[sentence.token_start:sentence.token_end] == [
                token for token, _, _ in tokenize(text[sentence.start:sentence.end])]
            assert document.tokens[sentence.token_start] == "1."


SENTENCE_FRAGMENTS = [
    "He left. ", "U.S. ", "U.S.", "Inc.", "Co. ", "J. ", "1. ", "2.", "12. ", '"', "'", "\u201d",
    ") ", "( ", ". ", "? ", "The ", "Smith ", "\n", "\n\n", "\r\n", "\t", "\u2029", " ",
    "BERLIN 1996-08-30 ", "Aug 30 ", "p.m. ", "Mer-", "-", "kel ", "> ", "|", "\u2022",
    '","', "  ", "city: ", "- ", ",b", "1,", ",,", "[0:00] ", "Al 1:00 AM\n", "AL: ",
    "ab.Cd ", "ab?I ", "\u00b9", ".\u00b2 ",
    "Mr.Smith ", "J.K.", "Ingrid ", "Solberg1,2 ", "B. ", "Apple Inc.", "et al. ", "no. 5 ",
]
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
DOCUMENT = st.lists(
    st.one_of(st.sampled_from(SENTENCE_FRAGMENTS), st.text(ANY_CHARACTER, max_size=4)),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(DOCUMENT)
@example("A\n2.|\nb")  # a list number before a bar, which the tokenizer blanks
@example("a\n1.\u00b2 b")  # a list number before a footnote's mark, which is split off
@example("She went home.I.")  # a sentence read with the full stop before it: I. at its end
@example("Mikkel B.\nAndersen3 and x")  # a name split from its mark after the name before it
@example("He left. The B. ")  # alone, a name and an initial that open the text: a signature's
@example("\u00b9. He left. ")  # a superscript digit is a digit to str.isdigit, not to int
@example("MfG")  # a sign-off that ends the text
def test_every_sentence_has_the_tokens_of_its_own_text(text):
    # The document is tokenized once and only sentences whose edges tokenize differently on
    # their own are tokenized again: this is the contract that shortcut must keep. Its
    # separators are the document's: a ">" is a quote mark only where a line of the
    # document starts, not where a sentence does. (HTML, which is read before this, has its
    # own test: test_reading.py.)
    assume(read_text(text) is None)
    document = Document.from_text(text)
    blanked = blank_separators(text)
    for sentence in document.sentences:
        first, end = sentence.token_start, sentence.token_end
        alone = tokenize_blanked(blanked[sentence.start:sentence.end])
        alone, _, _ = join_broken_words(text[sentence.start:sentence.end], alone,
                                        [(0, len(alone))])
        assert list(zip(document.tokens[first:end], document.starts[first:end],
                        document.ends[first:end])) == [
            (token, sentence.start + start, sentence.start + stop) for token, start, stop in alone]
    assert [(s.start, s.end) for s in document.sentences] == split_sentences(text)


def test_foreign_e_mail_headers_are_read_as_english_names_them():
    """A block of Outlook's headers in German or French: the model reads its fields' names,
    and the days and months of its dates, as English writes them; the tokens stay as
    written. Two lines are no block (`An: apple a day` / `De: Gaulle was`)."""
    text = ("Von: Katrin Vogel\nGesendet: Dienstag, 14. Mai 2024 09:12\nAn: Tom Becker\n"
            "Betreff: Angebot\n\nDe : Am\u00e9lie Dubois\nEnvoy\u00e9 : lundi 13 mai 2024\n"
            "\u00c0 : Pieter de Vries\n\nAn: apple a day\nDe: Gaulle was there")
    document = Document.from_text(text)
    read = {}
    for token, model_token in zip(document.tokens, document.model_tokens):
        read.setdefault(token, model_token)  # the first: the headers
    assert [read[field] for field in ["Von", "Gesendet", "An", "Betreff", "Envoy\u00e9",
                                      "\u00c0", "Dienstag", "Mai", "lundi", "mai"]] == [
        "From", "Sent", "To", "Subject", "Sent", "To", "Tuesday", "May", "Monday", "May"]
    assert document.model_tokens[-10:] == document.tokens[-10:] == [
        "An", ":", "apple", "a", "day", "De", ":", "Gaulle", "was", "there"]


def test_foreign_greetings_and_sign_offs_are_read_as_english_writes_them():
    text = ("Hallo Tom,\nthe offer is attached.\nMit freundlichen Gr\u00fc\u00dfen\nKatrin Vogel\n"
            "Bonjour Marie-Claire !\nViele Gr\u00fc\u00dfe,\nCara Delevingne attended.\n"
            "Liebe Gr\u00fc\u00dfe aus Berlin")
    document = Document.from_text(text)
    read = [m for t, m in zip(document.tokens, document.model_tokens) if t != m]
    assert read == ["Hello", "With", "kind", "regards", "Hello", "Best", "regards"]
    assert document.model_tokens[-4:] == ["Liebe", "Gr\u00fc\u00dfe", "aus", "Berlin"]


def test_a_line_above_a_quoted_message_in_another_language_is_read_as_english_writes_it():
    """Gmail's line above a quote, in French and Dutch: one sentence (`lun.` and `mrt.` had
    ended sentences), read as `On ... at 10:15 ... wrote`; the name as written. A line that
    opens so but holds no time, or ends no quote's verb and colon, is read as written."""
    text = ("Le lun. 3 mars 2024 \u00e0 10:15, Jean Dupont <jean@societe.fr> a \u00e9crit :\n"
            "> Merci.\nOp ma 3 mrt. 2024 om 10:15 schreef Jan de Vries <jan@bedrijf.nl>:\n"
            "> Dank.\nLe chat de Marie a \u00e9crit :\nLe 3 mars \u00e0 10:15 Marie part.\n")
    document = Document.from_text(text)
    assert [text[s.start:s.end] for s in document.sentences][:4:2] == [
        "Le lun. 3 mars 2024 \u00e0 10:15, Jean Dupont <jean@societe.fr> a \u00e9crit :",
        "Op ma 3 mrt. 2024 om 10:15 schreef Jan de Vries <jan@bedrijf.nl>:"]
    first, dutch = document.sentences[0], document.sentences[2]
    assert document.model_tokens[first.token_start:first.token_end] == [
        "On", "at", ".", "3", "March", "2024", "at", "10:15", ",", "Jean", "Dupont", "<",
        "jean@societe.fr", ">", "a", "wrote", ":"]
    assert document.model_tokens[dutch.token_start:dutch.token_end] == [
        "On", "at", "3", "at", ".", "2024", "at", "10:15", "wrote", "Jan", "de", "Vries", "<",
        "jan@bedrijf.nl", ">", ":"]
    last = document.sentences[4].token_start
    assert document.model_tokens[last:] == document.tokens[last:]


def test_a_songs_featured_artist_is_read_after_featuring():
    """`ft.` and `feat.` before a name end no sentence and read as `featuring`; a measure's
    `ft.` after its number is read as written."""
    document = Document.from_text("Maya Torres ft. Big Sol and Halo feat. Drake. He is 5 ft. "
                                  "10 in. tall.")
    assert len(document.sentences) == 2
    assert [m for t, m in zip(document.tokens, document.model_tokens) if t != m] == [
        "featuring", "featuring"]


def test_references_footnotes_and_genealogies_abbreviations_are_read_as_their_words():
    """`p.`, `b.`, `d.`, `c.`, `Ed.` and a degree came back as names (PER `p.` in `See p.
    12`, PER `b.` and `d.` in `(b. 1843, d. 1901)`, ORG `M.Sc.`): they are read as the
    words they stand for, `d.` between a result's two sides as `beat`."""
    document = Document.from_text(
        "See p. 12. Walsh (b. 1843, d. 1901) m. 1870. Chaucer (c. 1343). Ed. Nicola Bradbury. "
        "Her M.Sc. is from Oxford. Sinner d. Shelton 6-2. Smith, J. (Ed.).")
    assert [m for t, m in zip(document.tokens, document.model_tokens) if t != m] == [
        "page", "born", "died", "married", "about", "Editor", "degree", "beat", "Editor"]


def test_a_names_japanese_honorific_and_an_episodes_abbreviation_are_read_apart():
    """`Nobara-chan` came back as nothing and `Gojo-sensei` ORG, `Ep.` ORG: the name is read
    without its honorific, `Ep.` as `Episode`; a place's hyphen stays (`Santa-Clara`)."""
    document = Document.from_text("Nobara-chan and Gojo-sensei watched Ep. 5 in Santa-Clara.")
    assert [m for t, m in zip(document.tokens, document.model_tokens) if t != m] == [
        "Nobara", "Gojo", "Episode"]


def test_parliaments_honourable_before_an_office_and_marias_abbreviation_are_read_in_full():
    """`Hon. Speaker` and `Hon. Members` came back PER `Hon.` (0.999), `Ma. Lourdes Sereno`
    without its Maria; `Hon. John Mbadi` keeps its title as written."""
    document = Document.from_text("Hon. Speaker: Order, Hon. Members! Hon. John Mbadi rose. "
                                  "Ma. Lourdes Sereno won.")
    assert [m for t, m in zip(document.tokens, document.model_tokens) if t != m] == [
        "Honourable", "Honourable", "Maria"]


def test_a_kings_or_a_wars_number_one_is_read_as_a_number_of_names():
    """`World War I.` came back MISC `World War`: its `I`, split from the full stop, read as
    the pronoun. It is read as `II`, a number the model knows inside names."""
    document = Document.from_text("Many died in World War I. He met George I there.")
    assert [m for t, m in zip(document.tokens, document.model_tokens) if t != m] == ["II"]


def test_a_chat_headers_username_is_read_as_a_handle():
    """Discord's `kaylaboo — Today at 3:42 PM` came back ORG `kaylaboo`: a user's name in
    lower case or with `.`, `_` or a digit is read as a handle; a display name as written."""
    document = Document.from_text("kaylaboo \u2014 Today at 3:42 PM\nhi\nMarcus Webb \u2014 Today "
                                  "at 3:43 PM\nme\ndr.pepperoni - 03/12/2024 11:02 PM\nsame")
    assert [m for t, m in zip(document.tokens, document.model_tokens) if t != m] == [
        "@kaylaboo", "@dr.pepperoni"]
    irc = Document.from_text("[21:06] <CarlosFromTexas> the Sentinels lost\n[21:07] <mia_k> ok")
    assert [m for t, m in zip(irc.tokens, irc.model_tokens) if t != m] == [
        "@CarlosFromTexas", "@mia_k"]


def test_an_emojis_shortcode_is_read_as_an_emoji():
    document = Document.from_text("Great work :tada: Anna Schmidt shipped it")
    assert document.tokens[2] == ":tada:" and document.model_tokens[2] == SHORTCODE_EMOJI


def test_a_word_broken_at_a_hyphen_by_a_line_break_is_one_token():
    text = ("Angela Mer-\n  kel met Daimler-\nBenz on 1996-\n08-30 in Stratford-\nupon-Avon and\n"
            "Aix\u2010\nen\u2010Provence.\n> Uni-\n> on of pro-\n\nnothing - \n"
            "else: non- seeded, x-\n-- \nJohn")
    document = Document.from_text(text)
    assert [(token, read) for token, read in zip(document.tokens, document.model_tokens)
            if token != read] == [
        ("Mer-\n  kel", "Merkel"), ("Daimler-\nBenz", "Daimler-Benz"),
        ("1996-\n08-30", "1996-08-30"), ("Stratford-\nupon-Avon", "Stratford-upon-Avon"),
        ("Aix\u2010\nen\u2010Provence", "Aix\u2010en\u2010Provence"), ("Uni-\n> on", "Union")]
    assert "pro-" in document.tokens and "x-" in document.tokens  # a blank line, a "--" after
    # Unicode's hyphen at a line's end keeps a sentence going, as "-" does.
    typeset = Document.from_text("the Daimler\u2011\nBenz car and 1996\u2010\n08\u201030")
    assert typeset.model_tokens == ["the", "Daimler\u2011Benz", "car", "and",
                                    "1996\u201008\u201030"]
    assert len(typeset.sentences) == 1
    # A paragraph of HTML ends where its tag does: no word runs on into the next.
    assert Document.from_text("<p>Mer-</p>kel").model_tokens == ["Mer-", "kel"]
    for token, start, end in zip(document.tokens, document.starts, document.ends):
        assert text[start:end] == token
    # Within one sentence only: the splitter ends none between a hyphen and the line after.
    assert [s.token_end - s.token_start for s in document.sentences][:1] == [11]


def test_list_numbers_and_outline_marks_are_read_as_bare_numbers():
    text = ("1. Intro\nHe won 3. Then\nI. INTRODUCTION\nII. FACTS\nA. Scope\nB. Costs\n"
            "C. Terms\nii) x\ni) y\nJ. Smith\nK. Jones")
    document = Document.from_text(text)
    assert [(token, read) for token, read in zip(document.tokens, document.model_tokens)
            if token != read] == [("1.", "1"), ("I.", "1"), ("II", "2"), ("A.", "1"),
                                  ("B.", "2"), ("C.", "3"), ("ii", "2"), ("i", "1")]
    # The tokens are untouched; a client's own tokens are read as they are.
    assert Document.from_tokens(["1.", "Intro"]).model_tokens == ["1.", "Intro"]


def test_tokens_are_one_sentence():
    document = Document.from_tokens(["A", "b", ".", "C", "."])
    assert document.sentences == [SentenceSpan(0, 9, 0, 5)]
    assert Document.from_tokens([]).sentences == []


def test_tag_documents_batches_every_sentence_and_keeps_offsets():
    calls = []

    def tag(sentences):
        calls.append(len(sentences))
        return fake_tag(sentences)

    texts = ["Ann met Bob. Then Carl came.", "", "x Dan"]
    answers = tag_documents(tag, [Document.from_text(text) for text in texts], max_tokens=3)
    assert len(calls) == 1  # one batch, long sentences' windows included
    first = answers[0]
    assert [e["text"] for e in first["entities"]] == ["Ann", "Bob", "Then", "Carl"]
    assert [(e["token_start"], e["start"]) for e in first["entities"]] == [
        (0, 0), (2, 8), (4, 13), (5, 18)]
    assert answers[1] == {"tokens": [], "entities": [], "sentences": []}
    assert answers[2]["entities"][0]["text"] == "Dan"


# --- ner-eval --documents: rebuilding CoNLL documents and scoring them ------------------------


GOLD = [  # synthetic, two documents
    LabelledSentence(("Ann", "Lee", "met", "Bob", "."), ("B-PER", "I-PER", "O", "B-PER", "O"), 1),
    LabelledSentence(("Acme", "Corp", "grew", "."), ("B-ORG", "I-ORG", "O", "O"), 1),
    LabelledSentence(("Oslo", "won"), ("B-LOC", "O"), 2),
]
GOLD_TAGS = {token: tag for s in GOLD for token, tag in zip(s.tokens, s.tags)}


def oracle_tag(sentences):
    """Tags each token as the gold data does: the document path must then score 1.0."""
    results = []
    for tokens in sentences:
        tags = [GOLD_TAGS.get(token, "O") for token in tokens]
        results.append({"tags": tags, "scores": [1.0] * len(tags),
                        "entities": _entities(tags, [1.0] * len(tags))})
    return results


def test_documents_are_rebuilt_with_their_gold_token_offsets():
    for join, glue in (("newline", "\n"), ("space", " "), ("wrapped", "\n")):
        documents = rebuild(GOLD, join)
        assert [text for text, _, _ in documents] == [
            f"Ann Lee met Bob .{glue}Acme Corp grew .", "Oslo won"]
        for text, spans, tags in documents:
            assert len(spans) == len(tags)
            assert " ".join(text[a:b] for a, b in spans) == " ".join(text.split())


def test_html_documents_are_paragraphs_of_escaped_tokens():
    sentence = LabelledSentence(("AT&T", '"', "Bob", "'s", "<"), ("B-ORG", "O", "B-PER", "O", "O"))
    [(text, spans, tags)] = rebuild([sentence, sentence], "html")
    assert text == ("<p>AT&amp;T &quot; Bob &#x27;s &lt;</p>\n"
                    "<p>AT&amp;T &quot; Bob &#x27;s &lt;</p>")
    assert [text[a:b] for a, b in spans[:5]] == ["AT&amp;T", "&quot;", "Bob", "&#x27;s", "&lt;"]
    assert Document.from_text(text).model_tokens == list(sentence.tokens) * 2


def test_wrapped_documents_break_long_sentences_before_the_word_that_would_not_fit():
    words = tuple(f"w{k:02d}" for k in range(40))  # 40 words of 3 characters: 159 characters
    sentence = LabelledSentence(words, ("O",) * 40, 1)
    (text, spans, _), = rebuild([sentence, GOLD[1]], "wrapped")
    lines = text.split("\n")
    assert [len(line) for line in lines] == [71, 71, 15, 16]  # 18 words fit in 72 columns
    assert lines[-1] == "Acme Corp grew ."
    assert " ".join(text[a:b] for a, b in spans) == " ".join(text.split())


def test_entities_map_to_the_gold_tokens_they_overlap():
    spans = [(0, 3), (4, 7), (8, 11)]  # "Ann Lee met"
    assert tags_on_gold_tokens([{"label": "PER", "start": 0, "end": 7}], spans) == [
        "B-PER", "I-PER", "O"]
    # An entity that covers part of a gold token claims all of it; a second one overlapping
    # an already tagged token does not take it over.
    assert tags_on_gold_tokens([{"label": "PER", "start": 5, "end": 6},
                                {"label": "LOC", "start": 6, "end": 11}], spans) == [
        "O", "B-PER", "B-LOC"]


def test_a_perfect_tagger_scores_one_on_rebuilt_documents():
    for join in JOINS:
        scores = evaluate_documents(oracle_tag, GOLD, join)
        assert scores["sentences"] == 2 and scores["tokens"] == 11
        assert scores["overall"]["f1"] == 1.0



def test_an_emoticon_is_read_as_an_emoji():
    for text, emoticons in [
            ("Thanks Kevin :-P see you at Wembley :P <3", [":-P", ":P", "<3"]),
            ("omw to paris\nmichel says hi :D ;)", [":D", ";)"]),
            ("A:D at 10:30 (see p. 3;) <3 hours", [])]:
        document = Document.from_text(text)
        assert [token for token, read in zip(document.tokens, document.model_tokens)
                if read == SHORTCODE_EMOJI] == emoticons


def test_a_telegrams_stop_is_read_as_a_full_stop():
    document = Document.from_text("MEET AT BUS STOP NEAR UNION STATION STOP BRING PAPERS STOP JOHN")
    assert [(token, read) for token, read in zip(document.tokens, document.model_tokens)
            if token != read] == [("STOP", "."), ("STOP", ".")]
