"""The container, built and run for real: `make container-test`.

Builds the image with `docker compose build`, brings the stack up (the API and Redis, as
docker-compose.yml describes them) and checks over HTTP, on a free loopback port, what a user
would see: the README's answer, a cache hit from Redis on a repeat, /readyz naming Redis, the
non-root user on a read-only root, an image without build tools, tests or caches, PORT moving
the listener and the health check, answers while Redis is stopped, and `docker compose down`
within the grace period with keep-alive clients connected.

It runs on whatever Docker engine answers and fails, saying so, where none does. The base
images are the official ones unless PYTHON_BASE_IMAGE and REDIS_BASE_IMAGE name others (a
registry mirror's, or local stand-ins). The figures it measures (image size per layer,
start-up to ready and to healthy, shutdown with clients connected) go to
bench/results/container.md. Every wait is bounded; the bounds only keep a broken stack from
hanging the run and are not checks of speed, except where a bound is the promise itself
(Docker's grace period).
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.container

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
RESULTS = REPO / "bench" / "results" / "container.md"
PROJECT = "ner-container-test"  # fixed, so a run cleans up what an interrupted one left
PORT_TEST_CONTAINER = f"{PROJECT}-port"

START_SAMPLES = 4  # start-up is timed this often (the machine is shared): the median counts
BUILD_LIMIT_SECONDS = 1800
HEALTHY_LIMIT_SECONDS = 120
# Generous next to the 0.1 s Redis timeout, and far below the 10 s a stalled name look-up took.
ANSWER_LIMIT_SECONDS = 5
REDIS_BACK_LIMIT_SECONDS = 90  # the cache's back-off grows to 30 s while Redis is away

# Runs inside the API container: takes DNS queries on 127.0.0.1:53 and never answers them, as
# an unreachable upstream resolver does. The container's own resolver (Docker's) knows the
# names of the running containers and asks this one about any other name, `redis` once that
# container is stopped: the look-up then hangs for the C library's timeouts.
SILENT_RESOLVER = (
    "import socket, time\n"
    "udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
    "udp.bind(('127.0.0.1', 53))\n"
    "tcp = socket.socket()\n"
    "tcp.bind(('127.0.0.1', 53))\n"
    "tcp.listen()\n"
    "time.sleep(600)\n"
)
# The test's only change to the stack: the API container's upstream resolver is that one.
COMPOSE_OVERRIDE = {"services": {"api": {"dns": ["127.0.0.1"]}}}

# Clients connected while the stack goes down.
KEEP_ALIVE_CLIENTS = 8  # one request each, then idle on their open connection
CONNECTED_AHEAD = 4  # connected, request not sent yet
BUSY_CLIENTS = 2  # sending requests back to back


# --- Docker -------------------------------------------------------------------------------


def run(argv: list[str], timeout: float, env: dict | None = None,
        check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(argv)} exited {result.returncode}:\n{result.stdout}\n"
                    f"{result.stderr}", pytrace=False)
    return result


def require_docker() -> dict[str, str]:
    """Engine and Compose versions; ends the session, saying why, where there is no engine."""
    docker = shutil.which("docker")
    if docker is None:
        pytest.exit("no Docker engine: the docker command is not installed. The container "
                    "test needs a Docker engine and Compose v2 (see the README, Deployment).",
                    returncode=1)
    try:
        engine = subprocess.run([docker, "version", "--format", "{{.Server.Version}}"],
                                capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        engine = subprocess.CompletedProcess([], 1, "", "no answer within 30 s")
    if engine.returncode != 0 or not engine.stdout.strip():
        pytest.exit("no Docker engine answers (docker version: "
                    f"{(engine.stderr or engine.stdout).strip()}). Start one, then run "
                    "`make container-test` again.", returncode=1)
    compose = subprocess.run([docker, "compose", "version", "--short"], capture_output=True,
                             text=True, timeout=30)
    if compose.returncode != 0:
        pytest.exit(f"Docker engine {engine.stdout.strip()} answers, but Compose v2 (`docker "
                    f"compose`) is missing: {compose.stderr.strip()}", returncode=1)
    return {"engine": engine.stdout.strip(), "compose": compose.stdout.strip()}


def inspect(name: str, template: str) -> str:
    return run(["docker", "inspect", "--format", template, name], timeout=60).stdout.strip()


def docker_time(text: str) -> float:
    """A Docker timestamp (RFC 3339 with nanoseconds, UTC) as seconds since the epoch."""
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z", text)
    assert match, text
    fraction = (match[2] or "0")[:6].ljust(6, "0")
    moment = datetime.fromisoformat(f"{match[1]}.{fraction}+00:00")
    return moment.timestamp()


def wait_healthy(container: str) -> float:
    """Waits until Docker reports the container healthy; returns the seconds from its (last)
    start to its first passing health check since."""
    deadline = time.monotonic() + HEALTHY_LIMIT_SECONDS
    while True:
        state = json.loads(inspect(container, "{{json .State}}"))
        if state["Health"]["Status"] == "healthy":
            break
        assert state["Running"], f"{container} stopped: {state}"
        assert time.monotonic() < deadline, f"{container} not healthy: {state['Health']}"
        time.sleep(0.2)
    started = docker_time(state["StartedAt"])
    passed = [docker_time(entry["End"]) for entry in state["Health"]["Log"]
              if entry["ExitCode"] == 0 and docker_time(entry["Start"]) >= started]
    return passed[0] - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """The compose project under test, on a loopback port of its own."""

    def __init__(self, work_dir: Path, versions: dict[str, str]):
        self.versions = versions
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        override = work_dir / "compose.test.yml"
        override.write_text(yaml.safe_dump(COMPOSE_OVERRIDE))
        self.files = ["-f", str(COMPOSE_FILE), "-f", str(override)]
        self.env = {**os.environ, "API_PUBLISH": f"127.0.0.1:{self.port}"}
        self.figures: dict = {}

    def compose(self, *args: str, timeout: float = 300, check: bool = True):
        return run(["docker", "compose", "-p", PROJECT, *self.files, *args], timeout=timeout,
                   env=self.env, check=check)

    def container(self, service: str) -> str:
        return self.compose("ps", "--all", "--quiet", service).stdout.strip()

    def exec(self, service: str, *argv: str, user: str | None = None,
             timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess:
        as_user = ["--user", user] if user else []
        return self.compose("exec", "-T", *as_user, service, *argv, timeout=timeout,
                            check=check)

    @property
    def image(self) -> str:
        return inspect(self.container("api"), "{{.Image}}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    versions = require_docker()
    stack = Stack(tmp_path_factory.mktemp("compose"), versions)
    stack.compose("down", "--volumes", "--remove-orphans", check=False)
    try:
        stack.compose("build", timeout=BUILD_LIMIT_SECONDS)
        stack.compose("up", "--detach", timeout=300)
        stack.figures["starts"] = [time_start(stack)]
        yield stack
    finally:
        run(["docker", "rm", "--force", PORT_TEST_CONTAINER], timeout=120, check=False)
        stack.compose("down", "--volumes", "--remove-orphans", timeout=300, check=False)
        if {"layers", "down_seconds", "stalled_answer_seconds"} <= set(stack.figures):
            write_results(stack)


def time_start(stack: Stack) -> tuple[float, float]:
    """Seconds from the API container's start to its first 200 from /readyz, and to Docker's
    first passing health check."""
    api = stack.container("api")
    return wait_ready(stack, api), wait_healthy(api)


def wait_ready(stack: Stack, container: str) -> float:
    """Seconds from the container's start to the first 200 from /readyz."""
    deadline = time.monotonic() + HEALTHY_LIMIT_SECONDS
    while time.monotonic() < deadline:
        try:
            if request(stack, "GET", "/readyz", timeout=2)[0] == 200:
                return time.time() - docker_time(inspect(container, "{{.State.StartedAt}}"))
        except OSError:
            pass  # not listening yet
        time.sleep(0.1)
    pytest.fail(f"/readyz not 200 within {HEALTHY_LIMIT_SECONDS} s:\n"
                + stack.compose("logs", "api", check=False).stdout[-5000:])


