"""POST /tag and the other routes through Flask's test client, on the bundled model."""

from __future__ import annotations

import gzip
import json
import threading

import numpy as np

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder

from model.document_eval import JOINS
from service.schemas import (
    BatchTagResponseSchema,
    ErrorSchema,
    ModelCardSchema,
    ReadySchema,
    TagResponseSchema,
)
from service.tagging_service import MODEL_CALL_TOKENS, tag_in_slices
from service_checks import assert_consistent, assert_error, metric_samples

TEXT = "Harry Potter visited London on Monday with Ron Weasley."
TOKENS = ["Harry", "Potter", "visited", "London", "."]


def tag(client, payload, **headers):
    return client.post("/tag", json=payload, headers=headers)


# --- POST /tag: the three request forms ---------------------------------------------------


def test_text_is_tokenized_and_tagged(client, bundled_model):
    response = tag(client, {"text": TEXT})
    assert response.status_code == 200
    body = response.get_json()
    assert TagResponseSchema().validate(body) == {}
    assert [t["text"] for t in body["tokens"]] == (
        "Harry Potter visited London on Monday with Ron Weasley .".split())
    assert_consistent(body, TEXT)
    assert body["model"] == {"name": bundled_model.name, "version": bundled_model.version}


def test_tags_are_the_models_tags(client, bundled_model):
    expected = bundled_model.tag([TOKENS])[0]
    body = tag(client, {"tokens": TOKENS}).get_json()
    assert [t["tag"] for t in body["tokens"]] == expected["tags"]
    assert [t["score"] for t in body["tokens"]] == pytest.approx(expected["scores"], abs=1e-4)
    assert [(e["label"], e["token_start"], e["token_end"]) for e in body["entities"]] == [
        (e["label"], e["token_start"], e["token_end"]) for e in expected["entities"]]


def test_tokens_offsets_index_the_tokens_joined_by_spaces(client):
    body = tag(client, {"tokens": TOKENS}).get_json()
    assert [(t["start"], t["end"]) for t in body["tokens"]] == [
        (0, 5), (6, 12), (13, 20), (21, 27), (28, 29)]
    assert_consistent(body, " ".join(TOKENS))


def test_text_and_its_tokens_get_the_same_tags(client):
    from_text = tag(client, {"text": "Harry Potter visited London."}).get_json()
    from_tokens = tag(client, {"tokens": TOKENS}).get_json()
    assert [t["text"] for t in from_text["tokens"]] == TOKENS
    assert [t["tag"] for t in from_text["tokens"]] == [t["tag"] for t in from_tokens["tokens"]]


def test_a_batch_is_answered_in_order_like_single_requests(client):
    sentences = [{"text": TEXT}, {"tokens": TOKENS}, {"text": "Meridian Bank rejects the Lisbon offer ."},
                 {"text": ""}, {"tokens": []}]
    response = tag(client, {"sentences": sentences})
    assert response.status_code == 200
    body = response.get_json()
    assert BatchTagResponseSchema().validate(body) == {}
    assert len(body["results"]) == len(sentences)
    for sentence, result in zip(sentences, body["results"]):
        single = tag(client, sentence).get_json()
        assert result == {"tokens": single["tokens"], "entities": single["entities"],
                          "sentences": single["sentences"]}
        assert body["model"] == single["model"]


def test_empty_text_has_no_tokens(client):
    body = tag(client, {"text": " \t\n"}).get_json()
    assert body["tokens"] == [] and body["entities"] == []


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"{", b'{"text": "a",}', b"\xff\xfe\xfd", b"[" * 100_000, b""])
def test_malformed_json_is_400(client, body):
    response = client.post("/tag", data=body, content_type="application/json")
    assert_error(response, 400, "malformed_json")


