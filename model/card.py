"""Publish a trained model: copy its files into a folder (the bundled model lives in
model/default) and write the model card, MODEL_CARD.md, from its metadata.

    python -m model.card runs/default model/default
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from . import artifact

PUBLISHED = [artifact.WEIGHTS, artifact.VOCAB, artifact.META, "history.json"]


def render(meta: dict, history: dict) -> str:
    v, t = meta["validation"], meta.get("training", {})
    epochs = history.get("epochs", [])
    total_minutes = epochs[-1]["seconds"] / 60 if epochs else 0.0
    data = meta.get("trained_on", {})
    hp = meta["hyperparameters"]
    arch = meta["architecture"]
    size_mb = meta.get("size_bytes", 0) / 2**20
    rows = "\n".join(
        f"| {name} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | {s['support']} |"
        for name, s in [*v["per_type"].items(), ("**overall (micro)**", v["overall"])])
    data_rows = "\n".join(
        f"| {role} | `{d['file']}` | {d['sentences']:,} | {d['tokens']:,} | `{d['sha256'][:16]}…` |"
        for role, d in data.items())
    curve = "\n".join(f"| {h['epoch']} | {h['loss']:.4f} | {h['dev_f1']:.4f} | {h['seconds'] / 60:.1f} |"
                      for h in epochs)
    hp_rows = "\n".join(f"| `{k}` | {val} |" for k, val in hp.items())
    sources = "\n".join(f"- {s}" for s in arch.get("gazetteer_sources", {}).values()) or "- none"
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

Name lists (gazetteers) built into the vocabulary:
{sources}

## Architecture
- Inputs: {arch['inputs']}
- Encoder: {arch['encoder']}
- Decoder: {arch['decoder']}
- Parameters saved as float32 arrays (`weights.npz`, read with `allow_pickle=False`), the
  vocabularies as JSON (`vocab.json`), everything else in `model.json`.

## Training
Best validation F1 at epoch {t.get('epochs', '?')} of {len(epochs)}: {t.get('seconds', 0) / 60:.1f} minutes to the
best epoch, {total_minutes:.1f} minutes for the whole run, on {t.get('machine', 'the training machine')}
(shared with other jobs). Adam with learning-rate decay, gradient clipping at norm
{hp['clip_norm']}, dropout {hp['dropout']}, a moving average of the weights, early stopping after
{hp['patience']} epochs without a better validation F1, seed {hp['seed']}.

| hyper-parameter | value |
| --- | --- |
{hp_rows}

| epoch | training loss | validation F1 | minutes |
| --- | --- | --- | --- |
{curve}

## Validation scores (`valid.txt`, entity level, exact span and type)
| type | precision | recall | F1 | support |
| --- | --- | --- | --- | --- |
{rows}

Reproduce with `ner-eval --data ../shared/data/conll2003/valid.txt` (bundled model).

## Reproduce the model
`make model` (trains into `runs/default`, resumable, then publishes here with this card).

## Limits
Trained on 1996 Reuters news: expect lower accuracy on other genres, on lower-cased or noisy
text, and on entity names that are neither in the training data nor in the name lists. It tags
one sentence at a time and sees no document context.
"""


def publish(source: Path, destination: Path) -> None:
    meta = json.loads((source / artifact.META).read_text())
    destination.mkdir(parents=True, exist_ok=True)
    for name in PUBLISHED:
        shutil.copyfile(source / name, destination / name)
    meta["size_bytes"] = sum((destination / name).stat().st_size for name in PUBLISHED)
    history = json.loads((source / "history.json").read_text())
    (destination / "MODEL_CARD.md").write_text(render(meta, history))
    artifact.load(destination)  # refuse to publish anything that does not load


if __name__ == "__main__":
    publish(Path(sys.argv[1]), Path(sys.argv[2]))
