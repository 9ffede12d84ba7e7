"""The serving path: the network's forward pass and the CRF decoding, laid out for speed on the
one-sentence requests a service sees, where numpy's cost per call, not arithmetic, dominates.
It gives what network.embed, network.emissions and crf.decode give (a test holds the two paths
equal), in three stages:

    tagging_weights   once per model: the weights rearranged as the stages below take them
    token_vectors,    once per distinct token: its input vector x and W_ax x + b_a, the part
      gate_inputs       of the LSTM gates that depends on the token alone (the Tagger caches it)
    best_tags         once per batch: the LSTM's recurrence, the emission scores, crf.decode

Shapes: T time steps, B sentences, N tokens, D input features, H hidden units per direction,
K tags.
"""
from __future__ import annotations

from itertools import groupby

import numpy as np

from . import crf
from .features import pad_char_ids
from .layers import reverse_within
from .network import CHAR_WINDOW, crf_chain


def halve_sigmoid_gates(z):
    """Halve the i, f, o columns of gate weights (..., 4H), exactly in floating point, for
    lstm: a single tanh over all gates then gives tanh(z/2) for those, and
    sigmoid(z) = (1 + tanh(z/2)) / 2 is two cheap steps."""
    H = z.shape[-1] // 4
    return z * np.repeat(np.array([0.5, 1.0], z.dtype), [3 * H, H])


def gate_major(W_aa):
    """(2, H, 4H) -> (2, 4, H, H): one matrix per direction and gate, for lstm."""
    _, H, _ = W_aa.shape
    return np.ascontiguousarray(W_aa.reshape(2, H, 4, H).transpose(0, 2, 1, 3))


def char_windows(params) -> np.ndarray:
    """(3, C, F): what each character adds to each filter's response in each place of a
    window, E_char times the third of W_char that reads that place, so that a window's
    response is three look-ups and two additions. The padding row of the last place is -inf:
    a window that runs into padding always ends on it, so no filter ever keeps it."""
    E, W = params["E_char"], params["W_char"]
    c = E.shape[1]
    tables = np.stack([E @ W[k * c:(k + 1) * c] for k in range(CHAR_WINDOW)])
    tables[-1, 0] = -np.inf
    return tables


def tagging_weights(params, penalties, outside) -> dict:
    """What tagging needs, derived once when a model is loaded: the embeddings, the character
    CNN folded into char_windows, the gate weights as lstm takes them, the output layer split
    by direction, the CRF scores with BIO's forbidden moves ruled out, and the scores that
    keep a token outside entities (crf.outside_scores)."""
    H = params["W_aa"].shape[1]
    weights = {
        "E_word": params["E_word"], "E_shape": params["E_shape"], "E_ngram": params["E_ngram"],
        "W_ax": halve_sigmoid_gates(params["W_ax"]), "b_a": halve_sigmoid_gates(params["b_a"]),
        "W_gates": gate_major(halve_sigmoid_gates(params["W_aa"])),
        "W_ya": params["W_ya"].reshape(2, H, -1), "b_y": params["b_y"],
        "chain": crf_chain(params, penalties), "outside": outside,
    }
    if "E_char" in params:
        weights.update(char_windows=char_windows(params), b_char=params["b_char"])
    return weights


def token_vectors(weights, encoded: list[tuple]) -> np.ndarray:
    """x (N, D) of N tokens as Features.encode gives them: the rows network.embed would give,
    built directly, because tagging meets new tokens a few at a time and a padded Batch costs
    more than the arithmetic. Each part is one call for all N tokens, the n-gram means too;
    the character CNN, if the model has one, likewise. weights: tagging_weights."""
    E_word, E_shape, E_ngram = weights["E_word"], weights["E_shape"], weights["E_ngram"]
    word_end = E_word.shape[1]
    shape_end = word_end + E_shape.shape[1]
    ngram_end = shape_end + E_ngram.shape[1]
    gazetteer_end = ngram_end + len(encoded[0][3])
    tables = weights.get("char_windows")
    x = np.zeros((len(encoded), gazetteer_end + (0 if tables is None else tables.shape[-1])),
                 np.float32)
    words, shapes, ngrams, gazetteer_bits, chars = zip(*encoded)
    x[:, :word_end] = E_word.take(words, 0)  # take: a cheaper call than []
    x[:, word_end:shape_end] = E_shape.take(shapes, 0)
    # Each token's n-gram mean: the sums of all tokens' rows in one reduceat, a segment per
    # token. reduceat cannot take an empty segment, so a token with no known n-gram reads
    # row 0 and weighs it 0: it keeps zeros, as bag_forward gives it.
    rows, starts, reciprocals = [], [], []
    for ids in ngrams:
        starts.append(len(rows))
        rows += ids or [0]
        reciprocals.append(1 / len(ids) if ids else 0.0)
    np.multiply(np.add.reduceat(E_ngram.take(rows, 0), starts),
                np.array(reciprocals, np.float32)[:, None], x[:, shape_end:ngram_end])
    x[:, ngram_end:gazetteer_end] = gazetteer_bits
    if tables is not None:  # layers.char_cnn_forward
        ids = pad_char_ids(list(chars))                                  # (N, L)
        z = tables[0][ids[:, :-2]]                                       # (N, L-2, F)
        z += tables[1][ids[:, 1:-1]]
        z += tables[2][ids[:, 2:]]
        np.tanh(np.add(z.max(axis=1), weights["b_char"]), out=x[:, gazetteer_end:])
    return x


