"""The API contract: /openapi.json is a valid OpenAPI 3 document that says exactly what the
service accepts and answers. openapi-spec-validator checks the document; Schemathesis
fuzzes the live app from it and checks every answer against it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate as validate_openapi
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
    unsupported_method,
    status_code_conformance,
)

from service import create_app
from service.config import Config
from service.schemas import TOKEN_PATTERN


@pytest.fixture(scope="session")
def document(bundled_app) -> dict:
    return bundled_app.test_client().get("/openapi.json").get_json()


def test_the_document_is_valid_openapi_3(document):
    assert document["openapi"].startswith("3.")
    validate_openapi(document)  # raises, naming the first error


def test_the_request_forms_are_a_one_of_with_the_configured_limits(make_app):
    app = make_app(max_document_chars=123, max_tokens_per_request=7, max_sentences_per_batch=5)
    schemas = app.test_client().get("/openapi.json").get_json()["components"]["schemas"]
    forms = {form["title"]: form for form in schemas["TagRequest"]["oneOf"]}
    assert set(forms) == {"text", "tokens", "sentences"}
    for name, form in forms.items():
        assert form["required"] == [name] and form["additionalProperties"] is False
        assert not {"text", "tokens", "sentences"} - {name} & set(form["properties"])
    assert forms["text"]["properties"]["text"]["maxLength"] == 123
    assert forms["tokens"]["properties"]["tokens"]["maxItems"] == 7
    assert "maxLength" not in forms["tokens"]["properties"]["tokens"]["items"]  # no limit
    assert forms["sentences"]["properties"]["sentences"]["maxItems"] == 5
    assert forms["sentences"]["properties"]["sentences"]["minItems"] == 1
    assert [form["title"] for form in schemas["Sentence"]["oneOf"]] == ["text", "tokens"]


def test_the_token_pattern_means_what_pythons_no_whitespace_means():
    # The service's rule was \S+\Z: a token is a non-empty run of non-whitespace.
    checks = re.compile(TOKEN_PATTERN)
    for code in range(0x110000):
        char = chr(code)
        assert bool(checks.fullmatch(char)) is not char.isspace(), hex(code)
    # Only literal characters and ranges in one class: no escape whose meaning differs
    # between Python and ECMA-262 (\s, \S, \w, \d, \b, \Z).
    assert re.fullmatch(r"\^\[\^[^\\\[\]]+\]\+\$", TOKEN_PATTERN)


def test_a_json_schema_engine_reads_the_token_pattern_as_python_does():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node (Debian: nodejs) runs the ECMA-262 check of the token pattern")
    script = ("const p = new RegExp(process.argv[1]); const out = [];"
              "for (let c = 0; c < 0x10000; c++) { if (!p.test(String.fromCharCode(c))) out.push(c); }"
              "console.log(JSON.stringify(out))")
    rejected = subprocess.run([node, "-e", script, TOKEN_PATTERN], capture_output=True,
                              text=True, check=True).stdout
    assert eval(rejected) == [code for code in range(0x10000) if chr(code).isspace()]


@pytest.mark.parametrize("token", ["Harry\n", "Harry ", " ", "", "a\u2028b", "a\x1cb"])
def test_a_token_with_whitespace_is_refused(bundled_client, token):
    response = bundled_client.post("/tag", json={"tokens": [token]})
    assert response.status_code == 422, token


@pytest.mark.parametrize("token", ["Harry", "a\ufeffb", "\u200b"])
def test_a_token_without_whitespace_is_accepted(bundled_client, token):
    assert bundled_client.post("/tag", json={"tokens": [token]}).status_code == 200


# --- Schemathesis over the live app -----------------------------------------------------------


# A request the document calls invalid must be refused with one of our 4xx: 413 is how the
# service refuses a field over its maxLength/maxItems. A request it calls valid is answered,
# or over a limit JSON Schema cannot state (see below): 413.
REFUSALS = ["400", "401", "404", "405", "413", "415", "422", "429"]
EXPECTED_STATUSES = {"checks": {
    "negative_data_rejection": {"expected-statuses": REFUSALS},
    "positive_data_acceptance": {"expected-statuses": ["2xx", "413"]}}}


# The document as each app serves it; Schemathesis makes one test per operation of it (so
# the apps are built at import) and sends every case to that app.
def served_schema(config: Config):
    return schemathesis.openapi.from_wsgi("/openapi.json", create_app(config),
                                          config=SchemathesisConfig.from_dict(EXPECTED_STATUSES))


schema = served_schema(Config(log_level="WARNING"))

# The limits no schema can state: on how many tokens a text splits into, on the tokens of
# all a batch's items together, and on the body's size in bytes.
UNSTATED_LIMITS = {"too_many_tokens_in_request", "payload_too_large"}


def over_a_limit_the_schema_cannot_state(ctx, response, case):
    """A valid request refused with 413 must be over one of UNSTATED_LIMITS."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code == 413:
        error = response.json()["error"]
        field = error["details"].get("field", "")
        assert error["code"] in UNSTATED_LIMITS, error
        assert (error["code"] == "payload_too_large" or field.endswith("text")
                or (error["code"] == "too_many_tokens_in_request" and field == "sentences")), error
    return True


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance,
          positive_data_acceptance, negative_data_rejection,
          over_a_limit_the_schema_cannot_state, unsupported_method]


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_contract(case):
    case.call_and_validate(checks=CHECKS)


# The same over an app with API keys and a rate limit: the document then states the keys
# (401) and the limit (429), and ignored_auth checks that a request without the key is refused.
KEY = "contract-test-key"
guarded_schema = served_schema(
    Config(api_keys=(KEY,), rate_limit="1000/second", log_level="WARNING"))


@guarded_schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_with_keys_keeps_its_contract(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"},
                           checks=CHECKS + [ignored_auth])
