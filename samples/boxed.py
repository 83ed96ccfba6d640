"""An endorsement typed in a ruled box at the foot of the letter it forwards (real forwarding
bundles): its own ที่ and date, เรียน, the purpose indented, and a signature, name and position
centred in the box's right half."""
from __future__ import annotations

from samples import render
from samples.render import INK, Page


BOX_PTS = 15      # a typed endorsement: the office's typewriter size, a little under the letter's


def _box_rows(p: Page, e: dict, w: int) -> tuple[list[tuple[int, str]], int]:
    """(indent, text) rows of a boxed endorsement: ที่ and วันที่ on one row, เรียน wrapped,
    the purpose indented; and the pitch."""
    pts, pad = BOX_PTS, p.px(0.4)
    f = p.font(pts)
    lines = [ln for ln in e["lines"] if ln]
    numbered = lines[0].startswith("ที่ ")
    if numbered and e.get("date_row"):          # the date on a row of its own, under ที่
        rows = [(0, lines[0]), (0, lines[1])]
    else:
        rows = [(0, lines[0] + "    " + lines[1])] if numbered else [(0, lines[0])]
    rest = lines[2:] if numbered else lines[1:]
    for ln in rest:
        ind = p.px(2.0) if ln.startswith("เพื่อ") else 0
        rows += [(ind if j == 0 else 0, part) for j, part in enumerate(
            render.wrap(ln, f, w - 2 * pad - ind))]
    return rows, round(p.pt(pts) * 1.3)


def box_height(p: Page, e: dict, w: int) -> int:
    rows, pitch = _box_rows(p, e, w)
    return (len(rows) + 2 + 1 + len(e["signatory"]["position_lines"])) * pitch + p.px(1.2)


def endorse_box(p: Page, e: dict, x: int, y: int, w: int, rng, block: str) -> int:
    """A forwarding note typed in a ruled box: its own ที่ and date, เรียน, the purpose, and a
    signature with name and position centred in the box's right half. Returns its bottom."""
    rows, pitch = _box_rows(p, e, w)
    pad, top = p.px(0.4), y + p.px(0.3)
    yy = top + pad + pitch
    for ind, text in rows:
        if "    " in text:   # ที่ … and วันที่ … on one row, far apart
            a, b = text.split("    ", 1)
            p.text(x + pad, yy, a, BOX_PTS, False, INK, block)
            p.text(x + w // 2 + p.px(1.0), yy, b, BOX_PTS, False, INK, block)
        else:
            p.text(x + pad + ind, yy, text, BOX_PTS, False, INK, block)
        yy += pitch
    cx = x + w * 3 // 4 - p.px(1.0)
    render.signature(p, cx - p.px(1.6), yy + pitch // 3, p.px(3.0), rng)
    yy += pitch * 2
    for line in [f"({e['signatory']['name']})"] + e["signatory"]["position_lines"]:
        p.text(cx - p.width(line, BOX_PTS) // 2, yy, line, BOX_PTS, False, INK, block)
        yy += pitch
    bottom = yy - pitch + pad + p.px(0.2)
    p.draw.rectangle([x, top, x + w, bottom], outline=INK, width=max(2, p.dpi // 100))
    return bottom
