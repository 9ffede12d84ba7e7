"""The model end to end: it can learn, it saves and loads faithfully, it refuses bad files,
and the bundled default model is as good as its card says."""
import json
import shutil

import numpy as np
import pytest

from model import DEFAULT_MODEL_DIR, ModelError, Tagger, artifact
from model.conll import LabelledSentence, read_conll
from model.crf import bio_penalties
from model.evaluate import entity_spans, evaluate
from model.train import TrainConfig, decoding_rules, entity_symbols, train
from model.tokenizer import species_positions

HANDFUL = [
    LabelledSentence(("Harry", "Potter", "visited", "London", "."),
                     ("B-PER", "I-PER", "O", "B-LOC", "O")),
    LabelledSentence(("EU", "rejects", "German", "call", "."), ("B-ORG", "O", "B-MISC", "O", "O")),
    LabelledSentence(("Peter", "Blackburn"), ("B-PER", "I-PER")),
    LabelledSentence(("The", "European", "Commission", "said", "on", "Thursday"),
                     ("O", "B-ORG", "I-ORG", "O", "O", "O")),
]


def test_overfits_a_handful_of_sentences(tmp_path):
    config = TrainConfig(word_dim=16, shape_dim=4, ngram_dim=8, hidden=16, dropout=0.0,
                         batch_size=4, max_epochs=60, patience=60, learning_rate=0.02,
                         average_decay=0.0, case_augmentation=0.0,
                         use_gazetteers=False)
    meta = train(HANDFUL, HANDFUL, tmp_path, config, log=lambda line: None, progress=False)
    assert meta["validation"]["overall"]["f1"] == 1.0
    results = Tagger.load(tmp_path).tag([list(s.tokens) for s in HANDFUL])
    assert [tuple(r["tags"]) for r in results] == [s.tags for s in HANDFUL]


def test_the_character_cnn_is_optional(no_char_cnn_model_dir, tiny_model_dir,
                                       validation_sentences):
    """Models without a character CNN (all before 1.3.0, which bench.compare_models still
    loads) train, save, load and tag as before: no character arrays or vocabulary."""
    from model import artifact
    without, with_cnn = artifact.load(no_char_cnn_model_dir), artifact.load(tiny_model_dir)
    assert not {"E_char", "W_char", "b_char"} & set(without[0])
    assert "chars" not in json.loads((no_char_cnn_model_dir / "vocab.json").read_text())
    assert {"E_char", "W_char", "b_char"} <= set(with_cnn[0])
    assert len(with_cnn[1].chars) == with_cnn[0]["E_char"].shape[0]
    for tagger in (Tagger(*without), Tagger(*with_cnn)):
        results = tagger.tag(validation_sentences[:20])
        assert [len(r["tags"]) for r in results] == [len(s) for s in validation_sentences[:20]]


def test_long_tokens_are_read_as_their_first_characters(tiny_model_dir):
    tagger = Tagger.load(tiny_model_dir)
    features = tagger.features
    long_token = "Donaudampfschifffahrtsgesellschaft"
    chars = features.encode(long_token)[4]
    assert len(chars) == features.max_word_chars + 2  # and the start and end markers
    assert chars == features.encode(long_token[:features.max_word_chars])[4]
    assert tagger.tag([[long_token, "x" * 100_000]])[0]["tags"]


def test_invisible_characters_are_read_as_if_absent(tiny_model_dir):
    tagger = Tagger.load(tiny_model_dir)
    plain = tagger.tag([["Angela", "Merkel", "visited", "Microsoft"]])
    # A soft hyphen and a word joiner inside words (the tokenizer keeps them there), and
    # a byte order mark and a zero-width space in a client's own tokens.
    hidden = [["\ufeffAngela", "Mer\u00adkel", "visited\u200b", "Micro\u2060soft"]]
    assert tagger.tag(hidden) == plain
    assert tagger.features.encode("\u200b")[0] == 1  # nothing visible: read as it is (<unk>)


