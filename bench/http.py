"""The service end to end: gunicorn with its real configuration, loaded over 127.0.0.1.

    .venv/bin/python -m bench.http            # full run, writes bench/results/http.{json,md,png}
    .venv/bin/python -m bench.http --tiny     # a few seconds, for the smoke test

Each server set-up (cache backend, response memo, gunicorn worker class) is started
with `ner-serve --port N` and deploy/gunicorn.conf.py, only the environment differing.
Redis is a private redis-server on a free port that this benchmark starts and stops.
Against each server, at each concurrency, three scenarios run back to back, their order
rotating every round so machine drift cancels in the ratios:

- healthz: GET /healthz, the framework's ceiling (same server, same middleware, no work);
- tag_hit: POST /tag cycling through a few fixed sentences, cached before measuring
  (repeated bodies: answered by each worker's response memo, except in the -no-memo
  set-up, where every hit goes through the sentence cache, Redis and its round trip);
- tag_miss: POST /tag with sentences never seen before (a validation sentence with a
  number token in place of its final full stop that no earlier request used, see
  miss_texts), so the model runs every time.

Each /tag figure is also given as a ratio of the healthz figure of the same server and
round. After a set-up's runs, the resident memory of each gunicorn worker is read from
/proc (RSS, and PSS, which splits pages shared with the master fairly).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import (REPO, DEFAULT_DATA_DIR, bench_parser, child_pids, pyplot,
                          machine_description, machine_markdown, markdown_table, median,
                          save_figure, targets_markdown, validation_sentences, write_results)
from bench.loadgen import Load, available_generators, run as run_load

SCENARIOS = ("healthz", "tag_hit", "tag_miss")
HIT_SENTENCE_COUNT = 8
# The targets of issue 5, checked and reported (never asserted: benchmarks are not tests).
TARGET_HIT_RATIO, TARGET_MISS_RATIO = 0.8, 0.4
TARGET_P99_MS, TARGET_P99_CONCURRENCY = 10.0, 8
TARGET_WORKER_MIB = 150

# Server set-ups: a name and the environment that differs from the real configuration.
# "redis" is replaced by the private Redis server's URL. redis-no-memo keeps the Redis
# round trip in every hit.
SETUPS = {
    "redis": {"REDIS_URL": "redis"},
    "local": {},
    "redis-no-memo": {"REDIS_URL": "redis", "RESPONSE_MEMO_MAX_BYTES": "0"},
    "local-slow-clients": {},
}
FULL_SETUPS = ("redis", "local", "redis-no-memo", "local-slow-clients")
# Set-ups measured while SlowClients holds sockets open on the server (issue 14).
SLOW_CLIENT_SETUPS = {"local-slow-clients"}
SLOW_PARTIAL_HEADS, SLOW_IDLE_CONNECTIONS = 200, 200
TINY_SETUPS = ("redis", "local")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


# --- the processes -------------------------------------------------------------------

class PrivateRedis:
    """A redis-server of our own on a free port; never the machine's Redis at 6379."""

    def __init__(self, folder: Path):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise FileNotFoundError("redis-server not found (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, 20, f"redis-server on port {self.port}")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Server:
    """`ner-serve --port N` (gunicorn with deploy/gunicorn.conf.py) with extra environment."""

    def __init__(self, environment: dict, log_path: Path):
        self.port = free_port()
        self.environment = {**os.environ, **environment}
        ner_serve = Path(sys.executable).with_name("ner-serve")
        if not ner_serve.exists():
            raise FileNotFoundError(f"{ner_serve} not found: pip install -e . first")
        self.log_path = log_path
        self.log = log_path.open("wb")
        # ner-serve execs gunicorn, so this process is gunicorn's master.
        self.process = subprocess.Popen(
            [str(ner_serve), "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.environment, stdout=self.log, stderr=subprocess.STDOUT, cwd=REPO)
        from service.config import ServerConfig

        self.settings = ServerConfig.from_env(self.environment)
        wait_for(self._ready, 120, f"the service on port {self.port} (log: {log_path})")
        # Workers fork after the app is preloaded; wait until all are there.
        wait_for(lambda: len(self.worker_pids()) >= self.settings.workers, 60,
                 "gunicorn's workers")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"the service exited; see {self.log_path}:\n"
                               + self.log_path.read_text()[-3000:])
        try:
            with urllib.request.urlopen(self.url("/readyz"), timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def worker_pids(self) -> list[int]:
        return child_pids(self.process.pid)

    def cache_counters(self) -> dict | None:
        """The service's own count of cache hits and misses (GET /metrics), all workers."""
        try:
            with urllib.request.urlopen(self.url("/metrics"), timeout=10) as response:
                text = response.read().decode()
        except (urllib.error.URLError, OSError):
            return None
        counters = {}
        for line in text.splitlines():
            for name in ("hits", "misses"):
                if line.startswith(f"ner_cache_{name}_total "):
                    counters[name] = float(line.split()[1])
        return counters if len(counters) == 2 else None

    def settled_cache_counters(self) -> dict | None:
        """The counters once requests still in flight from the last run have finished."""
        counters = self.cache_counters()
        for _ in range(20):
            time.sleep(0.1)
            again = self.cache_counters()
            if again == counters:
                break
            counters = again
        return counters

    def cpu_seconds(self) -> dict[int, float]:
        """CPU time so far (user and system) of the master and of each worker, by pid: the
        sum over each process's threads of /proc's schedstat, in nanoseconds, where /proc's
        stat counts in clock ticks of 10 ms, too coarse for a group of requests. (A thread
        that has ended no longer counts; gunicorn's request threads live as long as their
        worker.)"""
        seconds = {}
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                seconds[pid] = sum(int((task / "schedstat").read_text().split()[0])
                                   for task in Path(f"/proc/{pid}/task").iterdir()) / 1e9
            except (OSError, ValueError):  # gone while read: a worker restarting
                continue
        return seconds

    def memory(self) -> dict:
        return {"master": process_memory(self.process.pid),
                "workers": [process_memory(pid) for pid in self.worker_pids()]}

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def process_memory(pid: int) -> dict:
    """RSS (what `ps` shows; counts pages shared with the master in full) and PSS (shared
    pages divided among the processes sharing them), in MiB."""
    figures = {"pid": pid}
    for name, field in (("status", "VmRSS"), ("smaps_rollup", "Pss")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(field + ":"):
                    figures[f"{field.lower().removeprefix('vm')}_mib"] = int(line.split()[1]) / 1024
        except OSError:
            pass
    return figures


class SlowClients:
    """Sockets held open on the server while it is measured: some that sent half a request
    head and add a header line every 2 s (slowloris), and kept-alive ones gone quiet after a
    request. Those the server closes (HEADER_TIMEOUT, KEEPALIVE) are opened again."""

    def __init__(self, port: int, partial_heads: int, idle_connections: int):
        self.port = port
        self.wanted = {"partial": partial_heads, "idle": idle_connections}
        self.sockets: dict[str, list[socket.socket]] = {"partial": [], "idle": []}
        self.reopened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._keep_open, daemon=True)

    def __enter__(self) -> "SlowClients":
        self._fill()
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        for sockets in self.sockets.values():
            for sock in sockets:
                sock.close()

    def _open(self, kind: str) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        if kind == "partial":
            sock.sendall(b"POST /tag HTTP/1.1\r\nHost: bench\r\n")
        else:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n")
            sock.recv(65536)  # the answer; the connection then stays open, idle
        sock.setblocking(False)
        return sock

    def _fill(self) -> None:
        for kind, sockets in self.sockets.items():
            open_ones = []
            for sock in sockets:
                try:
                    closed = sock.recv(65536) == b""  # b"": the server closed it
                except BlockingIOError:
                    closed = False
                except OSError:
                    closed = True
                if closed:
                    sock.close()
                else:
                    open_ones.append(sock)
            while len(open_ones) < self.wanted[kind]:
                open_ones.append(self._open(kind))
                self.reopened += 1
            self.sockets[kind] = open_ones

    def _keep_open(self) -> None:
        ticks = 0
        while not self._stop.wait(0.5):
            self._fill()
            ticks += 1
            if ticks % 4 == 0:
                for sock in self.sockets["partial"]:
                    try:
                        sock.send(b"X-Slow: 1\r\n")
                    except OSError:
                        pass


# --- what is sent --------------------------------------------------------------------

def build_loads(sentences: list[list[str]]) -> dict[str, Load]:
    """The three scenarios; give tag_miss a new run_tag before each run (new_run_tag)."""
    texts = [" ".join(tokens) for tokens in sentences]
    hit_texts = texts[:HIT_SENTENCE_COUNT]
    return {
        "healthz": Load("GET", "/healthz"),
        "tag_hit": Load("POST", "/tag", bodies=[json.dumps({"text": t}) for t in hit_texts]),
        "tag_miss": Load("POST", "/tag", unique_texts=miss_texts(texts)),
    }


def miss_texts(texts: list[str]) -> list[str]:
    """The texts that stay one sentence, new every time, with a number appended: a text is a
    document, and a number after a final full stop would be a sentence of its own, leaving
    the sentence before it to the cache. So the final " ." makes way for the number, and a
    text the splitter cuts anyway is left out."""
    from model.sentences import split_sentences

    texts = [text.removesuffix(" .") for text in texts]
    return [text for text in texts if len(split_sentences(f"{text} 123")) == 1]


_SESSION = f"{os.getpid() % 1000 + 1}{int(time.time()) % 1000:03d}"  # differs between benches
_runs = 0


def new_run_tag() -> str:
    """A tag no other run of this benchmark (nor, very likely, an earlier one) used."""
    global _runs
    _runs += 1
    return f"{_SESSION}{_runs:04d}"


def check_answers(server: Server, loads: dict[str, Load]) -> dict:
    """One request of each /tag scenario by hand: the answer is real and X-Cache is right."""
    def post(body: str):
        request = urllib.request.Request(server.url("/tag"), data=body.encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("X-Cache"), json.load(response)

    hit_body = loads["tag_hit"].bodies[0]
    post(hit_body)  # now cached (in this worker at least, or in Redis)
    miss_load = loads["tag_miss"]
    miss_body = json.dumps({"text": f"{miss_load.unique_texts[0]} {new_run_tag()}"})
    status, cache_verdict, answer = post(miss_body)
    if status != 200 or cache_verdict != "MISS" or not answer.get("tokens"):
        raise RuntimeError(f"a new sentence was not answered by the model: {status} "
                           f"X-Cache={cache_verdict} {str(answer)[:300]}")
    return {"miss_status": status, "miss_x_cache": cache_verdict,
            "miss_tokens": len(answer["tokens"]), "miss_entities": len(answer["entities"])}


# --- the runs ------------------------------------------------------------------------

def measure_setup(name: str, environment: dict, loads: dict[str, Load], args, log_dir: Path,
                  generator: str) -> dict:
    server = Server(environment, log_dir / f"server-{name}.log")
    slow_clients = (SlowClients(server.port, SLOW_PARTIAL_HEADS, SLOW_IDLE_CONNECTIONS)
                    if name in SLOW_CLIENT_SETUPS else contextlib.nullcontext())
    try:
        with slow_clients:
            sanity = check_answers(server, loads)
            # Warm up: every worker's hit cache filled, the model's token cache and the
            # code paths exercised; warm-up figures are thrown away.
            warm_up = SCENARIOS if not args.tiny else ("tag_hit",)
            for scenario in warm_up:
                # Enough connections that every worker gets some.
                loads["tag_miss"].run_tag = new_run_tag()
                run_load(generator, loads[scenario], server.port, max(8, *args.concurrency),
                         args.warmup_seconds)
            runs = []
            for round_number in range(args.rounds):
                for concurrency in args.concurrency:
                    shift = (round_number + args.concurrency.index(concurrency)) % len(SCENARIOS)
                    for scenario in SCENARIOS[shift:] + SCENARIOS[:shift]:
                        loads["tag_miss"].run_tag = new_run_tag()
                        before = server.settled_cache_counters()
                        cpu_before = server.cpu_seconds()
                        figures = run_load(generator, loads[scenario], server.port, concurrency,
                                           args.seconds)
                        # CPU time per request is far less disturbed by a busy machine than
                        # requests per second; it tells what each request costs the server.
                        cpu_after = server.cpu_seconds()
                        used = {pid: cpu_after[pid] - cpu_before.get(pid, 0.0) for pid in cpu_after}
                        figures["server_cpu_ms_per_request"] = (
                            sum(used.values()) * 1000 / max(figures["requests"], 1))
                        # How the load spread over the workers: the kernel hands connections
                        # to workers, and kept-alive connections stay where they landed.
                        figures["worker_cpu_seconds"] = [round(used[pid], 2) for pid in sorted(used)
                                                         if pid != server.process.pid]
                        after = server.settled_cache_counters()
                        figures["cache_hit_rate"] = (None if scenario == "healthz"
                                                     else cache_hit_rate(before, after))
                        runs.append({"round": round_number, "concurrency": concurrency,
                                     "scenario": scenario, **figures})
                        print(f"  {name} c={concurrency:<3} {scenario:<9} "
                              f"{figures['rps']:8.0f} req/s  p50 {figures['p50_ms']:6.2f} ms  "
                              f"p99 {figures['p99_ms']:6.2f} ms  "
                              f"CPU {figures['server_cpu_ms_per_request']:.2f} ms/req "
                              f"{figures['worker_cpu_seconds']}  "
                              f"errors {figures['errors']}",
                              file=sys.stderr)
            memory = server.memory()
            settings = server.settings
    finally:
        server.stop()
    return {"name": name,
            "environment": {k: ("<private redis>" if k == "REDIS_URL" else v)
                            for k, v in environment.items()},
            "gunicorn": {"workers": settings.workers, "threads": settings.threads,
                         "keepalive_seconds": settings.keepalive_seconds,
                         "access_log": settings.access_log},
            "sanity": sanity, "runs": runs, "summary": summarise(runs), "memory": memory}


def cache_hit_rate(before: dict | None, after: dict | None) -> float | None:
    """Share of the run's sentences the service answered from its cache (None: no /tag)."""
    if before is None or after is None:
        return None
    hits, misses = (after[name] - before[name] for name in ("hits", "misses"))
    return hits / (hits + misses) if hits + misses else None


def summarise(runs: list[dict]) -> list[dict]:
    """Per concurrency and scenario: medians over rounds, and the ratio to healthz."""
    rows = []
    concurrencies = sorted({run["concurrency"] for run in runs})
    for concurrency in concurrencies:
        by_round = {}
        for run in runs:
            if run["concurrency"] == concurrency:
                by_round.setdefault(run["round"], {})[run["scenario"]] = run
        for scenario in SCENARIOS:
            mine = [r[scenario] for r in by_round.values() if scenario in r]
            ratios = [r[scenario]["rps"] / r["healthz"]["rps"] for r in by_round.values()
                      if scenario in r and r.get("healthz", {}).get("rps")]
            cpu_ratios = [r["healthz"]["server_cpu_ms_per_request"]
                          / r[scenario]["server_cpu_ms_per_request"] for r in by_round.values()
                          if scenario in r and "healthz" in r
                          and r[scenario]["server_cpu_ms_per_request"] > 0]
            rows.append({
                "concurrency": concurrency, "scenario": scenario,
                "rps": median([m["rps"] for m in mine]),
                "p50_ms": median([m["p50_ms"] for m in mine]),
                "p99_ms": median([m["p99_ms"] for m in mine]),
                "server_cpu_ms_per_request": median([m["server_cpu_ms_per_request"]
                                                     for m in mine]),
                # healthz's CPU per request over this scenario's: the share of healthz's
                # capacity left when the cores are the limit, and steady on a busy machine.
                "cpu_ratio_to_healthz": median(cpu_ratios),
                # The busiest worker's share of the workers' CPU time (1/workers = even).
                "busiest_worker_share": median([max(m["worker_cpu_seconds"])
                                                / sum(m["worker_cpu_seconds"])
                                                for m in mine if sum(m["worker_cpu_seconds"])]),
                "ratio_to_healthz": median(ratios),
                "requests": sum(m["requests"] for m in mine),
                "errors": sum(m["errors"] for m in mine),
                # The service's own verdict: hits must be ~1, misses exactly 0.
                "cache_hit_rate": median([m["cache_hit_rate"] for m in mine
                                          if m.get("cache_hit_rate") is not None]),
            })
    return rows


def check_targets(setups: list[dict]) -> list[dict]:
    """Issue 5's targets, at the concurrency it names (8); the table has the rest."""
    checks = []
    for setup in setups:
        def check(target, value, met):
            checks.append({"setup": setup["name"], "target": target, "value": round(value, 2),
                           "met": met})

        for row in setup["summary"]:
            if row["scenario"] == "healthz" or row["concurrency"] != TARGET_P99_CONCURRENCY:
                continue
            name, concurrency = row["scenario"], row["concurrency"]
            target = TARGET_HIT_RATIO if name == "tag_hit" else TARGET_MISS_RATIO
            check(f"{name} c={concurrency}: req/s >= {target}x healthz",
                  row["ratio_to_healthz"], row["ratio_to_healthz"] >= target)
            check(f"{name} c={concurrency}: CPU per request <= healthz's / {target}",
                  row["cpu_ratio_to_healthz"], row["cpu_ratio_to_healthz"] >= target)
            check(f"{name} c={concurrency}: p99 < {TARGET_P99_MS:g} ms",
                  row["p99_ms"], row["p99_ms"] < TARGET_P99_MS)
        largest = max((w.get("rss_mib", 0) for w in setup["memory"]["workers"]), default=0)
        check(f"largest worker RSS < {TARGET_WORKER_MIB} MiB", largest,
              largest < TARGET_WORKER_MIB)
    return checks


# --- report --------------------------------------------------------------------------

def render_markdown(results: dict) -> str:
    text = [f"# HTTP benchmark{' (tiny mode: not a measurement)' if results['tiny'] else ''}\n\n",
            f"Load generator: {results['load_generator']}"
            f"{' (Python fallback: install wrk for figures worth publishing)' if results['load_generator'] == 'python' else ''}"
            f"; {results['seconds']:g} s per run, {results['rounds']} round(s) rotating the "
            f"scenario order, medians; model: {results['model']}.\n\n",
            "Set-ups (gunicorn through `ner-serve` with deploy/gunicorn.conf.py; only this "
            "environment differs):\n\n"]
    for setup in results["setups"]:
        text.append(f"- {setup['name']}: "
                    + (", ".join(f"{k}={v}" for k, v in setup["environment"].items()
                                 if k != "MODEL_DIR") or "the real configuration")
                    + ("" if "REDIS_URL" in setup["environment"] else " (in-process cache)")
                    + (f", measured while {SLOW_PARTIAL_HEADS} sockets that sent half a request"
                       f" head (a header line more every 2 s) and {SLOW_IDLE_CONNECTIONS} idle"
                       " kept-alive ones are held open"
                       if setup["name"] in SLOW_CLIENT_SETUPS else "")
                    + "\n")
    text.append("\n")
    rows = []
    for setup in results["setups"]:
        gunicorn = setup["gunicorn"]
        label = f"{setup['name']} ({gunicorn['workers']} workers, {gunicorn['threads']} threads)"
        for row in setup["summary"]:
            hit_rate = row.get("cache_hit_rate")
            rows.append([label, row["concurrency"], row["scenario"], f"{row['rps']:,.0f}",
                         f"{row['p50_ms']:.2f}", f"{row['p99_ms']:.2f}",
                         f"{row['ratio_to_healthz']:.2f}", f"{row['server_cpu_ms_per_request']:.2f}",
                         f"{row['cpu_ratio_to_healthz']:.2f}",
                         "" if row["busiest_worker_share"] is None
                         else f"{row['busiest_worker_share']:.0%}",
                         "" if hit_rate is None else f"{hit_rate:.0%}", row["errors"]])
    text.append("Columns: requests per second and latency as the load generator saw them; "
                "x healthz = req/s over healthz's req/s in the same round; server CPU = CPU "
                "time of gunicorn's master and workers per request, and x healthz (CPU) = "
                "healthz's CPU per request over this one's (steadier than req/s on a busy "
                "machine); busiest worker = its share of the workers' CPU time (50% with two "
                "workers is even, 100% means one worker did everything); cache hits as "
                "counted by the service's own /metrics.\n\n")
    text.append(markdown_table(["set-up", "concurrency", "scenario", "req/s", "p50 ms",
                                "p99 ms", "x healthz", "server CPU ms/req",
                                "x healthz (CPU)", "busiest worker", "cache hits",
                                "errors"], rows))
    text.append("\nMemory per gunicorn worker after the runs (RSS counts pages shared with "
                "the preloading master in full; PSS divides them among the sharers):\n\n")
    memory_rows = []
    for setup in results["setups"]:
        memory = setup["memory"]
        memory_rows.append([setup["name"], "master", f"{memory['master'].get('rss_mib', 0):.0f}",
                            f"{memory['master'].get('pss_mib', 0):.0f}"])
        for index, worker in enumerate(memory["workers"]):
            memory_rows.append([setup["name"], f"worker {index + 1}",
                                f"{worker.get('rss_mib', 0):.0f}",
                                f"{worker.get('pss_mib', 0):.0f}"])
    text.append(markdown_table(["set-up", "process", "RSS MiB", "PSS MiB"], memory_rows))
    text.append(targets_markdown(results["targets"]))
    text.append(f"\n{machine_markdown(results['machine'])}\n")
    return "".join(text)


def plot(results: dict, path: Path) -> Path | None:
    plt = pyplot()
    if plt is None:
        return None

    setups = results["setups"]
    figure, axes = plt.subplots(2, len(setups), figsize=(4 * len(setups), 7), squeeze=False,
                                sharey="row")
    for column, setup in enumerate(setups):
        for scenario in SCENARIOS:
            rows = [r for r in setup["summary"] if r["scenario"] == scenario]
            concurrency = [r["concurrency"] for r in rows]
            axes[0][column].plot(concurrency, [r["rps"] for r in rows], marker="o",
                                 label=scenario)
            axes[1][column].plot(concurrency, [r["p99_ms"] for r in rows], marker="o",
                                 label=scenario)
        axes[0][column].set_title(setup["name"])
        axes[1][column].axhline(TARGET_P99_MS, color="grey", linestyle="--", linewidth=1)
        for row in (0, 1):
            axes[row][column].set_xscale("log", base=2)
            axes[row][column].set_xticks(results["concurrency"],
                                         [str(c) for c in results["concurrency"]])
            axes[row][column].set_xlabel("concurrent connections")
    axes[0][0].set_ylabel("requests per second")
    axes[1][0].set_ylabel("p99 latency (ms)")
    axes[0][0].legend()
    figure.suptitle(f"NER service under gunicorn, load from {results['load_generator']}")
    return save_figure(figure, path)


def main(argv=None) -> None:
    parser = bench_parser("python -m bench.http", __doc__, "MODEL_DIR for the service (default: bundled model)")
    parser.add_argument("--setups", nargs="+", choices=list(SETUPS),
                        help=f"server set-ups (default: {' '.join(FULL_SETUPS)}; "
                             f"tiny: {' '.join(TINY_SETUPS)})")
    parser.add_argument("--concurrency", type=int, nargs="+",
                        help="concurrent connections (default 1 8 32; tiny 2)")
    parser.add_argument("--seconds", type=float, help="per run (default 5; tiny 1)")
    parser.add_argument("--rounds", type=int, help="rounds per set-up (default 2; tiny 1)")
    parser.add_argument("--load-generator", choices=["auto", "wrk", "python"], default="auto",
                        help="auto: wrk if installed, else the Python one")
    parser.add_argument("--tiny", action="store_true",
                        help="a few seconds per set-up: checks the bench runs, measures nothing")
    args = parser.parse_args(argv)
    args.setups = args.setups or list(TINY_SETUPS if args.tiny else FULL_SETUPS)
    args.concurrency = args.concurrency or ([2] if args.tiny else [1, 8, 32])
    args.seconds = min(args.seconds or (1 if args.tiny else 5), 60)  # bounded, whatever asked
    args.rounds = args.rounds or (1 if args.tiny else 2)
    args.warmup_seconds = 1

    generator = args.load_generator
    if generator == "auto":
        generator = available_generators()[0]
    elif generator not in available_generators():
        parser.error(f"{generator} is not installed (Debian: apt-get install wrk)")
    if generator == "python":
        print("wrk not found: using the Python load generator (apt-get install wrk for "
              "figures worth publishing)", file=sys.stderr)

    machine = machine_description()
    sentences = validation_sentences(Path(args.data) if args.data else DEFAULT_DATA_DIR)
    base_environment = {"MODEL_DIR": str(Path(args.model_dir).resolve())} if args.model_dir else {}
    if not args.model_dir:
        os.environ.pop("MODEL_DIR", None)  # the bundled model, whatever the shell says
    os.environ.pop("REDIS_URL", None)  # only the set-ups decide the cache
    setups, skipped = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-http-") as folder:
        folder = Path(folder)
        redis = None
        try:
            for name in args.setups:
                environment = {**base_environment, **SETUPS[name]}
                if environment.get("REDIS_URL") == "redis":
                    if redis is None:
                        try:
                            redis = PrivateRedis(folder)
                        except FileNotFoundError as error:
                            skipped[name] = str(error)
                            print(f"skipping {name}: {error}", file=sys.stderr)
                            continue
                    environment["REDIS_URL"] = redis.url
                print(f"set-up {name}:", file=sys.stderr)
                setups.append(measure_setup(name, environment, build_loads(sentences),
                                            args, folder, generator))
        finally:
            if redis is not None:
                redis.stop()

    results = {
        "benchmark": "http", "tiny": args.tiny, "load_generator": generator,
        "model": args.model_dir or "bundled (model/default)",
        "seconds": args.seconds, "rounds": args.rounds, "concurrency": args.concurrency,
        "hit_sentences": HIT_SENTENCE_COUNT, "setups": setups, "skipped_setups": skipped,
        "targets": check_targets(setups), "machine": machine,
    }
    written = write_results(args.out, "http", results, render_markdown(results))
    png = plot(results, args.out / "http.png")
    written += [png] if png else []
    print(render_markdown(results))
    print("wrote " + ", ".join(str(path) for path in written), file=sys.stderr)


if __name__ == "__main__":
    main()