# --- HTTP ---------------------------------------------------------------------------------


def request(stack: Stack, method: str, path: str, body: bytes | None = None,
            headers: dict | None = None, timeout: float = ANSWER_LIMIT_SECONDS):
    """(status, headers, body bytes) of one request on a connection of its own."""
    call = urllib.request.Request(stack.base_url + path, data=body, method=method,
                                  headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(call, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def readme_example() -> dict:
    """The Quick start's request body, and the response the README promises for it."""
    readme = (REPO / "README.md").read_text()
    body = re.search(r"^curl .*/tag .*\n(?:.*\n)*?.* -d '(\{.*\})'$", readme, re.MULTILINE)
    answer = re.search(r"^(\{\"tokens\":.*\})$", readme, re.MULTILINE)
    length = re.search(r"^Content-Length: (\d+)$", readme, re.MULTILINE)
    assert body and answer and length, "the README's Quick start example is not where it was"
    return {"body": body[1].encode(), "answer": json.loads(answer[1]),
            "content_length": int(length[1])}


# --- The tests, in the order a user meets these things ------------------------------------


def test_the_api_container_is_healthy_after_every_start(stack):
    history = run(["docker", "history", "--no-trunc", "--human=false", "--format",
                   "{{.Size}}\t{{.CreatedBy}}", stack.image], timeout=60).stdout
    layers = [(int(size), created.strip()) for size, created in
              (line.split("\t", 1) for line in history.splitlines())]
    base = os.environ.get("PYTHON_BASE_IMAGE") or re.search(
        r"^ARG PYTHON_BASE_IMAGE=(\S+)$", (REPO / "Dockerfile").read_text(), re.MULTILINE)[1]
    base_layers = len(run(["docker", "history", "--quiet", base], timeout=60).stdout.split())
    ours = layers[: len(layers) - base_layers]
    stack.figures.update(
        layers=ours, base=base, base_bytes=sum(size for size, _ in layers[len(ours):]),
        image_bytes=int(inspect(stack.image, "{{.Size}}")),
    )
    assert ours, "no layers of our own on the base image"
    for _ in range(START_SAMPLES - 1):
        stack.compose("stop", "api", timeout=120)
        stack.compose("start", "api", timeout=120)
        stack.figures["starts"].append(time_start(stack))
    assert inspect(stack.container("api"), "{{.State.Health.Status}}") == "healthy"


def test_the_readme_example_gets_the_readme_answer(stack):
    example = readme_example()
    status, headers, body = request(stack, "POST", "/tag", example["body"],
                                    {"X-Request-ID": "readme-example"})
    assert status == 200, body
    assert json.loads(body) == example["answer"]
    assert int(headers["Content-Length"]) == example["content_length"]
    assert headers["X-Cache"] == "MISS" and headers["X-Request-ID"] == "readme-example"


def test_a_repeat_is_a_cache_hit_from_redis(stack):
    example = readme_example()
    status, headers, _ = request(stack, "POST", "/tag", example["body"])
    assert (status, headers["X-Cache"]) == (200, "HIT")
    # The same sentence in other bytes misses each worker's response memo: only the sentence
    # cache, which is Redis when REDIS_URL is set, can make it a hit.
    respaced = json.dumps(json.loads(example["body"]), separators=(",", ":")).encode()
    assert respaced != example["body"]
    status, headers, body = request(stack, "POST", "/tag", respaced)
    assert (status, headers["X-Cache"]) == (200, "HIT")
    assert json.loads(body) == example["answer"]
    assert int(stack.exec("redis", "redis-cli", "dbsize").stdout) > 0


def test_readyz_names_redis(stack):
    status, _, body = request(stack, "GET", "/readyz")
    assert status == 200
    assert json.loads(body)["cache"] == {"backend": "redis", "available": True}


def test_the_service_runs_as_uid_10001_on_a_read_only_root(stack):
    api = stack.container("api")
    assert inspect(api, "{{.HostConfig.ReadonlyRootfs}}") == "true"
    uids = stack.exec("api", "python", "-c", (
        "import os\n"
        "for pid in filter(str.isdigit, os.listdir('/proc')):\n"
        "    status = open(f'/proc/{pid}/status').read()\n"
        "    print(status.split('Uid:')[1].split()[0], status.split('Gid:')[1].split()[0])\n"
    )).stdout.split("\n")
    assert {line for line in uids if line} == {"10001 10001"}, "every process, gunicorn too"
    refused = stack.exec("api", "touch", "/app/probe", check=False)
    assert refused.returncode != 0 and "Read-only file system" in refused.stderr
    stack.exec("api", "touch", "/tmp/probe")  # the one writable place


def test_the_image_holds_no_build_tools_tests_or_caches(stack):
    # Run as root, so that root's home is readable too.
    found = run(["docker", "run", "--rm", "--network", "none", "--user", "0", "--entrypoint",
                 "python", stack.image, "-c", (
                     "import importlib.util, json, os, shutil\n"
                     "site = [p for p in __import__('sys').path if p.endswith('site-packages')]\n"
                     "walk = [(d, fs) for s in site for d, _, fs in os.walk(s)]\n"
                     "print(json.dumps({\n"
                     "  'installers': [m for m in ('pip', 'setuptools', 'wheel')\n"
                     "                 if importlib.util.find_spec(m)],\n"
                     "  'compilers': [c for c in ('gcc', 'cc', 'g++', 'clang', 'make')\n"
                     "                if shutil.which(c)],\n"
                     "  'test_dirs': [d for d, _ in walk if os.path.basename(d) == 'tests'],\n"
                     "  'stubs': sum(f.endswith('.pyi') for _, fs in walk for f in fs),\n"
                     "  'caches': [p for p in ('/root/.cache', '/nonexistent', '/src')\n"
                     "             if os.path.exists(p)],\n"
                     "  'app': sorted(os.path.relpath(os.path.join(d, f), '/app')\n"
                     "                for d, _, fs in os.walk('/app') for f in fs),\n"
                     "}))\n")], timeout=120).stdout
    assert json.loads(found) == {"installers": [], "compilers": [], "test_dirs": [],
                                 "stubs": 0, "caches": [], "app": ["deploy/gunicorn.conf.py"]}


def test_port_moves_the_listener_and_the_health_check(stack):
    port, published = "8123", free_port()
    run(["docker", "run", "--detach", "--name", PORT_TEST_CONTAINER, "--read-only",
         "--tmpfs", "/tmp", "--env", f"PORT={port}", "--publish", f"127.0.0.1:{published}:{port}",
         stack.image], timeout=120)
    try:
        wait_healthy(PORT_TEST_CONTAINER)
        with urllib.request.urlopen(f"http://127.0.0.1:{published}/healthz",
                                    timeout=ANSWER_LIMIT_SECONDS) as response:
            assert response.status == 200
    finally:
        run(["docker", "rm", "--force", PORT_TEST_CONTAINER], timeout=120, check=False)


def test_the_start_up_log_names_the_address(stack):
    logs = stack.compose("logs", "--no-color", "api").stdout
    assert "Listening at: http://0.0.0.0:8000 (" in logs, logs[-3000:]


def test_answers_keep_coming_when_redis_stops_and_its_name_stops_resolving(stack):
    stack.compose("exec", "-T", "--detach", "--user", "0", "api", "python", "-c",
                  SILENT_RESOLVER)
    stack.compose("stop", "redis", timeout=120)
    try:
        # The condition of the test: Redis's name now hangs instead of failing.
        lookup = stack.exec("api", "timeout", "3", "python", "-c",
                            "import socket; socket.getaddrinfo('redis', 6379)", check=False)
        assert lookup.returncode == 124, f"the look-up did not hang: {lookup.stderr}"

        slowest = 0.0
        for number in range(6):
            sentence = f"Angela Merkel flew to Paris on day {number}."
            started = time.monotonic()
            status, headers, body = request(stack, "POST", "/tag",
                                            json.dumps({"text": sentence}).encode())
            assert status == 200 and json.loads(body)["entities"], body
            assert headers["X-Cache"] == "MISS"
            started_ready = time.monotonic()
            status, _, body = request(stack, "GET", "/readyz")
            assert status == 200, "the model still answers: the service stays ready"
            assert json.loads(body)["cache"] == {"backend": "redis", "available": False}
            slowest = max(slowest, started_ready - started, time.monotonic() - started_ready)
        stack.figures["stalled_answer_seconds"] = slowest
    finally:
        stack.compose("start", "redis", timeout=120)

    deadline = time.monotonic() + REDIS_BACK_LIMIT_SECONDS
    while json.loads(request(stack, "GET", "/readyz")[2])["cache"]["available"] is not True:
        assert time.monotonic() < deadline, "Redis is back, /readyz does not say so"
        time.sleep(1)


def test_compose_down_with_clients_connected_stays_within_the_grace_period(stack):
    grace = compose_seconds(yaml.safe_load(COMPOSE_FILE.read_text())["services"]["api"]
                            ["stop_grace_period"])
    example = readme_example()
    idle = []
    for _ in range(KEEP_ALIVE_CLIENTS):
        connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        idle.append(connection)
    ahead = [socket.create_connection(("127.0.0.1", stack.port), timeout=30)
             for _ in range(CONNECTED_AHEAD)]
    stop = threading.Event()

    def busy():
        connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=5)
        while not stop.is_set():
            try:
                connection.request("POST", "/tag", body=example["body"],
                                   headers={"Content-Type": "application/json"})
                connection.getresponse().read()
            except (OSError, http.client.HTTPException):
                connection.close()
                stop.wait(0.05)

    threads = [threading.Thread(target=busy, daemon=True) for _ in range(BUSY_CLIENTS)]
    for thread in threads:
        thread.start()
    # The API's exit code, which `down` would remove with the container.
    waiter = subprocess.Popen(["docker", "wait", stack.container("api")],
                              stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(1)
        started = time.monotonic()
        stack.compose("down", timeout=grace + 60)
        stack.figures["down_seconds"] = time.monotonic() - started
        exit_code = waiter.communicate(timeout=60)[0].strip()
    finally:
        stop.set()
        waiter.kill()
        for connection in [*idle, *ahead]:
            connection.close()
        for thread in threads:
            thread.join(timeout=30)

    assert exit_code == "0", f"the API did not stop by itself (exit {exit_code}): killed"
    assert stack.figures["down_seconds"] < grace


def compose_seconds(duration: str) -> float:
    match = re.fullmatch(r"(\d+)s", str(duration))
    assert match, f"write stop_grace_period in seconds: {duration}"
    return float(match[1])


# --- The record ---------------------------------------------------------------------------


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return (f"{cpu}, {os.cpu_count()} cores, {memory / 2**20:.1f} GiB, "
            f"Linux {platform.release()}")


def size(bytes_: int) -> str:
    """In Docker's units."""
    return f"{bytes_ / 1e6:.1f} MB" if bytes_ >= 1e6 else f"{bytes_ / 1e3:.1f} kB"


def spread(values: list[float]) -> str:
    values = sorted(values)
    middle = (values[(len(values) - 1) // 2] + values[len(values) // 2]) / 2
    return f"{middle:.1f} ({values[0]:.1f}-{values[-1]:.1f})"


def write_results(stack: Stack) -> None:
    figures = stack.figures
    ready, healthy = zip(*figures["starts"])
    lines = [
        "# Container test: image size and start-up, run for real",
        "",
        f"Run of {datetime.now(timezone.utc):%Y-%m-%d} by `make container-test` "
        "(tests/deploy/test_container.py).",
        "",
        f"Machine: {machine()}; Docker engine {stack.versions['engine']}, "
        f"Compose {stack.versions['compose']}; load average {os.getloadavg()[0]:.1f} "
        "at the end of the run (the machine is shared).",
        f"Base images: `{figures['base']}` (PYTHON_BASE_IMAGE), "
        f"`{os.environ.get('REDIS_BASE_IMAGE') or 'redis (compose default)'}` "
        "(REDIS_BASE_IMAGE).",
        "",
        f"## Image: {size(figures['image_bytes'])}",
        "",
        f"The base image's layers: {size(figures['base_bytes'])}. Ours, newest first "
        "(`docker history`):",
        "",
        "| size | layer |",
        "| ---: | --- |",
    ]
    for layer_bytes, created in figures["layers"]:
        step = re.sub(r"^/bin/sh -c (#\(nop\)\s*)?|(?<=^RUN )/bin/sh -c | # buildkit$", "",
                      created)
        lines.append(f"| {size(layer_bytes)} | `{step[:100]}` |")
    lines += [
        "",
        "## Timings",
        "",
        f"Start-up: median (range) of {len(ready)} starts of the API container.",
        "",
        "| what | seconds |",
        "| --- | ---: |",
        f"| container start to the first 200 from /readyz | {spread(ready)} |",
        f"| container start to Docker's first passing health check | {spread(healthy)} |",
        f"| slowest answer (POST /tag or /readyz) with Redis stopped and its name "
        f"stalled | {figures['stalled_answer_seconds']:.2f} |",
        f"| `docker compose down` with {KEEP_ALIVE_CLIENTS} idle keep-alive clients, "
        f"{CONNECTED_AHEAD} connected ahead of a request and {BUSY_CLIENTS} busy ones | "
        f"{figures['down_seconds']:.1f} |",
        "",
    ]
    RESULTS.write_text("\n".join(lines))
