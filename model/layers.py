"""The network's layers, each a forward that returns its output and a cache, and a backward
that takes the cache and the gradient of the output. Shapes: T time steps, B sentences,
D input features, H hidden units per direction."""
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
    ids, weights, shape = cache
    dE = np.zeros(shape, dout.dtype)
    np.add.at(dE, ids.ravel(), (weights[:, :, None] * dout[:, None, :]).reshape(-1, shape[1]))
    return dE


def embedding_backward(dout, ids, shape):
    """Gradient of E[ids] with respect to E; dout has the shape of E[ids]."""
    dE = np.zeros(shape, dout.dtype)
    np.add.at(dE, ids.ravel(), dout.reshape(-1, shape[1]))
    return dE


# --- dropout -------------------------------------------------------------------------------

def dropout_forward(x, rate, rng):
    if rate == 0.0 or rng is None:
        return x, None
    keep = (rng.random(x.shape) >= rate).astype(x.dtype) / (1.0 - rate)
    return x * keep, keep


def dropout_backward(dout, keep):
    return dout if keep is None else dout * keep


# --- bidirectional LSTM ----------------------------------------------------------------------
# Both directions run in one loop: index 0 of the leading axis reads left to right, index 1
# reads each sentence reversed. Padding sits after the last token in both, so it never feeds
# a real step and needs no masking here (the loss gives it zero gradient).

def reverse_index(lengths, T):
    """(T, B) time index that reverses each sentence within its own length."""
    t = np.arange(T)[:, None]
    return np.where(t < lengths[None, :], lengths[None, :] - 1 - t, t)


def lstm_forward(x, lengths, W_ax, W_aa, b_a):
    """x (T, B, D); W_ax (2, D, 4H); W_aa (2, H, 4H); b_a (2, 4H) -> a (T, B, 2H)."""
    T, B, _ = x.shape
    H = W_aa.shape[1]
    rev = reverse_index(lengths, T)
    cols = np.arange(B)[None, :]
    x_both = np.stack([x, x[rev, cols]])                       # (2, T, B, D)
    # The input part of every gate does not depend on a<t-1>: one matmul for all steps.
    z_x = np.matmul(x_both.reshape(2, T * B, -1), W_ax).reshape(2, T, B, 4 * H) + b_a[:, None, None]
    a = np.zeros((2, T + 1, B, H), x.dtype)                    # a[:, t+1] is a<t>; a[:, 0] = 0
    c = np.zeros((2, T + 1, B, H), x.dtype)
    gates = np.empty((2, T, B, 4 * H), x.dtype)                # i, f, o (sigmoid) and g (tanh)
    for t in range(T):
        z = z_x[:, t] + np.matmul(a[:, t], W_aa)
        gates[:, t, :, :3 * H] = sigmoid(z[..., :3 * H])
        gates[:, t, :, 3 * H:] = np.tanh(z[..., 3 * H:])
        i, f, o, g = np.split(gates[:, t], 4, axis=-1)
        c[:, t + 1] = f * c[:, t] + i * g
        a[:, t + 1] = o * np.tanh(c[:, t + 1])
    out = np.concatenate([a[0, 1:], a[1, 1:][rev, cols]], axis=-1)  # back to reading order
    return out, (x_both, a, c, gates, rev, W_ax, W_aa)


def lstm_backward(dout, cache):
    """dout (T, B, 2H) -> dx (T, B, D) and the gradients of W_ax, W_aa, b_a."""
    x_both, a, c, gates, rev, W_ax, W_aa = cache
    T, B, H = a.shape[1] - 1, a.shape[2], a.shape[3]
    cols = np.arange(B)[None, :]
    da_out = np.stack([dout[..., :H], dout[..., H:][rev, cols]])  # (2, T, B, H)
    dz = np.empty_like(gates)
    da_next = np.zeros((2, B, H), dout.dtype)
    dc_next = np.zeros((2, B, H), dout.dtype)
    for t in reversed(range(T)):
        i, f, o, g = np.split(gates[:, t], 4, axis=-1)
        tanh_c = np.tanh(c[:, t + 1])
        da = da_out[:, t] + da_next
        dc = da * o * (1.0 - tanh_c ** 2) + dc_next
        dz[:, t, :, 0 * H:1 * H] = dc * g * i * (1.0 - i)
        dz[:, t, :, 1 * H:2 * H] = dc * c[:, t] * f * (1.0 - f)
        dz[:, t, :, 2 * H:3 * H] = da * tanh_c * o * (1.0 - o)
        dz[:, t, :, 3 * H:4 * H] = dc * i * (1.0 - g ** 2)
        dc_next = dc * f
        da_next = np.matmul(dz[:, t], W_aa.transpose(0, 2, 1))
    dz_flat = dz.reshape(2, T * B, 4 * H)
    dW_ax = np.matmul(x_both.reshape(2, T * B, -1).transpose(0, 2, 1), dz_flat)
    dW_aa = np.matmul(a[:, :-1].reshape(2, T * B, H).transpose(0, 2, 1), dz_flat)
    db_a = dz_flat.sum(axis=1)
    dx_both = np.matmul(dz_flat, W_ax.transpose(0, 2, 1)).reshape(2, T, B, -1)
    dx = dx_both[0] + dx_both[1][rev, cols]  # reversing twice is the identity
    return dx, dW_ax, dW_aa, db_a
