"""model.curves: the learning-curves SVG drawn from a training history."""

import json
import xml.etree.ElementTree as ET

from model import DEFAULT_MODEL_DIR, curves

SVG = "{http://www.w3.org/2000/svg}"


def history(losses, f1s, best):
    return {"best_epoch": best, "epochs": [
        {"epoch": i + 1, "loss": loss, "dev_f1": f1, "seconds": 10.0 * (i + 1)}
        for i, (loss, f1) in enumerate(zip(losses, f1s))]}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_each_panel_draws_one_point_per_epoch_and_marks_the_best_epoch():
    run = history([2.0, 1.0, 0.5, 0.4], [0.6, 0.7, 0.8, 0.75], best=3)
    root = parse(curves.render(run))
    loss_line, f1_line = root.iter(f"{SVG}polyline")
    for line in (loss_line, f1_line):
        assert len(line.get("points").split()) == 4
    # Loss falls, so its line goes down the picture (SVG y grows downwards); F1 rises to epoch 3.
    loss_y = [float(point.split(",")[1]) for point in loss_line.get("points").split()]
    f1_y = [float(point.split(",")[1]) for point in f1_line.get("points").split()]
    assert loss_y == sorted(loss_y)
    assert f1_y.index(min(f1_y)) == 2
    # The dashed best-epoch line stands at the third point's x, in both panels.
    best_x = float(f1_line.get("points").split()[2].split(",")[0])
    dashed = [line for line in root.iter(f"{SVG}line")
              if line.get("stroke-dasharray") and line.get("x1") == line.get("x2")]
    assert [float(line.get("x1")) for line in dashed] == [best_x, best_x]


def test_the_image_has_a_title_axes_labels_a_legend_and_a_text_alternative():
    run = history([2.0, 1.0], [0.6, 0.7], best=2)
    root = parse(curves.render(run))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith("Learning curves")
    description = root.find(f"{SVG}desc").text
    assert description == curves.describe(run)
    assert "2.000" in description and "0.700 at epoch 2, the epoch kept" in description
    texts = [text.text for text in root.iter(f"{SVG}text")]
    for label in ("training loss", "validation F1", "best epoch (2), kept", "Training loss",
                  "epoch"):
        assert label in texts


def test_an_empty_or_single_epoch_history_still_draws():
    parse(curves.render({"epochs": []}))
    root = parse(curves.render(history([1.0], [0.5], best=1)))
    assert len(list(root.iter(f"{SVG}polyline"))) == 2


def test_write_puts_the_image_next_to_the_history(tmp_path):
    run = history([2.0, 1.0, 0.5], [0.6, 0.7, 0.8], best=3)
    (tmp_path / curves.HISTORY).write_text(json.dumps(run))
    written = curves.write(tmp_path)
    assert written == tmp_path / curves.CURVES
    assert written.read_text() == curves.render(run)
    assert curves.write(tmp_path / "no-such-model") is None


def test_the_bundled_models_image_is_drawn_from_its_own_history():
    # Regenerate with `python -m model.curves model/default` after retraining.
    bundled = json.loads((DEFAULT_MODEL_DIR / curves.HISTORY).read_text())
    assert (DEFAULT_MODEL_DIR / curves.CURVES).read_text() == curves.render(bundled)
