"""Prometheus metrics of one app, exposed at GET /metrics.

Each app gets its own registry, so tests can build apps side by side. Under
gunicorn with several workers, deploy/gunicorn.conf.py sets
PROMETHEUS_MULTIPROC_DIR: every worker then writes its samples there and
/metrics adds up all workers' files, whichever worker answers the scrape.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess

# Tagging a sentence takes from under a millisecond (cache hit) to a second
# (a big batch on a busy machine).
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self, multiproc_dir: str | None = None):
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ner_http_requests", "HTTP requests answered, by route, method and status.",
            ["route", "method", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "ner_http_request_duration_seconds", "Time to answer an HTTP request, by route.",
            ["route"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        tokens_tagged = Counter(
            "ner_tokens_tagged", "Tokens answered by POST /tag, by source: model or cache.",
            ["source"], registry=self.registry,
        )
        self.tokens_tagged_by_model = tokens_tagged.labels("model")
        self.tokens_tagged_from_cache = tokens_tagged.labels("cache")
        self.cache_hits = Counter(
            "ner_cache_hits", "Sentences answered from the cache.", registry=self.registry,
        )
        self.cache_misses = Counter(
            "ner_cache_misses", "Sentences not found in the cache.", registry=self.registry,
        )
        self.memo_hits = Counter(
            "ner_response_memo_hits",
            "POST /tag requests answered from the response memo (their sentences also count "
            "as cache hits).", registry=self.registry,
        )
        self.cache_errors = Counter(
            "ner_cache_errors", "Cache failures: backend unreachable, timed out, or garbage.",
            registry=self.registry,
        )
        if multiproc_dir:
            # The samples live in files shared by all workers; read them all per scrape.
            self._exposed = CollectorRegistry()
            multiprocess.MultiProcessCollector(self._exposed, path=multiproc_dir)
        else:
            self._exposed = self.registry

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self._exposed)