def gate_inputs(weights, x):
    """x (N, D) -> W_ax x + b_a (2, N, 4H): the part of the LSTM gates that depends on the token
    alone, which tagging computes once per distinct token. weights: tagging_weights."""
    return np.matmul(x, weights["W_ax"]) + weights["b_a"][:, None, :]


def best_tags(weights, rows, sizes: list[int], outside: list[tuple[int, int]] = ()):
    """rows (N, 2, 4H): the gate_inputs of a batch's tokens, sentence after sentence; sizes:
    each sentence's length, longest first; outside: (t, b) of the tokens kept outside
    entities -> the best valid tag ids (T, B) and the marginal probability of each (T, B),
    as crf.decode gives them."""
    T, B = sizes[0], len(sizes)
    rows = rows.reshape(len(rows), 2, 4, -1)                  # (N, direction, gate, H)
    z_x = np.zeros((T, 4, 2, B, rows.shape[-1]), np.float32)  # lstm's layout
    first = 0
    for b, n in enumerate(sizes):  # slices: cheaper than one fancy-indexed scatter
        z_x[:n, :, 0, b] = rows[first:first + n, 0]
        z_x[:n, :, 1, b] = rows[first:first + n, 1][::-1]    # direction 1 reads backwards
        first += n
    lengths = np.array(sizes)
    mask = np.arange(T)[:, None] < lengths                    # (T, B)
    a = lstm(z_x, np.add.reduce(mask, 1).tolist(), weights["W_gates"])  # (T, 2, B, H)
    # W_ya applied to each direction separately, then direction 1 put back in reading order:
    # reordering (T, B, K) scores is cheaper than reordering (T, B, H) states.
    per_direction = np.matmul(a, weights["W_ya"])             # (T, 2, B, K)
    scores = per_direction[:, 0] + reverse_within(per_direction[:, 1], lengths)
    scores += weights["b_y"]
    if outside:
        steps, columns = zip(*outside)
        scores[steps, columns] += weights["outside"]
    return crf.decode(scores, mask, weights["chain"])


def lstm(z_x, running, W_gates):
    """layers.lstm_recurrence_forward for tagging, with as few and as cheap numpy calls a
    step as we could make it: no gates kept for a backward pass, buffers reused, one tanh for
    all gates, and gate-major buffers so that each gate is one contiguous block.

    z_x (T, 4, 2, B, H): the input part of each gate, each direction in its own reading order;
    running (T,) ints: sentences going at each step (longest first); W_gates (2, 4, H, H):
    gate_major(W_aa). Both through halve_sigmoid_gates. -> a (T, 2, B, H), each direction in
    its own reading order."""
    T, _, _, B, H = z_x.shape
    # Scalars of the buffers' own type: a Python float sends every in-place step down
    # numpy's slower mixed-type path.
    one, half = np.float32(1.0), np.float32(0.5)
    a = np.zeros((T + 1, 2, B, H), z_x.dtype)                  # a[t+1] is a<t>; a[0] = 0
    # The gates i, f, o, g and then the cell c in one buffer: [g, c] sits right after
    # [i, f], so the two products of c<t> = i * g + f * c<t-1> are a single multiply.
    state = np.zeros((5, 2, B, H), z_x.dtype)
    tanh_c = np.empty((2, B, H), z_x.dtype)
    t = 0
    for n, run in groupby(running):  # views on the buffers, made once per run of equal n
        z = state[:4, :, :n]                                   # (4, 2, n, H)
        z_by_direction = z.transpose(1, 0, 2, 3)               # (2, 4, n, H): matmul's layout
        sigmoids, o = z[:3], z[2]
        factors, products = state[:2, :, :n], state[3:, :, :n]  # [i, f] and [g, c]
        c_n, tanh_c_n = state[4, :, :n], tanh_c[:, :n]
        end = t + sum(1 for _ in run)
        # Each step's slices come from iterating over the run's views, cheaper than indexing;
        # outputs are passed by position, which ufuncs parse faster than out=.
        for a_in, x_in, a_out in zip(a[t:end, :, None, :n], z_x[t:end, :, :, :n],
                                     a[t + 1:end + 1, :, :n]):
            np.matmul(a_in, W_gates, z_by_direction)
            z += x_in
            np.tanh(z, z)                                      # i, f, o: tanh(z/2); g: tanh(z)
            sigmoids += one
            sigmoids *= half
            products *= factors                                # [i * g, f * c<t-1>]
            np.add(products[0], c_n, c_n)                      # c<t>
            np.multiply(o, np.tanh(c_n, tanh_c_n), a_out)
        t = end
    return a[1:]
