"""A saved model is a folder of three files, none of them pickled:

    weights.npz  every parameter array (loaded with allow_pickle=False): float32, except the
                 word embeddings, which are float16
    vocab.json   the feature vocabularies (words, shapes, n-grams, gazetteers, and characters
                 for a model with a character CNN)
    model.json   metadata: format version, labels, hyper-parameters, training data checksum,
                 validation scores, the decoding rules, and the sha256 of the two files above

Loading checks the digests, the parameter names, shapes and types, and refuses anything else
with a ModelError that says what is wrong.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np

from .features import Features
from .network import CHAR_WINDOW, input_size
from .tokenizer import is_symbols

FORMAT_VERSION = 1
FLOAT_TYPES = (np.float16, np.float32)
WEIGHTS, VOCAB, META = "weights.npz", "vocab.json", "model.json"


# Rules that model.json's "decoding_rules" may turn on, which the tagger applies beyond the
# CRF's BIO constraints, with what each does in the words of the model card. Training turns
# one on only where its data agrees (model/train.py).
ADDRESSES_OUTSIDE = "addresses-outside"
SYMBOLS_OUTSIDE = "symbols-outside"
ET_AL_OUTSIDE = "et-al-outside"
FILLERS_OUTSIDE = "fillers-outside"
PRONUNCIATIONS_OUTSIDE = "pronunciations-outside"
PHONE_LABELS_OUTSIDE = "phone-labels-outside"
LATIN_OUTSIDE = "latin-abbreviations-outside"
CODE_OUTSIDE = "code-outside"
SPECIES_OUTSIDE = "species-outside"
EAST_ASIAN_OUTSIDE = "east-asian-outside"
DECODING_RULES = {
    ADDRESSES_OUTSIDE: "web and e-mail addresses and handles (`https://...`, `www....`, "
                       "`name@example.com`, `@name`) are kept outside entities: the training "
                       "data tags none inside one",
    SYMBOLS_OUTSIDE: "a token of symbols alone (`›`, `→`, `!`, an emoji) is kept outside "
                     "entities unless the training data shows it inside entities at least "
                     "twice, as model.json's `entity_symbols` lists",
    ET_AL_OUTSIDE: "the `et al.` that ends a list of authors (`Smith et al.`) is kept outside "
                   "entities: the training data tags none inside one",
    FILLERS_OUTSIDE: "the fillers of speech in lower case (`uh`, `um`, `erm`, `hmm`), as "
                     "transcripts write them, are kept outside entities: the training data "
                     "tags none inside one",
    PRONUNCIATIONS_OUTSIDE: "a word of a phonetic transcription, told by IPA's stress or "
                            "length marks (`/ˈmɛrkəl/`), is kept outside entities: the training "
                            "data tags none inside one",
    PHONE_LABELS_OUTSIDE: "a telephone's label before its number (`Tel. +49 89 636`, `Fax: "
                          "(020) 7946`) is kept outside entities: the training data tags none "
                          "inside one",
    LATIN_OUTSIDE: "Latin's abbreviations in prose (`e.g.`, `i.e.`, `etc.`, `viz.`, `cf.`, "
                   "`ibid.`) are kept outside entities: the training data tags none inside one",
    CODE_OUTSIDE: "a file's path or name (`src/app/main.py`, `/var/lib`, `C:\\Users\\x`, "
                  "`pyproject.toml`), a dotted name of code (`com.acme.Main`), a command's "
                  "flag (`--config`, `-X`) and an abbreviation with a slash (`C/O`) are kept "
                  "outside entities: the training data tags none inside one",
    SPECIES_OUTSIDE: "a species' genus abbreviated before its epithet in lower case (`E. coli`, "
                     "`S. aureus`, `H. pylori`; not a name's particle nor its last initial, "
                     "`J. de Vries`, `Sarah K. says`) is kept outside entities: the training "
                     "data tags none inside one",
    EAST_ASIAN_OUTSIDE: "a word of Chinese, Japanese or Korean letters beside English text "
                        "(`请联系David Kim确认`, `Samsung에서`) is kept outside entities: the "
                        "training data has none, and the model took them into the names "
                        "beside them",
}


class ModelError(Exception):
    """The model folder is missing, truncated, corrupted or does not fit together."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def expected_shapes(meta: dict) -> dict[str, tuple[int, ...]]:
    s = meta["sizes"]
    H, K, D = s["hidden"], s["tags"], input_size(s)
    shapes = {"E_word": (s["words"], s["word_dim"]), "E_shape": (s["shapes"], s["shape_dim"]),
              "E_ngram": (s["ngrams"], s["ngram_dim"]), "W_ax": (2, D, 4 * H),
              "W_aa": (2, H, 4 * H), "b_a": (2, 4 * H), "W_ya": (2 * H, K), "b_y": (K,),
              "trans": (K, K), "start": (K,), "end": (K,)}
    if s.get("char_filters"):  # models before 1.3.0 have no character CNN
        F = s["char_filters"]
        shapes.update(E_char=(s["chars"], s["char_dim"]),
                      W_char=(CHAR_WINDOW * s["char_dim"], F), b_char=(F,))
    return shapes


