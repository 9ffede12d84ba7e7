"""A linear-chain CRF over BIO tags: training loss with its gradient (forward-backward),
per-token marginals for confidence scores, and Viterbi decoding.

Shapes: T time steps, B sentences, K tags. ``trans[i, j]`` scores tag i followed by tag j.
Transitions that BIO forbids (O -> I-X, B-X -> I-Y, starting with I-X) get a fixed large
penalty on top of the learned scores, in training and decoding alike, so the decoder can never
emit an invalid sequence and the marginals only count valid ones.
"""
from __future__ import annotations

import numpy as np

FORBIDDEN = -1e4


def bio_penalties(labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(K, K) transition penalties and (K,) start penalties: 0 where allowed."""
    def may_follow(previous: str, tag: str) -> bool:
        return not tag.startswith("I-") or previous[2:] == tag[2:] and previous != "O"
    K = len(labels)
    trans = np.array([[0.0 if may_follow(p, t) else FORBIDDEN for t in labels] for p in labels])
    start = np.array([FORBIDDEN if t.startswith("I-") else 0.0 for t in labels])
    return trans.reshape(K, K), start


def logsumexp(x, axis):
    m = x.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))).squeeze(axis)


def forward_backward(emissions, mask, trans, start, end):
    """log alpha, log beta (T, B, K) and log Z (B,) of the chain."""
    T = emissions.shape[0]
    alpha = np.empty_like(emissions)
    beta = np.empty_like(emissions)
    alpha[0] = start + emissions[0]
    for t in range(1, T):
        step = logsumexp(alpha[t - 1][:, :, None] + trans, axis=1) + emissions[t]
        alpha[t] = np.where(mask[t][:, None], step, alpha[t - 1])  # padding carries the last
    beta[T - 1] = end
    for t in range(T - 2, -1, -1):
        step = logsumexp(trans + (emissions[t + 1] + beta[t + 1])[:, None, :], axis=2)
        beta[t] = np.where(mask[t + 1][:, None], step, end)
    log_z = logsumexp(alpha[T - 1] + end, axis=1)
    return alpha, beta, log_z


def marginals(emissions, mask, trans, start, end):
    """P(tag at t = k | sentence), (T, B, K); zero on padding."""
    alpha, beta, log_z = forward_backward(emissions, mask, trans, start, end)
    return np.exp(alpha + beta - log_z[None, :, None]) * mask[:, :, None]


def nll_and_grads(emissions, tags, mask, trans, start, end):
    """Mean negative log-likelihood of the gold tags and its gradients with respect to
    emissions (T, B, K), trans (K, K), start (K,) and end (K,)."""
    T, B, K = emissions.shape
    lengths = mask.sum(axis=0)
    cols = np.arange(B)
    last = tags[lengths - 1, cols]
    gold = np.eye(K, dtype=emissions.dtype)[tags] * mask[:, :, None]           # (T, B, K)
    gold_score = ((emissions * gold).sum(axis=(0, 2)) + start[tags[0]] + end[last]
                  + (trans[tags[:-1], tags[1:]] * mask[1:]).sum(axis=0))
    alpha, beta, log_z = forward_backward(emissions, mask, trans, start, end)
    loss = (log_z - gold_score).sum() / B

    p = np.exp(alpha + beta - log_z[None, :, None]) * mask[:, :, None]
    d_emissions = (p - gold) / B
    # Expected minus observed transition counts; xi is P(tag t-1 = i, tag t = j).
    xi = np.exp(alpha[:-1, :, :, None] + trans + (emissions[1:] + beta[1:])[:, :, None, :]
                - log_z[None, :, None, None]) * mask[1:, :, None, None]
    d_trans = (xi.sum(axis=(0, 1)) - np.einsum("tbi,tbj->ij", gold[:-1], gold[1:])) / B
    d_start = (p[0] - gold[0]).sum(axis=0) / B
    d_end = (p[lengths - 1, cols] - gold[lengths - 1, cols]).sum(axis=0) / B
    return loss, d_emissions, d_trans, d_start, d_end


def viterbi(emissions, mask, trans, start, end):
    """Best tag sequence per sentence, (T, B) int; positions past a sentence's end repeat
    its last tag and are to be cut off by the caller."""
    T, B, K = emissions.shape
    backpointers = np.empty((T, B, K), np.int64)
    keep = np.broadcast_to(np.arange(K), (B, K))
    delta = start + emissions[0]
    for t in range(1, T):
        scores = delta[:, :, None] + trans                        # (B, K from, K to)
        best = scores.argmax(axis=1)
        step = np.take_along_axis(scores, best[:, None, :], axis=1)[:, 0] + emissions[t]
        delta = np.where(mask[t][:, None], step, delta)
        backpointers[t] = np.where(mask[t][:, None], best, keep)
    path = np.empty((T, B), np.int64)
    path[T - 1] = (delta + end).argmax(axis=1)
    for t in range(T - 1, 0, -1):
        path[t - 1] = backpointers[t, np.arange(B), path[t]]
    return path