def test_unicode_hyphens_ligatures_and_full_width_forms_are_read_as_plain(tiny_model_dir):
    tagger = Tagger.load(tiny_model_dir)
    plain = tagger.tag([["Jean-Paul", "Sartre", "flew", "to", "Google", ",", "Tokyo", "."]])
    typeset = [["Jean\u2010Paul", "Sartre", "\ufb02ew", "to", "\uff27\uff4f\uff4f\uff47\uff4c\uff45",
                "\uff0c", "\uff34\uff4f\uff4b\uff59\uff4f", "\uff0e"]]
    assert tagger.tag(typeset) == plain
    # a social post's "fonts", the mathematical alphabets: bold, italic, monospaced
    styled = [["Jean-Paul", "\U0001d412\U0001d41a\U0001d42b\U0001d42d\U0001d42b\U0001d41e",
               "flew", "to", "\U0001d60e\U0001d630\U0001d630\U0001d628\U0001d62d\U0001d626",
               ",", "\U0001d683\U0001d698\U0001d694\U0001d6a2\U0001d698", "."]]
    assert tagger.tag(styled) == plain
    # an enclosed number, a list's mark (`② Siemens renewal`)
    assert tagger.tag([["\u2461", "Google", "\u2488"]]) == tagger.tag([["2", "Google", "1."]])


def test_apostrophes_and_decomposed_letters_are_read_as_the_training_data_writes(
        tiny_model_dir):
    """The typographic apostrophe and its stand-ins as "'", typographic double quotes as '"',
    and letters written with combining accents (NFD, as macOS and some PDFs give them)
    composed."""
    tagger = Tagger.load(tiny_model_dir)
    plain = tagger.tag([["Nguy\u1ec5n", "met", "O'Neal", "at", "Fianna", "F\u00e1il", "'s",
                         "office"]])
    written = [["Nguye\u0302\u0303n", "met", "O\u00b4Neal", "at", "Fianna", "Fa\u0301il",
                "\u2019s", "office"]]
    assert tagger.tag(written) == plain
    assert tagger.tag([["O\u2018Neal", "\u02bcs"]]) == tagger.tag([["O'Neal", "'s"]])
    assert tagger.tag([["\u201cNo", ",\u201d", "said", "\u00abMerkel\u00bb"]]) == tagger.tag(
        [['"No', ',"', "said", '"Merkel"']])


def test_a_patronymic_between_names_is_read_as_a_particle_of_names(tiny_model_dir):
    """`bin` between two capitalised words is read as Dutch names' `van`, which the
    training data has inside names; elsewhere (`the bin`) as it is."""
    tagger = Tagger.load(tiny_model_dir)
    assert tagger.tag([["Mohammed", "bin", "Salman", "put", "it", "in", "the", "bin", "."]]) == \
        tagger.tag([["Mohammed", "van", "Salman", "put", "it", "in", "the", "bin", "."]])
    assert tagger.tag([["the", "bin", "Ahmed"]]) != tagger.tag([["the", "van", "Ahmed"]])
    # in capitals, between words in capitals (`HAJI FADILLAH BIN HAJI YUSOF`); not `BEN`
    assert tagger.tag([["FADILLAH", "BIN", "YUSOF", "BEN", "JONES"]]) == tagger.tag(
        [["FADILLAH", "VAN", "YUSOF", "BEN", "JONES"]])
    assert tagger.tag([["Tamim", "BIN", "Hamad"]]) != tagger.tag([["Tamim", "VAN", "Hamad"]])


def test_save_load_predict_gives_identical_outputs(tiny_model_dir, tmp_path, validation_sentences):
    sentences = validation_sentences[:200]
    copy = tmp_path / "copy"
    shutil.copytree(tiny_model_dir, copy)
    assert Tagger.load(tiny_model_dir).tag(sentences) == Tagger.load(copy).tag(sentences)


