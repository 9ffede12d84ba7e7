"""Publish a trained model: copy its files into a folder (the bundled model lives in
model/default) and write the model card, MODEL_CARD.md, from its metadata and from the
record of the configurations tried (tuning.json in that folder, written by hand).

    python -m model.card runs/default model/default
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from . import artifact, curves, vectors

PUBLISHED = [artifact.WEIGHTS, artifact.VOCAB, artifact.META, "history.json"]


CASE_TITLES = {"validation": "as written (cased)",
               "validation_lowercased": "every token lower-cased",
               "validation_uppercased": "every token upper-cased"}
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
    rows = "\n".join(f"| {r['name']}{' (published)' if r.get('published') else ''} | {r['what']} "
                     f"| {r['cased']:.4f} | {r['lowercased']:.4f} | {r['uppercased']:.4f} |"
                     for r in runs)
    notes = "\n".join(f"- {note}" for note in tuning.get("notes", []))
    return f"""{len(runs)} configurations were scored on validation for this model, some without
retraining (see the notes). Validation chose among them, so its scores are somewhat
optimistic; the test split was never used. Overall entity F1 on validation:

| configuration | what changed | cased | lower-cased | upper-cased |
| --- | --- | --- | --- | --- |
{rows}

{notes}"""


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
    curve = "\n".join(f"| {h['epoch']} | {h['loss']:.4f} | {h['dev_f1']:.4f} "
                      f"| {h.get('dev_lowercased_f1', float('nan')):.4f} "
                      f"| {h.get('dev_uppercased_f1', float('nan')):.4f} "
                      f"| {h['seconds'] / 60:.1f} |" for h in epochs)
    hp_rows = "\n".join(f"| `{k}` | {val} |" for k, val in hp.items())
    sources = "\n".join(f"- {s}" for s in arch.get("gazetteer_sources", {}).values()) or "- none"
    scores = "\n\n".join(f"### {title}\n{score_table(meta[key])}"
                         for key, title in CASE_TITLES.items() if key in meta)
    augmentation = (f"Each epoch a random {hp['case_augmentation']:.0%} of the training sentences "
                    f"were lower-cased and another {hp['case_augmentation']:.0%} upper-cased, so "
                    "that the model also tags text that has lost its capitals or has nothing "
                    "but capitals. " if hp.get("case_augmentation") else "")
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

## Architecture
- Inputs: {arch['inputs']}
- Encoder: {arch['encoder']}
- Decoder: {arch['decoder']}
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

| epoch | training loss | cased | lower-cased | upper-cased | minutes |
| --- | --- | --- | --- | --- | --- |
{curve}

## Validation scores (`valid.txt`, entity level, exact span and type)
{scores}

Reproduce with `ner-eval --data ../shared/data/conll2003/valid.txt` (bundled model), adding
`--case lowercased` or `--case uppercased` for the other two tables.

## Tuning
{tuning_section(tuning)}

## Reproduce the model
`make model` (trains into `runs/default`, resumable, then publishes here with this card).

## Limits
Trained on 1996 Reuters news: expect lower accuracy on other genres, on noisy text, and on
entity names that are neither in the training data, nor in GloVe's vocabulary, nor in the name
lists. It tags one sentence at a time and sees no document context.
"""


def publish(source: Path, destination: Path) -> None:
    meta = json.loads((source / artifact.META).read_text())
    destination.mkdir(parents=True, exist_ok=True)
    for name in PUBLISHED:
        shutil.copyfile(source / name, destination / name)
    meta["size_bytes"] = sum((destination / name).stat().st_size for name in PUBLISHED)
    history = json.loads((source / "history.json").read_text())
    tuning_path = destination / TUNING
    tuning = json.loads(tuning_path.read_text()) if tuning_path.exists() else None
    (destination / "MODEL_CARD.md").write_text(render(meta, history, tuning))
    curves.write(destination)  # the learning curves the model page shows, made with the card
    artifact.load(destination)  # refuse to publish anything that does not load


if __name__ == "__main__":
    publish(Path(sys.argv[1]), Path(sys.argv[2]))
