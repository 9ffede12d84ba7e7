"""The pages for people (service/pages.py) through Flask's test client: what is served, with
which headers, and what the model card page says. tests/browser/ runs them in Chromium."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser

import pytest

from model import DEFAULT_MODEL_DIR, curves
from model.document_eval import JOINS
from service import create_app
from service.config import Config

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def pages_client():
    """The app on the bundled model: the pages as a user first sees them."""
    return create_app(Config(log_level="WARNING")).test_client()


@pytest.fixture
def model_copy(tmp_path):
    """A copy of the bundled model to change (its card, its history) before loading it."""
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    return folder


def client_on(model_dir):
    return create_app(Config(model_dir=str(model_dir), log_level="WARNING")).test_client()


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, as (tag, {name: value})."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("path, headers", [("/", {}), ("/model", {"Accept": BROWSER_ACCEPT})])
def test_pages_load_only_their_own_files_and_run_nothing_inline(pages_client, path, headers):
    response = pages_client.get(path, headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    tags = Elements(response.get_data(as_text=True)).tags
    for tag, attributes in tags:
        assert not any(name.startswith("on") or name == "style" for name in attributes), tag
        if tag == "script":
            assert attributes.get("src"), "inline script"
    assert "style" not in {tag for tag, _ in tags}
    # Every file the page loads is served, from the package.
    loaded = [a.get("src") or a.get("href") for tag, a in tags
              if tag in {"script", "img"} or (tag == "link" and a.get("rel") == "stylesheet")]
    assert loaded
    for url in loaded:
        assert not url.startswith(("http:", "https:", "//")), url  # no CDN
        assert pages_client.get("/" + url.removeprefix("./")).status_code == 200, url


def test_the_demo_offers_the_models_types_and_the_configured_limit(model_copy):
    html = create_app(Config(model_dir=str(model_copy), max_document_chars=1234,
                             log_level="WARNING")).test_client().get("/").get_data(as_text=True)
    checkboxes = [a["value"] for tag, a in Elements(html).tags
                  if tag == "input" and a.get("name") == "label"]
    assert checkboxes == ["LOC", "MISC", "ORG", "PER"]
    assert 'data-max-chars="1234"' in html and "0 of 1,234 characters" in html


def test_the_demo_links_the_model_card_and_the_api_reference(pages_client):
    links = {a.get("href") for tag, a in Elements(pages_client.get("/").get_data(as_text=True)).tags
             if tag == "a"}
    assert {"./", "./model", "./docs"} <= links
    docs_links = {a.get("href") for tag, a in
                  Elements(pages_client.get("/docs").get_data(as_text=True)).tags if tag == "a"}
    assert {"./", "model"} <= docs_links


@pytest.mark.parametrize("accept, expected", [
    (BROWSER_ACCEPT, "text/html"),
    ("text/html", "text/html"),
    (None, "application/json"),                          # no Accept header at all
    ("*/*", "application/json"),                         # curl's default
    ("application/json", "application/json"),
    ("application/json, text/html", "application/json"),  # equal preference: JSON
    ("text/html;q=0.5, application/json", "application/json"),
    ("image/png", "application/json"),                   # neither: the API's own format
])
def test_get_model_answers_html_only_to_clients_that_prefer_it(pages_client, accept, expected):
    response = pages_client.get("/model", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == expected
    assert "Accept" in response.vary  # a cache must keep the two apart
    if expected == "application/json":
        assert response.get_json()["name"] == json.loads(
            (DEFAULT_MODEL_DIR / "model.json").read_text())["name"]


def card_page(client) -> str:
    return client.get("/model", headers={"Accept": "text/html"}).get_data(as_text=True)


def test_the_card_shows_cased_scores_and_says_which_casings_were_not_measured(pages_client):
    meta = json.loads((DEFAULT_MODEL_DIR / "model.json").read_text())
    html = card_page(pages_client)
    for kind, scores in meta["validation"]["per_type"].items():
        assert f'<th scope="row">{kind}</th>' in html
        assert f'<td class="number" data-case="cased">{scores["f1"]:.3f}</td>' in html
    if "validation_lowercased" not in meta:
        rows = len(meta["validation"]["per_type"]) + 1  # the types and overall
        assert html.count('data-case="lower">not measured') == rows


def test_the_card_names_the_models_decoding_rules(pages_client):
    html = card_page(pages_client)
    assert "<dt>Decoding rule</dt><dd>web and e-mail addresses" in html


def test_the_bundled_models_card_shows_its_licences_and_speed(pages_client):
    meta = json.loads((DEFAULT_MODEL_DIR / "model.json").read_text())
    html = card_page(pages_client)
    assert "not recorded in this model's card" not in html
    assert "not measured in this model's card" not in html
    assert "research use only" in html and "PDDL 1.0" in html and "CC BY 4.0" in html
    assert f"<dd>{meta['speed']['single_sentence_tokens_per_second']}</dd>" in html


def test_the_bundled_models_card_shows_its_scores_on_whole_documents(pages_client):
    documents = json.loads((DEFAULT_MODEL_DIR / "model.json").read_text())["validation_documents"]
    html = card_page(pages_client)
    table = html[html.index('<table id="document-scores">'):]
    assert set(documents) == set(JOINS)
    for join in JOINS:
        assert f'<td class="number">{documents[join]["f1"]:.3f}</td>' in table


def test_the_card_shows_every_casing_speed_and_licence_when_the_model_has_them(model_copy):
    meta = json.loads((model_copy / "model.json").read_text())
    cased = meta["validation"]

    def scaled(factor):
        return {"overall": {**cased["overall"], "f1": cased["overall"]["f1"] * factor},
                "per_type": {kind: {**scores, "f1": scores["f1"] * factor}
                             for kind, scores in cased["per_type"].items()}}

    meta["validation_lowercased"], meta["validation_uppercased"] = scaled(0.5), scaled(0.25)
    meta["validation_headline"] = scaled(0.125)
    meta["licence"] = "Research use only <b>(test)</b>"
    meta["speed"] = {"tokens_per_second": 123456, "machine": "a test machine"}
    (model_copy / "model.json").write_text(json.dumps(meta))
    html = card_page(client_on(model_copy))
    per = cased["per_type"]["PER"]["f1"]
    assert f'data-case="lower">{per * 0.5:.3f}' in html
    assert f'data-case="upper">{per * 0.25:.3f}' in html
    assert f'data-case="headline">{per * 0.125:.3f}' in html
    assert "not measured" not in html
    assert "Research use only &lt;b&gt;(test)&lt;/b&gt;" in html  # text, never markup
    assert "123456" in html and "a test machine" in html


def test_the_learning_curves_are_the_published_image(pages_client):
    response = pages_client.get("/model/learning-curves.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True) == (DEFAULT_MODEL_DIR / curves.CURVES).read_text()
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"


def test_a_model_without_the_image_gets_it_drawn_from_its_history(model_copy):
    (model_copy / curves.CURVES).unlink()
    history = json.loads((model_copy / curves.HISTORY).read_text())
    client = client_on(model_copy)
    svg = client.get("/model/learning-curves.svg").get_data(as_text=True)
    assert svg == curves.render(history)
    assert 'src="./model/learning-curves.svg"' in card_page(client)


def test_a_model_without_a_history_has_a_card_without_curves(model_copy):
    (model_copy / curves.CURVES).unlink()
    (model_copy / curves.HISTORY).unlink()
    client = client_on(model_copy)
    response = client.get("/model/learning-curves.svg")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    html = card_page(client)
    assert "published without its training history" in html
    assert "learning-curves.svg" not in html


def test_the_api_description_lists_the_pages(pages_client):
    paths = pages_client.get("/openapi.json").get_json()["paths"]
    assert "text/html" in paths["/"]["get"]["responses"]["200"]["content"]
    curves_answer = paths["/model/learning-curves.svg"]["get"]["responses"]["200"]
    assert "image/svg+xml" in curves_answer["content"]
