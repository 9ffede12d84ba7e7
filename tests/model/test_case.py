"""Text in any case: scoring lower- and upper-cased text (ner-eval --case)."""
import json
import subprocess
import sys
from pathlib import Path

from model import Tagger
from model.conll import read_conll
from model.evaluate import CASES, evaluate, recase

BIN = Path(sys.executable).parent


def test_recase():
    tokens = ["Peter", "visited", "the", "U.S.", "in", "1996"]
    assert recase(tokens, "cased") == tokens
    assert recase(tokens, "lowercased") == ["peter", "visited", "the", "u.s.", "in", "1996"]
    assert recase(tokens, "uppercased") == ["PETER", "VISITED", "THE", "U.S.", "IN", "1996"]


def run_eval(*args):
    return subprocess.run([str(BIN / "ner-eval"), *args, "--json"], capture_output=True,
                          text=True, timeout=300)


def test_ner_eval_scores_the_text_in_the_case_asked_for(tiny_model_dir, conll_dir, tmp_path):
    sentences = read_conll(conll_dir / "valid.txt")[:60]
    path = tmp_path / "dev.txt"
    path.write_text("\n\n".join("\n".join(f"{tok} {tag}" for tok, tag in zip(s.tokens, s.tags))
                                for s in sentences) + "\n")
    tagger = Tagger.load(tiny_model_dir)
    for case in CASES:
        result = run_eval("--model", str(tiny_model_dir), "--data", str(path), "--case", case)
        assert result.returncode == 0, result.stderr
        predicted = [r["tags"] for r in tagger.tag([recase(s.tokens, case) for s in sentences])]
        assert json.loads(result.stdout) == evaluate((s.tags for s in sentences), predicted)
    result = run_eval("--data", str(path), "--case", "titlecased")
    assert result.returncode != 0 and "invalid choice" in result.stderr
