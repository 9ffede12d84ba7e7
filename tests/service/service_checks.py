"""Small tools the service tests share: checks of answers and metrics, a free port, polling.

Plain functions, imported by name; the fixtures are in conftest.py beside this file.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.schemas import ErrorSchema


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout: float = 20.0, interval: float = 0.05, what: str = "condition"):
    """Poll `condition` until it returns something true; fail after `timeout` seconds.

    The timeout only bounds a broken run; nothing asserts how fast things happen.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(interval)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert ErrorSchema().validate(body) == {}, body
    assert body["error"]["code"] == code
    return body["error"]


def assert_consistent(answer: dict, source: str) -> None:
    """Offsets index `source`; tags are BIO; entities agree with their tokens and stay
    within a sentence; the sentences tile the tokens in order."""
    position = 0
    for sentence in answer["sentences"]:
        assert sentence["token_start"] == position < sentence["token_end"]
        position = sentence["token_end"]
        first, last = answer["tokens"][sentence["token_start"]], answer["tokens"][position - 1]
        assert (sentence["start"], sentence["end"]) == (first["start"], last["end"])
    assert position == len(answer["tokens"])
    sentence_of = {i: k for k, s in enumerate(answer["sentences"])
                   for i in range(s["token_start"], s["token_end"])}
    for token in answer["tokens"]:
        assert source[token["start"]:token["end"]] == token["text"]
        assert token["tag"] == "O" or token["tag"][:2] in ("B-", "I-")
        assert 0.0 <= token["score"] <= 1.0
    for entity in answer["entities"]:
        assert source[entity["start"]:entity["end"]] == entity["text"]
        first, last = entity["token_start"], entity["token_end"]
        assert 0 <= first < last <= len(answer["tokens"])
        assert entity["start"] == answer["tokens"][first]["start"]
        assert entity["end"] == answer["tokens"][last - 1]["end"]
        assert answer["tokens"][first]["tag"] == f"B-{entity['label']}"
        assert all(t["tag"] == f"I-{entity['label']}" for t in answer["tokens"][first + 1:last])
        assert sentence_of[first] == sentence_of[last - 1]


def metric_samples(client) -> dict:
    """Every sample of GET /metrics by (name, sorted labels)."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def command_calls(server, command: str) -> int:
    """How many times a Redis server has run `command` (its INFO commandstats)."""
    return server.client().info("commandstats").get(f"cmdstat_{command}", {}).get("calls", 0)


def http(base: str, path: str, payload=None, data: bytes | None = None,
         headers: dict | None = None):
    """(status, headers, body bytes) of one request; HTTP errors are answers too."""
    if payload is not None:
        data = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(base + path, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextlib.contextmanager
def serving(tmp_path: Path, **settings: str):
    """`ner-serve` on a free port with these environment settings, until the block ends."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"MODEL_DIR", "PROMETHEUS_MULTIPROC_DIR", "HOST", "PORT",
                                "RESPONSE_MEMO_MAX_BYTES", "PIN_WORKERS", "ACCESS_LOG"}}
    environment.update(settings)
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    ner_serve = Path(sys.executable).parent / "ner-serve"
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        process = subprocess.Popen(
            [str(ner_serve), "--host", "127.0.0.1", "--port", str(port)],
            env=environment, stdout=out, stderr=err, cwd=tmp_path,
        )
    base = f"http://127.0.0.1:{port}"

    def ready():
        assert process.poll() is None, stderr.read_text()
        try:
            return http(base, "/readyz")[0] == 200
        except OSError:
            return False

    try:
        wait_until(ready, timeout=180, interval=0.2, what="gunicorn to serve /readyz")
        yield {"base": base, "port": port, "process": process, "stdout": stdout,
               "stderr": stderr}
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no VmRSS for {pid}")
