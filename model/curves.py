"""The learning curves of a training run as an SVG image: training loss and validation F1 per
epoch, drawn from the run's history.json. Publishing a model writes the image next to it, and
the service shows it on the model card page.

Built as a plain string, not with a plotting library: publishing a model and serving its card
must not need one. The picture is two panels sharing the epoch axis (loss and F1 have scales
too different for one), the kept epoch marked in both.

    python -m model.curves model/default    # writes model/default/learning_curves.svg
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HISTORY = "history.json"
CURVES = "learning_curves.svg"

WIDTH = 640
LEFT, RIGHT = 72, 24             # room for the y tick labels and axis title on the left
PANEL_HEIGHT = 190
LEGEND_TOP = 16
PANEL_TOPS = (70, 70 + PANEL_HEIGHT + 60)
HEIGHT = PANEL_TOPS[1] + PANEL_HEIGHT + 56
# Dark enough to read on white (contrast above 4.5:1); the two series are told apart by
# their marker shapes and panel titles too, not by colour alone.
INK, GRID, LOSS, F1, BEST = "#222222", "#dddddd", "#1d4f91", "#8a3b00", "#555555"


def _nice_step(span: float, ticks: int) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` intervals."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _axis(low: float, high: float, ticks: int = 4) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1e-3 if low else 1.0
    step = _nice_step(high - low, ticks)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _label(value: float, ticks: list[float]) -> str:
    step = ticks[1] - ticks[0]
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return f"{value:.{decimals}f}"


def _epoch_ticks(epochs: list[int]) -> list[int]:
    every = max(1, math.ceil(len(epochs) / 12))  # at most a dozen labels along the axis
    return [e for i, e in enumerate(epochs) if i % every == 0 or e == epochs[-1]]


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'


def _panel(top: int, title: str, epochs: list[int], values: list[float], best: int | None,
           colour: str, shape: str) -> list[str]:
    """One panel: frame, grid, ticks, the series, the best-epoch line, titles."""
    bottom, right = top + PANEL_HEIGHT, WIDTH - RIGHT
    y_ticks = _axis(min(values), max(values))
    lo, hi = y_ticks[0], y_ticks[-1]
    first, last = epochs[0], epochs[-1]

    def x(epoch: float) -> float:
        return LEFT + (epoch - first) / max(last - first, 1) * (right - LEFT)

    def y(value: float) -> float:
        return bottom - (value - lo) / (hi - lo) * PANEL_HEIGHT

    parts = [f'<text x="{LEFT}" y="{top - 12}" font-size="15" font-weight="bold">'
             f'{escape(title)}</text>']
    for tick in y_ticks:
        parts.append(f'<line x1="{LEFT}" x2="{right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="{GRID}"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y(tick) + 5:.1f}" text-anchor="end">'
                     f'{_label(tick, y_ticks)}</text>')
    for epoch in _epoch_ticks(epochs):
        parts.append(f'<line x1="{x(epoch):.1f}" x2="{x(epoch):.1f}" y1="{bottom}" '
                     f'y2="{bottom + 5}" stroke="{INK}"/>')
        parts.append(f'<text x="{x(epoch):.1f}" y="{bottom + 21}" text-anchor="middle">'
                     f'{epoch}</text>')
    parts.append(f'<rect x="{LEFT}" y="{top}" width="{right - LEFT}" height="{PANEL_HEIGHT}" '
                 f'fill="none" stroke="{INK}"/>')
    if best is not None:
        parts.append(f'<line x1="{x(best):.1f}" x2="{x(best):.1f}" y1="{top}" y2="{bottom}" '
                     f'stroke="{BEST}" stroke-width="2" stroke-dasharray="6 4"/>')
    points = " ".join(f"{x(e):.1f},{y(v):.1f}" for e, v in zip(epochs, values))
    parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    parts.extend(_marker(shape, x(e), y(v), colour) for e, v in zip(epochs, values))
    return parts


def _legend(best: int | None) -> list[str]:
    items = [("circle", LOSS, "training loss"), ("square", F1, "validation F1")]
    parts, at = [], LEFT
    for shape, colour, text in items:
        parts.append(f'<line x1="{at}" x2="{at + 28}" y1="{LEGEND_TOP + 10}" '
                     f'y2="{LEGEND_TOP + 10}" stroke="{colour}" stroke-width="2"/>')
        parts.append(_marker(shape, at + 14, LEGEND_TOP + 10, colour))
        parts.append(f'<text x="{at + 36}" y="{LEGEND_TOP + 15}">{text}</text>')
        at += 36 + 9 * len(text) + 24
    if best is not None:
        parts.append(f'<line x1="{at}" x2="{at + 28}" y1="{LEGEND_TOP + 10}" '
                     f'y2="{LEGEND_TOP + 10}" stroke="{BEST}" stroke-width="2" '
                     f'stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{at + 36}" y="{LEGEND_TOP + 15}">best epoch ({best}), kept</text>')
    return parts


def describe(history: dict) -> str:
    """The image in words: its text alternative."""
    epochs = history.get("epochs", [])
    if not epochs:
        return "No training epochs were recorded."
    first, last = epochs[0], epochs[-1]
    best = max(epochs, key=lambda e: e["dev_f1"])
    kept = history.get("best_epoch", best["epoch"])
    kept_f1 = next((e["dev_f1"] for e in epochs if e["epoch"] == kept), best["dev_f1"])
    return (
        f"Training loss per epoch went from {first['loss']:.3f} at epoch {first['epoch']} to "
        f"{last['loss']:.3f} at epoch {last['epoch']}. Validation F1 went from "
        f"{first['dev_f1']:.3f} at epoch {first['epoch']} to {kept_f1:.3f} at epoch {kept}, "
        f"the epoch kept, and was {last['dev_f1']:.3f} at the last epoch, {last['epoch']}."
    )


def render(history: dict) -> str:
    """The SVG document for a history {"best_epoch": n, "epochs": [{epoch, loss, dev_f1}, ...]}."""
    epochs = history.get("epochs", [])
    text = escape(describe(history))
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="title desc" '
            f'font-family="DejaVu Sans, Verdana, sans-serif" font-size="14" fill="{INK}">\n'
            f'<title id="title">Learning curves: training loss and validation F1 per epoch'
            f'</title>\n<desc id="desc">{text}</desc>\n'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>')
    if not epochs:
        body = [f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">{text}</text>']
        return "\n".join([head, *body, "</svg>"]) + "\n"
    numbers = [e["epoch"] for e in epochs]
    best = history.get("best_epoch")
    body = [
        *_legend(best),
        *_panel(PANEL_TOPS[0], "Training loss", numbers, [e["loss"] for e in epochs], best,
                LOSS, "circle"),
        *_panel(PANEL_TOPS[1], "Validation F1 (entity level)", numbers,
                [e["dev_f1"] for e in epochs], best, F1, "square"),
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 8}" text-anchor="middle">'
        f'epoch</text>',
    ]
    return "\n".join([head, *body, "</svg>"]) + "\n"


def write(model_dir: str | Path) -> Path | None:
    """Write learning_curves.svg from the history.json in `model_dir`; None if it has none."""
    model_dir = Path(model_dir)
    history_file = model_dir / HISTORY
    if not history_file.exists():
        return None
    target = model_dir / CURVES
    target.write_text(render(json.loads(history_file.read_text())))
    return target


if __name__ == "__main__":
    written = write(sys.argv[1])
    print(written or f"no {HISTORY} in {sys.argv[1]}")
