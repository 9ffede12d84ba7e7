"""Organisations the training data never names: CoNLL-2003 is Reuters news of 1996, before
Google, Facebook or Netflix, so the bundled model knows these names only by their GloVe
vectors (the 100,000 commonest words it keeps). Each name here is absent from the training
text, and GloVe puts other companies among its nearest words; the sentences are news as it
reads today.

The bundled model finds 6 of the 12: it reads Google, Facebook, Twitter, YouTube, LinkedIn and
eBay as the common words GloVe's lower-cased contexts make of them. Keeping the pretrained
vectors as they are in training did not change that (model card, Tuning), so this stays a
strict expected failure, the check a model that fixes it must pass."""
import pytest

# Each line's one organisation, in a sentence of the kind the model learned on.
LINES = {
    "Google said on Tuesday its profits rose 20 percent .": "Google",
    "Shares of Facebook fell 5 percent in early trading .": "Facebook",
    "Twitter suspended the account on Friday .": "Twitter",
    "Netflix added 2 million subscribers in the quarter .": "Netflix",
    "The video was removed by YouTube after complaints .": "YouTube",
    "PayPal agreed to buy the Swedish firm for $ 2 billion .": "PayPal",
    "He left his job at LinkedIn in March .": "LinkedIn",
    "Starbucks will close 400 stores , the company said .": "Starbucks",
    "Walmart cut its forecast for the year .": "Walmart",
    "The auction was held on eBay last week .": "eBay",
    "Nvidia reported record sales of its chips .": "Nvidia",
    "Qualcomm sued the phone maker in California .": "Qualcomm",
}
FOUND_AT_LEAST = 10  # of 12: most, allowing for a name or two a context makes ambiguous


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="a known limit of the bundled model (6 of 12 found)")
def test_the_bundled_model_finds_organisations_it_knows_only_by_their_vectors(entities_in_lines):
    found = entities_in_lines(list(LINES))
    missed = [name for line, name in LINES.items() if ("ORG", name) not in found[line]]
    assert len(LINES) - len(missed) >= FOUND_AT_LEAST, f"missed: {missed}"
