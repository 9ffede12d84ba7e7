"""The serving path (model.inference) against the training network it is a faster copy of."""
import numpy as np
import pytest

from model import crf, inference, network
from model.crf import bio_penalties
from model.features import make_batch

# Made-up sentences, longest first: two of the same length (the tagging LSTM steps through runs
# of equal length), a one-token one, and tokens of every kind: known words, an abbreviation,
# a date, an unknown string and a character with no known n-gram at all.
SENTENCES = [
    ["Maria", "Lopez", "flew", "from", "Madrid", "to", "Oslo", "on", "1996-08-22", "."],
    ["Acme", "Corp.", "shares", "rose", "3.5", "%", "in", "Frankfurt", "."],
    ["xqzzv", "met", "the", "U.N.", "envoy", "in", "Kenya", "on", "Monday"],
    ["\u03a9", "London", "said"],
    ["Smith"],
]


@pytest.fixture(params=["bundled_tagger", "tiny_model_dir", "no_char_cnn_model_dir"])
def tagger(request):
    """The bundled model, and two tiny ones, with and without a character CNN."""
    from model import Tagger
    model = request.getfixturevalue(request.param)
    return model if isinstance(model, Tagger) else Tagger.load(model)


def test_inference_gives_the_training_networks_tags_and_scores(tagger):
    params, features = tagger.params, tagger.features
    penalties = tuple(p.astype(np.float32) for p in bio_penalties(tagger.labels))
    encoded = [[features.encode(token) for token in sentence] for sentence in SENTENCES]
    assert not features.encode("\u03a9")[2]  # no n-gram: token_vectors' special case

    # Training: a padded batch through network.embed and network.emissions, then the CRF.
    batch = make_batch(encoded)
    x, _ = network.embed(params, batch)                                # (T, B, D)
    scores, _ = network.emissions(params, x, batch.lengths)
    trained_tags, trained_probabilities = crf.decode(
        scores, batch.mask, network.crf_chain(params, penalties))

    # Serving: each token's vector and gate inputs, then inference.best_tags.
    weights = inference.tagging_weights(params, penalties, crf.outside_scores(tagger.labels))
    vectors = inference.token_vectors(weights, [token for tokens in encoded for token in tokens])
    # float32 sums in another order (a mean of n-grams by reduceat, against a padded bag): a
    # few ulps apart, 2.5e-6 relative seen on one tiny model
    np.testing.assert_allclose(vectors, x.transpose(1, 0, 2)[batch.mask.T], rtol=1e-5, atol=1e-7)
    rows = inference.gate_inputs(weights, vectors).transpose(1, 0, 2)  # (N, 2, 4H)
    tags, probabilities = inference.best_tags(weights, rows, [len(s) for s in SENTENCES])

    mask = batch.mask
    np.testing.assert_array_equal(np.where(mask, tags, 0), np.where(mask, trained_tags, 0))
    np.testing.assert_allclose(probabilities * mask, trained_probabilities * mask, atol=1e-6)
