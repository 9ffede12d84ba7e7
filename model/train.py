"""Training: mini-batch Adam on the CRF loss with backpropagation through time, gradient
clipping, dropout, early stopping on validation entity F1, and a checkpoint after every epoch
so that an interrupted run resumes where it stopped (same seed, same result).

Optionally the word embeddings start from pretrained vectors (vectors.py), and a share of the
training sentences is lower- or upper-cased each epoch so that the model learns to tag text
that has lost its capitals (or has nothing but capitals)."""
from __future__ import annotations

import json
import os
import platform
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from tqdm import tqdm

from . import addresses, artifact, chat, gazetteers, network, salutations, vectors
from .conll import LabelledSentence
from .crf import bio_penalties
from .evaluate import CASES, VALIDATION_KEYS, evaluate, recase
from .features import Features, make_batch
from .tagger import Tagger
from .tokenizer import (EAST_ASIAN, FILLER_WORDS, LATIN_ABBREVIATIONS, PRONUNCIATION_MARKS,
                        et_al_positions, is_address, is_code, is_symbols, phone_label_positions,
                        species_positions)


@dataclass
class TrainConfig:
    word_dim: int = 50         # GloVe 6B's smallest size, so its vectors are taken as they are
    shape_dim: int = 20
    ngram_dim: int = 50
    char_cnn: bool = False     # a character CNN's features in each token's input vector: tried
                               # for 1.3.0, not bundled (model card, Tuning)
    char_dim: int = 30         # character embedding and number of filters of width 3: Ma & Hovy
    char_filters: int = 30     # 2016's sizes, not tuned
    hidden: int = 64           # units per direction: 64 scored higher on validation than 32, 48
                               # and 100, and each step of the LSTM costs less
    dropout: float = 0.5
    learning_rate: float = 0.002
    lr_decay: float = 0.05     # learning rate / (1 + lr_decay * (epoch - 1))
    average_decay: float = 0.999  # the saved weights are this moving average of the trained ones
    batch_size: int = 32
    max_epochs: int = 40
    patience: int = 6          # epochs without a better validation F1 before stopping
    clip_norm: float = 5.0
    seed: int = 1
    min_word_count: int = 2    # rarer words are <unk>, so <unk> is trained on real rare words
    min_ngram_types: int = 2
    use_gazetteers: bool = True
    vectors: str = ""          # pretrained word vectors: "glove-6b-50d" or a folder (vectors.py)
    tune_vectors: bool = True  # False: the pretrained vectors stay as they are, so the words
                               # trained on and those met only when tagging share one space
    vector_words: int = 100_000  # the source's most frequent words the model keeps besides
                               # the training vocabulary, so that words unseen in training
                               # still get a real vector when tagging (model card: 0 to 200k)
    case_augmentation: float = 0.4 / 3  # share of training sentences lower-cased each epoch,
                               # the same share upper-cased (and in headline case: below), so
                               # 60% stay as written; > 0 also makes early stopping watch the
                               # mean F1 of the versions trained on
    headline_case: bool = True  # with case_augmentation: as large a share in headline case
    salutations: float = 0.02  # e-mail salutations and sign-offs (model/salutations.py) added,
                               # as a share of the training sentences: CoNLL-2003 has none
    chat: float = 0.02         # training sentences with a chat word before or after (lol, btw:
                               # model/chat.py) added, the same way
    addresses: float = 0.0     # postal addresses' lines (model/addresses.py) added, the same
                               # way: tried at 0.02, not bundled (model card, Tuning)
    max_minutes: float = 0.0   # stop (resumable) after this long; 0 = no limit
    name: str = "conll03-bilstm-crf"
    version: str = "1.5.4"


# Settings that may differ when a run is resumed: how long to go on, not what is learned.
RESUMABLE_CHANGES = {"max_epochs", "patience", "max_minutes"}


def machine() -> str:
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()}"


def labels_of(sentences: list[LabelledSentence]) -> list[str]:
    types = sorted({tag[2:] for s in sentences for tag in s.tags if tag != "O"})
    return ["O"] + [f"{prefix}-{t}" for t in types for prefix in "BI"]