def test_batched_and_single_sentence_tagging_agree(tiny_model_dir, validation_sentences):
    tagger = Tagger.load(tiny_model_dir)
    sentences = validation_sentences[:40]
    one_by_one = [tagger.tag([s])[0] for s in sentences]
    batched = tagger.tag(sentences)
    for a, b in zip(one_by_one, batched):
        assert a["tags"] == b["tags"]
        np.testing.assert_allclose(a["scores"], b["scores"], atol=2e-4)


def test_token_cache_keeps_returning_tokens_over_one_off_tokens(tiny_model_dir):
    from model import artifact

    tagger = Tagger(*artifact.load(tiny_model_dir), token_cache_size=3)
    reference = tagger.tag([["the", "London", "said", "1996", "Smith"]])
    tagger.tag([["the", "London", "said"]])                 # fills the cache
    for number in range(10):                                # a stream of one-off tokens
        tagger.tag([["the", str(number)]])
    assert set(tagger._cache) == {"the", "London", "said"}
    tagger.tag([["Smith"]])
    tagger.tag([["Smith"]])                                 # seen again: now it earns a place...
    assert set(tagger._cache) == {"the", "said", "Smith"}   # ...from the least recently used
    # Each cached token has a row of its own, holding what the model computes for it: the
    # same up to rounding, since BLAS may sum a product of one row in another order than a
    # product of several (OpenBLAS on an AMD EPYC without OPENBLAS_CORETYPE: 1 ulp).
    assert sorted(tagger._cache.values()) == [0, 1, 2]
    fresh = Tagger(*artifact.load(tiny_model_dir), token_cache_size=0)
    for token, slot in tagger._cache.items():
        np.testing.assert_allclose(tagger._rows[slot], fresh._cached_gate_inputs([token])[0],
                                   rtol=1e-5, atol=1e-6)
    # Whatever the cache holds, the answer is the same.
    assert tagger.tag([["the", "London", "said", "1996", "Smith"]]) == reference
    uncached = Tagger(*artifact.load(tiny_model_dir), token_cache_size=0)
    assert uncached.tag([["the", "London", "said", "1996", "Smith"]] * 2) == [reference[0]] * 2
    assert not uncached._cache


def test_the_seen_once_filter_forgets_after_its_marks():
    from model.tagger import SeenOnce

    seen = SeenOnce(marks=3)
    # A second sighting unmarks: the cache takes the token in.
    assert [seen.first_sighting(t) for t in ["a", "b", "a", "c"]] == [True, True, False, True]
    assert seen.first_sighting("b") is False
    assert seen.first_sighting("d") is True  # the fourth mark: all cleared before it
    assert seen.first_sighting("c") is True


def test_outputs_are_valid_bio_with_probabilities(tiny_model_dir):
    tagger = Tagger.load(tiny_model_dir)
    rng = np.random.default_rng(0)
    words = ["the", "The", "London", "IBM", "said", ".", ",", "Smith", "1996", "in", "-", "U.S."]
    sentences = [list(rng.choice(words, size=int(rng.integers(1, 30)))) for _ in range(200)]
    forbidden, forbidden_start = bio_penalties(tagger.labels)
    for result in tagger.tag(sentences) + tagger.tag([[]]):
        ids = [tagger.labels.index(t) for t in result["tags"]]
        assert all(forbidden[a, b] == 0 for a, b in zip(ids, ids[1:]))
        assert not ids or forbidden_start[ids[0]] == 0
        assert all(0.0 <= s <= 1.0 for s in result["scores"])
        spans = [(e["label"], e["token_start"], e["token_end"]) for e in result["entities"]]
        assert spans == entity_spans(result["tags"])
        assert json.loads(json.dumps(result)) == result
        assert all(type(s) is float for s in result["scores"])
        assert all(type(e["score"]) is float and type(e["token_start"]) is int
                   for e in result["entities"])
        # What the service caches and answers as they are: scores to four decimals, each
        # the very double numpy's rounding gives, and an entity's score the mean of its
        # tokens' scores as given.
        assert result["scores"] == np.round(result["scores"], 4).tolist()
        assert all(e["score"] == round(sum(result["scores"][e["token_start"]:e["token_end"]])
                                       / (e["token_end"] - e["token_start"]), 4)
                   for e in result["entities"])


