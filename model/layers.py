"""The network's layers for training, each a forward that returns its output and a cache, next
to a backward that takes the cache and the gradient of the output. Shapes: T time steps,
B sentences, D input features, H hidden units per direction, V rows of an embedding table of
width d, N tokens of G n-grams or of L characters each, F convolution filters. Tagging runs the
same forward passes laid out for speed, in inference.py."""
from __future__ import annotations

import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # never overflows, unlike 1 / (1 + exp(-z))


# --- mean of n-gram embeddings ------------------------------------------------------------

def bag_forward(E, ids, weights):
    """E (V, d); ids, weights (N, G) -> (N, d): weighted sum of the rows E[ids]."""
    out = np.einsum("ngd,ng->nd", E[ids], weights)
    return out, (ids, weights, E.shape)


def bag_backward(dout, cache):
    """dout (N, d) -> dE (V, d)."""
    ids, weights, shape = cache
    dE = np.zeros(shape, dout.dtype)
    np.add.at(dE, ids.ravel(), (weights[:, :, None] * dout[:, None, :]).reshape(-1, shape[1]))
    return dE


def embedding_backward(dout, ids, shape):
    """dout (*ids.shape, d) -> dE (V, d): the backward of the look-up E[ids], which needs no
    forward function of its own."""
    dE = np.zeros(shape, dout.dtype)
    np.add.at(dE, ids.ravel(), dout.reshape(-1, shape[1]))
    return dE


# --- character CNN ---------------------------------------------------------------------------
# Each token read as characters, [<w>, c1, ..., cn, </w>] then padding (id 0): every window of
# three characters inside the markers goes through the same filters, and each filter keeps its
# strongest window (Ma & Hovy 2016). Unlike a bag of n-grams it sees where in the word a pattern
# sits, next to the word's start or end marker or not.

def char_cnn_forward(E, ids, W, b):
    """E (C, c) character embeddings; ids (N, L) character ids, L >= 3; W (3c, F); b (F,)
    -> (N, F): tanh(b + the largest W-response over each token's windows)."""
    N, L = ids.shape
    P = L - 2                                                  # windows of width 3
    chars = E[ids]                                             # (N, L, c)
    windows = np.concatenate([chars[:, :P], chars[:, 1:P + 1], chars[:, 2:]], axis=-1)  # (N, P, 3c)
    z = np.matmul(windows, W)                                  # (N, P, F)
    z[ids[:, 2:] == 0] = -np.inf                               # windows that run into padding
    best = z.argmax(axis=1)                                    # (N, F) the window each filter keeps
    out = np.tanh(np.take_along_axis(z, best[:, None, :], axis=1)[:, 0] + b)  # (N, F)
    return out, (ids, windows, best, out, W, E.shape)


def char_cnn_backward(dout, cache):
    """dout (N, F) -> dE (C, c), dW (3c, F), db (F,)."""
    ids, windows, best, out, W, shape = cache
    N, P, _ = windows.shape
    c = shape[1]
    d_max = dout * (1.0 - out ** 2)                            # (N, F) through tanh
    dz = np.zeros((N, P, W.shape[1]), dout.dtype)              # only the kept windows get any
    np.put_along_axis(dz, best[:, None, :], d_max[:, None, :], axis=1)
    dW = windows.reshape(N * P, -1).T @ dz.reshape(N * P, -1)
    d_windows = np.matmul(dz, W.T)                             # (N, P, 3c)
    d_chars = np.zeros((N, P + 2, c), dout.dtype)              # (N, L, c)
    for k in range(3):                                         # character k of each window
        d_chars[:, k:k + P] += d_windows[..., k * c:(k + 1) * c]
    return embedding_backward(d_chars, ids, shape), dW, d_max.sum(axis=0)


# --- dropout -------------------------------------------------------------------------------

def dropout_forward(x, rate, rng):
    """x (any shape) -> x with a fraction rate of its entries zeroed and the rest scaled by
    1 / (1 - rate), so that tagging, which runs without dropout, needs no rescaling; and the
    mask, None when there is no dropout."""
    if rate == 0.0 or rng is None:
        return x, None
    keep = (rng.random(x.shape) >= rate).astype(x.dtype) / (1.0 - rate)
    return x * keep, keep


def dropout_backward(dout, keep):
    """dout (shape of x) -> dx."""
    return dout if keep is None else dout * keep


# --- bidirectional LSTM ----------------------------------------------------------------------
# Both directions run in one loop: index 0 of the leading axis reads left to right, index 1
# reads each sentence reversed. Sentences come sorted longest first, so at step t the ones still
# going are a prefix of the batch and the step computes only those: no work on padding, and
# padding never feeds a real step (the loss gives it zero gradient).

def reverse_index(lengths, T):
    """(T, B) time index that reverses each sentence within its own length."""
    t = np.arange(T)[:, None]
    return np.where(t < lengths[None, :], lengths[None, :] - 1 - t, t)


def reverse_within(x, lengths):
    """x (T, B, ...) with each sentence reversed within its own length, padding left in place.
    A lone sentence with no padding, which is what a service mostly sees, is a reversed view."""
    T, B = x.shape[:2]
    if B == 1 and lengths[0] == T:
        return x[::-1]
    return x[reverse_index(lengths, T), np.arange(B)[None, :]]


