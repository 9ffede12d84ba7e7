"""Both benchmarks run once in tiny mode, so they cannot rot.

Benchmarks are not tests: nothing here asserts a speed. These check that each
benchmark runs end to end on the tiny real model and writes well-formed results
(JSON with the figures in place, a markdown table, a PNG plot). The load generator
is whichever the machine has: wrk if installed, else the Python one (which a test of
its own also runs).

spaCy and matplotlib come with the test extra (it includes the bench extra, about
100 MB of wheels, the spaCy model 13 MB of it): without them the spaCy half of the
model benchmark and the plots would never run here and could rot unnoticed.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e  # minutes of benchmarks: left out of `make test-fast`

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run_bench(module: str, *arguments) -> subprocess.CompletedProcess:
    # A process of its own: bench.model sets the BLAS thread count before importing numpy.
    done = subprocess.run([sys.executable, "-m", module, "--tiny", *map(str, arguments)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def assert_outputs(folder, stem) -> dict:
    results = json.loads((folder / f"{stem}.json").read_text())
    markdown = (folder / f"{stem}.md").read_text()
    assert markdown.startswith("#") and "|---|" in markdown
    assert (folder / f"{stem}.png").read_bytes().startswith(PNG_SIGNATURE)
    assert results["tiny"] is True
    machine = results["machine"]
    assert machine["logical_cpus"] >= 1 and machine["python"] and machine["packages"]["numpy"]
    return results


def test_model_bench_tiny(tmp_path, tiny_model_dir, conll_dir):
    run_bench("bench.model", "--model-dir", tiny_model_dir, "--data", conll_dir,
              "--out", tmp_path)
    results = assert_outputs(tmp_path, "model")

    assert results["sentences"] == 100 and results["tokens"] > results["sentences"]
    assert results["model"]["path"] == str(tiny_model_dir)
    for key in ("ours_batched_cold", "ours_batched_warm", "ours_single_cold", "ours_single_warm"):
        assert results["summary"][key]["tokens_per_second"] > 0
    assert results["peak_memory"]["ours"]["peak_mib"] >= results["peak_memory"]["ours"]["baseline_mib"] > 0
    assert results["machine"]["thread_environment"]["OMP_NUM_THREADS"] == "1"
    # spaCy is in the optional bench extra: either it ran, or the results say it was skipped.
    if results["spacy"].get("skipped"):
        assert "spacy_batched" not in results["summary"]
    else:
        assert results["summary"]["spacy_batched"]["tokens_per_second"] > 0
        assert results["spacy"]["components_run"] == ["ner"]
        assert results["ratios"]["batched_warm"] > 0


def test_model_bench_without_spacy(tmp_path, tiny_model_dir, conll_dir):
    done = run_bench("bench.model", "--model-dir", tiny_model_dir, "--data", conll_dir,
                     "--out", tmp_path, "--no-spacy", "--rounds", "1", "--limit", "20")
    results = assert_outputs(tmp_path, "model")
    assert results["spacy"]["skipped"] and "spaCy skipped" in done.stderr
    assert set(results["summary"]) == {"ours_batched_cold", "ours_batched_warm",
                                       "ours_single_cold", "ours_single_warm"}
    assert results["ratios"] == {}


def test_http_bench_tiny(tmp_path, tiny_model_dir, conll_dir):
    run_bench("bench.http", "--model-dir", tiny_model_dir, "--data", conll_dir,
              "--out", tmp_path)
    results = assert_outputs(tmp_path, "http")

    assert results["load_generator"] in ("wrk", "python")
    assert [setup["name"] for setup in results["setups"]] == ["redis", "local"]
    for setup in results["setups"]:
        assert setup["sanity"]["miss_x_cache"] == "MISS"
        scenarios = {row["scenario"]: row for row in setup["summary"]}
        assert set(scenarios) == {"healthz", "tag_hit", "tag_miss"}
        for row in scenarios.values():
            # Every request answered with a 2xx: the bench really exercised /tag.
            assert row["requests"] > 0 and row["errors"] == 0
            assert row["p99_ms"] >= row["p50_ms"] > 0
            assert row["server_cpu_ms_per_request"] > 0 and row["cpu_ratio_to_healthz"] > 0
            assert 1 / setup["gunicorn"]["workers"] <= row["busiest_worker_share"] + 1e-9 <= 1.0 + 1e-9
        assert scenarios["healthz"]["ratio_to_healthz"] == pytest.approx(1.0)
        # The service's own counters: misses were all new sentences, hits mostly cached.
        assert scenarios["tag_miss"]["cache_hit_rate"] == 0
        assert scenarios["tag_hit"]["cache_hit_rate"] > 0.5
        workers = setup["memory"]["workers"]
        assert len(workers) == setup["gunicorn"]["workers"]
        assert all(worker["rss_mib"] > 0 for worker in workers)


def test_http_bench_with_python_load_generator(tmp_path, tiny_model_dir, conll_dir):
    """The fallback generator (what a machine without wrk uses) sends only new sentences."""
    run_bench("bench.http", "--model-dir", tiny_model_dir, "--data", conll_dir,
              "--out", tmp_path, "--setups", "local", "--load-generator", "python")
    results = assert_outputs(tmp_path, "http")
    assert results["load_generator"] == "python"
    rows = {row["scenario"]: row for row in results["setups"][0]["summary"]}
    assert rows["tag_miss"]["requests"] > 0 and rows["tag_miss"]["errors"] == 0
    assert rows["tag_miss"]["cache_hit_rate"] == 0
    assert rows["tag_hit"]["cache_hit_rate"] > 0.5


def test_documents_bench_tiny(tmp_path, tiny_model_dir, conll_dir):
    run_bench("bench.documents", "--model-dir", tiny_model_dir, "--data", conll_dir,
              "--out", tmp_path)
    results = json.loads((tmp_path / "documents.json").read_text())
    assert (tmp_path / "documents.md").read_text().startswith("# Documents benchmark")
    assert results["tiny"] is True and results["documents"] == 6
    assert [setup["setup"] for setup in results["service"]] == ["local", "redis"]
    for setup in results["service"]:
        run = setup["runs"][0]
        assert run["server"]["tokens"] == run["in_process"]["tokens"] > 0
        assert run["server"]["cpu_seconds"] > 0 and setup["ratio"] > 0
    for run in results["whole_process"]:
        # Both processes really answered every document.
        assert run["ner_tag"]["documents"] == run["spacy"]["documents"] == 6
        assert run["ner_tag"]["entities"] > 0 and run["spacy"]["entities"] > 0
    assert {check["setup"] for check in results["targets"]} == {"local", "redis", "ner-tag"}
