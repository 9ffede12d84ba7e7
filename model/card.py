"""Publish a trained model: copy its files into a folder (the bundled model lives in
model/default), add to its model.json the licences it comes under and its tagging speed
measured here and now, and write the model card, MODEL_CARD.md, from its metadata and from
the record of the configurations tried (tuning.json in that folder, written by hand).

    python -m model.card runs/default model/default [--data DIR]

Publishing a folder onto itself (model/default model/default) refreshes the card, the
licences and the speed of a model already published, without touching its weights.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

from . import artifact, curves, gazetteers, vectors
from .conll import LabelledSentence, read_conll
from .document_eval import JOINS, WRAP_WIDTH, evaluate_documents
from .train import machine

PUBLISHED = [artifact.WEIGHTS, artifact.VOCAB, artifact.META, "history.json"]


CASE_TITLES = {"validation": "as written (cased)",
               "validation_lowercased": "every token lower-cased",
               "validation_uppercased": "every token upper-cased",
               "validation_headline": "headline case (every word capitalised but short "
                                      "function words: `Microsoft Unveils New Chip at Build`)"}
TUNING = "tuning.json"  # the configurations tried for the published model, written by hand


def score_table(scores: dict) -> str:
    rows = [*scores["per_type"].items(), ("**overall (micro)**", scores["overall"])]
    return "\n".join(["| type | precision | recall | F1 | support |",
                      "| --- | --- | --- | --- | --- |"] +
                     [f"| {name} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} "
                      f"| {s['support']} |" for name, s in rows])


def vectors_section(meta: dict) -> str:
    wv = meta.get("word_vectors")
    if not wv:
        return "None: every word embedding was learned from the training data alone."
    licence = (" Licence of the vectors: Open Data Commons Public Domain Dedication and License "
               "(PDDL 1.0)." if wv["source"] == vectors.GLOVE_DESCRIPTION else "")
    return f"""{wv['source']}: {wv['words']:,} words ({wv['normalised_words']:,} once normalised
like our words: lower case, digits as 0), {wv['dim']} dimensions, `.npy` sha256
`{wv['sha256'][:16]}…`.{licence} Only training reads them; the model keeps the rows it needs
in `weights.npz` (float16): {wv['trained_words_initialised']:,} words of the training
vocabulary started from their pretrained vector and were fine-tuned, and
{wv['untrained_words_kept']:,} more of the source's most frequent words, never seen in
training, keep their vector unchanged so that they are not unknown words when tagging."""


def tuning_section(tuning: dict | None) -> str:
    if not tuning:
        return "No record of the configurations tried."
    runs = tuning["configurations"]
    # Headline case was first scored on 2026-11-30; configurations before have no figure.
    headline = lambda r: f"{r['headline']:.4f}" if "headline" in r else "-"
    rows = "\n".join(f"| {r['name']}{' (published)' if r.get('published') else ''} | {r['what']} "
                     f"| {r['cased']:.4f} | {r['lowercased']:.4f} | {r['uppercased']:.4f} "
                     f"| {headline(r)} |" for r in runs)
    notes = "\n".join(f"- {note}" for note in tuning.get("notes", []))
    return f"""{len(runs)} configurations were scored on validation for this model, some without
retraining (see the notes). Validation chose among them, so its scores are somewhat
optimistic; the test split was never used. Overall entity F1 on validation:

| configuration | what changed | cased | lower-cased | upper-cased | headline case |
| --- | --- | --- | --- | --- | --- |
{rows}

{notes}"""


# The weights are learned from CoNLL-2003, whose Reuters text and annotations are for research
# use only; whatever else went into them (vectors, name lists) allows more than that.
MODEL_LICENCE = ("research use only, as the CoNLL-2003 data it was learned from (Reuters RCV1 "
                 "news); the code that trains and serves it is MIT-licensed (LICENSE)")
GLOVE_LICENCE = "Open Data Commons Public Domain Dedication and License (PDDL 1.0)"


def licence(meta: dict) -> dict:
    """What the model's weights may be used for, and the licences of what went into them."""
    record = {"model": MODEL_LICENCE}
    word_vectors = meta.get("word_vectors")
    if word_vectors:
        record["word_vectors"] = (f"GloVe 6B: {GLOVE_LICENCE}"
                                  if word_vectors["source"] == vectors.GLOVE_DESCRIPTION
                                  else f"see {word_vectors['source']}")
    sources = meta.get("architecture", {}).get("gazetteer_sources") or {}
    if sources:
        record["name_lists"] = {name: gazetteers.LICENCES.get(name, description)
                                for name, description in sources.items()}
    return record


