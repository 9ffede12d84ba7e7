"""Tagging long sentences in overlapping windows: no entity may be lost or cut at a window edge.

Two kinds of tagger: fakes that know the right tags but go wrong near a window's artificial
edges the way a real tagger can (they lose entities there, and start an entity cut by the edge
with B-), and the real bundled model on a long sentence whose names fall on window edges.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import Tagger
from model.evaluate import entity_spans
from model.windows import stitch, tag_in_windows, windows

# -- windows() ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n_tokens, size, overlap, expected", [
    (0, 5, 2, [(0, 0)]),
    (5, 5, 2, [(0, 5)]),
    (6, 5, 2, [(0, 5), (3, 6)]),
    (12, 5, 2, [(0, 5), (3, 8), (6, 11), (9, 12)]),
    (10, 5, 0, [(0, 5), (5, 10)]),
    (4, 1, 0, [(0, 1), (1, 2), (2, 3), (3, 4)]),
])
def test_windows(n_tokens, size, overlap, expected):
    assert windows(n_tokens, size, overlap) == expected


@pytest.mark.parametrize("size, overlap", [(0, 0), (5, 3), (4, -1)])
def test_windows_refuse_overlaps_above_half_a_window(size, overlap):
    with pytest.raises(ValueError):
        windows(10, size, overlap)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 300), st.integers(1, 40), st.data())
def test_windows_tile_the_sentence(n_tokens, size, data):
    overlap = data.draw(st.integers(0, size // 2))
    plan = windows(n_tokens, size, overlap)
    assert plan[0][0] == 0 and plan[-1][1] == n_tokens
    assert all(end - start <= size for start, end in plan)
    for (start, end), (next_start, next_end) in zip(plan, plan[1:]):
        assert end - next_start == overlap
        assert next_end > end
    assert len(plan) == 1 or n_tokens > size


# -- Fake taggers ------------------------------------------------------------------------------


def valid_bio(tags):
    """An I- that does not continue its entity becomes B-, as a CRF with BIO constraints does."""
    fixed = []
    for tag in tags:
        previous = fixed[-1] if fixed else "O"
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
    return fixed


def entities(tags, scores):
    return [{"label": label, "token_start": start, "token_end": end,
             "score": round(sum(scores[start:end]) / (end - start), 4)}
            for label, start, end in entity_spans(tags)]


def edge_blind_tagger(gold, blind):
    """A tagger of windows of ``range(len(gold))`` that knows the gold tags but sees nothing
    within ``blind`` tokens of an artificial edge (tags "O" there, score 0.5). Any entity cut
    by the edge starts with B- inside the window."""
    def tag(sentences):
        results = []
        for positions in sentences:
            first, last = positions[0], positions[-1]
            tags, scores = [], []
            for i in positions:
                near_edge = ((first > 0 and i - first < blind)
                             or (last < len(gold) - 1 and last - i < blind))
                tags.append("O" if near_edge else gold[i])
                scores.append(0.5 if near_edge else 1.0)
            tags = valid_bio(tags)
            results.append({"tags": tags, "scores": scores, "entities": entities(tags, scores)})
        return results
    return tag


def gold_tags(segments):
    """BIO tags from (label, length) runs: "O" runs, or one entity per run."""
    tags = []
    for label, length in segments:
        tags += ["O"] * length if label == "O" else [f"B-{label}"] + [f"I-{label}"] * (length - 1)
    return tags


SEGMENTS = st.lists(st.tuples(st.sampled_from(["O", "PER", "ORG"]), st.integers(1, 12)),
                    min_size=1, max_size=40)


@settings(max_examples=400, deadline=None)
@given(SEGMENTS, st.integers(0, 3), st.integers(1, 30), st.data())
def test_stitched_tags_are_the_gold_tags_when_the_overlap_outsees_the_blind_spots(
        segments, blind, extra, data):
    gold = gold_tags(segments)
    # Both windows must see the two tokens around the middle of the overlap: 2 * blind + 2.
    # A tagger blind only to the fact that an entity started before its window needs 1.
    least = 2 * blind + 2 if blind else 1
    overlap = data.draw(st.integers(least, least + extra), label="overlap")
    size = data.draw(st.integers(2 * overlap, 2 * overlap + 30), label="size")
    positions = list(range(len(gold)))
    [result] = tag_in_windows(edge_blind_tagger(gold, blind), [positions], size, overlap)
    assert result["tags"] == gold
    assert result["entities"] == entities(result["tags"], result["scores"])
    assert list(result) == ["tags", "scores", "entities"]


# Entities placed on the edges of the windows of 30 tokens, size 10, overlap 4:
# (0, 10), (6, 16), (12, 22), (18, 28), (24, 30). Overlaps: 6-9, 12-15, 18-21, 24-27.
ON_THE_EDGES = [
    [("O", 5), ("PER", 2)],            # 5-6: across the second window's start
    [("O", 6), ("PER", 4)],            # 6-9: the whole overlap
    [("O", 8), ("ORG", 3)],            # 8-10: across the first window's end
    [("O", 9), ("ORG", 1), ("PER", 1)],  # 9 | 10: two entities meeting at the first window's end
    [("O", 4), ("PER", 9)],            # 4-12: longer than the overlap, across both edges
    [("O", 5), ("PER", 11), ("O", 1), ("ORG", 6)],  # 5-15 and 17-22: across four edges
    [("PER", 30)],                     # one entity through every window
]


@pytest.mark.parametrize("blind", [0, 1])
@pytest.mark.parametrize("segments", ON_THE_EDGES)
def test_entities_on_window_edges_are_neither_lost_nor_cut(segments, blind):
    gold = gold_tags(segments + [("O", 30)])[:30]
    tag = edge_blind_tagger(gold, blind)
    plan = windows(30, 10, 4)
    assert plan == [(0, 10), (6, 16), (12, 22), (18, 28), (24, 30)]
    results = tag([list(range(start, end)) for start, end in plan])
    stitched = stitch(30, plan, results)
    assert stitched["tags"] == gold
    assert all(score == 1.0 for score in stitched["scores"])


def test_an_entity_takes_all_its_scores_from_one_window():
    # Both windows agree on every tag but not on the scores: the cut goes between chunks, so
    # the entity's score is one window's, not an average of two windows' halves.
    tags = ["O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O"]
    plan = [(0, 7), (3, 10)]
    results = [{"tags": tags[start:end], "scores": [score] * (end - start)}
               for (start, end), score in zip(plan, [0.6, 0.9])]
    stitched = stitch(10, plan, results)
    assert stitched["tags"] == tags
    assert len(set(stitched["scores"][3:7])) == 1


def test_without_overlap_an_entity_on_the_edge_is_cut():
    # Why windows overlap: with nothing to choose from, the edge cuts the entity in two.
    gold = gold_tags([("O", 4), ("PER", 2), ("O", 4)])
    [result] = tag_in_windows(edge_blind_tagger(gold, 0), [list(range(10))], 5, 0)
    assert entity_spans(result["tags"]) == [("PER", 4, 5), ("PER", 5, 6)]


def test_all_windows_of_all_sentences_go_to_the_tagger_in_one_call():
    calls = []

    def tag(sentences):
        calls.append(sentences)
        return [{"tags": ["O"] * len(s), "scores": [1.0] * len(s), "entities": []}
                for s in sentences]

    results = tag_in_windows(tag, [["a", "b"], [], ["c"] * 7], size=4, overlap=1)
    assert [len(r["tags"]) for r in results] == [2, 0, 7]
    assert calls == [[["a", "b"], [], ["c"] * 4, ["c"] * 4]]  # short ones whole, long one cut


@pytest.mark.parametrize("plan, n_results", [
    ([(0, 5), (6, 10)], 2),           # gap between windows
    ([(0, 5), (3, 9)], 2),            # does not reach the end
    ([(0, 6), (2, 8), (4, 10)], 3),   # first and third overlap
    ([(0, 5), (5, 10)], 1),           # one result missing
])
def test_stitch_refuses_windows_that_do_not_tile_the_sentence(plan, n_results):
    results = [{"tags": ["O"] * (end - start), "scores": [1.0] * (end - start)}
               for start, end in plan][:n_results]
    with pytest.raises(ValueError):
        stitch(10, plan, results)


# -- The real model --------------------------------------------------------------------------

UNIT = "Angela Merkel met officials of Siemens AG in Berlin and".split()
LONG_SENTENCE = UNIT * 10 + ["."]  # 101 tokens, 30 entities


@pytest.fixture(scope="module")
def tagger():
    return Tagger.load()


SETTINGS = [(12, 2), (16, 6), (20, 4), (24, 8), (37, 12)]


def test_some_window_on_its_own_cuts_a_name_at_its_edge(tagger):
    """The case the stitching exists for is real for the bundled model: under some of the
    settings below, a window tagged on its own finds an entity that tagging the whole
    sentence does not (a name cut at the window's edge)."""
    [direct] = tagger.tag([LONG_SENTENCE])
    whole = set(entity_spans(direct["tags"]))
    cut = []
    for size, overlap in SETTINGS:
        plan = windows(len(LONG_SENTENCE), size, overlap)
        raw = tagger.tag([LONG_SENTENCE[start:end] for start, end in plan])
        cut += [(label, s + start, e + start) for (start, _), result in zip(plan, raw)
                for label, s, e in entity_spans(result["tags"])
                if (label, s + start, e + start) not in whole]
    assert cut


@pytest.mark.parametrize("size, overlap", SETTINGS)
def test_real_model_in_windows_tags_like_the_whole_sentence(tagger, size, overlap):
    [direct] = tagger.tag([LONG_SENTENCE])
    assert len(entity_spans(direct["tags"])) == 30
    [stitched] = tag_in_windows(tagger.tag, [LONG_SENTENCE], size, overlap)
    assert stitched["tags"] == direct["tags"]
    assert [(e["label"], e["token_start"], e["token_end"]) for e in stitched["entities"]] == [
        (e["label"], e["token_start"], e["token_end"]) for e in direct["entities"]]
    assert len(stitched["scores"]) == len(LONG_SENTENCE)