def test_a_number_too_long_for_python_is_400_without_pythons_advice(client):
    response = client.post("/tag", data=b'{"text": "a", "n": ' + b"9" * 5000 + b"}",
                           content_type="application/json")
    error = assert_error(response, 400, "malformed_json")
    assert error["details"] == {"reason": "A number in it has too many digits."}


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_a_compressed_body_is_415_saying_so(client, encoding):
    """Read as it is, a gzipped body was a 400 'not valid UTF-8'; a plain body labelled
    gzip was answered as if the label were not there."""
    for body in (gzip.compress(b'{"text": "Paris."}'), b'{"text": "Paris."}'):
        response = client.post("/tag", data=body, content_type="application/json",
                               headers={"Content-Encoding": encoding})
        error = assert_error(response, 415, "unsupported_media_type")
        assert error["details"] == {"content_encoding": encoding}
        assert response.headers["Accept-Encoding"] == "identity"
    response = client.post("/tag", data=b'{"text": "Paris."}', content_type="application/json",
                           headers={"Content-Encoding": "identity"})
    assert response.status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_that_is_not_json_is_415(client, content_type):
    response = client.post("/tag", data='{"text": "a"}', content_type=content_type)
    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("payload, field", [
    ({"text": 5}, "text"),
    ({"text": None}, "text"),
    ({"tokens": "Harry Potter"}, "tokens"),
    ({"tokens": ["Harry", "Pot ter"]}, "tokens"),
    ({"tokens": ["Harry", ""]}, "tokens"),
    ({"tokens": ["Harry", 3]}, "tokens"),
    ({"sentences": []}, "sentences"),
    ({"sentences": [{"text": "a"}, {"text": "a", "tokens": ["a"]}]}, "sentences"),
    ({"sentences": [{"words": ["a"]}]}, "sentences"),
    ({"sentences": "a"}, "sentences"),
    ({"text": "a", "tokens": ["a"]}, "_schema"),
    ({}, "_schema"),
    ([{"text": "a"}], "_schema"),
    ("Harry", "_schema"),
    ({"text": "a", "language": "en"}, "language"),
])
def test_a_request_failing_validation_is_422_naming_the_field(client, payload, field):
    error = assert_error(tag(client, payload), 422, "validation_error")
    assert field in error["details"]


def test_validation_details_say_which_item_and_why(client):
    error = assert_error(tag(client, {"tokens": ["Harry", "Pot ter"]}), 422, "validation_error")
    assert error["details"] == {"tokens": {"1": ["A token must be non-empty and contain no whitespace."]}}


@pytest.mark.parametrize("limit, payload, code, field", [
    ({"max_document_chars": 20}, {"text": "a" * 21}, "document_too_long", "text"),
    ({"max_document_chars": 20}, {"sentences": [{"text": "a"}, {"text": "a" * 21}]},
     "document_too_long", "sentences.1.text"),
    ({"max_tokens_per_request": 3}, {"tokens": ["a"] * 4}, "too_many_tokens_in_request",
     "tokens"),
    ({"max_tokens_per_request": 3}, {"text": "a b. c d"}, "too_many_tokens_in_request", "text"),
    ({"max_sentences_per_batch": 2}, {"sentences": [{"text": "a"}] * 3},
     "too_many_sentences", "sentences"),
    ({"max_tokens_per_request": 3}, {"sentences": [{"text": "a b"}, {"tokens": ["a"] * 2}]},
     "too_many_tokens_in_request", "sentences"),
    ({"max_tokens_per_request": 2}, {"text": "a b c"}, "too_many_tokens_in_request", "text"),
    ({"max_tokens_per_request": 2}, {"tokens": ["a"] * 3}, "too_many_tokens_in_request",
     "tokens"),
])
def test_over_a_limit_is_413(make_app, limit, payload, code, field):
    client = make_app(**limit).test_client()
    error = assert_error(tag(client, payload), 413, code)
    assert error["details"]["field"] == field
    assert error["details"]["actual"] > error["details"]["limit"] == next(iter(limit.values()))
    assert error["details"]["setting"] == next(iter(limit)).upper()


def test_a_token_over_max_chars_per_token_is_tagged_by_its_first_characters(make_app):
    client = make_app(max_chars_per_token=12).test_client()
    url = "https://example.com/news/" + "a" * 200
    text = f"Read {url} today . Angela Merkel met Emmanuel Macron in Paris ."
    answer = tag(client, {"text": text}).get_json()
    assert [t["text"] for t in answer["tokens"]][:3] == ["Read", url, "today"]
    assert text[answer["tokens"][1]["start"]:answer["tokens"][1]["end"]] == url
    # Read as its first 12 characters: the same answer as a token that is only those.
    tokens = text.split()
    cut = tag(client, {"tokens": [t[:12] for t in tokens]}).get_json()
    whole = tag(client, {"tokens": tokens}).get_json()
    assert [(t["tag"], t["score"]) for t in whole["tokens"]] == \
        [(t["tag"], t["score"]) for t in cut["tokens"]]
    assert whole["tokens"][1]["text"] == url
    assert {"Angela Merkel", "Emmanuel Macron", "Paris"} <= {e["text"] for e in answer["entities"]}


def test_at_the_limits_is_fine(make_app):
    client = make_app(max_document_chars=11, max_tokens_per_request=4,
                      max_sentences_per_batch=2).test_client()
    payload = {"sentences": [{"text": "abcde fghij"}, {"tokens": ["a", "bcdef"]}]}
    assert tag(client, payload).status_code == 200


