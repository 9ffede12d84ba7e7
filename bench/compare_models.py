"""Two models of ours in one process on one core: is a new model slower or bigger than the one
it replaces? (Issue 13's target: at most 15% slower, under 150 MB a worker.)

    .venv/bin/python -m bench.compare_models --baseline-rev 284cdfd   # the 1.1.0 model from git
    .venv/bin/python -m bench.compare_models --baseline DIR [--model DIR]

Per round (rounds alternate which model goes first, so machine drift cancels in the ratios;
the figures are medians of CPU time over rounds): the CoNLL-2003 validation sentences through
Tagger.tag 64 at a time and one at a time, each on a freshly loaded Tagger ("cold": its token
cache empty) and then again ("warm"). Memory: VmRSS and peak (VmHWM) of a separate process
that loads one model and tags every sentence in batches of 64, as bench.model measures it.
"""
from __future__ import annotations

from bench.common import pin_to_one_thread

pin_to_one_thread()  # before numpy is imported

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from bench.common import (REPO, RESULTS_DIR, machine_description, machine_markdown,  # noqa: E402
                          markdown_table, median, validation_sentences, write_results)

BATCH_SIZE = 64
MODES = [f"{mode}_{warmth}" for mode in ("batched", "single") for warmth in ("cold", "warm")]
MODEL_FILES = ["weights.npz", "vocab.json", "model.json"]


def model_from_git(revision: str, directory: Path) -> Path:
    """model/default as it was at a revision, written into directory."""
    for name in MODEL_FILES:
        data = subprocess.run(["git", "show", f"{revision}:model/default/{name}"], cwd=REPO,
                              capture_output=True, check=True).stdout
        (directory / name).write_bytes(data)
    return directory


def tag_all(tagger, sentences, mode: str) -> None:
    if mode.startswith("batched"):
        for start in range(0, len(sentences), BATCH_SIZE):
            tagger.tag(sentences[start:start + BATCH_SIZE])
    else:
        for sentence in sentences:
            tagger.tag([sentence])


def cpu_seconds(models: dict, sentences, rounds: int) -> dict:
    from model import Tagger

    seconds = {mode: {name: [] for name in models} for mode in MODES}
    for round_index in range(rounds):
        names = list(models) if round_index % 2 == 0 else list(reversed(models))
        for name in names:
            for mode in ("batched", "single"):
                tagger = Tagger.load(models[name])
                for warmth in ("cold", "warm"):
                    started = time.process_time()
                    tag_all(tagger, sentences, mode)
                    seconds[f"{mode}_{warmth}"][name].append(time.process_time() - started)
    return {mode: {name: median(values) for name, values in by_name.items()}
            for mode, by_name in seconds.items()}


def memory_probe(model_dir: str, data_dir: str | None) -> None:
    """Runs in the child process: load, tag everything, print MiB figures as JSON."""
    from model import Tagger

    def status(key):
        line = next(line for line in open("/proc/self/status") if line.startswith(key))
        return int(line.split()[1]) / 1024

    sentences = validation_sentences(data_dir)
    before = status("VmRSS:")
    tagger = Tagger.load(model_dir)
    loaded = status("VmRSS:")
    tag_all(tagger, sentences, "batched_cold")
    print(json.dumps({"before_load_mib": before, "after_load_mib": loaded,
                      "after_tagging_mib": status("VmRSS:"), "peak_mib": status("VmHWM:")}))


def memory(model_dir: Path, data_dir: str | None) -> dict:
    command = [sys.executable, "-m", "bench.compare_models", "--memory-probe", str(model_dir)]
    if data_dir:
        command += ["--data", data_dir]
    output = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True).stdout
    return json.loads(output)


def markdown(results: dict) -> str:
    speed = [[mode, f"{s['baseline']:.3f}", f"{s['model']:.3f}", f"{s['model'] / s['baseline']:.3f}"]
             for mode, s in results["cpu_seconds"].items()]
    mem = [[name, f"{m['after_load_mib']:.0f}", f"{m['peak_mib']:.0f}"]
           for name, m in results["memory"].items()]
    return "\n".join([
        f"# {results['model']} against {results['baseline']}", "",
        f"{results['sentences']} CoNLL-2003 validation sentences; {results['rounds']} alternating "
        "rounds, medians of CPU seconds; one BLAS/OpenMP thread.", "",
        markdown_table(["mode", "baseline s", "model s", "model / baseline"], speed), "",
        "Memory of a process that loads one model and tags every sentence in batches of 64:", "",
        markdown_table(["model", "RSS after load MiB", "peak RSS MiB"], mem), "",
        machine_markdown(results["machine"]), ""])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="bench.compare_models", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    baseline = parser.add_mutually_exclusive_group()
    baseline.add_argument("--baseline", help="the model folder to compare against")
    baseline.add_argument("--baseline-rev", help="compare against model/default at this git revision")
    parser.add_argument("--model", help="the model to measure (default: the bundled one)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", help="folder with CoNLL-2003 valid.txt")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR)
    parser.add_argument("--memory-probe", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_probe:
        memory_probe(args.memory_probe, args.data)
        return
    if not (args.baseline or args.baseline_rev):
        parser.error("say what to compare against: --baseline DIR or --baseline-rev REV")
    from model import DEFAULT_MODEL_DIR

    with tempfile.TemporaryDirectory() as scratch:
        base = (Path(args.baseline) if args.baseline
                else model_from_git(args.baseline_rev, Path(scratch)))
        models = {"baseline": base, "model": Path(args.model or DEFAULT_MODEL_DIR)}
        sentences = validation_sentences(args.data)
        by_mode = cpu_seconds(models, sentences, args.rounds)
        results = {
            "baseline": args.baseline or f"model/default at {args.baseline_rev}",
            "model": args.model or "model/default", "sentences": len(sentences),
            "rounds": args.rounds, "machine": machine_description(),
            "cpu_seconds": by_mode,
            "memory": {name: memory(path, args.data) for name, path in models.items()}}
    for path in write_results(args.out, "compare_models", results, markdown(results)):
        print(path)
    print(markdown(results))


if __name__ == "__main__":
    main()
