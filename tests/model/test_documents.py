"""model/documents.py: a document split into sentences, tokenized per sentence, tagged in one
batch and put back together with offsets into the document."""
from __future__ import annotations

from model.documents import Document, SentenceSpan, tag_documents
from model.tokenizer import tokenize


def fake_tag(sentences):
    """Tags every capitalised token B-PER: enough to check where results land."""
    results = []
    for tokens in sentences:
        tags = ["B-PER" if token[:1].isupper() else "O" for token in tokens]
        entities = [{"label": "PER", "token_start": i, "token_end": i + 1, "score": 1.0}
                    for i, tag in enumerate(tags) if tag != "O"]
        results.append({"tags": tags, "scores": [1.0] * len(tokens), "entities": entities})
    return results


def test_a_document_is_tokenized_sentence_by_sentence():
    text = "He met Bob.\r\n\r\nShe left at 5 p.m. He stayed.\tEnd of the U.S."
    document = Document.from_text(text)
    assert [text[s.start:s.end] for s in document.sentences] == [
        "He met Bob.", "She left at 5 p.m.", "He stayed.", "End of the U.S."]
    for sentence in document.sentences:
        alone = [token for token, _, _ in tokenize(text[sentence.start:sentence.end])]
        assert document.tokens[sentence.token_start:sentence.token_end] == alone
    # Each sentence's last period is split off, as in a text of that one sentence.
    assert document.tokens[-2:] == ["U.S", "."]
    for token, start, end in zip(document.tokens, document.starts, document.ends):
        assert text[start:end] == token


def test_tokens_are_one_sentence():
    document = Document.from_tokens(["A", "b", ".", "C", "."])
    assert document.sentences == [SentenceSpan(0, 9, 0, 5)]
    assert Document.from_tokens([]).sentences == []


def test_tag_documents_batches_every_sentence_and_keeps_offsets():
    calls = []

    def tag(sentences):
        calls.append(len(sentences))
        return fake_tag(sentences)

    texts = ["Ann met Bob. Then Carl came.", "", "x Dan"]
    answers = tag_documents(tag, texts, max_tokens=3)
    assert len(calls) == 1  # one batch, long sentences' windows included
    first = answers[0]
    assert [e["text"] for e in first["entities"]] == ["Ann", "Bob", "Then", "Carl"]
    assert [(e["token_start"], e["start"]) for e in first["entities"]] == [
        (0, 0), (2, 8), (4, 13), (5, 18)]
    assert answers[1] == {"tokens": [], "entities": [], "sentences": []}
    assert answers[2]["entities"][0]["text"] == "Dan"
