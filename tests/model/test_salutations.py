"""The e-mail salutations made up for training (model/salutations.py), and what the bundled
model makes of e-mail's opening and closing lines."""
from model import salutations
from model.conll import LabelledSentence
from model.evaluate import entity_spans

NEWS = [
    LabelledSentence(("Peter", "Blackburn", "visited", "London", "."),
                     ("B-PER", "I-PER", "O", "B-LOC", "O")),
    LabelledSentence(("Chirac", "met", "Kohl"), ("B-PER", "O", "B-PER")),
    LabelledSentence(("EU", "rejects", "German", "call"), ("B-ORG", "O", "B-MISC", "O")),
]


def test_the_names_are_the_training_datas_and_the_greetings_stay_outside():
    made = salutations.make(NEWS, 200, seed=1)
    assert len(made) == 200 and made == salutations.make(NEWS, 200, seed=1)
    assert made != salutations.make(NEWS, 200, seed=2)
    names = {("Peter", "Blackburn"), ("Chirac",), ("Kohl",), ("Blackburn",)}
    phrases = {word for phrase in salutations.OPENINGS + salutations.CLOSINGS
               for word in phrase.split()} | set(salutations.TITLES) | {"and", ",", "!", ":"}
    for sentence in made:
        for label, start, end in entity_spans(sentence.tags):
            assert label == "PER" and sentence.tokens[start:end] in names
        outside = [t for t, tag in zip(sentence.tokens, sentence.tags) if tag == "O"]
        assert set(outside) <= phrases
    # every form turns up: sign-offs alone, greetings before one name and before two
    assert any(not entity_spans(s.tags) for s in made)
    assert any(len(entity_spans(s.tags)) == 2 for s in made)
    assert any(s.tokens[1] in salutations.TITLES for s in made)


def test_nothing_is_made_without_names_or_count():
    assert salutations.make(NEWS[2:], 10, seed=1) == []
    assert salutations.make(NEWS, 0, seed=1) == []


def test_the_bundled_model_reads_an_emails_greeting_and_sign_off(entities_in_lines):
    """Names the training data never had: the greeting and a title stay outside the name, a
    sign-off alone is no entity, and a surname that is also a sign-off still is one."""
    lines = {
        "Hi Priyanka ,": [("PER", "Priyanka")],
        "Hello Mark ,": [("PER", "Mark")],
        "Dear Ms. Okonkwo ,": [("PER", "Okonkwo")],
        "Hey Tom !": [("PER", "Tom")],
        "Good morning Lukas and Mia ,": [("PER", "Lukas"), ("PER", "Mia")],
        "Best ,": [],
        "Best regards ,": [],
        "Kind regards ,": [],
        "Cheers , Anna": [("PER", "Anna")],
        "George Best scored twice .": [("PER", "George Best")],
    }
    found = entities_in_lines(lines)
    for line, expected in lines.items():
        assert found[line] == expected, line