def checksum(digests: dict, rules: list[str], entity_symbols: list[str] = ()) -> str:
    """A model's identity, which every cache key holds: its weights, its vocabulary and its
    decoding rules with what they read, which change its answers too. Without rules, that of
    the two files."""
    symbols = "".join(f" {symbol}" for symbol in entity_symbols)
    return "sha256:" + sha256((digests[WEIGHTS] + digests[VOCAB]
                               + "".join(f"+{rule}" for rule in rules) + symbols).encode())


def rule_inputs(meta: dict) -> tuple[list[str], list[str]]:
    """The decoding rules model.json turns on, and the symbols allowed inside entities."""
    return meta.get("decoding_rules", []), meta.get("entity_symbols", [])


def describe_rules(meta: dict) -> list[str]:
    """Each decoding rule a model turns on in the model card's words, with the symbols the
    symbols rule lets in."""
    rules, symbols = rule_inputs(meta)
    allowed = " ".join(f"`{symbol}`" for symbol in symbols) or "none"
    return [DECODING_RULES[rule] + (f": {allowed}" if rule == SYMBOLS_OUTSIDE else "")
            for rule in rules]


def save(directory: str | Path, params: dict, features: Features, meta: dict) -> dict:
    """Write the three files; returns the metadata as written (with digests and checksum)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez(buffer, **params)
    weights = buffer.getvalue()
    vocab = json.dumps(features.to_json(), ensure_ascii=False, separators=(",", ":")).encode()
    digests = {WEIGHTS: sha256(weights), VOCAB: sha256(vocab)}
    meta = {**meta, "format_version": FORMAT_VERSION, "files": digests,
            "checksum": checksum(digests, *rule_inputs(meta))}
    for name, data in [(WEIGHTS, weights), (VOCAB, vocab)]:
        (directory / name).write_bytes(data)
    (directory / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    return meta


def load(directory: str | Path) -> tuple[dict, Features, dict]:
    """(params, features, meta) of a saved model, after checking that it is whole."""
    directory = Path(directory)
    try:
        meta = json.loads((directory / META).read_text())
        weights = (directory / WEIGHTS).read_bytes()
        vocab = (directory / VOCAB).read_bytes()
    except FileNotFoundError as error:
        raise ModelError(f"{directory} is not a saved model: {error.filename} is missing") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelError(f"{directory / META} is not valid JSON: {error}") from None
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{directory}: format version {meta.get('format_version')!r}, "
                         f"this code reads {FORMAT_VERSION}")
    for name, data in [(WEIGHTS, weights), (VOCAB, vocab)]:
        if sha256(data) != meta.get("files", {}).get(name):
            raise ModelError(f"{directory / name} does not match the checksum in {META}: "
                             "the file is truncated, corrupted or from another model")
    rules, symbols = rule_inputs(meta)
    unknown = [rule for rule in rules if rule not in DECODING_RULES]
    if unknown:
        raise ModelError(f"{directory}: unknown decoding rules {unknown} in {META}; this code "
                         f"knows {list(DECODING_RULES)}")
    if not (isinstance(symbols, list) and all(isinstance(s, str) and is_symbols(s)
                                              for s in symbols)):
        raise ModelError(f"{directory}: entity_symbols in {META} must be a list of tokens of "
                         "symbols alone")
    if meta.get("checksum") != checksum(meta["files"], rules, symbols):
        raise ModelError(f"{directory / META}: its checksum is not that of its files and "
                         "decoding rules (was a rule turned on by hand?)")
    try:
        with np.load(io.BytesIO(weights), allow_pickle=False) as arrays:
            params = {name: arrays[name] for name in arrays.files}
        features = Features.from_json(json.loads(vocab))
    except (ValueError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as error:
        raise ModelError(f"{directory}: cannot read the model files: {error}") from None
    shapes = {name: array.shape for name, array in params.items()}
    if shapes != expected_shapes(meta):
        raise ModelError(f"{directory}: parameter shapes {shapes} do not match the "
                         f"hyper-parameters in {META}")
    odd = {name: str(a.dtype) for name, a in params.items() if a.dtype not in FLOAT_TYPES}
    if odd:
        raise ModelError(f"{directory}: parameters {odd} are not float16 or float32")
    return params, features, meta
