"""Tag a sentence too long for one pass in overlapping windows, and stitch the windows' results.

A BiLSTM tags a token well when it sees enough words on both sides of it; at an artificial edge
(a window that starts or ends mid-sentence) it sees none, and an entity that crosses the edge
is cut in two. So consecutive windows overlap, each token takes its tag from the window in
which it lies farther from an edge, and the cut between two windows is moved, within their
overlap, to a place where it cuts no entity:

1. a *clean* cut first: every window that sees both tokens around the cut agrees with the
   stitched result on whether they belong to one entity, so no entity is cut or merged;
2. then a cut that takes the fewest tokens on which the two windows disagree from the window
   in which they are closer to an edge (moving the cut through tokens both windows tag alike
   changes no tag);
3. then a cut between two chunks (the token after it is ``O`` or ``B-``) rather than inside an
   entity, so that all of an entity's scores come from one window;
4. then the cut nearest the middle of the overlap, where both windows have the most context.

Every token taken from a window therefore has about ``overlap / 2`` tokens of context on each
side, or the real start or end of the sentence.
"""
from __future__ import annotations

from typing import Callable, Sequence

from .evaluate import entity_spans

Window = tuple[int, int]


def windows(n_tokens: int, size: int, overlap: int) -> list[Window]:
    """``(start, end)`` token ranges of at most ``size`` tokens covering ``range(n_tokens)``.

    Consecutive windows share exactly ``overlap`` tokens; the last one may be shorter, but it
    always reaches beyond the previous window by at least one token. A sentence that fits is
    one window, even an empty one, so that it gets exactly one result back.
    ``overlap`` may be at most half of ``size``, so that no token is in three windows and the
    overlaps, where the cuts go, do not overlap each other.
    """
    if size < 1:
        raise ValueError(f"window size must be at least 1, got {size}")
    if not 0 <= 2 * overlap <= size:
        raise ValueError(f"overlap must be between 0 and size / 2 = {size / 2}, got {overlap}")
    if n_tokens <= size:
        return [(0, n_tokens)]
    step = size - overlap
    result = [(0, size)]
    while result[-1][1] < n_tokens:
        start = result[-1][0] + step
        result.append((start, min(start + size, n_tokens)))
    return result


def stitch(n_tokens: int, plan: Sequence[Window], results: Sequence[dict]) -> dict:
    """One result for the whole sentence from the results of its windows (``plan``, as made
    by ``windows()``).

    A result is what ``Tagger.tag`` gives for one sentence: ``tags`` and every other per-token
    list (``scores``, ...) are cut and joined; ``entities`` are recomputed from the joined tags
    and scores as the tagger computes them, with offsets into the whole sentence.
    """
    _check_plan(n_tokens, plan, results)
    if len(plan) == 1:
        return results[0]
    cuts = [_best_cut(plan[k], plan[k + 1], results[k]["tags"], results[k + 1]["tags"])
            for k in range(len(plan) - 1)]
    bounds = [0, *cuts, n_tokens]
    per_token_keys = [key for key in results[0] if key != "entities"]
    stitched = {key: [] for key in per_token_keys}
    for (start, _), result, first, last in zip(plan, results, bounds, bounds[1:]):
        for key in per_token_keys:
            stitched[key] += result[key][first - start:last - start]
    if "entities" in results[0]:
        stitched["entities"] = _entities(stitched["tags"], stitched["scores"])
    return stitched


def tag_in_windows(tag: Callable[[list[list[str]]], list[dict]], sentences: list[list[str]],
                   size: int, overlap: int) -> list[dict]:
    """``tag(sentences)`` for sentences of any length: a sentence longer than ``size`` tokens is
    tagged in windows and stitched. All windows of all sentences go to ``tag`` in one call, so
    a batching tagger (``Tagger.tag``) decodes them together."""
    plans = [windows(len(tokens), size, overlap) for tokens in sentences]
    pieces = [tokens[start:end] for tokens, plan in zip(sentences, plans) for start, end in plan]
    results = iter(tag(pieces))
    return [stitch(len(tokens), plan, [next(results) for _ in plan])
            for tokens, plan in zip(sentences, plans)]


def _check_plan(n_tokens: int, plan: Sequence[Window], results: Sequence[dict]) -> None:
    """Windows must tile the sentence as ``windows()`` makes them, one result per window."""
    if not plan or len(plan) != len(results):
        raise ValueError(f"{len(plan)} windows but {len(results)} results")
    if plan[0][0] != 0 or plan[-1][1] != n_tokens:
        raise ValueError(f"windows {list(plan)} do not span the {n_tokens} tokens")
    for k, (start, end) in enumerate(plan):
        if k and not plan[k - 1][0] < start <= plan[k - 1][1] < end:
            raise ValueError(f"window {k} {(start, end)} does not follow on from window {k - 1}")
        if k > 1 and start < plan[k - 2][1]:
            raise ValueError(f"window {k} overlaps window {k - 2}: overlap above half a window")
        for key, value in results[k].items():
            if key != "entities" and len(value) != end - start:
                raise ValueError(f"result {k} has {len(value)} {key} for {end - start} tokens")


def _best_cut(left: Window, right: Window, left_tags: list[str], right_tags: list[str]) -> int:
    """The first token to take from the right window rather than the left one."""
    (left_start, left_end), (right_start, _) = left, right

    def left_tag(i):
        return left_tags[i - left_start] if i < left_end else None  # None: beyond the window

    def right_tag(i):
        return right_tags[i - right_start] if i >= right_start else None

    # A token goes to the window in which it is farther from that window's inner edge; the
    # tokens before `middle` are farther from the right window's start than from the left
    # window's end.
    middle = (left_end + right_start + 1) // 2
    disagree = [left_tag(i) != right_tag(i) for i in range(right_start, left_end)]

    def cost(cut):
        before, after = left_tag(cut - 1), right_tag(cut)
        stitched_joins = _continues(before, after)
        # The left window sees both tokens unless the cut is at its end, the right one unless
        # the cut is at its start; a window that sees only one of them has no say.
        clean = all(_continues(a, b) == stitched_joins
                    for a, b in [(before, left_tag(cut)), (right_tag(cut - 1), after)]
                    if a is not None and b is not None)
        lo, hi = sorted((cut, middle))
        moved_through = sum(disagree[lo - right_start:hi - right_start])
        return (not clean, moved_through, stitched_joins, abs(cut - middle), cut)

    return min(range(right_start, left_end + 1), key=cost)


def _continues(tag: str, next_tag: str) -> bool:
    """Whether next_tag continues the entity of tag, read as ``entity_spans`` reads BIO."""
    return next_tag.startswith("I-") and tag[:2] in ("B-", "I-") and tag[2:] == next_tag[2:]


def _entities(tags: list[str], scores: list[float]) -> list[dict]:
    """Entity spans with their mean token score, in the form ``Tagger.tag`` gives them."""
    return [{"label": label, "token_start": start, "token_end": end,
             "score": round(sum(scores[start:end]) / (end - start), 4)}
            for label, start, end in entity_spans(tags)]