SPEED_BATCH = 64  # sentences a call when tagging in batches, as bench.compare_models does
SPEED_REPEATS = 5  # the fastest of these: other jobs on a shared machine only ever slow it down


def measure_speed(directory: Path, sentences: list[list[str]], sentences_file: str) -> dict:
    """Tokens a second of CPU time, tagging `sentences` in batches and then one at a time,
    each time on a freshly loaded model (its token cache empty, so every distinct token is
    computed once, as in a new worker), the fastest of SPEED_REPEATS, on this machine."""
    from .tagger import Tagger

    tokens = sum(map(len, sentences))
    per_second = {}
    for mode, size in [("batched", SPEED_BATCH), ("single_sentence", 1)]:
        seconds = []
        for _ in range(SPEED_REPEATS):
            tagger = Tagger.load(directory)
            started = time.process_time()
            for start in range(0, len(sentences), size):
                tagger.tag(sentences[start:start + size])
            seconds.append(time.process_time() - started)
        per_second[mode] = round(tokens / min(seconds))
    return {"batched_tokens_per_second": per_second["batched"],
            "single_sentence_tokens_per_second": per_second["single_sentence"],
            "measured_on": f"{len(sentences):,} sentences ({tokens:,} tokens) of "
                           f"{sentences_file}, {SPEED_BATCH} a call and then one a call, "
                           "a freshly loaded model each time, CPU time of one process, "
                           f"the fastest of {SPEED_REPEATS} runs",
            "machine": machine(),
            "blas_threads": os.environ.get("OMP_NUM_THREADS", "not set (OMP_NUM_THREADS)"),
            "date_utc": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def licence_section(meta: dict) -> str:
    record = meta.get("licence")
    if not record:
        return "Not recorded."
    lines = [f"- {name.replace('_', ' ')}: {value}" for name, value in record.items()
             if not isinstance(value, dict)]
    for name, value in record.items():
        if isinstance(value, dict):
            lines += [f"- {name.replace('_', ' ')}:"] + [f"  - {v}" for v in value.values()]
    return "\n".join(lines)


def speed_section(meta: dict) -> str:
    speed = meta.get("speed")
    if not speed:
        return "Not measured."
    return (f"{speed['batched_tokens_per_second']:,} tokens/s tagging in batches, "
            f"{speed['single_sentence_tokens_per_second']:,} tokens/s one sentence at a time: "
            f"{speed['measured_on']}; on {speed['machine']}, BLAS threads "
            f"{speed['blas_threads']}, {speed['date_utc']}. `bench/` has the benchmarks that "
            "compare models and measure the service.")


def documents_section(meta: dict) -> str:
    scores = meta.get("validation_documents")
    if not scores:
        return "Not measured."
    rows = "\n".join(f"| {join} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} |"
                     for join, s in scores.items())
    return f"""Each `-DOCSTART-` document of `valid.txt` rebuilt as raw text, its sentences joined by
a newline or by a single space, or by a newline with every line wrapped at {WRAP_WIDTH} characters
as in e-mail, or as a web page's HTML paragraphs with their characters escaped (`&quot;`,
`AT&amp;T`), and tagged whole as the service tags a `text`: split into sentences, tokenized,
tagged, its entities mapped back to the gold tokens (cased, overall):

| sentences joined by | precision | recall | F1 |
| --- | --- | --- | --- |
{rows}

Reproduce with `ner-eval --documents --join newline` (or `space`, `wrapped`, `html`). With spaces,
only the splitter's punctuation and dateline rules find where a headline or a table row ends."""


def render(meta: dict, history: dict, tuning: dict | None = None) -> str:
    t = meta.get("training", {})
    epochs = history.get("epochs", [])
    total_minutes = epochs[-1]["seconds"] / 60 if epochs else 0.0
    data = meta.get("trained_on", {})
    hp = meta["hyperparameters"]
    arch = meta["architecture"]
    size_mb = meta.get("size_bytes", 0) / 2**20
    data_rows = "\n".join(
        f"| {role} | `{d['file']}` | {d['sentences']:,} | {d['tokens']:,} | `{d['sha256'][:16]}…` |"
        for role, d in data.items())
    # Runs before headline case was scored (2026-11-30) have no column for it.
    headline = bool(epochs) and "dev_headline_f1" in epochs[0]
    columns = ["epoch", "training loss", "cased", "lower-cased", "upper-cased",
               *(["headline case"] if headline else []), "minutes"]
    curve_head = "| " + " | ".join(columns) + " |\n" + "| --- " * len(columns) + "|"
    curve = "\n".join(f"| {h['epoch']} | {h['loss']:.4f} | {h['dev_f1']:.4f} "
                      f"| {h.get('dev_lowercased_f1', float('nan')):.4f} "
                      f"| {h.get('dev_uppercased_f1', float('nan')):.4f} "
                      + (f"| {h['dev_headline_f1']:.4f} " if headline else "")
                      + f"| {h['seconds'] / 60:.1f} |" for h in epochs)
    hp_rows = "\n".join(f"| `{k}` | {val} |" for k, val in hp.items())
    sources = "\n".join(f"- {s}" for s in arch.get("gazetteer_sources", {}).values()) or "- none"
    rules = "; ".join(artifact.describe_rules(meta))
    scores = "\n\n".join(f"### {title}\n{score_table(meta[key])}"
                         for key, title in CASE_TITLES.items() if key in meta)
    share = hp.get("case_augmentation")
    if not share:
        augmentation = ""
    elif hp.get("headline_case"):
        augmentation = (f"Each epoch a random {share:.0%} of the training sentences were "
                        f"lower-cased, another {share:.0%} upper-cased and another {share:.0%} "
                        "put in headline case, so that the model also tags text that has lost "
                        "its capitals, has nothing but capitals or has them on almost every "
                        "word. ")
    else:
        augmentation = (f"Each epoch a random {share:.0%} of the training sentences were "
                        f"lower-cased and another {share:.0%} upper-cased, so that the model also "
                        "tags text that has lost its capitals or has nothing but capitals. ")
    if hp.get("salutations"):
        augmentation += (f"E-mail salutations and sign-offs around the training data's own "
                         f"names (`Hi Sarah ,`, `Dear Ms. Pells !`, `Best ,`; "
                         f"model/salutations.py), {hp['salutations']:.0%} as many as the "
                         "training sentences, were added to them: CoNLL-2003 has none, and a "
                         "greeting was read as the first part of the name after it. ")
    if hp.get("chat"):
        augmentation += (f"Training sentences with a chat word before or after (`lol`, `btw`, "
                         f"`omg`; model/chat.py), {hp['chat']:.0%} as many again, were added "
                         "too: CoNLL-2003 has none, and in lower-case messages such a word was "
                         "read as a lower-cased acronym and tagged an organisation. ")
    if hp.get("addresses"):
        augmentation += (f"Lines of postal addresses as the UK, the US, Germany and France write "
                         f"them, around the training data's own places, surnames and companies "
                         f"(`14 Harbour Street , Portsmouth PO1 3LJ`, `Kohlstraße 20 , 40221 "
                         f"Düsseldorf`; model/addresses.py), {hp['addresses']:.0%} as many again, "
                         "were added too: CoNLL-2003 names places only in prose, and a town "
                         "before its postcode was read as an organisation. ")
    return f"""# Model card: {meta['name']} {meta['version']}

Checksum `{meta['checksum']}` · {size_mb:.1f} MB on disk · labels {', '.join(meta['labels'])}

A named-entity tagger for English news text (PER, ORG, LOC, MISC in BIO form), written and
trained in numpy by this project. It is the model the service loads by default.

## Data
| role | file | sentences | tokens | sha256 |
| --- | --- | --- | --- | --- |
{data_rows}

CoNLL-2003 English (Tjong Kim Sang & De Meulder, 2003): Reuters news (RCV1). **Licence note:**
the Reuters text and the annotations are free for research use only, so these weights, which
were learned from them, are for research use too; retrain on your own data (`ner-train`) for
anything else. The official test split was never seen: `valid.txt` chose the stopping epoch and
the hyper-parameters, and is the only split scored here.

Pretrained word vectors:
{vectors_section(meta)}

Name lists (gazetteers) built into the vocabulary:
{sources}

Licences:
{licence_section(meta)}

## Architecture
- Inputs: {arch['inputs']}
- Encoder: {arch['encoder']}
- Decoder: {arch['decoder']}
- Decoding rules: {rules or "none"}
- Parameters saved as arrays in `weights.npz` (read with `allow_pickle=False`): the word
  embeddings float16, the rest float32; the vocabularies as JSON (`vocab.json`), everything
  else in `model.json`.

## Training
Best epoch {t.get('epochs', '?')} of {len(epochs)}: {t.get('seconds', 0) / 60:.1f} minutes to the
best epoch, {total_minutes:.1f} minutes for the whole run, on {t.get('machine', 'the training machine')}
(shared with other jobs). Adam with learning-rate decay, gradient clipping at norm
{hp['clip_norm']}, dropout {hp['dropout']}, a moving average of the weights, seed {hp['seed']}.
{augmentation}Early stopping: the {t.get('early_stopping', 'validation F1')}, after
{hp['patience']} epochs without a better one.

| hyper-parameter | value |
| --- | --- |
{hp_rows}

Validation F1 by epoch (the full learning curves, per type, are in `history.json`):

{curve_head}
{curve}

## Validation scores (`valid.txt`, entity level, exact span and type)
{scores}

Reproduce with `ner-eval --data ../shared/data/conll2003/valid.txt` (bundled model), adding
`--case lowercased`, `--case uppercased` or `--case headline` for the other tables.

## Whole documents
{documents_section(meta)}

## Tagging speed
{speed_section(meta)}

## Tuning
{tuning_section(tuning)}

## Reproduce the model
`make model` (trains into `runs/default`, resumable, then publishes here with this card).

## Limits
Trained on 1996 Reuters news: expect lower accuracy on other genres, on noisy text, and on
entity names that are neither in the training data, nor in GloVe's vocabulary, nor in the name
lists. Names that only GloVe knows can be missed too, even in plain news sentences: Google,
Facebook, Twitter, YouTube, LinkedIn and eBay, which the 1996 data never names, come back as no
entity (tests/model/test_unseen_names.py), and so does Putin in `Putin said on Tuesday ...`. It
tags one sentence at a time and sees no document context.
"""


def publish(source: Path, destination: Path, speed_sentences: list[list[str]],
            sentences_file: str = "valid.txt",
            documents: list[LabelledSentence] | None = None) -> None:
    """Copy the model in `source` to `destination` with its licences, its speed measured on
    `speed_sentences`, its scores on `documents` tagged whole (when given), its model card
    and learning curves."""
    destination.mkdir(parents=True, exist_ok=True)
    if source.resolve() != destination.resolve():
        for name in PUBLISHED:
            shutil.copyfile(source / name, destination / name)
    meta = json.loads((destination / artifact.META).read_text())
    meta["licence"] = licence(meta)
    meta["speed"] = measure_speed(destination, speed_sentences, sentences_file)
    if documents:
        from .tagger import Tagger
        tag = Tagger.load(destination).tag
        meta["validation_documents"] = {
            join: evaluate_documents(tag, documents, join)["overall"] for join in JOINS}
    # model.json is not among the digested files, so the checksum stays valid.
    (destination / artifact.META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    meta["size_bytes"] = sum((destination / name).stat().st_size for name in PUBLISHED)
    history = json.loads((source / "history.json").read_text())
    tuning_path = destination / TUNING
    tuning = json.loads(tuning_path.read_text()) if tuning_path.exists() else None
    (destination / "MODEL_CARD.md").write_text(render(meta, history, tuning))
    curves.write(destination)  # the learning curves the model page shows, made with the card
    artifact.load(destination)  # refuse to publish anything that does not load


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m model.card", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a trained model's folder (ner-train --out)")
    parser.add_argument("destination", type=Path, help="where to publish it: model/default")
    parser.add_argument("--data", type=Path, default=Path(os.environ.get(
        "CONLL_DIR", Path(__file__).resolve().parents[2] / "shared" / "data" / "conll2003")),
        help="folder with the CoNLL-2003 valid.txt, whose sentences the speed is measured on "
             "(default: $CONLL_DIR or ../shared/data/conll2003, as the tests use)")
    args = parser.parse_args(argv)
    path = args.data / "valid.txt"
    if not path.is_file():
        raise SystemExit(f"error: {path} not found: the speed is measured on it; pass --data")
    validation = read_conll(path)
    publish(args.source, args.destination, [list(s.tokens) for s in validation],
            f"CoNLL-2003 {path.name}", documents=validation)


if __name__ == "__main__":
    main()
