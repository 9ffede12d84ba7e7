"""text[start:end] is exactly the token or entity, for any Unicode text.

These run on the bundled model: it finds entities, so entity offsets get checked too.
"""

from __future__ import annotations


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.evaluate import entity_spans
from model.reading import read_as_meant as read, signs_of
from model.tokenizer import blank_separators
from service_checks import assert_consistent

# Words the model tends to call entities, so the generated texts have some.
NAMES = ["Harry", "Potter", "London", "EU", "Germany", "Clinton", "Reuters", "U.S.", "Ajax",
         "New", "York", "Monday", "Bonn", "José", "Zürich", "Müller"]
SEPARATORS = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "", "\u200b", "\n\u2022 ", " | ",
              "\n> ", "<br>", "</p><p>", "&nbsp;"]
PUNCTUATION = [".", ",", "'s", "n't", "\"", "(", ")", "-", "--", "...", "$", "%", "'", "&amp;",
               "&quot;", "&#8217;s", "<b>", "</b>", "_", "__"]


def read_broken_word(token: str) -> str:
    """A token as read, the quote marks of an e-mail's line within a broken word blanked."""
    token = read(token)
    return blank_separators(token) if "\n" in token else token


words = st.sampled_from(NAMES) | st.sampled_from(PUNCTUATION) | st.text(min_size=1, max_size=8)
texts = st.lists(st.tuples(words, st.sampled_from(SEPARATORS)), max_size=25).map(
    lambda parts: "".join(word + separator for word, separator in parts))


def test_entities_are_found_in_news_sentences(bundled_client, synthetic_news):
    # Sentences the model never saw, written for these tests, with their gold entities.
    texts = [" ".join(s.tokens) for s in synthetic_news]
    response = bundled_client.post("/tag", json={"sentences": [{"text": t} for t in texts]})
    results = response.get_json()["results"]
    gold = {(i, span) for i, s in enumerate(synthetic_news) for span in entity_spans(list(s.tags))}
    found = {(i, (e["label"], e["token_start"], e["token_end"]))
             for i, result in enumerate(results) for e in result["entities"]}
    assert len(gold) > 100 and len(found & gold) > 0.8 * len(gold)
    for text, result in zip(texts, results):
        assert_consistent(result, text)


common = settings(max_examples=150, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])


@common
@given(text=texts)
def test_offsets_hold_for_generated_unicode_text(bundled_client, text):
    response = bundled_client.post("/tag", json={"text": text})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert_consistent(response.get_json(), text)


@common
@given(text=st.text(max_size=80))
def test_offsets_hold_for_arbitrary_unicode_text(bundled_client, text):
    response = bundled_client.post("/tag", json={"text": text})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert_consistent(body, text)
    if any(signs_of(text)[1:]):  # mojibake, quoted-printable or escapes: read in context,
        return                    # not token by token (test_reading.py's)
    # Every character is in some token but whitespace and the marks the tokenizer reads as
    # whitespace (zero-width spaces, bullets, bars, ...) and HTML's tags: nothing else is
    # silently dropped. (A word broken at a hyphen by a line break is one token, the line
    # break within it.)
    covered = sum(1 for t in body["tokens"] for c in read_broken_word(t["text"])
                  if not c.isspace())
    assert covered == sum(1 for c in blank_separators(read(text)) if not c.isspace())


@common
@given(tokens=st.lists(st.sampled_from(NAMES) | st.text(
    alphabet=st.characters(blacklist_categories=["Zs", "Zl", "Zp", "Cc"]), min_size=1, max_size=8
).filter(lambda token: not any(c.isspace() for c in token)), max_size=20))
def test_offsets_hold_for_generated_tokens(bundled_client, tokens):
    response = bundled_client.post("/tag", json={"tokens": tokens})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert [t["text"] for t in body["tokens"]] == tokens
    assert_consistent(body, " ".join(tokens))


@common
@given(batch=st.lists(texts, min_size=1, max_size=5))
def test_offsets_hold_in_batches(bundled_client, batch):
    response = bundled_client.post("/tag", json={"sentences": [{"text": text} for text in batch]})
    assert response.status_code == 200
    for text, result in zip(batch, response.get_json()["results"]):
        assert_consistent(result, text)


def test_offsets_hold_for_odd_code_points(bundled_client):
    # Lone surrogates, NUL, zero-width and byte-order marks, combining marks, emoji:
    # JSON can carry all of them, and the offsets still count code points of the text.
    text = "a \ud800 b\udfff \x00\u200b\ufeff \u0301x Zo\u00eb 👩‍👩‍👧 🇩🇪 Ünïcödé"
    response = bundled_client.post("/tag", json={"text": text})
    assert response.status_code == 200
    assert_consistent(response.get_json(), text)
