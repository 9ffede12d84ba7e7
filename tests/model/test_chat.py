"""The chat words added to training sentences (model/chat.py), and what the bundled model
makes of them in lower-case messages."""
from model import chat
from model.conll import LabelledSentence

NEWS = [
    LabelledSentence(("Peter", "Blackburn", "visited", "London", "."),
                     ("B-PER", "I-PER", "O", "B-LOC", "O")),
    LabelledSentence(("EU", "rejects", "German", "call"), ("B-ORG", "O", "B-MISC", "O")),
]


def test_a_chat_word_comes_before_or_after_a_training_sentence_outside_entities():
    made = chat.make(NEWS, 200, seed=1)
    assert len(made) == 200 and made == chat.make(NEWS, 200, seed=1)
    assert made != chat.make(NEWS, 200, seed=2)
    for sentence in made:
        original = next(s for s in NEWS if " ".join(s.tokens) in " ".join(sentence.tokens))
        added = len(sentence.tokens) - len(original.tokens)
        if sentence.tokens[0] in chat.WORDS:  # before, perhaps with a mark between
            assert sentence.tokens[added:] == original.tokens
            assert sentence.tokens[1:added] in [()] + [(mark,) for mark in chat.MARKS if mark]
            assert sentence.tags == ("O",) * added + original.tags
        else:                                 # after
            assert sentence.tokens[:-1] == original.tokens and sentence.tokens[-1] in chat.WORDS
            assert sentence.tags == original.tags + ("O",)
    assert {s.tokens[0] in chat.WORDS for s in made} == {True, False}


def test_nothing_is_made_without_sentences_or_count():
    assert chat.make([], 10, seed=1) == []
    assert chat.make(NEWS, 0, seed=1) == []


def test_the_bundled_model_keeps_chat_words_out_of_entities(entities_in_lines):
    """Lower-case messages (and two in capitals): the chat words are no entity, and the
    names beside them still are."""
    lines = {
        "lol that was hilarious": [],
        "omg did u see the game last night": [],
        "brb gonna grab coffee": [],
        "idk what to do about it tbh": [],
        "haha yeah ok see you at 5": [],
        "LOL that was hilarious": [],
        "OMG did you see it": [],
        "lol i met angela merkel in berlin": [("PER", "angela merkel"), ("LOC", "berlin")],
        "btw microsoft is hiring in seattle": [("ORG", "microsoft"), ("LOC", "seattle")],
        "imo the eu should act": [("ORG", "eu")],
        "ur flight to paris is at 6 fyi": [("LOC", "paris")],
        "np , see you in madrid": [("LOC", "madrid")],
    }
    found = entities_in_lines(lines)
    for line, expected in lines.items():
        assert found[line] == expected, line