@pytest.mark.parametrize("damage", ["truncate", "flip", "vocab", "missing", "meta"])
def test_damaged_artifacts_are_refused(tiny_model_dir, tmp_path, damage):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken, ignore=shutil.ignore_patterns("checkpoint"))
    weights = broken / "weights.npz"
    if damage == "truncate":
        weights.write_bytes(weights.read_bytes()[:-100])
    elif damage == "flip":
        data = bytearray(weights.read_bytes())
        data[len(data) // 2] ^= 0xFF
        weights.write_bytes(bytes(data))
    elif damage == "vocab":
        vocab = json.loads((broken / "vocab.json").read_text())
        vocab["words"].append("extra")
        (broken / "vocab.json").write_text(json.dumps(vocab))
    elif damage == "missing":
        weights.unlink()
    elif damage == "meta":
        (broken / "model.json").write_text("{not json")
    with pytest.raises(ModelError):
        Tagger.load(broken)


def test_mismatched_shapes_are_refused_even_with_matching_digests(tiny_model_dir, tmp_path):
    params, features, meta = artifact.load(tiny_model_dir)
    params["W_ya"] = params["W_ya"][:-1]
    artifact.save(tmp_path, params, features, meta)
    with pytest.raises(ModelError, match="shapes"):
        Tagger.load(tmp_path)


def test_resumed_training_equals_uninterrupted_training(tmp_path, conll_dir, validation_set):
    train_set = read_conll(conll_dir / "train.txt")[:60]
    dev_set = validation_set[:30]
    config = TrainConfig(word_dim=8, shape_dim=4, ngram_dim=4, hidden=8, batch_size=8,
                         max_epochs=3, patience=10, use_gazetteers=False)
    quiet = dict(log=lambda line: None, progress=False)
    train(train_set, dev_set, tmp_path / "straight", config, **quiet)
    first = TrainConfig(**{**config.__dict__, "max_epochs": 1})
    train(train_set, dev_set, tmp_path / "resumed", first, **quiet)
    with pytest.raises(SystemExit, match="other settings"):
        train(train_set, dev_set, tmp_path / "resumed",
              TrainConfig(**{**config.__dict__, "hidden": 9}), **quiet)
    # A finished 1-epoch run only resumes when asked for more epochs.
    history = lambda d: json.loads((tmp_path / d / "history.json").read_text())["epochs"]
    assert len(history("resumed")) == 1
    train(train_set, dev_set, tmp_path / "resumed",
          TrainConfig(**{**config.__dict__, "max_epochs": 3}), **quiet)
    assert [h["loss"] for h in history("resumed")] == [h["loss"] for h in history("straight")]


def test_bundled_model_is_small_and_whole():
    """The shipped model: small, and every file matches its checksum (Tagger.load checks)."""
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir() if p.is_file())
    assert size < 25 * 2**20
    assert Tagger.load().checksum


def test_bundled_model_meets_its_card(bundled_tagger, validation_set, validation_sentences):
    """At least 0.90 entity F1 on the validation split, and exactly the F1 its card states."""
    scores = evaluate((s.tags for s in validation_set),
                      [r["tags"] for r in bundled_tagger.tag(validation_sentences)])
    assert scores["overall"]["f1"] >= 0.90
    assert scores["overall"]["f1"] == pytest.approx(bundled_tagger.info["validation"]["overall"]["f1"], abs=1e-9)


