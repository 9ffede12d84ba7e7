"""A linear-chain CRF over BIO tags: training loss with its gradient (forward-backward),
per-token marginals for confidence scores, and Viterbi decoding.

Shapes: T time steps, B sentences, K tags. ``trans[i, j]`` scores tag i followed by tag j.
Transitions that BIO forbids (O -> I-X, B-X -> I-Y, starting with I-X) get a fixed large
penalty on top of the learned scores, in training and decoding alike, so the decoder can never
emit an invalid sequence and the marginals only count valid ones.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .layers import reverse_within

FORBIDDEN = -1e4
# Forward-backward rescales its states every few steps, not every step: that halves the numpy
# calls a step. In between, E <= 1 and A is fixed, so a step moves the sum by a bounded factor
# and a few steps stay far inside float64's range.
RESCALE_EVERY = 4


def bio_penalties(labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(K, K) transition penalties and (K,) start penalties: 0 where allowed."""
    def may_follow(previous: str, tag: str) -> bool:
        return not tag.startswith("I-") or previous[2:] == tag[2:] and previous != "O"
    K = len(labels)
    trans = np.array([[0.0 if may_follow(p, t) else FORBIDDEN for t in labels] for p in labels])
    start = np.array([FORBIDDEN if t.startswith("I-") else 0.0 for t in labels])
    return trans.reshape(K, K), start


def outside_scores(labels: list[str]) -> np.ndarray:
    """(K,) to add to a token's emission scores to keep it outside every entity: 0 for O, the
    penalty for every other tag."""
    return np.array([0.0 if label == "O" else FORBIDDEN for label in labels])


class Chain(NamedTuple):
    """A linear-chain CRF's scores, and their exponentials stacked as forward_backward's two
    passes use them: index 0 for the forward pass, 1 for the backward pass, which reads the
    sentence reversed. A tagger builds it once, training once a step."""
    trans: np.ndarray          # (K, K)
    start: np.ndarray          # (K,)
    end: np.ndarray            # (K,)
    exp_trans: np.ndarray      # (2, K, K) float64: exp(trans) and its transpose
    exp_start_end: np.ndarray  # (2, K) float64: exp(start) and exp(end)

    @classmethod
    def of(cls, trans, start, end) -> "Chain":
        A = np.exp(trans.astype(np.float64))
        return cls(trans, start, end, np.stack([A, A.T]),
                   np.exp(np.stack([start, end]).astype(np.float64)))


def forward_backward(emissions, mask, chain: Chain, training=False):
    """The forward-backward algorithm in probability space, both passes in one loop.

    The forward pass reads each sentence left to right, alpha<t> = (alpha<t-1> A) * E<t>; the
    backward pass is the same recursion run on the sentence reversed, with A transposed and the
    end scores as its start: gamma<t> = (gamma<t+1> A^T) * E<t>, where gamma<t> = E<t> beta<t>.
    Stacked on a leading axis of 2 they cost one small batched matmul a step. Every few steps
    the states are rescaled to sum to 1 (Rabiner's scaling), so nothing overflows and no exp or
    log runs inside the loop; sentences come longest first and a step touches only those still
    going. Marginals are normalised per token, so the scaling cancels out of them.

    Returns per-token marginals (T, B, K), zero on padding; and for training only, the
    pairwise marginals of consecutive tags (T-1, B, K, K) and log Z (B,), else None for both.
    Runs in float64: the arrays are small."""
    emissions = emissions.astype(np.float64)
    T, B, K = emissions.shape
    # ufunc.reduce, not .sum/.max: each of those Python wrappers costs as much as the work on
    # one sentence; and Python ints, which slice faster.
    lengths = np.add.reduce(mask, 0)
    running = np.add.reduce(mask, 1).tolist()           # sentences still going at step t
    shift = np.maximum.reduce(emissions, 2, keepdims=True)  # exp(e - max) <= 1: no overflow
    E = np.exp(emissions - shift)
    # Time-major (T, 2, B, K): a step's states for both directions are one contiguous block,
    # on which a ufunc costs much less than on the strided slices of (2, T, B, K).
    E2 = np.empty((T, 2, B, K))
    E2[:, 0], E2[:, 1] = E, reverse_within(E, lengths)  # direction 1 reads each sentence reversed
    before = np.zeros((T, 2, B, K))                     # the state times M, before emission
    after = np.zeros((T, 2, B, K))                      # ... and after the emission
    # What each rescaled step was divided by; only log Z, for training, reads it.
    scale = np.ones((T, 2, B)) if training else np.empty((T, 2, B))
    M = chain.exp_trans
    before[0] = chain.exp_start_end[:, None, :]
    previous = None
    # Each step's views come from iterating over the arrays, cheaper than indexing them.
    steps = zip(running, before, E2, after, scale)
    for t, (n, before_t, E_t, after_t, scale_t) in enumerate(steps):
        if n < B:
            before_t, E_t, after_t, scale_t = (
                before_t[:, :n], E_t[:, :n], after_t[:, :n], scale_t[:, :n])
        if previous is not None:
            np.matmul(previous[:, :n], M, before_t)
        np.multiply(before_t, E_t, after_t)             # out by position: out= costs more
        if t % RESCALE_EVERY == RESCALE_EVERY - 1:
            total = np.add.reduce(after_t, 2, None, scale_t)  # after_t.sum, minus a wrapper
            after_t /= total[..., None]
        previous = after_t
    alpha_before = before[:, 0]
    gamma = reverse_within(after[:, 1], lengths)        # in reading order
    node = alpha_before * gamma                         # prop. to alpha * beta at every token
    total = np.add.reduce(node, 2)
    total[~mask] = 1.0                                  # padding: 0 / 1, not 0 / 0
    node /= total[:, :, None]
    if not training:
        return node, None, None
    # P(tag i at t-1, tag j at t) prop. to alpha<t-1>_i A_ij gamma<t>_j
    pair = after[:-1, 0, :, :, None] * M[0] * gamma[1:, :, None, :]
    pair /= np.where(mask[1:], pair.sum(axis=(2, 3)), 1.0)[:, :, None, None]
    finish = after[lengths - 1, 0, np.arange(B)] @ chain.exp_start_end[1]  # the end scores, last
    log_z = ((np.log(scale[:, 0]) * mask).sum(axis=0) + np.log(finish)
             + (shift[..., 0] * mask).sum(axis=0))
    return node, pair, log_z


