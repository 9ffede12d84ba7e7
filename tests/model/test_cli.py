"""The installed console scripts, run as a user runs them."""
import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def run(*args, stdin=None):
    return subprocess.run([str(BIN / args[0]), *args[1:]], input=stdin, capture_output=True,
                          text=True, timeout=120)


def test_ner_eval_json(tiny_model_dir, small_dev):
    path, sentences = small_dev
    result = run("ner-eval", "--model", str(tiny_model_dir), "--data", str(path), "--json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["sentences"] == 60
    assert scores["tokens"] == sum(len(s.tokens) for s in sentences)
    assert set(scores["overall"]) >= {"precision", "recall", "f1"}
    assert set(scores["per_type"]) <= {"PER", "ORG", "LOC", "MISC"}


def test_ner_eval_table_and_errors(tiny_model_dir, small_dev, tmp_path):
    result = run("ner-eval", "--model", str(tiny_model_dir), "--data", str(small_dev[0]))
    assert result.returncode == 0 and "overall" in result.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text("EU NNP B-NP B-ORG\nbroken\n")
    result = run("ner-eval", "--model", str(tiny_model_dir), "--data", str(bad))
    assert result.returncode != 0 and "bad.txt:2" in result.stderr
    result = run("ner-eval", "--model", str(tmp_path), "--data", str(small_dev[0]))
    assert result.returncode != 0 and "not a saved model" in result.stderr


def test_ner_tag_writes_one_json_object_a_line(tiny_model_dir):
    result = run("ner-tag", "--model", str(tiny_model_dir),
                 stdin="Peter Blackburn visited London.\n\nEU rejects Germany's call\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["tokens"] for line in lines] == [
        ["Peter", "Blackburn", "visited", "London", "."], [], ["EU", "rejects", "Germany", "'s", "call"]]
    for line in lines:
        assert len(line["tags"]) == len(line["scores"]) == len(line["tokens"])
        for entity in line["entities"]:
            assert entity["text"] == " ".join(line["tokens"][entity["token_start"]:entity["token_end"]])


def test_ner_tag_with_the_bundled_model_finds_the_entities():
    result = run("ner-tag", stdin="Peter Blackburn visited London.\n")
    assert result.returncode == 0, result.stderr
    entities = json.loads(result.stdout)["entities"]
    assert [(e["text"], e["label"]) for e in entities] == [("Peter Blackburn", "PER"), ("London", "LOC")]


def test_ner_eval_documents_scores_the_text_path(tiny_model_dir, small_dev):
    path, sentences = small_dev
    for join in ("newline", "space", "wrapped"):
        result = run("ner-eval", "--model", str(tiny_model_dir), "--data", str(path),
                     "--documents", "--join", join, "--json")
        assert result.returncode == 0, result.stderr
        scores = json.loads(result.stdout)
        assert scores["sentences"] == 1  # the file has no -DOCSTART-: one document
        assert scores["tokens"] == sum(len(s.tokens) for s in sentences)


def test_ner_tag_answers_a_typed_line_before_the_input_ends():
    import select
    process = subprocess.Popen([str(BIN / "ner-tag")], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE)
    try:
        process.stdin.write(b"Angela Merkel visited Paris.\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], 60)  # the model loads first
        assert ready, "no answer while the input stayed open"
        answer = json.loads(process.stdout.readline())
        assert [e["text"] for e in answer["entities"]] == ["Angela Merkel", "Paris"]
    finally:
        process.stdin.close()
        process.wait(timeout=60)


def test_ner_tag_reads_paragraphs_as_documents():
    result = run("ner-tag", "--paragraphs", stdin="Angela Merkel met Macron.\nHe went to "
                 "Berlin.\n\n\n\nThe EU met.\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["text"] for line in lines] == [
        "Angela Merkel met Macron.\nHe went to Berlin.", "The EU met."]
    assert [len(line["sentences"]) for line in lines] == [2, 1]
    berlin = next(e for e in lines[0]["entities"] if e["text"] == "Berlin")
    assert lines[0]["text"][berlin["start"]:berlin["end"]] == "Berlin"


def test_ner_tag_tags_piped_input_in_batches(monkeypatch, capsys):
    import os

    from model import Tagger
    from model.cli import READ_AHEAD_SENTENCES, tag_main
    calls = []
    real_tag = Tagger.tag

    def counting_tag(self, sentences):
        calls.append(len(sentences))
        return real_tag(self, sentences)

    monkeypatch.setattr(Tagger, "tag", counting_tag)
    lines = [f"Line {i} : Angela Merkel visited Paris." for i in range(600)]
    read_end, write_end = os.pipe()
    with open(write_end, "w") as pipe:  # all of it is there before ner-tag reads
        pipe.write("\n".join(lines) + "\n")
    with open(read_end) as stdin:
        monkeypatch.setattr(sys, "stdin", stdin)
        tag_main([])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["text"] for line in out] == lines
    assert calls == [READ_AHEAD_SENTENCES, READ_AHEAD_SENTENCES, 600 - 2 * READ_AHEAD_SENTENCES]
