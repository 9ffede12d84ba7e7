"""Load generators for bench.http: wrk when it is installed, else a small asyncio one.

Both run in a process of their own, hold `connections` connections open (reconnecting
when the server closes one, as gunicorn's sync workers do after every response), send
requests back to back on each for a fixed time, and report the same figures:
requests, duration, requests per second, latency p50/p99 and errors.

wrk (Debian: `apt-get install wrk`) is written in C and costs the server's cores far
less than the Python generator, so its figures are the ones to publish; the Python
generator exists so the benchmark runs anywhere (CI, a fresh machine) and says so.

A load is described by a Load: a GET with no body, a POST cycling through fixed bodies
(cache hits), or a POST whose every body is new: a text from a list with a number
token appended that no earlier request of the run used (cache misses).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Load:
    method: str  # GET or POST
    path: str
    bodies: list[str] = field(default_factory=list)  # POST: cycled through in order
    # If set, bodies are JSON {"text": <text> + " " + <unique number>}, one text after
    # another. The number is run_tag followed by the request's count in 9 digits, so a
    # new run_tag for every run means no two requests ever send the same sentence.
    unique_texts: list[str] = field(default_factory=list)
    run_tag: str = "1"


def available_generators() -> list[str]:
    return (["wrk"] if shutil.which("wrk") else []) + ["python"]


def run(generator: str, load: Load, port: int, connections: int, seconds: float) -> dict:
    if generator == "wrk":
        return _run_wrk(load, port, connections, seconds)
    return _run_python(load, port, connections, seconds)


# --- wrk -----------------------------------------------------------------------------

def _lua_string(text: str) -> str:
    # A Lua long string holds anything but its own closing bracket.
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def _wrk_script(load: Load) -> str:
    lines = [
        "-- Written by bench/loadgen.py for one run of wrk.",
        f'wrk.method = "{load.method}"',
        'wrk.headers["Content-Type"] = "application/json"',
        "local counter = 0",
        "local thread_number = 0",
        "local threads = {}",
        "function setup(thread)",
        "  thread:set('thread_number', #threads)",
        "  table.insert(threads, thread)",
        "end",
    ]
    if load.unique_texts:
        prefixes = ",\n".join(
            _lua_string(json.dumps({"text": text + " \x00"}).split("\\u0000")[0])
            for text in load.unique_texts)
        lines += [
            f"local prefixes = {{\n{prefixes}\n}}",
            f'local run_tag = "{int(load.run_tag)}"',
            "function request()",
            "  counter = counter + 1",
            # Each of wrk's threads numbers its requests apart from the others'. Built as a
            # string: Lua's numbers are doubles and print big ones in exponent form.
            "  local number = string.format('%s%09d', run_tag, counter * 64 + thread_number)",
            "  local body = prefixes[(counter % #prefixes) + 1] .. number .. '\"}'",
            "  return wrk.format(nil, nil, nil, body)",
            "end",
        ]
    elif load.bodies:
        bodies = ",\n".join(_lua_string(body) for body in load.bodies)
        lines += [
            f"local bodies = {{\n{bodies}\n}}",
            "function request()",
            "  counter = counter + 1",
            "  return wrk.format(nil, nil, nil, bodies[(counter % #bodies) + 1])",
            "end",
        ]
    # done() sees every thread's figures; it prints one JSON line for us to read.
    lines += [
        "function done(summary, latency, requests)",
        "  local e = summary.errors",
        "  io.write(string.format('BENCH_JSON {\"requests\":%d,\"duration_us\":%d,"
        "\"p50_us\":%d,\"p99_us\":%d,\"mean_us\":%.1f,\"max_us\":%d,"
        "\"errors_connect\":%d,\"errors_read\":%d,\"errors_write\":%d,"
        "\"errors_status\":%d,\"errors_timeout\":%d}\\n',",
        "    summary.requests, summary.duration, latency:percentile(50),"
        " latency:percentile(99), latency.mean, latency.max,",
        "    e.connect, e.read, e.write, e.status, e.timeout))",
        "end",
    ]
    return "\n".join(lines) + "\n"


def _run_wrk(load: Load, port: int, connections: int, seconds: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        script = Path(folder) / "load.lua"
        script.write_text(_wrk_script(load))
        # One wrk thread: it keeps up with the server easily and leaves the cores to it.
        command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
                   "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}{load.path}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH_JSON ")),
                None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    errors = sum(value for key, value in raw.items() if key.startswith("errors_"))
    seconds_run = raw["duration_us"] / 1e6
    return {"requests": raw["requests"], "seconds": seconds_run,
            "rps": raw["requests"] / seconds_run,
            "p50_ms": raw["p50_us"] / 1000, "p99_ms": raw["p99_us"] / 1000,
            "mean_ms": raw["mean_us"] / 1000, "max_ms": raw["max_us"] / 1000,
            "errors": errors, "non_2xx": raw["errors_status"],
            "errors_detail": {key.removeprefix("errors_"): value
                              for key, value in raw.items() if key.startswith("errors_")}}


# --- the Python fallback -------------------------------------------------------------

def _run_python(load: Load, port: int, connections: int, seconds: float) -> dict:
    # A process of its own, like wrk: the measuring process must not share a GIL with it.
    command = [sys.executable, "-m", "bench.loadgen", "--port", str(port),
               "--connections", str(connections), "--seconds", str(seconds)]
    done = subprocess.run(command, input=json.dumps(asdict(load)), capture_output=True,
                          text=True, timeout=seconds + 60, cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        raise RuntimeError(f"python load generator failed: {done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class _Requests:
    """The request bytes, in the order the connections ask for them."""

    def __init__(self, load: Load, port: int):
        self.count = 0
        head = f"{load.method} {load.path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        self.head = head.encode()
        self.load = load

    def next(self) -> bytes:
        self.count += 1
        load = self.load
        if load.unique_texts:
            text = load.unique_texts[self.count % len(load.unique_texts)]
            body = json.dumps({"text": f"{text} {load.run_tag}{self.count:09d}"}).encode()
        elif load.bodies:
            body = load.bodies[self.count % len(load.bodies)].encode()
        else:
            return self.head + b"\r\n"
        return (self.head + b"Content-Type: application/json\r\nContent-Length: "
                + str(len(body)).encode() + b"\r\n\r\n" + body)


async def _read_response(reader) -> tuple[int, bool]:
    """(status, whether the connection stays open) of one response, body read and dropped."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, status = lines[0].split(" ", 2)[:2]
    length, keep_alive = 0, version == "HTTP/1.1"
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection":
            keep_alive = value.strip().lower() == "keep-alive" or (
                keep_alive and value.strip().lower() != "close")
    await reader.readexactly(length)
    return int(status), keep_alive


