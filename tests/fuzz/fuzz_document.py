"""Coverage-guided fuzzing (atheris) of Document.from_text: any text is read, split and
tokenized without an exception, and the offsets hold: each token is text[start:end], tokens
in order and apart, sentences covering every token once. `make fuzz` runs it; not part of
the suite (pytest collects no fuzz_*.py)."""
import sys

import atheris

with atheris.instrument_imports():
    from model.documents import Document

# Texts of each kind model/reading.py reads, and a table laid out with spaces and CSV
# lines (model/sentences.py), to splice the fuzzer's text around.
SEEDS = ["ZÃ¼rich", "Merkelâ€™s", "Â ", "Z=C3=BCrich =\n", "Hol=\nlande", "<p>AT&amp;T</p>",
         "<pre>a\nb</pre>", "Mer-\nkel", "U.S. Inc. J. Smith", "\r\n\r\n\t",
         "A  b  c\n--  -  -\nD  e  f\nG  h i\nJ  k  l", '"A, b","C",""",","d"',
         'x,"y, z",\n1,2,3\n-,,"a"', r"a\tb\nJos\u00e9 \ud83d\ude00\\\"\ud800",
         # the fifteenth session's readings: a calendar, foreign headers and greetings,
         # shortcodes, emoji after a mark, German ordinals, columns, a signature's initial
         "BEGIN:VEVENT\r\nATTENDEE;CN=Ra\r\n j:mailto:a@b\\,\\n\r\nEND:VEVENT\r\n",
         "Von: A B\nGesendet: Dienstag, 14. Mai 2024\nAn: C\nBetreff: x\n",
         "Hallo Tom,\nMfG", ":tada: @a-b ", "Wow!! \U0001f680\U0001f680 ok", "1. FC K\u00f6ln 2.",
         "a        b\nc        d", "Best,\nAnna S.", "Ma-\njor, Tony\nBlair, x-\ny",
         # wikitext: links, quotes, a template, a heading, a reference, an external link
         "[[A (b)|c]]s '''d''' {{Infobox e\n| f = [[g]]\n}}\n== h ==\n<ref>i</ref>[http://j k]"]
# Characters of markup, entities, quoted-printable and mojibake, for texts made of them.
ALPHABET = "ab AZ.\n<>&;=#xC3BC/pre-\u00c2\u00c3\u00e2\u20ac\u2122\t\r\"'\\ntu0d8"


def fuzzed_text(fdp: atheris.FuzzedDataProvider) -> str:
    kind = fdp.ConsumeIntInRange(0, 3)
    if kind == 0:
        return fdp.ConsumeUnicodeNoSurrogates(400)
    if kind == 1:
        return "".join(ALPHABET[b % len(ALPHABET)] for b in fdp.ConsumeBytes(300))
    if kind == 2:
        seed = SEEDS[fdp.ConsumeIntInRange(0, len(SEEDS) - 1)]
        return fdp.ConsumeUnicodeNoSurrogates(100) + seed + fdp.ConsumeUnicodeNoSurrogates(100)
    # UTF-8 read as Windows-1252: mojibake of whatever the bytes hold
    raw = fdp.ConsumeBytes(300).decode("utf-8", "ignore").encode("utf-8")
    return raw.decode("cp1252", "ignore")


def test_one_input(data: bytes) -> None:
    text = fuzzed_text(atheris.FuzzedDataProvider(data))
    document = Document.from_text(text)
    previous_end = 0
    for token, start, end, read in zip(document.tokens, document.starts, document.ends,
                                       document.model_tokens, strict=True):
        assert previous_end <= start < end <= len(text), (start, end, previous_end)
        assert token == text[start:end] and read
        previous_end = end
    covered = 0
    for sentence in document.sentences:
        assert sentence.token_start == covered < sentence.token_end
        assert sentence.start == document.starts[sentence.token_start]
        assert sentence.end == document.ends[sentence.token_end - 1]
        covered = sentence.token_end
    assert covered == len(document.tokens)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