def batch_order(lengths: np.ndarray, batch_size: int, rng: np.random.Generator) -> list:
    """Random batches of similar length: shuffle, sort within pools of 20 batches, split.
    Each batch comes longest sentence first, as the LSTM wants."""
    order = rng.permutation(len(lengths))
    pool = 20 * batch_size
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start:start + pool], key=lambda i: -lengths[i])
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def clip_by_global_norm(grads: dict, max_norm: float) -> float:
    norm = float(np.sqrt(sum(float((g * g).sum()) for g in grads.values())))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return norm


def adam_update(params, grads, state, lr, average_decay, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step, then the moving average of the weights that evaluation and saving use
    (an average over the last ~1/(1-average_decay) steps is smoother than the last step)."""
    state["step"] += 1
    correction1, correction2 = 1 - beta1 ** state["step"], 1 - beta2 ** state["step"]
    for name, g in grads.items():
        m, v = state["m"][name], state["v"][name]
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        params[name] -= lr * (m / correction1) / (np.sqrt(v / correction2) + eps)
        average = state["average"][name]
        average *= average_decay
        average += (1 - average_decay) * params[name]


def averaged_weights(adam: dict, average_decay: float) -> dict:
    """The moving average, corrected for having started at zero (as Adam corrects m and v)."""
    correction = 1 - average_decay ** adam["step"] if average_decay else 1.0
    return {name: average / correction for name, average in adam["average"].items()}


class Checkpoint:
    """Everything needed to resume: parameters, Adam moments, RNG and loop state."""

    def __init__(self, directory: Path):
        self.directory = directory

    def exists(self) -> bool:
        return (self.directory / "state.json").exists()

    def save(self, params, adam, state, features) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        np.savez(self.directory / "params.npz", **params)
        np.savez(self.directory / "adam.npz",
                 **{f"{part}.{k}": v for part in ("m", "v", "average") for k, v in adam[part].items()})
        (self.directory / "vocab.json").write_text(json.dumps(features.to_json()))
        # state.json last: a checkpoint counts only once it is written.
        (self.directory / "state.json").write_text(json.dumps({**state, "adam_step": adam["step"]}))

    def load(self):
        state = json.loads((self.directory / "state.json").read_text())
        with np.load(self.directory / "params.npz", allow_pickle=False) as f:
            params = {k: f[k] for k in f.files}
        with np.load(self.directory / "adam.npz", allow_pickle=False) as f:
            adam = {"step": state.pop("adam_step"),
                    **{part: {k.split(".", 1)[1]: f[k] for k in f.files if k.startswith(part + ".")}
                       for part in ("m", "v", "average")}}
        features = Features.from_json(json.loads((self.directory / "vocab.json").read_text()))
        return params, adam, state, features


# Saved word embeddings are float16: half the size, no measurable loss (model card).
WORD_DTYPE = np.float16


@dataclass
class Vocabulary:
    """The words a model knows: those it was trained on (features.words, rows of the trained
    E_word) and, after them, pretrained words never seen in training, whose rows keep their
    pretrained vectors unchanged: training never updates them, so they are added only to the
    weights that are evaluated and saved, and cost the training nothing."""
    features: Features        # the training vocabulary, as checkpoints keep it
    extra_words: list[str]
    extra_vectors: np.ndarray  # (len(extra_words), word_dim)

    @classmethod
    def of(cls, features: Features, word_vectors: vectors.WordVectors | None, count: int):
        if word_vectors is None:
            return cls(features, [], np.zeros((0, 0), np.float32))
        known = set(features.words)
        rows = [i for i, word in enumerate(word_vectors.words[:count]) if word not in known]
        return cls(features, [word_vectors.words[i] for i in rows], word_vectors.vectors[rows])

    @property
    def serving_features(self) -> Features:
        return self.features.with_words(self.extra_words)

    def serving_weights(self, weights: dict) -> dict:
        E_word = weights["E_word"]
        if len(self.extra_words):
            E_word = np.concatenate([E_word, self.extra_vectors])
        return {**weights, "E_word": E_word.astype(WORD_DTYPE)}


def pretrained_rows(E_word: np.ndarray, words: list[str], word_vectors: vectors.WordVectors) -> int:
    """Start each word that has a pretrained vector from it (the others keep their random
    start); returns how many rows were set."""
    rows = [(i, word_vectors.index[w]) for i, w in enumerate(words) if w in word_vectors.index]
    if rows:
        ours, theirs = zip(*rows)
        E_word[list(ours)] = word_vectors.vectors[list(theirs)]
    return len(rows)


def read_vectors(config: TrainConfig) -> vectors.WordVectors | None:
    if not config.vectors:
        return None
    try:
        word_vectors = vectors.read(config.vectors)
    except (OSError, vectors.VectorsError) as error:
        raise SystemExit(f"error: {error}") from None
    if word_vectors.dim != config.word_dim:
        raise SystemExit(f"error: {config.vectors} has {word_vectors.dim}-dimensional vectors; "
                         f"train with --word-dim {word_vectors.dim}")
    return word_vectors


def start(train_set: list[LabelledSentence], labels: list[str], config: TrainConfig,
          word_vectors: vectors.WordVectors | None):
    """A new run: vocabularies from the training data, fresh parameters (word embeddings from
    the pretrained vectors where there are some), empty Adam moments."""
    features = Features.build((s.tokens for s in train_set), config.min_word_count,
                              config.min_ngram_types,
                              gazetteers=gazetteers.build() if config.use_gazetteers else {},
                              pretrained=word_vectors.index if word_vectors else frozenset(),
                              with_chars=config.char_cnn)
    sizes = dict(words=len(features.words), shapes=len(features.shapes),
                 ngrams=len(features.ngrams), gazetteers=features.n_gazetteers,
                 tags=len(labels), word_dim=config.word_dim, shape_dim=config.shape_dim,
                 ngram_dim=config.ngram_dim, hidden=config.hidden)
    if config.char_cnn:
        sizes.update(chars=len(features.chars), char_dim=config.char_dim,
                     char_filters=config.char_filters)
    rng = np.random.default_rng(config.seed)
    params = network.init_params(sizes, rng)
    sizes["pretrained_words"] = (pretrained_rows(params["E_word"], features.words, word_vectors)
                                 if word_vectors else 0)
    adam = {"step": 0, "m": {k: np.zeros_like(v) for k, v in params.items()},
            "v": {k: np.zeros_like(v) for k, v in params.items()},
            "average": {k: np.zeros_like(v) for k, v in params.items()}}
    state = {"epoch": 0, "best_f1": -1.0, "best_epoch": 0, "history": [], "seconds": 0.0,
             "sizes": sizes, "rng": rng.bit_generator.state, "config": asdict(config)}
    return params, adam, state, features


def resume(checkpoint: Checkpoint, config: TrainConfig):
    """The run in a checkpoint, if config changes only how long it goes on."""
    params, adam, state, features = checkpoint.load()
    defaults = asdict(TrainConfig())  # for settings added since the checkpoint was made
    changed = {k for k, v in asdict(config).items()
               if state["config"].get(k, defaults[k]) != v}
    if changed - RESUMABLE_CHANGES:
        raise SystemExit(f"{checkpoint.directory} was made with other settings "
                         f"({', '.join(sorted(changed))}); remove it or use another --out")
    state["config"] = asdict(config)
    return params, adam, state, features


def metadata(config: TrainConfig, labels: list[str], sizes: dict, vocabulary: Vocabulary,
             word_vectors: vectors.WordVectors | None, trained_on: dict | None) -> dict:
    """What model.json says about the model, before its validation scores are known."""
    features = vocabulary.features
    sizes = {**sizes, "words": len(features.words) + len(vocabulary.extra_words)}
    return {"name": config.name, "version": config.version, "labels": labels,
            "sizes": sizes, "hyperparameters": asdict(config),
            "word_vectors": word_vectors and {
                **word_vectors.description, "trained_words_initialised": sizes.get("pretrained_words"),
                "untrained_words_kept": len(vocabulary.extra_words)},
            "architecture": {
                "inputs": "word embedding (lower-cased, digits as 0) + word-shape embedding + "
                          "mean of case-sensitive character 2-4-gram embeddings + gazetteer bits"
                          + (f" + character CNN ({config.char_dim}-d character embeddings, "
                             f"{config.char_filters} filters of width 3 over the word and its "
                             f"start and end markers, max over positions, tanh)"
                             if config.char_cnn else ""),
                "encoder": f"bidirectional LSTM, {config.hidden} units per direction",
                "decoder": "linear-chain CRF with BIO constraints, Viterbi decoding; "
                           "scores are forward-backward marginals",
                "gazetteers": list(features.gazetteers), "gazetteer_sources": gazetteers.SOURCES
                if features.gazetteers else {}},
            "trained_on": trained_on or {}}


def decoding_rules(train_set: list[LabelledSentence]) -> list[str]:
    """The decoding rules (artifact.DECODING_RULES) the training data agrees with: web and
    e-mail addresses outside entities, unless the data tags one inside an entity; tokens of
    symbols alone outside entities but for those entity_symbols finds, which the data agrees
    with by construction; and `et al.`, the fillers of speech, the words of phonetic
    transcriptions, a telephone's labels, Latin's abbreviations (`e.g.`), files' paths and
    commands' flags, species' abbreviated genera (`E. coli`) and words of Chinese, Japanese
    or Korean letters outside entities, each unless the data tags one inside."""
    def tagged_inside(holds) -> bool:
        """Whether the data tags, inside an entity, a token that ``holds(token)``."""
        return any(tag != "O" and holds(token) for sentence in train_set
                   for token, tag in zip(sentence.tokens, sentence.tags))

    def tagged_at(positions) -> bool:
        """Whether the data tags, inside an entity, a token at ``positions(tokens)``."""
        return any(sentence.tags[k] != "O"
                   for sentence in train_set for k in positions(sentence.tokens))

    return (([] if tagged_inside(is_address) else [artifact.ADDRESSES_OUTSIDE])
            + [artifact.SYMBOLS_OUTSIDE]
            + ([] if tagged_at(et_al_positions) else [artifact.ET_AL_OUTSIDE])
            + ([] if tagged_inside(FILLER_WORDS.__contains__) else [artifact.FILLERS_OUTSIDE])
            + ([] if tagged_inside(PRONUNCIATION_MARKS.search)
               else [artifact.PRONUNCIATIONS_OUTSIDE])
            + ([] if tagged_at(phone_label_positions) else [artifact.PHONE_LABELS_OUTSIDE])
            + ([] if tagged_inside(LATIN_ABBREVIATIONS.__contains__)
               else [artifact.LATIN_OUTSIDE])
            + ([] if tagged_inside(is_code) else [artifact.CODE_OUTSIDE])
            + ([] if tagged_at(species_positions) else [artifact.SPECIES_OUTSIDE])
            + ([] if tagged_inside(EAST_ASIAN.search) else [artifact.EAST_ASIAN_OUTSIDE]))


def entity_symbols(train_set: list[LabelledSentence], min_count: int) -> list[str]:
    """The tokens of symbols alone that the training data shows inside entities at least
    min_count times (``&`` of ``Procter & Gamble``, the brackets of ``Proleter ( Zrenjanin )``),
    which the symbols rule lets in. One seen fewer times counts as unseen, as a rare word
    does: CoNLL-2003's single ``Yahoo !`` would otherwise let every ``!`` join a name."""
    counts = Counter(token for sentence in train_set
                     for token, tag in zip(sentence.tokens, sentence.tags)
                     if tag != "O" and is_symbols(token))
    return sorted(token for token, n in counts.items() if n >= min_count)


def trained_cases(config: TrainConfig) -> list[str]:
    """The versions of the text (evaluate.CASES) a model is trained on and chosen by."""
    if not config.case_augmentation:
        return ["cased"]
    return ["cased", "lowercased", "uppercased"] + (["headline"] if config.headline_case else [])


def encode_sentences(features: Features, sentences: list[LabelledSentence],
                     cases: list[str]) -> dict[str, list]:
    """Features.encode of every token in each of the cases, each distinct token encoded once."""
    cache: dict[str, tuple] = {}
    return {case: [[cache.get(t) or cache.setdefault(t, features.encode(t))
                    for t in recase(s.tokens, case)] for s in sentences] for case in cases}


def case_mix(encoded: dict[str, list], share: float, rng: np.random.Generator) -> list:
    """This epoch's training sentences: each as written ("cased", the first of `encoded`), or
    with probability `share` in each of the other cases (lower-cased, upper-cased, ...). A
    fresh draw each epoch, so that every sentence is seen in several cases over the run."""
    if len(encoded) == 1 or not share:
        return encoded["cased"]
    draws = rng.random(len(encoded["cased"]))
    bounds = share * np.arange(1, len(encoded))  # draws under share: 1, under 2 * share: 2, ...
    case = np.searchsorted(bounds, draws, side="right") + 1
    case[case == len(encoded)] = 0
    versions = list(encoded.values())
    return [versions[c][i] for i, c in enumerate(case)]


def score_by_case(weights, features, meta, dev_set: list[LabelledSentence]) -> dict[str, dict]:
    """Validation scores for each of CASES, trained on or not (the gold tags stay as they are)."""
    tagger = Tagger(weights, features, meta)
    scores = {}
    for case in CASES:
        predicted = [r["tags"] for r in tagger.tag([recase(s.tokens, case) for s in dev_set])]
        scores[case] = evaluate((s.tags for s in dev_set), predicted)
    return scores


def selection_score(scores: dict[str, dict], config: TrainConfig) -> float:
    """What early stopping maximises: the mean validation F1 of the cases the model is trained
    on (only cased text without case augmentation), so that no case is given up for another."""
    return float(np.mean([scores[case]["overall"]["f1"] for case in trained_cases(config)]))


def run_epoch(params, adam, encoded, gold, penalties, config: TrainConfig, epoch: int,
              rng: np.random.Generator, progress: bool, frozen_words: list[int] | None = None
              ) -> float:
    """One pass over the training data in random batches; returns the mean loss.
    frozen_words: rows of E_word that training leaves as they are."""
    losses = []
    learning_rate = config.learning_rate / (1 + config.lr_decay * (epoch - 1))
    lengths = np.array([len(s) for s in encoded])
    bar = tqdm(batch_order(lengths, config.batch_size, rng), desc=f"epoch {epoch}",
               disable=not progress, leave=False, mininterval=2)
    for indices in bar:
        batch = make_batch([encoded[i] for i in indices], [gold[i] for i in indices])
        loss, grads = network.loss_and_grads(params, batch, penalties, config.dropout, rng)
        if frozen_words:  # (an empty index () would select the whole array)
            grads["E_word"][frozen_words] = 0
        clip_by_global_norm(grads, config.clip_norm)
        adam_update(params, grads, adam, learning_rate, config.average_decay)
        losses.append(loss)
        bar.set_postfix(loss=f"{np.mean(losses[-50:]):.3f}")
    return float(np.mean(losses))


def record_epoch(state: dict, epoch: int, loss: float, scores: dict, selection: float) -> bool:
    """Add the epoch to the history; True if it is the best so far."""
    entry = {"epoch": epoch, "loss": loss, "selection_score": selection}
    for case, case_scores in scores.items():
        key = VALIDATION_KEYS[case].replace("validation", "dev")
        entry[key + "_f1"] = case_scores["overall"]["f1"]
        entry[key] = {"overall": case_scores["overall"], "per_type": case_scores["per_type"]}
    state["history"].append({**entry, "seconds": round(state["seconds"], 1)})
    improved = selection > state["best_f1"]
    if improved:
        state["best_f1"], state["best_epoch"] = selection, epoch
    return improved


def save_best(out_dir: Path, weights: dict, features: Features, meta: dict, epoch: int,
              scores: dict, seconds: float, config: TrainConfig) -> None:
    """The model as it is after this epoch, with its scores, as the run's result so far."""
    for case, case_scores in scores.items():
        meta[VALIDATION_KEYS[case]] = {"epoch": epoch, **case_scores}
    meta["training"] = {"epochs": epoch, "seconds": round(seconds, 1), "machine": machine(),
                        "early_stopping": "mean validation F1 of the cases trained on ("
                        + ", ".join(trained_cases(config)) + ")"
                        if config.case_augmentation else "validation F1"}
    artifact.save(out_dir, weights, features, meta)


def save_progress(out_dir: Path, checkpoint: Checkpoint, params, adam, state, features) -> None:
    """The checkpoint to resume from, and the learning curve so far."""
    checkpoint.save(params, adam, state, features)
    (out_dir / "history.json").write_text(json.dumps(
        {"best_epoch": state["best_epoch"], "epochs": state["history"]}, indent=1) + "\n")


def train(train_set: list[LabelledSentence], dev_set: list[LabelledSentence], out_dir: str | Path,
          config: TrainConfig = TrainConfig(), trained_on: dict | None = None,
          log: Callable[[str], None] = print, progress: bool = True) -> dict:
    """Train, keeping the best model by selection_score in out_dir; returns its metadata."""
    out_dir = Path(out_dir)
    checkpoint = Checkpoint(out_dir / "checkpoint")
    train_set = (train_set
                 + salutations.make(train_set, round(config.salutations * len(train_set)),
                                    config.seed)
                 + chat.make(train_set, round(config.chat * len(train_set)), config.seed)
                 + addresses.make(train_set, round(config.addresses * len(train_set)),
                                  config.seed))
    labels = labels_of(train_set)
    word_vectors = read_vectors(config)
    if checkpoint.exists():
        params, adam, state, features = resume(checkpoint, config)
        if state.get("finished"):
            log(f"{out_dir} holds a finished run (best epoch {state['best_epoch']})")
            return json.loads((out_dir / artifact.META).read_text())
        log(f"resuming after epoch {state['epoch']} from {checkpoint.directory}")
    else:
        params, adam, state, features = start(train_set, labels, config, word_vectors)
    vocabulary = Vocabulary.of(features, word_vectors, config.vector_words)
    serving_features = vocabulary.serving_features
    meta = metadata(config, labels, state["sizes"], vocabulary, word_vectors, trained_on)
    meta["decoding_rules"] = decoding_rules(train_set)
    meta["entity_symbols"] = entity_symbols(train_set, config.min_word_count)
    rng = np.random.default_rng()
    rng.bit_generator.state = state["rng"]
    tag_id = {tag: i for i, tag in enumerate(labels)}
    encoded = encode_sentences(features, train_set, trained_cases(config))
    frozen_words = ([i for i, word in enumerate(features.words) if word in word_vectors.index]
                    if word_vectors and not config.tune_vectors else [])
    gold = [[tag_id[t] for t in s.tags] for s in train_set]
    penalties = tuple(p.astype(np.float32) for p in bio_penalties(labels))
    started = time.monotonic() - state["seconds"]

    while state["epoch"] < config.max_epochs:
        epoch = state["epoch"] + 1
        loss = run_epoch(params, adam, case_mix(encoded, config.case_augmentation, rng), gold,
                         penalties, config, epoch, rng, progress, frozen_words)
        weights = vocabulary.serving_weights(averaged_weights(adam, config.average_decay))
        scores = score_by_case(weights, serving_features, meta, dev_set)
        selection = selection_score(scores, config)
        state["seconds"] = time.monotonic() - started
        improved = record_epoch(state, epoch, loss, scores, selection)
        f1 = "  ".join(f"{case} {s['overall']['f1']:.4f}" for case, s in scores.items())
        log(f"epoch {epoch:3d}  loss {loss:.4f}  dev F1 {f1}"
            f"{'  (best)' if improved else ''}  {state['seconds'] / 60:.1f} min")
        if improved:
            save_best(out_dir, weights, serving_features, meta, epoch, scores, state["seconds"],
                      config)
        state["epoch"] = epoch
        state["rng"] = rng.bit_generator.state
        state["finished"] = epoch - state["best_epoch"] >= config.patience
        save_progress(out_dir, checkpoint, params, adam, state, features)
        if state["finished"] or epoch == config.max_epochs:
            log(f"done: best selection score {state['best_f1']:.4f} at epoch {state['best_epoch']}")
            break
        if config.max_minutes and state["seconds"] > 60 * config.max_minutes:
            log(f"stopping after {config.max_minutes} minutes; run again to resume")
            break
    return json.loads((out_dir / artifact.META).read_text())
