"""What one page is after reading: its words and lines, with boxes and confidences.

Boxes are ``(left, top, right, bottom)`` in pixels of the page image the engine read.
Text is as read (Thai digits stay Thai); normalization makes its own copy.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

Box = tuple[int, int, int, int]


def union(boxes) -> Box:
    """The smallest box holding all of ``boxes``."""
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def overlap(a: Box, b: Box) -> float:
    """Share of box ``a`` covered by box ``b``.

    >>> overlap((0, 0, 10, 10), (5, 0, 20, 10))
    0.5
    """
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0, w) * max(0, h) / max(1, (a[2] - a[0]) * (a[3] - a[1]))


@dataclass
class Word:
    text: str
    box: Box
    conf: float  # 0..100, as Tesseract reports it


@dataclass
class Line:
    text: str
    box: Box
    conf: float
    words: list[Word] = field(default_factory=list)


def shifted(line: Line, dx: int, dy: int) -> Line:
    """The line and its words moved by (dx, dy) pixels."""
    move = lambda b: (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)  # noqa: E731
    return Line(line.text, move(line.box), line.conf, [Word(w.text, move(w.box), w.conf) for w in line.words])


@dataclass
class PageText:
    number: int                  # 1-based page number within its file
    width: int
    height: int
    lines: list[Line] = field(default_factory=list)
    engine: str = ""
    source: str = "ocr"          # "ocr" or "text-layer"
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    # rotations applied to the loaded page before reading (counter-clockwise degrees, canvas
    # grown, in order): boxes are in the turned image; clean.apply_turns reproduces it
    turns: list[float] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "PageText":
        lines = [Line(l["text"], tuple(l["box"]), l["conf"],
                      [Word(w["text"], tuple(w["box"]), w["conf"]) for w in l.get("words", [])])
                 for l in d.get("lines", [])]
        return cls(d["number"], d["width"], d["height"], lines, d.get("engine", ""),
                   d.get("source", "ocr"), d.get("seconds", 0.0), list(d.get("warnings", [])),
                   list(d.get("turns", [])))
