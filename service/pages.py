"""The pages for people: the demo at GET / and the model card as a page (GET /model when a
browser asks for HTML), with its learning-curves image.

Plain HTML, CSS and JavaScript shipped in the package (templates/, static/): no CDN, since
our users' machines are often offline or locked down, and no build step. The demo calls
POST /tag like any other client.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request
from markupsafe import Markup

from model import DEFAULT_MODEL_DIR, artifact, curves
from model.document_eval import JOIN_TITLES
from model.evaluate import VALIDATION_KEYS
from service import app_state

bp = Blueprint("pages", __name__)

# Scripts, styles and images only from our own files: nothing inline, nothing from elsewhere,
# so text a user pastes can never run even if a bug inserted it as HTML.
CONTENT_SECURITY_POLICY = ("default-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'none'; frame-ancestors 'none'")

# One click to try the service. Written for this page (never taken from the training data);
# the lower-cased one shows what a model trained on cased news does without capitals.
EXAMPLES = (
    ("News", "Angela Merkel met Emmanuel Macron in Paris on Tuesday to discuss the future of "
             "the European Union.\nLater that week, Merkel travelled to Washington, where she "
             "spoke with officials from the World Bank and the International Monetary Fund."),
    ("Business", "Apple opened a new office in Berlin, said Tim Cook, who also praised "
                 "Siemens and Deutsche Bahn for their work on the project."),
    ("Sport", "Manchester United beat Chelsea 2-1 at Old Trafford on Saturday, with Marcus "
              "Rashford scoring twice before the Premier League break."),
    ("Lower case", "angela merkel met emmanuel macron in paris to talk about the european "
                   "union and the world bank."),
    ("With emoji", "🎉🎉 Maria Santos flew from Lisbon to Berlin 🚀 to meet the Google team."),
    ("E-mail", "Hi Sarah,\n\nThanks for the notes from Monday. I spoke to Angela Merkel's office "
               "in Berlin\nand they will send the draft to the European Commission by Friday."
               "\n\n> Can you check the numbers with Siemens before then?\n\nBest regards,\n"
               "Michael Chen | Northwind Capital"),
    ("Web page", "<p>Procter &amp; Gamble shares rose in <b>New York</b> after the "
                 "company&#8217;s report, said Jane Fraser of <a href=\"/gs\">Goldman Sachs</a>."
                 "</p>"),
)

# What the CoNLL-2003 types mean, for the demo's filter; another model's types show bare.
TYPE_NAMES = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other name"}

# How the card page names each casing of the validation text (model.evaluate.CASES), and
# where model.json keeps its scores.
CASES = (("cased", "as written"), ("lower", "lower-cased"), ("upper", "upper-cased"),
         ("headline", "headline case"))
SCORES_KEY = {name: VALIDATION_KEYS[case] for name, case in (
    ("cased", "cased"), ("lower", "lowercased"), ("upper", "uppercased"), ("headline", "headline"))}


@dataclass(frozen=True)
class ModelFiles:
    """What the card page shows beyond model.json: the training history and its curves."""

    history: dict | None
    curves_svg: str | None

    @classmethod
    def load(cls, model_dir: str | Path | None) -> "ModelFiles":
        model_dir = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
        history_file = model_dir / curves.HISTORY
        if not history_file.exists():  # a model published without its history
            return cls(None, None)
        history = json.loads(history_file.read_text())
        # The image is made when the card is made; a model published before that gets it
        # drawn here, once, when the app loads.
        svg_file = model_dir / curves.CURVES
        svg = svg_file.read_text() if svg_file.exists() else curves.render(history)
        return cls(history, svg)


@bp.app_template_filter("backticks")
def _backticks(text: str) -> Markup:
    """`name` in the card's plain-text strings as <code>name</code>, the rest escaped."""
    parts = str(text).split("`")
    return Markup("").join(Markup("<code>{}</code>").format(part) if index % 2 else part
                           for index, part in enumerate(parts))


def prefers_html() -> bool:
    """Whether the client would rather have HTML than JSON (a browser does; curl and API
    clients, which send */* or application/json or nothing, get JSON)."""
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def _page(template: str, **context) -> Response:
    response = Response(render_template(template, **context), mimetype="text/html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _entity_types(labels: list[str]) -> list[str]:
    """PER, LOC, ... from the BIO tags B-PER, I-LOC, ... (O is no type)."""
    return sorted({label.split("-", 1)[1] for label in labels if "-" in label})


@bp.get("/")
def demo():
    state = app_state()
    tagger = state.tagging.tagger
    return _page("demo.html", model=state.tagging.model_ref, examples=EXAMPLES,
                 entity_types=_entity_types(tagger.labels), type_names=TYPE_NAMES,
                 max_document_chars=state.config.max_document_chars)


def _scores_by_case(meta: dict) -> dict[str, dict | None]:
    """Validation scores for each casing; None where the model has none (models trained
    before scores per casing existed have only the cased ones)."""
    return {case: meta.get(SCORES_KEY[case]) for case, _ in CASES}


def model_card() -> Response:
    """GET /model for a browser: the card as a page (service.ops answers JSON clients)."""
    state = app_state()
    tagger, files = state.tagging.tagger, state.model_files
    scores = _scores_by_case(tagger.meta)
    types = sorted({t for s in scores.values() if s for t in s.get("per_type", {})})
    response = _page(
        "model.html", card={**tagger.meta, **tagger.info}, cases=CASES, scores=scores,
        types=types, rule_texts=artifact.describe_rules(tagger.meta), join_titles=JOIN_TITLES,
        history=files.history, has_curves=files.curves_svg is not None,
        curves_description=curves.describe(files.history) if files.history else None,
    )
    response.vary.add("Accept")
    return response


@bp.get("/model/learning-curves.svg")
def learning_curves():
    svg = app_state().model_files.curves_svg
    if svg is None:
        abort(404, "This model was published without its training history.")
    # Opened on its own, the image is a document: it may load and run nothing.
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Content-Security-Policy": "default-src 'none'"})