URL_SENTENCE = ["Visit", "https://www.reuters.com/world/europe/", "for", "news", "about",
                "Germany", "."]


def test_addresses_are_kept_outside_entities(bundled_tagger):
    """The bundled model's rule: a web or e-mail address is never (part of) an entity. The
    same weights without it tag the URL an ORG."""
    without = Tagger(bundled_tagger.params, bundled_tagger.features,
                     {**bundled_tagger.meta, "decoding_rules": []})
    assert bundled_tagger.addresses_outside and not without.addresses_outside
    # Longest first in the batch is not the address sentence: (t, b) must follow the sort.
    sentences = [["No", "address", "here", "in", "Paris", ",", "said", "Jacques", "Chirac", "."],
                 ["Write", "to", "jeffrey.hodgson@reuters.com", "."], URL_SENTENCE]
    assert without.tag([URL_SENTENCE])[0]["tags"][1] != "O"  # 1.3: ORG, 1.4: PER
    ruled, plain = bundled_tagger.tag(sentences), without.tag(sentences)
    assert ruled[0] == plain[0]
    assert ruled[1]["tags"][2] == ruled[2]["tags"][1] == "O"
    assert ruled[1]["scores"][2] == ruled[2]["scores"][1] == 1.0
    assert [e["label"] for e in ruled[2]["entities"]] == ["LOC"]  # Germany, as before


def test_a_species_abbreviated_genus_and_its_epithet_are_kept_outside_entities(bundled_tagger):
    """`E. coli` came back PER 0.999: an initial before a word in lower case, which the
    training data never shows. Not a name's particle after an initial (`J. de Vries`)."""
    sentences = [["Cultures", "grew", "E.", "coli", "and", "S.", "aureus", "."],
                 ["Dr.", "J.", "de", "Vries", "of", "Leiden", "agreed", "."]]
    assert species_positions(sentences[0]) == [2, 3, 5, 6]
    assert species_positions(sentences[1]) == []
    # a name's last initial (`Sarah K. says hi`, `George W. for the ride`), not a genus
    assert species_positions(["Sarah", "K.", "says", "hi", "to", "George", "W.", "ride"]) == []
    assert species_positions(["In", "E.", "coli", ",", "A.", "and", "B."]) == [1, 2]
    ruled = bundled_tagger.tag(sentences)
    assert ruled[0]["entities"] == []
    assert [" ".join(sentences[1][e["token_start"]:e["token_end"]])
            for e in ruled[1]["entities"]] == ["J. de Vries", "Leiden"]


def test_chinese_japanese_and_korean_words_beside_english_are_kept_outside_entities(
        bundled_tagger):
    """`请联系David Kim确认` came back PER `David Kim确认`: the model cannot read the
    letters of those scripts, which the tokenizer parts from the Latin ones."""
    tokens = ["\u8bf7\u8054\u7cfb", "David", "Kim", "\u786e\u8ba4", "\u3002"]
    ruled = bundled_tagger.tag([tokens])[0]
    assert [(e["token_start"], e["token_end"]) for e in ruled["entities"]] == [(1, 3)]


EVERY_RULE = [artifact.ADDRESSES_OUTSIDE, artifact.SYMBOLS_OUTSIDE, artifact.ET_AL_OUTSIDE,
              artifact.FILLERS_OUTSIDE, artifact.PRONUNCIATIONS_OUTSIDE,
              artifact.PHONE_LABELS_OUTSIDE, artifact.LATIN_OUTSIDE, artifact.CODE_OUTSIDE,
              artifact.SPECIES_OUTSIDE, artifact.EAST_ASIAN_OUTSIDE]


def test_training_turns_the_address_rule_on_only_where_its_data_agrees(tiny_model_dir):
    assert json.loads((tiny_model_dir / "model.json").read_text())["decoding_rules"] == EVERY_RULE
    tagged = [LabelledSentence(("see", "www.example.com"), ("O", "B-ORG"))]
    assert decoding_rules(HANDFUL) == EVERY_RULE
    assert decoding_rules(HANDFUL + tagged) == EVERY_RULE[1:]


