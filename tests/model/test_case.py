"""Text in any case: scoring lower- and upper-cased text (ner-eval --case), training on a mix
of cases, and name lists that match whatever the case."""
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from model import DEFAULT_MODEL_DIR, Tagger
from model.conll import read_conll
from model.evaluate import CASES, evaluate, recase
from model.features import Features
from model.train import TrainConfig, case_mix, selection_score, trained_cases

BIN = Path(sys.executable).parent


def test_recase():
    tokens = ["Peter", "visited", "the", "U.S.", "in", "1996"]
    assert recase(tokens, "cased") == tokens
    assert recase(tokens, "lowercased") == ["peter", "visited", "the", "u.s.", "in", "1996"]
    assert recase(tokens, "uppercased") == ["PETER", "VISITED", "THE", "U.S.", "IN", "1996"]
    assert recase(tokens, "headline") == ["Peter", "Visited", "the", "U.S.", "in", "1996"]
    assert recase(["the", "talks", "do", "n't", "stop", "in", "iOS", "."], "headline") == [
        "The", "Talks", "Do", "n't", "Stop", "in", "IOS", "."]


def test_name_lists_match_lower_and_upper_case_tokens():
    features = Features.build([["x"]], gazetteers={"place": ["London", "York"], "first": ["Will"]})
    bits = lambda token: features.encode(token)[3].tolist()
    assert bits("London") == bits("london") == bits("LONDON") == [1.0, 0.0]
    assert bits("will") == bits("WILL") == [0.0, 1.0]
    # Only the forms a name list could hold: as written, or title-cased when all one case.
    assert bits("lONDON") == bits("L") == [0.0, 0.0]


def test_case_mix_changes_a_share_of_the_sentences_each_epoch():
    encoded = {case: [case] * 10_000 for case in CASES}
    assert case_mix(encoded, 0.0, np.random.default_rng(0)) is encoded["cased"]
    rng = np.random.default_rng(0)
    first, second = case_mix(encoded, 0.2, rng), case_mix(encoded, 0.2, rng)
    counts = Counter(first)
    for case in ["cased", "lowercased", "uppercased", "headline"]:
        assert counts[case] == pytest.approx(4000 if case == "cased" else 2000, abs=200)
    assert first != second  # a fresh draw every epoch
    assert first == case_mix(encoded, 0.2, np.random.default_rng(0))  # and reproducible
    # Without headline case the draws give the other two cases exactly as before it existed.
    three = {case: encoded[case] for case in ["cased", "lowercased", "uppercased"]}
    draws = np.random.default_rng(0).random(10_000)
    assert case_mix(three, 0.2, np.random.default_rng(0)) == [
        "lowercased" if d < 0.2 else "uppercased" if d < 0.4 else "cased" for d in draws]


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


@pytest.mark.parametrize("case, key, target", [
    ("cased", "validation", 0.90),
    ("lowercased", "validation_lowercased", 0.80),
    ("uppercased", "validation_uppercased", 0.85)])
def test_bundled_model_scores_every_case_as_its_card_says(conll_dir, case, key, target):
    result = run_eval("--data", str(conll_dir / "valid.txt"), "--case", case)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    meta = json.loads((DEFAULT_MODEL_DIR / "model.json").read_text())
    assert scores["overall"]["f1"] == pytest.approx(meta[key]["overall"]["f1"], abs=1e-9)
    f1_by_type = lambda by_type: {name: s["f1"] for name, s in by_type.items()}
    assert f1_by_type(scores["per_type"]) == pytest.approx(f1_by_type(meta[key]["per_type"]))
    assert scores["overall"]["f1"] >= target


def test_early_stopping_weighs_the_cases_trained_on_and_only_those():
    scores = {case: {"overall": {"f1": f1}} for case, f1 in
              [("cased", 0.9), ("lowercased", 0.8), ("uppercased", 0.7), ("headline", 0.2)]}
    assert trained_cases(TrainConfig(case_augmentation=0.0)) == ["cased"]
    assert selection_score(scores, TrainConfig(case_augmentation=0.0)) == 0.9
    # As 1.2.0 was chosen:
    assert selection_score(scores, TrainConfig(headline_case=False)) == pytest.approx(0.8)
    with_headlines = TrainConfig()
    assert trained_cases(with_headlines)[-1] == "headline"
    assert selection_score(scores, with_headlines) == pytest.approx(0.65)