def test_a_body_over_the_size_limit_is_413(make_app):
    client = make_app(max_body_bytes=100).test_client()
    assert tag(client, {"text": "a" * 50}).status_code == 200
    assert_error(tag(client, {"text": "a" * 200}), 413, "payload_too_large")


@pytest.mark.parametrize("body", [
    json.dumps({"text": "a" * 200}).encode(),     # invalid once cut at the limit
    b'{"text": "a"}' + b" " * 200,                 # valid once cut at the limit
])
def test_a_body_without_content_length_over_the_limit_is_413_not_cut(make_app, body):
    def post(data: bytes):
        # A body of unknown size, ended by the server, as gunicorn passes a chunked one on
        # (gunicorn's real chunked bodies: tests/service/test_server_faults.py).
        environ = EnvironBuilder(path="/tag", method="POST", data=data,
                                 content_type="application/json").get_environ()
        del environ["CONTENT_LENGTH"]
        environ["wsgi.input_terminated"] = True
        return client.open(environ)

    client = make_app(max_body_bytes=100).test_client()
    assert assert_error(post(body), 413, "payload_too_large")["details"] == {"limit": 100}
    assert post(b'{"text": "a"}'.ljust(100)).status_code == 200  # at the limit exactly


def test_a_big_request_reaches_the_model_in_bounded_slices_with_the_same_answers(bundled_app):
    tagger = bundled_app.extensions["ner"].tagging.tagger
    words = "Harry Potter met Ron in London and Paris on Monday".split()
    sentences = [[words[(i + j) % len(words)] + str(i) for j in range(length)]
                 for i, length in enumerate([300, 5, 40, 1, 0, 120, 40, 7] * 3)]
    calls = []

    class Recording:
        def tag(self, batch):
            calls.append(batch)
            return tagger.tag(batch)

    sliced, whole = tag_in_slices(Recording(), sentences, threading.Lock()), tagger.tag(sentences)
    # The same answers, up to the last of four decimals: BLAS may round a sum differently
    # in a batch of another shape (OpenBLAS on an AMD EPYC without OPENBLAS_CORETYPE).
    assert [r["tags"] for r in sliced] == [r["tags"] for r in whole]
    assert [[(e["label"], e["token_start"], e["token_end"]) for e in r["entities"]]
            for r in sliced] == [[(e["label"], e["token_start"], e["token_end"])
                                  for e in r["entities"]] for r in whole]
    for ours, theirs in zip(sliced, whole):
        np.testing.assert_allclose(ours["scores"], theirs["scores"], atol=1.5e-4)
    assert len(calls) > 1
    for batch in calls:
        padded = max(map(len, batch)) * len(batch)
        assert padded <= MODEL_CALL_TOKENS or len(batch) == 1


def test_unknown_route_is_404_json(client):
    assert_error(client.get("/nowhere"), 404, "not_found")
    assert_error(client.post("/tag/"), 404, "not_found")


def test_wrong_method_is_405_json_with_allow(client):
    response = client.get("/tag")
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]
    assert_error(client.post("/healthz"), 405, "method_not_allowed")


def test_an_unexpected_failure_is_a_500_without_internals(make_app):
    # No request can reach this handler (the tests above and below try); a route made
    # to fail shows what would come out if a bug did.
    app = make_app()

    def broken():
        raise RuntimeError("secret internals /etc/passwd")

    app.add_url_rule("/broken", view_func=broken)
    response = app.test_client().get("/broken")
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert error["details"] == {}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["text", "tokens", "sentences", "x"]) | st.text(max_size=5),
                      children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=json_values)
def test_no_json_payload_breaks_the_service(client, payload):
    response = client.post("/tag", data=json.dumps(payload), content_type="application/json")
    assert response.status_code in (200, 413, 422), response.get_data(as_text=True)
    if response.status_code != 200:
        assert ErrorSchema().validate(response.get_json()) == {}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=200),
       content_type=st.sampled_from(["application/json", "application/problem+json",
                                     "text/plain", "application/json; charset=latin-1"]))
def test_no_bytes_break_the_service(client, body, content_type):
    response = client.post("/tag", data=body, content_type=content_type)
    assert response.status_code in (200, 400, 413, 415, 422)
    assert ErrorSchema().validate(response.get_json()) == {} or response.status_code == 200


# --- request ids and logs --------------------------------------------------------------------


