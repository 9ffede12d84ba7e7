"""The model card: written from a trained model's metadata, with the scores of the three cases
and the record of the configurations tried."""
import json

from model import Tagger
from model.card import TUNING, publish

TRIED = {"configurations": [
    {"name": "A", "what": "the old recipe", "cased": 0.9, "lowercased": 0.1, "uppercased": 0.7},
    {"name": "B", "what": "pretrained vectors", "cased": 0.93, "lowercased": 0.8,
     "uppercased": 0.86, "published": True}],
    "notes": ["B kept 50,000 extra words."]}


def test_published_model_loads_and_its_card_reports_every_case(tiny_model_dir, tmp_path):
    (tmp_path / TUNING).write_text(json.dumps(TRIED))
    publish(tiny_model_dir, tmp_path)
    card = (tmp_path / "MODEL_CARD.md").read_text()
    meta = Tagger.load(tmp_path).meta
    for key, title in [("validation", "as written (cased)"),
                       ("validation_lowercased", "every token lower-cased"),
                       ("validation_uppercased", "every token upper-cased")]:
        assert f"### {title}" in card
        assert f"{meta[key]['overall']['f1']:.4f} | {meta[key]['overall']['support']} |" in card
    assert "2 configurations were scored on validation" in card
    assert "| B (published) | pretrained vectors | 0.9300 | 0.8000 | 0.8600 |" in card
    assert "- B kept 50,000 extra words." in card
    assert "learned from the training data alone" in card  # the tiny model has no vectors


def test_without_a_tuning_record_the_card_says_so(tiny_model_dir, tmp_path):
    publish(tiny_model_dir, tmp_path)
    assert "No record of the configurations tried." in (tmp_path / "MODEL_CARD.md").read_text()