@pytest.mark.parametrize("rule, tokens, tags", [
    (artifact.FILLERS_OUTSIDE, ("the", "uh", "Times"), ("O", "B-ORG", "I-ORG")),
    (artifact.PRONUNCIATIONS_OUTSIDE, ("Merkel", "/\u02c8m\u025brk\u0259l/"), ("B-PER", "I-PER")),
    (artifact.PHONE_LABELS_OUTSIDE, ("Tel", "+972", "Ltd"), ("B-ORG", "I-ORG", "I-ORG")),
    (artifact.LATIN_OUTSIDE, ("Acme", "etc."), ("B-ORG", "I-ORG")),
    (artifact.CODE_OUTSIDE, ("Acme", "--pro"), ("B-ORG", "I-ORG")),
    (artifact.SPECIES_OUTSIDE, ("E.", "coli", "Ltd"), ("B-ORG", "I-ORG", "I-ORG")),
    (artifact.EAST_ASIAN_OUTSIDE, ("\u5f20\u4f1f",), ("B-PER",)),
])
def test_training_turns_the_speech_rules_on_only_where_its_data_agrees(rule, tokens, tags):
    assert rule in decoding_rules(HANDFUL)
    assert rule not in decoding_rules(HANDFUL + [LabelledSentence(tokens, tags)])


def test_fillers_and_pronunciations_are_kept_outside_entities(bundled_tagger):
    """The bundled model's rules: the same weights without them read a transcript's filler
    into a name, and a pronunciation as a name."""
    without = Tagger(bundled_tagger.params, bundled_tagger.features,
                     {**bundled_tagger.meta, "decoding_rules": EVERY_RULE[:3]})
    sentences = ["and then mister johnson from the uh the bbc called".split(),
                 ["Merkel", "(", "/\u02c8m\u025brk\u0259l/", ")", "was", "born", "in", "Hamburg"],
                 "we met the UM team and Er Hu in Hawai\u02bbi".split(),
                 "mr tan ah teck met lim ah kow in penang".split()]
    plain, ruled = without.tag(sentences), bundled_tagger.tag(sentences)
    assert plain[0]["tags"][6] != "O" and plain[1]["tags"][2] != "O"
    assert ruled[0]["tags"][6] == ruled[1]["tags"][2] == "O"
    assert ruled[0]["scores"][6] == ruled[1]["scores"][2] == 1.0
    assert [e["token_start"] for e in ruled[1]["entities"]] == [0, 7]  # Merkel, Hamburg
    assert ruled[2] == plain[2]  # UM, Er and the okina of Hawaii are no filler or mark
    assert ruled[3] == plain[3]  # nor ah and er in lower case, which are parts of names


def test_telephone_labels_are_kept_outside_entities(bundled_tagger):
    """The bundled model's rule: the same weights without it read an e-mail signature's
    `Tel.` as ORG; `Tel Aviv` stays a place."""
    without = Tagger(bundled_tagger.params, bundled_tagger.features,
                     {**bundled_tagger.meta, "decoding_rules": EVERY_RULE[:5]})
    sentences = [["Tel.", "+49", "89", "636", "00"], ["Tel", ":", "+49", "30", "1234"],
                 ["Fax", "(", "089", ")", "636", "01"], "Tel Aviv has 400,000 people".split()]
    plain, ruled = without.tag(sentences), bundled_tagger.tag(sentences)
    assert plain[0]["tags"][0] != "O" and plain[1]["tags"][0] != "O"
    assert [result["tags"][0] for result in ruled[:3]] == ["O", "O", "O"]
    assert ruled[3] == plain[3] and ruled[3]["tags"][:2] == ["B-LOC", "I-LOC"]


