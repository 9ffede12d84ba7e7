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


def forward_backward(emissions, mask, trans, start, end, pairwise=False):
    """The forward-backward algorithm in probability space, rescaled at every step (Rabiner's
    scaling) so that nothing overflows: a (K, K) matrix product a step, no exp or log inside
    the loops, and only over the sentences still going (they come longest first). Returns per-token marginals (T, B, K), the pairwise marginals of consecutive tags
    (T-1, B, K, K) when asked (training needs them, tagging does not) and log Z (B,). Runs in
    float64: the arrays are small."""
    emissions = emissions.astype(np.float64)
    T, B, K = emissions.shape
    shift = emissions.max(axis=2, keepdims=True)        # exp(e - max) <= 1: no overflow
    E = np.exp(emissions - shift)
    A, S, F = np.exp(trans.astype(np.float64)), np.exp(start), np.exp(end)
    alpha = np.empty_like(E)                            # alpha[t] sums to 1 over tags
    scale = np.ones((T, B))                             # what each step was divided by
    alpha[0] = S * E[0]
    scale[0] = alpha[0].sum(axis=1)
    alpha[0] /= scale[0][:, None]
    running = mask.sum(axis=1)             # longest first: the sentences going at t are a prefix
    for t in range(1, T):
        n = running[t]
        step = (alpha[t - 1, :n] @ A) * E[t, :n]
        scale[t, :n] = step.sum(axis=1)
        alpha[t, :n] = step / scale[t, :n, None]
        if n < B:
            alpha[t, n:] = alpha[t - 1, n:]             # finished: carry the last alpha along
    finish = alpha[T - 1] @ F
    beta = np.empty_like(E)
    beta[T - 1] = F / finish[:, None]
    for t in range(T - 2, -1, -1):
        n = running[t + 1]
        beta[t, :n] = ((E[t + 1, :n] * beta[t + 1, :n]) @ A.T) / scale[t + 1, :n, None]
        if n < B:
            beta[t, n:] = F / finish[n:, None]          # a sentence's last token ends here
    node = alpha * beta * mask[:, :, None]
    pair = (alpha[:-1, :, :, None] * A * (E[1:] * beta[1:])[:, :, None, :]
            / scale[1:, :, None, None]) * mask[1:, :, None, None] if pairwise else None
    log_z = np.log(scale).sum(axis=0) + np.log(finish) + (shift[..., 0] * mask).sum(axis=0)
    return node, pair, log_z


def marginals(emissions, mask, trans, start, end):
    """P(tag at t = k | sentence), (T, B, K); zero on padding."""
    return forward_backward(emissions, mask, trans, start, end)[0]


def nll_and_grads(emissions, tags, mask, trans, start, end):
    """Mean negative log-likelihood of the gold tags and its gradients with respect to
    emissions (T, B, K), trans (K, K), start (K,) and end (K,): expected counts under the
    model minus the gold counts."""
    T, B, K = emissions.shape
    lengths = mask.sum(axis=0)
    cols = np.arange(B)
    last = tags[lengths - 1, cols]
    gold = np.eye(K)[tags] * mask[:, :, None]                               # (T, B, K)
    gold_score = ((emissions * gold).sum(axis=(0, 2)) + start[tags[0]] + end[last]
                  + (trans[tags[:-1], tags[1:]] * mask[1:]).sum(axis=0))
    p, xi, log_z = forward_backward(emissions, mask, trans, start, end, pairwise=True)
    loss = (log_z - gold_score).sum() / B
    d_emissions = (p - gold) / B
    d_trans = (xi.sum(axis=(0, 1)) - np.einsum("tbi,tbj->ij", gold[:-1], gold[1:])) / B
    d_start = (p[0] - gold[0]).sum(axis=0) / B
    d_end = (p[lengths - 1, cols] - gold[lengths - 1, cols]).sum(axis=0) / B
    return loss, d_emissions, d_trans, d_start, d_end


def viterbi(emissions, mask, trans, start, end):
    """Best tag sequence per sentence, (T, B) int, for sentences sorted longest first; positions
    past a sentence's end repeat its last tag and are to be cut off by the caller."""
    T, B, K = emissions.shape
    running = mask.sum(axis=1)             # longest first: the sentences going at t are a prefix
    backpointers = np.empty((T, B, K), np.int64)
    backpointers[:] = np.arange(K)         # a finished sentence keeps its tag
    delta = start + emissions[0]
    for t in range(1, T):
        n = running[t]
        scores = delta[:n, :, None] + trans                     # (n, K from, K to)
        backpointers[t, :n] = scores.argmax(axis=1)
        delta[:n] = scores.max(axis=1) + emissions[t, :n]
    path = np.empty((T, B), np.int64)
    path[T - 1] = (delta + end).argmax(axis=1)
    for t in range(T - 1, 0, -1):
        path[t - 1] = backpointers[t, np.arange(B), path[t]]
    return path
