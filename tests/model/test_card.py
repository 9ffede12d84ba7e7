"""The model card: written from a trained model's metadata, with the scores of the three cases
and the record of the configurations tried."""
import json

import numpy as np

from model import Tagger, artifact
from model.card import TUNING, publish
from model.conll import LabelledSentence

SENTENCES = [["Peter", "Blackburn", "visited", "London", "."], ["EU", "rejects", "German", "call"]]

TRIED = {"configurations": [
    {"name": "A", "what": "the old recipe", "cased": 0.9, "lowercased": 0.1, "uppercased": 0.7},
    {"name": "B", "what": "pretrained vectors", "cased": 0.93, "lowercased": 0.8,
     "uppercased": 0.86, "published": True}],
    "notes": ["B kept 50,000 extra words."]}


def test_published_model_loads_and_its_card_reports_every_case(tiny_model_dir, tmp_path):
    (tmp_path / TUNING).write_text(json.dumps(TRIED))
    publish(tiny_model_dir, tmp_path, SENTENCES)
    card = (tmp_path / "MODEL_CARD.md").read_text()
    meta = Tagger.load(tmp_path).meta  # the checksums still hold with the licence and speed
    for key, title in [("validation", "as written (cased)"),
                       ("validation_lowercased", "every token lower-cased"),
                       ("validation_uppercased", "every token upper-cased")]:
        assert f"### {title}" in card
        assert f"{meta[key]['overall']['f1']:.4f} | {meta[key]['overall']['support']} |" in card
    assert "2 configurations were scored on validation" in card
    assert "| B (published) | pretrained vectors | 0.9300 | 0.8000 | 0.8600 |" in card
    assert "- B kept 50,000 extra words." in card
    assert "learned from the training data alone" in card  # the tiny model has no vectors


def test_publishing_records_licences_and_speed(tiny_model_dir, tmp_path):
    publish(tiny_model_dir, tmp_path, SENTENCES, "two test sentences")
    meta = Tagger.load(tmp_path).meta
    assert meta["licence"]["model"].startswith("research use only")
    assert "word_vectors" not in meta["licence"]  # the tiny model has none, nor name lists
    speed = meta["speed"]
    assert speed["batched_tokens_per_second"] > 0 and speed["single_sentence_tokens_per_second"] > 0
    assert "two test sentences" in speed["measured_on"] and speed["machine"]
    card = (tmp_path / "MODEL_CARD.md").read_text()
    assert "research use only" in card and "tokens/s one sentence at a time" in card


def test_publishing_a_model_onto_itself_refreshes_only_its_card(tiny_model_dir, tmp_path):
    publish(tiny_model_dir, tmp_path, SENTENCES)
    weights = (tmp_path / artifact.WEIGHTS).read_bytes()
    first = Tagger.load(tmp_path)
    publish(tmp_path, tmp_path, SENTENCES)
    again = Tagger.load(tmp_path)
    assert (tmp_path / artifact.WEIGHTS).read_bytes() == weights
    assert again.checksum == first.checksum
    np.testing.assert_array_equal(again.params["W_ax"], first.params["W_ax"])


def test_without_a_tuning_record_the_card_says_so(tiny_model_dir, tmp_path):
    publish(tiny_model_dir, tmp_path, SENTENCES)
    assert "No record of the configurations tried." in (tmp_path / "MODEL_CARD.md").read_text()


def test_publishing_with_documents_scores_them_whole_every_way(tiny_model_dir, tmp_path):
    documents = [LabelledSentence(("Peter", "Blackburn", "visited", "London", "."),
                                  ("B-PER", "I-PER", "O", "B-LOC", "O"), document=0),
                 LabelledSentence(("EU", "rejects", "German", "call"),
                                  ("B-ORG", "O", "B-MISC", "O"), document=0),
                 LabelledSentence(("Peter", "left", "."), ("B-PER", "O", "O"), document=1)]
    publish(tiny_model_dir, tmp_path, SENTENCES, documents=documents)
    scores = Tagger.load(tmp_path).meta["validation_documents"]
    assert set(scores) == {"newline", "space", "wrapped", "html"}
    assert all(s["support"] == 5 and 0 <= s["f1"] <= 1 for s in scores.values())
    card = (tmp_path / "MODEL_CARD.md").read_text()
    assert f"| space | {scores['space']['precision']:.4f} |" in card
    assert "## Whole documents" in card


def test_without_documents_the_card_says_they_were_not_measured(tiny_model_dir, tmp_path):
    publish(tiny_model_dir, tmp_path, SENTENCES)
    assert "validation_documents" not in Tagger.load(tmp_path).meta
    assert "## Whole documents\nNot measured." in (tmp_path / "MODEL_CARD.md").read_text()
