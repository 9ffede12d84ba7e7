"""The NER HTTP service: ``create_app()`` builds the Flask app."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from typing import TYPE_CHECKING

from flask import Flask

from service.config import Config

if TYPE_CHECKING:  # imported for real inside create_app, after gunicorn set the environment
    from service.metrics import Metrics
    from service.tagging import TaggingService

log = logging.getLogger("service")


@dataclass
class AppState:
    """What the routes share, kept in ``app.extensions["ner"]``."""

    config: Config
    metrics: "Metrics"
    tagging: "TaggingService"
    openapi: dict


def create_app(config: Config | None = None) -> Flask:
    """Build the app and load the model (once, here: gunicorn preloads it before forking)."""
    # Imported here, not at the top: deploy/gunicorn.conf.py imports service.config
    # and must get to set up the environment (BLAS threads, metrics directory)
    # before numpy and prometheus_client are first imported.
    from model import Tagger
    from service import docs, ops, pages, tagging
    from service.cache import create_cache
    from service.metrics import Metrics
    from service.errors import register_error_handlers
    from service.logs import configure_logging, register_request_logging

    config = config or Config.from_env()
    configure_logging(config.log_level)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes

    tagger = Tagger.load(config.model_dir)
    metrics = Metrics(config.prometheus_multiproc_dir)

    def count_cache_error(error: Exception) -> None:
        metrics.cache_errors.inc()
        log.warning("cache error; answering from the model",
                    extra={"fields": {"error": f"{type(error).__name__}: {error}"}})

    cache = create_cache(config, on_error=count_cache_error)
    app.extensions["ner"] = AppState(
        config=config,
        metrics=metrics,
        tagging=tagging.TaggingService(tagger, cache, metrics, config),
        openapi=docs.build_openapi(config),
    )

    register_request_logging(app)
    register_error_handlers(app)
    app.register_blueprint(tagging.bp)
    app.register_blueprint(ops.bp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(pages.bp)

    log.info("service ready", extra={"fields": {
        "model": tagger.name, "version": tagger.version, "checksum": tagger.checksum,
        "cache": cache.backend,
    }})
    return app
