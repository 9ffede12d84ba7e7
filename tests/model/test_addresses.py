"""The postal addresses made up for training (model/addresses.py)."""
from model import addresses
from model.conll import LabelledSentence
from model.evaluate import entity_spans

NEWS = [
    LabelledSentence(("Peter", "Blackburn", "visited", "New", "York", "."),
                     ("B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O")),
    LabelledSentence(("Siemens", "left", "BERLIN", "for", "Portsmouth"),
                     ("B-ORG", "O", "B-LOC", "O", "B-LOC")),
]


def test_places_names_and_companies_are_the_training_datas_and_numbers_stay_outside():
    made = addresses.make(NEWS, 300, seed=1)
    assert len(made) == 300 and made == addresses.make(NEWS, 300, seed=1)
    assert made != addresses.make(NEWS, 300, seed=2)
    places = {("New", "York"), ("Portsmouth",)}  # not the headline's BERLIN
    for sentence in made:
        assert len(sentence.tokens) == len(sentence.tags)
        for label, start, end in entity_spans(sentence.tags):
            words = sentence.tokens[start:end]
            assert (label == "ORG" and words == ("Siemens",)) or (label == "LOC" and (
                words in places or words[-1] in addresses.STREETS
                or words[0] in addresses.FRENCH_STREETS
                or any(words[0].endswith(ending) for ending in addresses.GERMAN_STREETS)
                or words[0] in addresses.US_STATES)), sentence
        outside = [t for t, tag in zip(sentence.tokens, sentence.tags) if tag == "O"]
        assert all(t in (",", "P.O.", "Box") or any(c.isdigit() for c in t) for t in outside)
    # every form turns up: a company before its address, a German street, a P.O. Box
    assert any(s.tags[0] == "B-ORG" for s in made)
    assert any(s.tokens[0].startswith("Blackburn") for s in made)
    assert any(s.tokens[0] == "P.O." for s in made)


def test_nothing_is_made_without_entities_or_count():
    assert addresses.make(NEWS[:1], 10, seed=1) == []  # no company
    assert addresses.make(NEWS, 0, seed=1) == []
