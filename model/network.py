"""The tagger network: features -> embeddings -> bidirectional LSTM -> per-tag scores -> CRF.

    x<t> = [E_word[w<t>]; E_shape[s<t>]; mean of E_ngram over the n-grams of x<t>; gazetteer bits;
            character CNN over the characters of x<t>, for models that have one]
    a<t> = LSTM(W_ax x<t> + W_aa a<t-1> + b_a), run left-to-right and right-to-left, concatenated
    y<t> = W_ya a<t> + b_y        (emission scores; the CRF turns them into sequence probabilities)

All parameters live in one dict of float32 arrays, which is also what is saved. This is the
network as training runs it, forward and backward; tagging runs the same forward pass laid out
for speed, in inference.py.
"""
from __future__ import annotations

import numpy as np

from . import crf
from .features import Batch
from .layers import (bag_backward, bag_forward, char_cnn_backward, char_cnn_forward,
                     dropout_backward, dropout_forward, embedding_backward, lstm_backward,
                     lstm_forward)

CHAR_WINDOW = 3  # characters each CNN filter reads


def input_size(sizes: dict) -> int:
    """D, the length of a token's input vector x."""
    return (sizes["word_dim"] + sizes["shape_dim"] + sizes["ngram_dim"] + sizes["gazetteers"]
            + sizes.get("char_filters", 0))


def init_params(sizes: dict, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """sizes: words, shapes, ngrams, gazetteers, tags, word_dim, shape_dim, ngram_dim, hidden,
    and for a character CNN chars, char_dim, char_filters (none or 0 filters: no CNN)."""
    H, K = sizes["hidden"], sizes["tags"]
    D = input_size(sizes)

    def uniform(shape, fan_in):
        scale = np.sqrt(1.0 / fan_in)
        return rng.uniform(-scale, scale, shape).astype(np.float32)

    b_a = np.zeros((2, 4 * H), np.float32)
    b_a[:, H:2 * H] = 1.0  # forget gates start open so gradients flow early in training
    params = {
        "E_word": uniform((sizes["words"], sizes["word_dim"]), 3.0),
        "E_shape": uniform((sizes["shapes"], sizes["shape_dim"]), 3.0),
        "E_ngram": uniform((sizes["ngrams"], sizes["ngram_dim"]), 3.0),
        "W_ax": uniform((2, D, 4 * H), D), "W_aa": uniform((2, H, 4 * H), H), "b_a": b_a,
        "W_ya": uniform((2 * H, K), 2 * H), "b_y": np.zeros(K, np.float32),
        "trans": np.zeros((K, K), np.float32),
        "start": np.zeros(K, np.float32), "end": np.zeros(K, np.float32),
    }
    if sizes.get("char_filters"):
        window = CHAR_WINDOW * sizes["char_dim"]
        params["E_char"] = uniform((sizes["chars"], sizes["char_dim"]), 3.0)
        params["W_char"] = uniform((window, sizes["char_filters"]), window)
        params["b_char"] = np.zeros(sizes["char_filters"], np.float32)
    return params


def embed(params, batch: Batch):
    """x (T, B, D): every token's input vector; and the character CNN's cache (None without
    one)."""
    T, B = batch.words.shape
    ngrams, _ = bag_forward(params["E_ngram"], batch.ngram_ids, batch.ngram_weights)
    parts = [params["E_word"][batch.words], params["E_shape"][batch.shapes],
             ngrams.reshape(T, B, -1), batch.gazetteers]
    char_cache = None
    if "E_char" in params:
        by_token, char_cache = char_cnn_forward(params["E_char"], batch.char_ids,
                                                params["W_char"], params["b_char"])  # (U, F)
        parts.append(by_token[batch.char_rows])                                    # (T, B, F)
    return np.concatenate(parts, axis=-1), char_cache


def emissions(params, x, lengths, dropout=0.0, rng=None):
    """x (T, B, D) -> emission scores (T, B, K), and what the backward pass needs."""
    x_drop, keep_x = dropout_forward(x, dropout, rng)
    a, lstm_cache = lstm_forward(x_drop, lengths, params["W_ax"], params["W_aa"], params["b_a"])
    a_drop, keep_a = dropout_forward(a, dropout, rng)
    scores = a_drop @ params["W_ya"] + params["b_y"]
    return scores, (keep_x, lstm_cache, a_drop, keep_a)


def crf_chain(params, penalties) -> crf.Chain:
    """The CRF's scores with BIO's forbidden moves ruled out."""
    trans_penalty, start_penalty = penalties
    return crf.Chain.of(params["trans"] + trans_penalty, params["start"] + start_penalty,
                        params["end"])


def loss_and_grads(params, batch: Batch, penalties, dropout=0.0, rng=None):
    """Mean CRF negative log-likelihood of the batch's gold tags, and d loss / d every param."""
    T, B = batch.words.shape
    x, char_cache = embed(params, batch)
    scores, (keep_x, lstm_cache, a_drop, keep_a) = emissions(
        params, x, batch.lengths, dropout, rng)
    loss, d_scores, d_trans, d_start, d_end = crf.nll_and_grads(
        scores, batch.tags, batch.mask, crf_chain(params, penalties))

    grads = {"trans": d_trans, "start": d_start, "end": d_end}
    grads["W_ya"] = a_drop.reshape(T * B, -1).T @ d_scores.reshape(T * B, -1)
    grads["b_y"] = d_scores.sum(axis=(0, 1))
    d_a = dropout_backward(d_scores @ params["W_ya"].T, keep_a)
    d_x, grads["W_ax"], grads["W_aa"], grads["b_a"] = lstm_backward(d_a, lstm_cache)
    d_x = dropout_backward(d_x, keep_x)

    word_dim, shape_dim = params["E_word"].shape[1], params["E_shape"].shape[1]
    ngram_dim = params["E_ngram"].shape[1]
    n_gazetteers = batch.gazetteers.shape[-1]
    d_word, d_shape, d_ngram, _, d_chars = np.split(
        d_x, np.cumsum([word_dim, shape_dim, ngram_dim, n_gazetteers]), axis=-1)
    grads["E_word"] = embedding_backward(d_word, batch.words, params["E_word"].shape)
    grads["E_shape"] = embedding_backward(d_shape, batch.shapes, params["E_shape"].shape)
    grads["E_ngram"] = bag_backward(d_ngram.reshape(T * B, ngram_dim),
                                    (batch.ngram_ids, batch.ngram_weights, params["E_ngram"].shape))
    if char_cache is not None:
        d_by_token = np.zeros((len(batch.char_ids), d_chars.shape[-1]), d_chars.dtype)  # (U, F)
        np.add.at(d_by_token, batch.char_rows.ravel(), d_chars.reshape(T * B, -1))
        grads["E_char"], grads["W_char"], grads["b_char"] = char_cnn_backward(d_by_token,
                                                                              char_cache)
    return loss, {name: g.astype(params[name].dtype, copy=False) for name, g in grads.items()}
