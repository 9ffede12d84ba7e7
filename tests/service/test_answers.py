"""The answer's JSON, written per sentence (service/answers.py), is byte for byte the JSON
the service's encoder writes for the same answer built as dicts (``Document.annotate``
with the options applied), for any text, outputs and options; and so is a model output's
JSON as the sentence cache keeps it."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from model.documents import Document
from service.answers import SCORE_JSON, answer_json, document_json, utf16_offsets
from service.cache import output_json
from service.responses import encode_json

ENTITY_TYPES = {"PER", "LOC", "ORG", "MISC"}

texts = st.lists(st.sampled_from(["Angela", "Merkel", "visited", "Zürich", ".", "😀", "\"",
                                  "U.S.", "\n\n", "\\", "\u2028", "\ud800", "東京"])
                 | st.text(max_size=5), max_size=40).map(" ".join)
scores = st.integers(0, 10_000).map(lambda k: round(k / 10_000 * 1.0, 4)) | st.floats(0, 1)
options = st.fixed_dictionaries(
    {"offsets": st.sampled_from(["codepoint", "utf16"]), "include_tokens": st.booleans()},
    optional={"labels": st.lists(st.sampled_from(sorted(ENTITY_TYPES)), max_size=3),
              "min_score": st.floats(0, 1)})


@st.composite
def outputs_for(draw, document: Document) -> list[dict]:
    """Made-up model outputs, one per sentence: any tags, scores and entity spans."""
    outputs = []
    for sentence in document.sentences:
        n = sentence.token_end - sentence.token_start
        tags = draw(st.lists(st.sampled_from(["O", "B-PER", "I-PER", "B-LOC", "weird\"tag"]),
                             min_size=n, max_size=n))
        entities = []
        for start in sorted(draw(st.sets(st.integers(0, max(n - 1, 0)), max_size=n))):
            entities.append({"label": draw(st.sampled_from(sorted(ENTITY_TYPES) + ["Ünknown"])),
                             "token_start": start,
                             "token_end": draw(st.integers(start + 1, n)),
                             "score": draw(scores)})
        outputs.append({"tags": tags, "scores": draw(st.lists(scores, min_size=n, max_size=n)),
                        "entities": entities})
    return outputs


def shaped(answer: dict, text: str, options: dict) -> dict:
    """The options applied to an answer built as dicts: what the service did before it
    wrote the JSON itself."""
    labels, min_score = options.get("labels"), options.get("min_score")
    if labels is not None or min_score is not None:
        wanted = ENTITY_TYPES if labels is None else set(labels)
        answer["entities"] = [entity for entity in answer["entities"]
                              if entity["label"] in wanted
                              and (min_score is None or entity["score"] >= min_score)]
    if not options["include_tokens"]:
        del answer["tokens"]
    units = utf16_offsets(text) if options["offsets"] == "utf16" else None
    if units is not None:
        for key in ("tokens", "entities", "sentences"):
            for item in answer.get(key, ()):
                item["start"], item["end"] = units[item["start"]], units[item["end"]]
    return answer


@settings(max_examples=300, deadline=None)
@given(data=st.data(), text=texts, options=options, batch=st.booleans())
def test_the_written_json_is_the_encoders_json_of_the_dicts(data, text, options, batch):
    documents = [Document.from_text(text), Document.from_tokens(text.split())]
    outputs = [data.draw(outputs_for(document)) for document in documents]
    model = {"name": "m", "version": "1.0.0"}
    written = answer_json([document_json(document, document_outputs, options, ENTITY_TYPES)
                           for document, document_outputs in zip(documents, outputs)],
                          batch, encode_json(model))
    results = [shaped(document.annotate(document_outputs), document.text, options)
               for document, document_outputs in zip(documents, outputs)]
    expected = ({"results": results, "model": model} if batch
                else {**results[0], "model": model})
    assert written == encode_json(expected)


def test_every_four_decimal_score_is_written_as_the_encoder_writes_it():
    for k in range(10_001):
        score = round(k / 10_000 * 1.0, 4)
        assert SCORE_JSON[score] == json.dumps(score)
    assert SCORE_JSON[0.12345] == "0.12345"  # any other float too


@settings(max_examples=200, deadline=None)
@given(data=st.data(), text=texts)
def test_the_cached_json_of_an_output_is_the_encoders(data, text):
    document = Document.from_text(text)
    for output in data.draw(outputs_for(document)):
        assert output_json(output) == encode_json(output)