def test_a_request_id_is_echoed(client):
    for response in (tag(client, {"text": "a"}, **{"X-Request-ID": "abc-123"}),
                     client.get("/healthz", headers={"X-Request-ID": "abc-123"}),
                     client.get("/nowhere", headers={"X-Request-ID": "abc-123"})):
        assert response.headers["X-Request-ID"] == "abc-123"


def test_a_request_id_is_made_when_missing_or_unusable(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert first and second and first != second
    odd = client.get("/healthz", headers={"X-Request-ID": "x" * 500}).headers["X-Request-ID"]
    assert odd and odd != "x" * 500


# --- the other routes ------------------------------------------------------------------------


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_the_token_cache_is_sized_by_its_setting(make_app):
    client = make_app(token_cache_size=2).test_client()
    assert client.post("/tag", json={"text": "Ann met Bob in Rome"}).status_code == 200
    tagger = client.application.extensions["ner"].tagging.tagger
    assert tagger.token_cache_size == 2 and len(tagger._cache) == 2


def test_readyz_reports_the_model_and_the_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.get_json()
    assert ReadySchema().validate(body) == {}
    assert body["status"] == "ready"
    assert body["cache"] == {"backend": "local", "available": True}


def test_model_card(client, bundled_model):
    card = client.get("/model").get_json()
    assert ModelCardSchema().validate(card) == {}
    model = bundled_model
    assert card["checksum"] == model.checksum and card["checksum"].startswith("sha256:")
    assert card["name"] == model.name and card["version"] == model.version
    assert {"O", "B-PER", "I-PER", "B-LOC", "B-ORG", "B-MISC"} <= set(card["labels"])
    assert card["vocab_size"] > 0
    assert card["architecture"] and "overall" in card["validation"]
    assert set(card["validation_documents"]) == set(JOINS)


def test_metrics_count_requests_tokens_and_cache(client):
    tag(client, {"tokens": TOKENS})
    tag(client, {"tokens": TOKENS})
    client.get("/nowhere")
    samples = metric_samples(client)
    assert samples[("ner_http_requests_total",
                    (("method", "POST"), ("route", "/tag"), ("status", "200")))] == 2
    assert samples[("ner_http_requests_total",
                    (("method", "GET"), ("route", "unmatched"), ("status", "404")))] == 1
    assert samples[("ner_http_request_duration_seconds_count", (("route", "/tag"),))] == 2
    assert samples[("ner_tokens_tagged_total", (("source", "model"),))] == len(TOKENS)
    assert samples[("ner_tokens_tagged_total", (("source", "cache"),))] == len(TOKENS)
    assert samples[("ner_cache_misses_total", ())] == 1
    assert samples[("ner_cache_hits_total", ())] == 1
    assert samples[("ner_cache_errors_total", ())] == 0


# --- OpenAPI and docs --------------------------------------------------------------------------


def test_openapi_document_comes_from_the_schemas(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/tag", "/healthz", "/readyz", "/model", "/metrics", "/openapi.json", "/docs"} <= set(spec["paths"])
    operation = spec["paths"]["/tag"]["post"]
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request_schema = spec["components"]["schemas"][request_ref.split("/")[-1]]
    assert [form["required"] for form in request_schema["oneOf"]] == [
        ["text"], ["tokens"], ["sentences"]]
    token_rule = request_schema["oneOf"][1]["properties"]["tokens"]["items"]["pattern"]
    assert token_rule.startswith("^[^") and token_rule.endswith("]+$")
    for form in request_schema["oneOf"]:  # the options go with every form
        assert {"labels", "min_score", "offsets", "include_tokens"} <= set(form["properties"])
        assert form["properties"]["offsets"]["enum"] == ["codepoint", "utf16"]
        assert form["properties"]["min_score"]["minimum"] == 0
        assert form["properties"]["min_score"]["maximum"] == 1
    assert {"200", "400", "413", "415", "422"} <= set(operation["responses"])
    for ref in json.dumps(spec).split('"$ref": "')[1:]:
        assert ref.split('"')[0].split("/")[-1] in spec["components"]["schemas"]


def test_openapi_examples_are_accepted(client):
    spec = client.get("/openapi.json").get_json()
    for form in spec["components"]["schemas"]["Sentence"]["oneOf"]:
        field = form["title"]
        response = tag(client, {field: form["properties"][field]["example"]})
        assert response.status_code == 200
        assert TagResponseSchema().validate(response.get_json()) == {}


def test_docs_page_is_self_contained_html(client):
    response = client.get("/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for expected in ("/tag", "TagRequest", "X-Cache", "openapi.json", "token_end"):
        assert expected in page
    assert "<script" not in page and "src=" not in page and "https://" not in page