def marginals(emissions, mask, chain: Chain):
    """P(tag at t = k | sentence), (T, B, K); zero on padding."""
    return forward_backward(emissions, mask, chain)[0]


# A sequence whose doubt (below) is under this has probability over 1/2, with room to spare
# for rounding.
MAX_DOUBT = 0.49


def decode(emissions, mask, chain: Chain):
    """The best tag sequence of each sentence (T, B), exactly as viterbi finds it, and each
    chosen tag's marginal probability (T, B); sentences sorted longest first.

    The marginals are needed anyway (they are the scores), and they often settle the best
    sequence without Viterbi: take each token's most probable tag; the probability of that
    whole sequence is at least 1 - sum over tokens of (1 - its tag's marginal), the doubt,
    because the sequence fails only where a token does. Once that bound is over 1/2 no other
    sequence can beat it, as two different sequences are disjoint events. Most real sentences
    are settled so; Viterbi runs on the rest."""
    probabilities = marginals(emissions, mask, chain)
    path, chosen = probabilities.argmax(axis=2), np.maximum.reduce(probabilities, 2)
    doubt = np.add.reduce((1.0 - chosen) * mask, axis=0)
    unsettled = (doubt >= MAX_DOUBT).nonzero()[0]       # in order: still longest first
    if unsettled.size:
        path[:, unsettled] = viterbi(emissions[:, unsettled], mask[:, unsettled], chain)
        steps, columns = np.arange(len(path))[:, None], unsettled[None, :]
        chosen[:, unsettled] = probabilities[steps, columns, path[:, unsettled]]
    return path, chosen


def nll_and_grads(emissions, tags, mask, chain: Chain):
    """Mean negative log-likelihood of the gold tags and its gradients with respect to
    emissions (T, B, K), trans (K, K), start (K,) and end (K,): expected counts under the
    model minus the gold counts."""
    T, B, K = emissions.shape
    trans, start, end = chain.trans, chain.start, chain.end
    lengths = mask.sum(axis=0)
    cols = np.arange(B)
    last = tags[lengths - 1, cols]
    gold = np.eye(K)[tags] * mask[:, :, None]                               # (T, B, K)
    gold_score = ((emissions * gold).sum(axis=(0, 2)) + start[tags[0]] + end[last]
                  + (trans[tags[:-1], tags[1:]] * mask[1:]).sum(axis=0))
    p, xi, log_z = forward_backward(emissions, mask, chain, training=True)
    loss = (log_z - gold_score).sum() / B
    d_emissions = (p - gold) / B
    d_trans = (xi.sum(axis=(0, 1)) - np.einsum("tbi,tbj->ij", gold[:-1], gold[1:])) / B
    d_start = (p[0] - gold[0]).sum(axis=0) / B
    d_end = (p[lengths - 1, cols] - gold[lengths - 1, cols]).sum(axis=0) / B
    return loss, d_emissions, d_trans, d_start, d_end


def viterbi(emissions, mask, chain: Chain):
    """Best tag sequence per sentence, (T, B) int, for sentences sorted longest first; positions
    past a sentence's end repeat its last tag and are to be cut off by the caller."""
    T, B, K = emissions.shape
    trans, start, end = chain.trans, chain.start, chain.end
    running = np.add.reduce(mask, 1).tolist()  # longest first: those going at t are a prefix
    candidates = np.empty((T, B, K, K), emissions.dtype)  # score of (tag i at t-1, tag j at t)
    delta = start + emissions[0]
    # Views by iteration and outputs by position, as in forward_backward: cheaper a step.
    for n, candidates_t, emissions_t in zip(running[1:], candidates[1:], emissions[1:]):
        delta_n, candidates_n = delta[:n], candidates_t[:n]
        np.add(delta_n[:, :, None], trans, candidates_n)
        np.maximum.reduce(candidates_n, 1, None, delta_n)  # np.max, minus a wrapper
        np.add(delta_n, emissions_t[:n], delta_n)
    # The best predecessors all at once, after the loop; a finished sentence keeps its tag.
    backpointers = np.where(mask[:, :, None], candidates.argmax(axis=2), np.arange(K))
    # Followed back in plain Python: only the sentences Viterbi is needed for come here, and
    # for them lists are cheaper than a fancy-indexing call a step.
    paths = []
    for steps, tag in zip(backpointers.transpose(1, 0, 2).tolist(),
                          (delta + end).argmax(axis=1).tolist()):
        path = [tag]
        for step in reversed(steps[1:]):
            tag = step[tag]
            path.append(tag)
        paths.append(path[::-1])
    return np.array(paths, np.int64).T
