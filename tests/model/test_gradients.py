"""Numerical gradient checks: every hand-written backward pass against finite differences,
in float64 so that the comparison is tight."""
import numpy as np
import pytest

from model import crf, layers, network
from model.features import Batch, pad_char_ids

rng = np.random.default_rng(0)


def numerical_grad(f, x, eps=1e-6):
    """Central differences of the scalar f() with respect to every entry of x (in place)."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        up = f()
        x[index] = saved - eps
        down = f()
        x[index] = saved
        grad[index] = (up - down) / (2 * eps)
    return grad


def assert_close(analytic, numeric):
    error = np.abs(analytic - numeric).max() / max(1e-8, np.abs(numeric).max())
    assert error < 1e-5, f"relative error {error:.2e}"


def test_bag_of_ngrams():
    E = rng.normal(size=(7, 3))
    ids = np.array([[1, 2, 0], [3, 3, 6]])
    weights = np.array([[0.5, 0.5, 0.0], [0.25, 0.25, 0.5]])
    upstream = rng.normal(size=(2, 3))
    out, cache = layers.bag_forward(E, ids, weights)
    f = lambda: (layers.bag_forward(E, ids, weights)[0] * upstream).sum()
    assert_close(layers.bag_backward(upstream, cache), numerical_grad(f, E))


def test_char_cnn():
    E, W, b = rng.normal(size=(6, 2)), rng.normal(size=(3 * 2, 4)), rng.normal(size=4)
    ids = np.array([[2, 4, 5, 1, 3],   # <w> c c c </w>: three windows
                    [2, 5, 3, 0, 0],   # a one-character word: one window, then padding
                    [2, 1, 4, 3, 0]])
    upstream = rng.normal(size=(3, 4))
    f = lambda: (layers.char_cnn_forward(E, ids, W, b)[0] * upstream).sum()
    _, cache = layers.char_cnn_forward(E, ids, W, b)
    dE, dW, db = layers.char_cnn_backward(upstream, cache)
    assert not dE[0].any()  # padding is never read
    for analytic, param in [(dE, E), (dW, W), (db, b)]:
        assert_close(analytic, numerical_grad(f, param))


def test_char_cnn_ignores_padding():
    E, W, b = rng.normal(size=(6, 2)), rng.normal(size=(6, 4)), rng.normal(size=4)
    alone, _ = layers.char_cnn_forward(E, np.array([[2, 5, 3]]), W, b)
    padded, _ = layers.char_cnn_forward(E, np.array([[2, 5, 3, 0, 0], [2, 4, 5, 4, 3]]), W, b)
    np.testing.assert_allclose(padded[:1], alone)


def test_bidirectional_lstm():
    T, B, D, H = 5, 3, 4, 3
    x = rng.normal(size=(T, B, D))
    lengths = np.array([5, 4, 2])  # longest first
    W_ax, W_aa, b_a = rng.normal(size=(2, D, 4 * H)), rng.normal(size=(2, H, 4 * H)), rng.normal(size=(2, 4 * H))
    mask = (np.arange(T)[:, None] < lengths)[:, :, None]
    upstream = rng.normal(size=(T, B, 2 * H)) * mask  # padding gets no gradient, as in training
    f = lambda: (layers.lstm_forward(x, lengths, W_ax, W_aa, b_a)[0] * upstream).sum()
    _, cache = layers.lstm_forward(x, lengths, W_ax, W_aa, b_a)
    dx, dW_ax, dW_aa, db_a = layers.lstm_backward(upstream, cache)
    for analytic, param in [(dx, x), (dW_ax, W_ax), (dW_aa, W_aa), (db_a, b_a)]:
        assert_close(analytic, numerical_grad(f, param))


def test_lstm_padding_does_not_change_real_outputs():
    T, B, D, H = 6, 2, 3, 4
    W_ax, W_aa, b_a = rng.normal(size=(2, D, 4 * H)), rng.normal(size=(2, H, 4 * H)), rng.normal(size=(2, 4 * H))
    x = rng.normal(size=(T, B, D))
    alone, _ = layers.lstm_forward(x[:3, 1:], np.array([3]), W_ax, W_aa, b_a)
    padded, _ = layers.lstm_forward(x, np.array([6, 3]), W_ax, W_aa, b_a)
    np.testing.assert_allclose(padded[:3, 1:], alone)


def test_lstm_refuses_unsorted_lengths():
    W_ax, W_aa, b_a = np.zeros((2, 3, 8)), np.zeros((2, 2, 8)), np.zeros((2, 8))
    with pytest.raises(ValueError, match="longest first"):
        layers.lstm_forward(np.zeros((4, 2, 3)), np.array([2, 4]), W_ax, W_aa, b_a)


def test_crf_loss():
    T, B, K = 4, 3, 5
    scores = rng.normal(size=(T, B, K))
    tags = rng.integers(0, K, size=(T, B))
    mask = np.arange(T)[:, None] < np.array([4, 3, 1])  # longest first
    tags[~mask] = 0
    trans, start, end = rng.normal(size=(K, K)), rng.normal(size=K), rng.normal(size=K)
    f = lambda: crf.nll_and_grads(scores, tags, mask, crf.Chain.of(trans, start, end))[0]
    _, d_scores, d_trans, d_start, d_end = crf.nll_and_grads(scores, tags, mask, crf.Chain.of(trans, start, end))
    for analytic, param in [(d_scores, scores), (d_trans, trans), (d_start, start), (d_end, end)]:
        assert_close(analytic, numerical_grad(f, param))


def test_crf_viterbi_and_marginals_against_brute_force():
    import itertools
    K, lengths = 3, [9, 6, 6, 1]  # longest first; long enough to cross several rescalings
    T = lengths[0]
    scores = rng.normal(size=(T, len(lengths), K)) * 3
    trans, start, end = rng.normal(size=(K, K)), rng.normal(size=K), rng.normal(size=K)
    mask = np.arange(T)[:, None] < np.array(lengths)
    chain = crf.Chain.of(trans, start, end)
    path = crf.viterbi(scores, mask, chain)
    probabilities = crf.marginals(scores, mask, chain)
    for b, n in enumerate(lengths):
        paths = list(itertools.product(range(K), repeat=n))
        weights = np.exp([start[p[0]] + end[p[-1]] + scores[np.arange(n), b, p].sum()
                          + trans[p[:-1], p[1:]].sum() for p in paths])
        assert tuple(path[:n, b]) == paths[int(np.argmax(weights))]
        brute = np.zeros((n, K))
        for p, w in zip(paths, weights):
            brute[np.arange(n), p] += w / weights.sum()
        np.testing.assert_allclose(probabilities[:n, b], brute)
        assert not probabilities[n:, b].any()  # padding


def test_crf_decode_finds_exactly_the_viterbi_paths():
    K, lengths = 5, np.array([12, 9, 9, 6, 3, 1])
    T, B = lengths[0], len(lengths)
    mask = np.arange(T)[:, None] < lengths
    settled = unsettled = 0
    for confidence in [0.5, 1, 2, 4, 8]:  # from doubtful sentences to clear-cut ones
        for _ in range(20):
            scores = rng.normal(size=(T, B, K)) * confidence
            trans, start, end = rng.normal(size=(K, K)), rng.normal(size=K), rng.normal(size=K)
            trans[0, 1] = start[1] = crf.FORBIDDEN  # as BIO forbids some moves
            chain = crf.Chain.of(trans, start, end)
            path, chosen = crf.decode(scores, mask, chain)
            expected = crf.viterbi(scores, mask, chain)
            np.testing.assert_array_equal(np.where(mask, path, 0), np.where(mask, expected, 0))
            probabilities = crf.marginals(scores, mask, chain)
            np.testing.assert_allclose(
                chosen * mask, np.take_along_axis(probabilities, path[..., None], 2)[..., 0])
            doubt = ((1 - probabilities.max(axis=2)) * mask).sum(axis=0)
            settled += (doubt < crf.MAX_DOUBT).sum()
            unsettled += (doubt >= crf.MAX_DOUBT).sum()
    assert settled > 50 and unsettled > 50  # both ways of finding the path were taken


def tiny_batch(T=4, B=3, vocab=6, ngrams=8, G=3, gaz=2, tags=5, chars=7):
    lengths = np.array([4, 3, 2])  # longest first
    mask = np.arange(T)[:, None] < lengths
    ngram_ids = rng.integers(1, ngrams, size=(T * B, G))
    # Five distinct words of 1 to 4 characters between the markers <w> (2) and </w> (3); the
    # batch's positions take them at random, so some words occur more than once.
    words = [(2, *rng.integers(4, chars, size=n), 3) for n in (1, 2, 3, 4, 2)]
    return Batch(words=rng.integers(0, vocab, size=(T, B)), shapes=rng.integers(0, 3, size=(T, B)),
                 ngram_ids=ngram_ids, ngram_weights=np.full((T * B, G), 1.0 / G),
                 gazetteers=rng.integers(0, 2, size=(T, B, gaz)).astype(float), mask=mask,
                 tags=np.where(mask, rng.integers(0, tags, size=(T, B)), 0),
                 char_ids=pad_char_ids(words), char_rows=rng.integers(0, len(words), size=(T, B)))


@pytest.mark.parametrize("name", ["E_word", "E_shape", "E_ngram", "W_ax", "W_aa", "b_a",
                                  "W_ya", "b_y", "trans", "start", "end",
                                  "E_char", "W_char", "b_char"])
def test_full_loss(name):
    sizes = dict(words=6, shapes=3, ngrams=8, gazetteers=2, tags=5, word_dim=3, shape_dim=2,
                 ngram_dim=2, hidden=3, chars=7, char_dim=2, char_filters=3)
    params = {k: v.astype(np.float64) for k, v in network.init_params(sizes, rng).items()}
    for value in params.values():  # move away from the all-zero start so every path matters
        value += rng.normal(scale=0.1, size=value.shape)
    batch = tiny_batch()
    penalties = (np.zeros((5, 5)), np.zeros(5))
    _, grads = network.loss_and_grads(params, batch, penalties)
    f = lambda: network.loss_and_grads(params, batch, penalties)[0]
    assert_close(grads[name], numerical_grad(f, params[name]))
