"""The real thing: `ner-serve` (gunicorn with deploy/gunicorn.conf.py) on the bundled model,
two worker processes, a private Redis, talked to over HTTP."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from model import Tagger
from service_checks import http, serving, wait_until

pytestmark = pytest.mark.e2e  # starts gunicorn: left out of `make test-fast`

TEXT = "Harry Potter visited London with Hermione Granger on Monday."


@pytest.fixture
def server(tmp_path, redis_server):
    # A short drain: the test stops the server with SIGTERM, and waits for it.
    with serving(tmp_path, WORKERS="2", THREADS="2", REDIS_URL=redis_server.url,
                 LOG_LEVEL="INFO", DRAIN_SECONDS="1") as running:
        yield running


def process_status(pid) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def worker_cpus(master_pid: int) -> dict[int, str]:
    """Each worker's pid and the CPUs it may run on (/proc's Cpus_allowed_list)."""
    cpus = {}
    for entry in Path("/proc").iterdir():
        try:
            status = process_status(entry.name)
        except (OSError, ValueError):
            continue
        if status.get("PPid", "").strip() == str(master_pid):
            cpus[int(entry.name)] = status["Cpus_allowed_list"].strip()
    return cpus


@pytest.mark.parametrize("pin", ["on", "off"])
def test_workers_are_pinned_to_cpus_of_their_own_when_asked(tmp_path, pin):
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < 2:
        pytest.skip("needs two CPUs")  # CI machines have two
    with serving(tmp_path, WORKERS="2", PIN_WORKERS=pin) as running:
        wait_until(lambda: len(worker_cpus(running["process"].pid)) == 2, timeout=30,
                   interval=0.1, what="two workers")
        cpus = sorted(worker_cpus(running["process"].pid).values())
    if pin == "on":
        assert cpus == [str(allowed[0]), str(allowed[1])]
        assert "pinned to CPU" in running["stdout"].read_text() + running["stderr"].read_text()
    else:
        assert cpus == [process_status("self")["Cpus_allowed_list"].strip()] * 2


def json_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_gunicorn_serves_the_bundled_model(server):
    base = server["base"]

    status, headers, body = http(base, "/tag", {"text": TEXT},
                                 headers={"X-Request-ID": "e2e-1", "User-Agent": "e2e-test/1"})
    assert status == 200, body
    assert headers["X-Cache"] == "MISS" and headers["X-Request-ID"] == "e2e-1"
    answer = json.loads(body)
    model = Tagger.load()
    assert answer["model"] == {"name": model.name, "version": model.version}
    expected = model.tag([[t["text"] for t in answer["tokens"]]])[0]
    assert [t["tag"] for t in answer["tokens"]] == expected["tags"]
    for item in answer["tokens"] + answer["entities"]:
        assert TEXT[item["start"]:item["end"]] == item["text"]

    status, headers, again = http(base, "/tag", {"text": TEXT})
    assert (status, headers["X-Cache"], again) == (200, "HIT", body)
    first_answer = body

    batch = {"sentences": [{"text": TEXT}, {"tokens": ["Oslo", "rejects", "the", "offer"]}]}
    status, headers, body = http(base, "/tag", batch)
    assert status == 200 and headers["X-Cache"] == "PARTIAL"
    assert len(json.loads(body)["results"]) == 2

    status, _, body = http(base, "/tag", data=b"{oops", headers={"Content-Type": "application/json"})
    assert status == 400 and json.loads(body)["error"]["code"] == "malformed_json"
    status, _, body = http(base, "/nowhere")
    assert status == 404 and json.loads(body)["error"]["code"] == "not_found"
    status, _, body = http(base, "/model")
    assert status == 200 and json.loads(body)["checksum"] == model.checksum
    assert http(base, "/docs")[0] == 200 and http(base, "/openapi.json")[0] == 200

    # Requests spread over both workers; every scrape, whichever worker answers it,
    # counts all of them (prometheus_client's multiprocess mode).
    for _ in range(20):
        assert http(base, "/healthz")[0] == 200
    for _ in range(4):
        status, _, text = http(base, "/metrics")
        assert status == 200
        samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
                   for family in text_string_to_metric_families(text.decode())
                   for s in family.samples}
        assert samples[("ner_http_requests_total",
                        (("method", "GET"), ("route", "/healthz"), ("status", "200")))] == 20
        assert samples[("ner_http_requests_total",
                        (("method", "POST"), ("route", "/tag"), ("status", "200")))] == 3
        assert samples[("ner_cache_hits_total", ())] == 2

    # The same body again and again: once a worker has answered it, it replays it from its
    # response memo, so at most one of these (the first to reach the other worker) is not a
    # memo hit; the count covers both workers.
    for _ in range(6):
        status, headers, again = http(base, "/tag", {"text": TEXT})
        assert (status, headers["X-Cache"], again) == (200, "HIT", first_answer)
    status, _, text = http(base, "/metrics")
    memo_hits = next(s.value for family in text_string_to_metric_families(text.decode())
                     for s in family.samples if s.name == "ner_response_memo_hits_total")
    assert memo_hits >= 5

    status, _, health = http(base, "/healthz?probe=e2e", headers={"X-Request-ID": "e2e-2"})
    assert status == 200

    # SIGTERM (what a container runtime sends): a graceful stop.
    server["process"].send_signal(signal.SIGTERM)
    assert server["process"].wait(timeout=60) == 0

    # Logs: one JSON object a line, on stderr. A request gets one line, the app's; gunicorn's
    # access log is off by default, so nothing at all goes to stdout.
    stderr = json_lines(server["stderr"])
    [first] = [line for line in stderr if line.get("request_id") == "e2e-1"]
    assert first.pop("latency_ms") >= 0
    assert {key: first[key] for key in first if key not in ("time", "request_id")} == {
        "level": "INFO", "logger": "service.requests", "message": "request",
        "remote_addr": "127.0.0.1", "method": "POST", "route": "/tag", "path": "/tag",
        "query": "", "status": 200, "bytes": len(first_answer), "user_agent": "e2e-test/1"}
    [health_line] = [line for line in stderr if line.get("request_id") == "e2e-2"]
    assert (health_line["route"], health_line["path"], health_line["query"]) == (
        "/healthz", "/healthz", "probe=e2e")
    assert health_line["bytes"] == len(health)
    # One line each, no more: the 20 /healthz of the metrics check and the one just above.
    assert sum(line.get("route") == "/healthz" for line in stderr) == 21
    worker_pids = {line["message"].split("pid: ")[1].rstrip(")")
                   for line in stderr if "Booting worker" in line["message"]}
    assert len(worker_pids) == 2
    assert server["stdout"].read_text() == ""


def test_gunicorns_access_log_when_asked_for(tmp_path):
    # ACCESS_LOG=-: gunicorn's own access line on stdout, as JSON, beside the app's line.
    with serving(tmp_path, WORKERS="1", ACCESS_LOG="-", LOG_LEVEL="INFO") as running:
        status, _, body = http(running["base"], "/healthz?probe=1",
                               headers={"X-Request-ID": "e2e-access", "User-Agent": "e2e-test/1"})
        assert status == 200
        running["process"].send_signal(signal.SIGTERM)
        assert running["process"].wait(timeout=60) == 0
    [access] = [line for line in json_lines(running["stdout"])
                if line.get("request_id") == "e2e-access"]
    assert access.pop("duration_ms") >= 0
    assert {key: access[key] for key in access if key != "time"} == {
        "level": "INFO", "logger": "gunicorn.access", "message": "access",
        "remote_addr": "127.0.0.1", "method": "GET", "path": "/healthz", "query": "probe=1",
        "protocol": "HTTP/1.1", "status": 200, "bytes": len(body), "request_id": "e2e-access",
        "user_agent": "e2e-test/1"}
    assert [line["logger"] for line in json_lines(running["stderr"])
            if line.get("request_id") == "e2e-access"] == ["service.requests"]