async def _connection(port, requests: _Requests, deadline, latencies, errors):
    reader = writer = None
    while time.perf_counter() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.perf_counter()
            writer.write(requests.next())
            status, keep_alive = await asyncio.wait_for(_read_response(reader), 10)
            latencies.append(time.perf_counter() - started)
            if not 200 <= status < 300:
                errors["status"] += 1
            if not keep_alive:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError,
                asyncio.LimitOverrunError, ValueError):
            errors["read"] += 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def _generate(load: Load, port: int, connections: int, seconds: float) -> dict:
    requests = _Requests(load, port)
    latencies: list[float] = []
    errors = {"status": 0, "read": 0}
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(_connection(port, requests, deadline, latencies, errors)
                           for _ in range(connections)))
    elapsed = time.perf_counter() - started
    if len(latencies) >= 2:
        percentiles = statistics.quantiles(latencies, n=100, method="inclusive")
        p50, p99 = percentiles[49], percentiles[98]
    else:
        p50 = p99 = latencies[0] if latencies else 0.0
    return {"requests": len(latencies), "seconds": elapsed, "rps": len(latencies) / elapsed,
            "p50_ms": p50 * 1000, "p99_ms": p99 * 1000,
            "mean_ms": statistics.fmean(latencies) * 1000 if latencies else 0.0,
            "max_ms": max(latencies, default=0.0) * 1000,
            "errors": errors["status"] + errors["read"], "non_2xx": errors["status"],
            "errors_detail": errors}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="The Python load generator of bench.http; "
                                                 "reads the Load as JSON on standard input.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args(argv)
    load = Load(**json.load(sys.stdin))
    print(json.dumps(asyncio.run(_generate(load, args.port, args.connections, args.seconds))))


if __name__ == "__main__":
    main()
