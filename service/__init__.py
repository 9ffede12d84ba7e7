"""The NER HTTP service: ``create_app()`` builds the Flask app.

Routes, one blueprint per area, each view a few lines over the objects below:
    tagging.py          POST /tag
    ops.py              /healthz, /readyz, /model, /metrics
    docs.py             /openapi.json and /docs (the document built from schemas.py)
The work behind POST /tag:
    tagging_service.py  TaggingService: memo, validation, limits, cache or model, metrics
    schemas.py          the request and response schemas; parsing a request body
    limits.py           the request limits (413)
    answers.py          the answer's JSON, written per sentence, with the request's options
    cache.py            the sentence cache and its backends, Redis or in-process
    memo.py             the response memo: whole answers by request body, per worker
Around them: access.py (API keys and rate limits), config.py (every setting, from the
environment), errors.py (one error format), responses.py (JSON encoding), metrics.py, logs.py, cli.py (``ner-serve``) and
wsgi.py (what gunicorn serves).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from typing import TYPE_CHECKING

from flask import Flask, current_app

from service.config import Config

if TYPE_CHECKING:  # imported for real inside create_app, after gunicorn set the environment
    from service.metrics import Metrics
    from service.pages import ModelFiles
    from service.tagging_service import TaggingService

log = logging.getLogger("service")


@dataclass
class AppState:
    """What the routes share, kept in ``app.extensions["ner"]``."""

    config: Config
    metrics: "Metrics"
    tagging: "TaggingService"
    openapi: dict
    model_files: "ModelFiles"  # the card page's training history and learning curves

    def model_card(self) -> dict:
        return self.tagging.tagger.info

    def readiness(self) -> dict:
        # The model is loaded when the app exists. The cache is reported but not
        # required: without it every request is still answered by the model.
        return {"status": "ready", "model": self.tagging.model_ref,
                "cache": self.tagging.cache.status()}


def app_state() -> AppState:
    """The state of the app handling the current request."""
    return current_app.extensions["ner"]


def create_app(config: Config | None = None) -> Flask:
    """Build the app and load the model (once, here: gunicorn preloads it before forking)."""
    # Imported here, not at the top: deploy/gunicorn.conf.py imports service.config
    # and must get to set up the environment (BLAS threads, metrics directory)
    # before numpy and prometheus_client are first imported.
    from model import Tagger
    from service import docs, ops, pages, tagging
    from service.access import register_access_control
    from service.cache import SentenceCache, create_cache
    from service.errors import register_error_handlers
    from service.logs import configure_logging, register_request_logging
    from service.metrics import Metrics
    from service.tagging_service import TaggingService

    config = config or Config.from_env()
    configure_logging(config.log_level)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes

    tagger = Tagger.load(config.model_dir, token_cache_size=config.token_cache_size)
    metrics = Metrics(config.prometheus_multiproc_dir)

    def count_cache_error(error: Exception) -> None:
        metrics.cache_errors.inc()
        log.warning("cache error; answering from the model",
                    extra={"fields": {"error": f"{type(error).__name__}: {error}"}})

    cache = create_cache(config, on_error=count_cache_error)
    # A value read back unsound is counted, not logged: it is data, not an outage.
    sentence_cache = SentenceCache(cache, tagger.checksum, on_unsound=metrics.cache_errors.inc)
    tagging_service = TaggingService(tagger, sentence_cache, metrics, config)
    app.extensions["ner"] = AppState(
        config=config,
        metrics=metrics,
        tagging=tagging_service,
        openapi=docs.build_openapi(config, sorted(tagging_service.entity_types)),
        model_files=pages.ModelFiles.load(config.model_dir),
    )

    register_request_logging(app)
    register_error_handlers(app)
    register_access_control(app, config)
    app.register_blueprint(tagging.bp)
    app.register_blueprint(ops.bp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(pages.bp)

    log.info("service ready", extra={"fields": {
        "model": tagger.name, "version": tagger.version, "checksum": tagger.checksum,
        "cache": cache.backend,
    }})
    return app