def both_directions(a, rev):
    """a (2, T, B, H) from lstm_recurrence_forward -> (T, B, 2H), both directions in reading
    order."""
    return np.concatenate([a[0], a[1][rev, np.arange(a.shape[2])[None, :]]], axis=-1)


def lstm_forward(x, lengths, W_ax, W_aa, b_a):
    """x (T, B, D); W_ax (2, D, 4H); W_aa (2, H, 4H); b_a (2, 4H) -> a (T, B, 2H)."""
    T, B, D = x.shape
    # The input part of every gate does not depend on a<t-1>: one matmul for all steps.
    z_x = np.matmul(x.reshape(T * B, D), W_ax).reshape(2, T, B, -1) + b_a[:, None, None]
    rev, cols = reverse_index(lengths, T), np.arange(B)[None, :]
    z_x[1] = z_x[1][rev, cols]                                 # direction 1 reads backwards
    a, cache = lstm_recurrence_forward(z_x, lengths, W_aa)
    return both_directions(a, rev), (x, W_ax, rev, cache)


def lstm_backward(dout, cache):
    """dout (T, B, 2H) -> dx (T, B, D) and the gradients of W_ax, W_aa, b_a."""
    x, W_ax, rev, recurrence_cache = cache
    T, B, D = x.shape
    H = dout.shape[-1] // 2
    cols = np.arange(B)[None, :]
    dz_x, dW_aa = lstm_recurrence_backward(
        np.stack([dout[..., :H], dout[..., H:][rev, cols]]), recurrence_cache)
    dz_x[1] = dz_x[1][rev, cols]                               # reversing twice is the identity
    dz_flat = dz_x.reshape(2, T * B, -1)
    dW_ax = np.matmul(x.reshape(T * B, D).T, dz_flat)
    dx = np.matmul(dz_flat, W_ax.transpose(0, 2, 1)).sum(axis=0).reshape(T, B, D)
    return dx, dW_ax, dW_aa, dz_flat.sum(axis=1)


def lstm_recurrence_forward(z_x, lengths, W_aa):
    """z_x (2, T, B, 4H): the input part of the gates, each direction in its own reading
    order -> a (2, T, B, H), also in each direction's order."""
    _, T, B, H4 = z_x.shape
    H = H4 // 4
    if np.any(np.diff(lengths) > 0):
        raise ValueError("sentences must be sorted longest first")
    running = (lengths[None, :] > np.arange(T)[:, None]).sum(axis=1)  # sentences going at t
    a = np.zeros((2, T + 1, B, H), z_x.dtype)                  # a[:, t+1] is a<t>; a[:, 0] = 0
    c = np.zeros((2, T + 1, B, H), z_x.dtype)
    gates = np.zeros((2, T, B, 4 * H), z_x.dtype)              # i, f, o (sigmoid), g (tanh)
    for t in range(T):
        n = running[t]
        z = z_x[:, t, :n] + np.matmul(a[:, t, :n], W_aa)
        step = gates[:, t, :n]
        step[..., :3 * H] = sigmoid(z[..., :3 * H])
        step[..., 3 * H:] = np.tanh(z[..., 3 * H:])
        i, f, o, g = step[..., :H], step[..., H:2 * H], step[..., 2 * H:3 * H], step[..., 3 * H:]
        c[:, t + 1, :n] = f * c[:, t, :n] + i * g
        a[:, t + 1, :n] = o * np.tanh(c[:, t + 1, :n])
    return a[:, 1:], (a, c, gates, running, W_aa)


def lstm_recurrence_backward(da_out, cache):
    """da_out (2, T, B, H), each direction in its own order -> d z_x (2, T, B, 4H), dW_aa."""
    a, c, gates, running, W_aa = cache
    T, B, H = a.shape[1] - 1, a.shape[2], a.shape[3]
    dz = np.zeros_like(gates)
    da_next = np.zeros((2, B, H), da_out.dtype)  # rows of finished sentences stay zero
    dc_next = np.zeros((2, B, H), da_out.dtype)
    for t in reversed(range(T)):
        n = running[t]
        step = gates[:, t, :n]
        i, f, o, g = step[..., :H], step[..., H:2 * H], step[..., 2 * H:3 * H], step[..., 3 * H:]
        tanh_c = np.tanh(c[:, t + 1, :n])
        da = da_out[:, t, :n] + da_next[:, :n]
        dc = da * o * (1.0 - tanh_c ** 2) + dc_next[:, :n]
        dz[:, t, :n, 0 * H:1 * H] = dc * g * i * (1.0 - i)
        dz[:, t, :n, 1 * H:2 * H] = dc * c[:, t, :n] * f * (1.0 - f)
        dz[:, t, :n, 2 * H:3 * H] = da * tanh_c * o * (1.0 - o)
        dz[:, t, :n, 3 * H:4 * H] = dc * i * (1.0 - g ** 2)
        dc_next[:, :n] = dc * f
        da_next[:, :n] = np.matmul(dz[:, t, :n], W_aa.transpose(0, 2, 1))
    dW_aa = np.matmul(a[:, :-1].reshape(2, T * B, H).transpose(0, 2, 1), dz.reshape(2, T * B, -1))
    return dz, dW_aa
