"""The name lists a model is trained with (model/gazetteers.py), built from the train extra's
packages."""
from model import gazetteers


def test_a_longer_entry_gives_its_capitalised_words_as_parts():
    whole, parts = gazetteers._whole_and_parts(
        ["Adidas", "Anglo American", "Bank of America", "Korea, Republic of", ""])
    assert whole == ["Adidas"]
    assert parts == ["America", "American", "Anglo", "Bank", "Korea", "Republic"]


def test_the_lists_hold_people_places_and_companies_without_their_legal_forms():
    lists = gazetteers.build()
    assert list(lists) == ["person_first", "person_last", "place", "place_part",
                           "organisation", "organisation_part"]
    assert {"Netflix", "Pfizer", "Adidas"} <= set(lists["organisation"])
    assert {"Deutsche", "Telekom"} <= set(lists["organisation_part"])
    legal_forms = {"Inc", "Inc.", "plc", "AG", "Ltd", "SE", "Co."}
    assert not legal_forms & set(lists["organisation"] + lists["organisation_part"])
    assert not [token for token in lists["organisation"] + lists["organisation_part"]
                if not token or set(token) & set("(),")]
