import pytest

from model.conll import ConllFormatError, iob1_to_iob2, read_conll


def write(tmp_path, text):
    path = tmp_path / "data.txt"
    path.write_text(text)
    return path


def test_iob1_becomes_iob2():
    assert iob1_to_iob2(["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == \
        ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "B-ORG"]


def test_iob2_is_left_alone():
    tags = ["B-PER", "I-PER", "B-PER", "O", "B-MISC", "I-MISC"]
    assert iob1_to_iob2(tags) == tags


def test_docstart_and_blank_lines_split_sentences(tmp_path):
    path = write(tmp_path, "-DOCSTART- -X- -X- O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\n\n"
                           "Peter\tNNP\tB-NP\tI-PER\nBlackburn NNP I-NP I-PER\n"
                           "-DOCSTART- -X- -X- O\nBonn NNP B-NP I-LOC\n")
    sentences = read_conll(path)
    assert [s.tokens for s in sentences] == [("EU", "rejects"), ("Peter", "Blackburn"), ("Bonn",)]
    assert [s.tags for s in sentences] == [("B-ORG", "O"), ("B-PER", "I-PER"), ("B-LOC",)]
    assert [s.document for s in sentences] == [1, 1, 2]


@pytest.mark.parametrize("line, problem", [("lonely\n", "expected a token and a tag"),
                                           ("word NN X-PER\n", "is not a tag")])
def test_malformed_line_names_file_and_line(tmp_path, line, problem):
    path = write(tmp_path, "EU NNP B-NP B-ORG\n\nfine NN O\n" + line)
    with pytest.raises(ConllFormatError, match=f"{path.name}:4: .*{problem}"):
        read_conll(path)


def test_reads_the_real_training_split(conll_dir):
    sentences = read_conll(conll_dir / "train.txt")
    assert len(sentences) == 14041
    assert sum(len(s.tokens) for s in sentences) == 203621