def test_latin_abbreviations_are_kept_outside_entities(bundled_tagger):
    """The bundled model's rule: the same weights without it read `etc.` into the name
    before it and `e.g.` as a name of its own."""
    without = Tagger(bundled_tagger.params, bundled_tagger.features,
                     {**bundled_tagger.meta, "decoding_rules": EVERY_RULE[:6]})
    sentences = ["We accept Visa , American Express etc. at checkout .".split(),
                 "Use a short code , e.g. usd or eur .".split(),
                 "Works with most banks ( e.g. Barclays ) .".split()]
    plain, ruled = without.tag(sentences), bundled_tagger.tag(sentences)
    assert plain[0]["tags"][6] != "O" and plain[1]["tags"][5] != "O"
    assert plain[2]["tags"][5:7] == ["B-ORG", "I-ORG"]  # `e.g. Barclays`
    assert ruled[0]["tags"][4:7] == ["B-ORG", "I-ORG", "O"] and ruled[1]["tags"][5] == "O"
    # read as `like`, `e.g.` leaves the name after it its own
    assert ruled[2]["tags"][5:7] == ["O", "B-ORG"]


def test_paths_and_flags_are_kept_outside_entities(bundled_tagger):
    """The bundled model's rule: the same weights without it read a path or a flag, even
    as one token, as a name."""
    without = Tagger(bundled_tagger.params, bundled_tagger.features,
                     {**bundled_tagger.meta, "decoding_rules": EVERY_RULE[:7]})
    sentences = ["Run python train.py --config configs/resnet50.yaml --gpus 0".split(),
                 "curl -X POST https://api.example.com/v1/users".split(),
                 ["volumes", ":", "-", "./data/pg", ":", "/var/lib/postgresql/data"]]
    plain, ruled = without.tag(sentences), bundled_tagger.tag(sentences)
    assert any(result["entities"] for result in plain)
    assert not any(result["entities"] for result in ruled)


def test_training_turns_the_et_al_rule_on_only_where_its_data_agrees():
    """CoNLL-2003 tags `et al` without its period inside oil wells' names, which leave the
    rule on; an `et al.` tagged inside an entity turns it off."""
    well = [LabelledSentence(("Trax", "et", "al", "Morinville"),
                             ("B-MISC", "I-MISC", "I-MISC", "I-MISC"))]
    assert artifact.ET_AL_OUTSIDE in decoding_rules(HANDFUL + well)
    for cited in [("Smith", "et", "al.", "found"), ("by", "Smith", "et", "al", ".")]:
        tags = tuple("O" if token in ("by", "found", ".") else "I-PER" for token in cited)
        tagged = [LabelledSentence(cited, tags)]
        assert artifact.ET_AL_OUTSIDE not in decoding_rules(HANDFUL + tagged)


def test_et_al_is_kept_outside_entities(bundled_tagger):
    """The bundled model's rule: the same weights without it read `et al.` into the name."""
    without = Tagger(bundled_tagger.params, bundled_tagger.features,
                     {**bundled_tagger.meta, "decoding_rules": [artifact.ADDRESSES_OUTSIDE,
                                                                artifact.SYMBOLS_OUTSIDE]})
    sentences = [["Smith", "et", "al.", "(", "2020", ")", "showed", "it", "in", "Paris", "."],
                 ["As", "shown", "by", "Nguyen", "et", "al", "."],
                 ["Trax", "et", "al", "Morinville", "12-34"]]
    plain, ruled = without.tag(sentences), bundled_tagger.tag(sentences)
    assert plain[0]["tags"][1] != "O"  # 1.5.0: PER "Smith et"
    assert [(e["label"], e["token_start"], e["token_end"]) for e in ruled[0]["entities"]] == [
        ("PER", 0, 1), ("LOC", 9, 10)]  # Smith, Paris
    assert ruled[0]["tags"][1:3] == ruled[1]["tags"][4:6] == ["O", "O"]
    assert ruled[0]["scores"][1:3] == [1.0, 1.0]
    assert ruled[2] == plain[2]  # no period: a well's name, left to the model


