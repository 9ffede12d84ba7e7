"""Training sentences whose organisations are replaced by listed companies of today
(model/companies.py)."""
import pytest

from model import companies
from model.conll import LabelledSentence

NEWS = [
    LabelledSentence(("Shares", "of", "Daimler-Benz", "and", "Bayer", "AG", "rose", "in", "Germany"),
                     ("O", "O", "B-ORG", "O", "B-ORG", "I-ORG", "O", "O", "B-LOC")),
    LabelledSentence(("Peter", "Blackburn", "visited", "London", "."),
                     ("B-PER", "I-PER", "O", "B-LOC", "O")),
]
COMPANIES = [("Netflix",), ("Deutsche", "Telekom"), ("Procter", "&", "Gamble")]


def test_each_organisation_is_replaced_by_a_company_and_the_rest_kept():
    made = companies.make(NEWS, COMPANIES, 100, seed=1)
    assert len(made) == 100 and made == companies.make(NEWS, COMPANIES, 100, seed=1)
    assert made != companies.make(NEWS, COMPANIES, 100, seed=2)
    seen = set()
    for sentence in made:  # only the sentence with organisations is a source
        tokens, tags = list(sentence.tokens), list(sentence.tags)
        assert tokens[:2] == ["Shares", "of"] and tokens[-3:] == ["rose", "in", "Germany"]
        assert tags[:2] == ["O", "O"] and tags[-3:] == ["O", "O", "B-LOC"]
        middle, middle_tags = tokens[2:-3], tags[2:-3]
        and_at = next(i for i, tag in enumerate(middle_tags) if tag == "O")
        assert middle[and_at] == "and"
        for name, name_tags in ((middle[:and_at], middle_tags[:and_at]),
                                (middle[and_at + 1:], middle_tags[and_at + 1:])):
            assert tuple(name) in COMPANIES
            assert name_tags == ["B-ORG"] + ["I-ORG"] * (len(name) - 1)
            seen.add(tuple(name))
    assert seen == set(COMPANIES)


def test_nothing_is_made_without_organisations_companies_or_count():
    assert companies.make(NEWS[1:], COMPANIES, 10, seed=1) == []
    assert companies.make(NEWS, [], 10, seed=1) == []
    assert companies.make(NEWS, COMPANIES, 0, seed=1) == []


def test_the_list_leaves_out_the_companies_the_unseen_names_test_looks_for():
    pytest.importorskip("pytickersymbols", reason="the company list is in the train extra")
    pytest.importorskip("cleanco", reason="the company list is in the train extra")
    from tests.model.test_unseen_names import LINES
    listed = companies.listed_companies()
    assert len(listed) > 1000
    assert ("Microsoft",) in listed and ("Netflix",) not in listed
    assert not {(name,) for name in LINES.values()} & set(listed)
    assert all(token and " " not in token for name in listed for token in name)