def test_symbols_are_kept_outside_entities_unless_seen_inside_them(bundled_tagger):
    """The bundled model's rule: a token of symbols alone that CoNLL-2003 does not show inside
    entities twice or more is never (part of) an entity. The same weights without it take
    such marks into names."""
    assert bundled_tagger.meta["entity_symbols"] == ["&", "'", "(", ")", ",", ".", "/", ":"]
    without = Tagger(bundled_tagger.params, bundled_tagger.features,
                     {**bundled_tagger.meta, "decoding_rules": [artifact.ADDRESSES_OUTSIDE]})
    sentences = [["Events", "Coordinator", "|", "Nordic", "Energy", "Forum"],
                 ["Home", "\u203a", "World", "\u203a", "Europe"],
                 ["Shares", "of", "Procter", "&", "Gamble", "rose", "."]]
    plain, ruled = without.tag(sentences), bundled_tagger.tag(sentences)
    assert [e["token_start"] for e in plain[0]["entities"]] == [2]  # "| Nordic Energy Forum"
    assert any(e["token_start"] == 1 for e in plain[1]["entities"])  # "\u203a World"
    assert [(e["label"], e["token_start"], e["token_end"]) for e in ruled[0]["entities"]] == [
        ("ORG", 3, 6)]
    assert ruled[1]["tags"][1] == ruled[1]["tags"][3] == "O"
    assert ruled[1]["scores"][1] == ruled[1]["scores"][3] == 1.0
    assert ruled[2] == plain[2]  # "&" is let in: one ORG, as before
    assert [(e["label"], e["token_start"], e["token_end"]) for e in ruled[2]["entities"]] == [
        ("ORG", 2, 5)]


def test_entity_symbols_are_those_the_data_shows_inside_entities_often_enough():
    data = HANDFUL + [
        LabelledSentence(("Procter", "&", "Gamble", "!"), ("B-ORG", "I-ORG", "I-ORG", "O")),
        LabelledSentence(("AT", "&", "T", "(", "US", ")"),
                         ("B-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "O")),
        LabelledSentence(("Yahoo", "!"), ("B-ORG", "I-ORG")),
    ]
    assert entity_symbols(data, min_count=2) == ["&"]
    assert entity_symbols(data, min_count=1) == ["!", "&"]


def test_decoding_rules_are_part_of_the_checksum(tiny_model_dir, tmp_path):
    """A rule changes the answers, so it changes the checksum in every cache key; one turned
    on by hand in model.json, or one this code does not know, is refused."""
    params, features, meta = artifact.load(tiny_model_dir)
    plain = artifact.save(tmp_path / "plain", params, features, {**meta, "decoding_rules": []})
    ruled = artifact.save(tmp_path / "ruled", params, features, meta)
    assert plain["checksum"] != ruled["checksum"] == Tagger.load(tmp_path / "ruled").checksum
    for rules, refusal in [([artifact.ADDRESSES_OUTSIDE], "checksum"), (["typo"], "unknown")]:
        (tmp_path / "plain" / "model.json").write_text(
            json.dumps({**plain, "decoding_rules": rules}))
        with pytest.raises(ModelError, match=refusal):
            Tagger.load(tmp_path / "plain")
    # What the symbols rule lets in is part of it: more symbols by hand, or a word, is refused.
    for symbols, refusal in [(ruled["entity_symbols"] + ["!"], "checksum"), (["Inc"], "symbols")]:
        (tmp_path / "ruled" / "model.json").write_text(
            json.dumps({**ruled, "entity_symbols": symbols}))
        with pytest.raises(ModelError, match=refusal):
            Tagger.load(tmp_path / "ruled")
