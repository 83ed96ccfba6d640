"""The chain as a drawing: a tree from the root directive (left) to the last office (right),
one box per hop with its number, date and sender, the delay in days on each arrow, and
anomalies in red. Plain SVG, drawn on the server, so it prints and downloads as it shows.
"""
from __future__ import annotations

import re
from html import escape

from .thai import be_date
from .wording import LINK_NAMES, letter_name

BOX_W, BOX_H = 264, 86
GAP_X, GAP_Y = 84, 22
PAD = 16
FONT = "Sarabun, 'TH Sarabun New', 'Noto Sans Thai', 'Leelawadee UI', Tahoma, Loma, Garuda, sans-serif"
EDGE_NAMES = LINK_NAMES


ANOMALIES = (  # what chains.trace says, in the clerk's words
    (r"placeholder: cited but not scanned yet", "อ้างถึงแต่ยังไม่ได้สแกนเข้าระบบ"),
    (r"no date read", "อ่านวันที่ไม่ได้"),
    (r"date goes backwards: (\S+) is (\d+) days before the letter it forwards",
     lambda m: f"วันที่ย้อนหลัง: {be_date(m[1])} ก่อนหนังสือที่ส่งต่อ {m[2]} วัน"),
    (r"no receipt stamp on (.+): when it was received is unknown",
     lambda m: f"ไม่มีตรารับบน {m[1]}: ไม่ทราบว่ารับเมื่อใด"),
    (r"addressed to (.+) but no onward forward is registered",
     lambda m: f"ส่งถึง {m[1]} แต่ยังไม่พบหนังสือส่งต่อในทะเบียน"),
)


def anomaly_thai(text: str) -> str:
    """A chain anomaly in Thai; text not known here is shown as the library wrote it.

    >>> anomaly_thai("date goes backwards: 2024-01-05 is 4 days before the letter it forwards")
    'วันที่ย้อนหลัง: 5 ม.ค. 2567 ก่อนหนังสือที่ส่งต่อ 4 วัน'
    """
    for pattern, thai in ANOMALIES:
        m = re.fullmatch(pattern, text or "")
        if m:
            return thai(m) if callable(thai) else thai
    return text


def _clip(text: str | None, n: int) -> str:
    text = (text or "").strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def layout(nodes: list[dict]) -> dict[str, tuple[float, float]]:
    """(x, y) of each node: depth gives the column, leaves take rows in turn, a parent sits
    level with the middle of its children."""
    names = {n["node"] for n in nodes}
    kids: dict[str | None, list[str]] = {}
    for n in nodes:
        kids.setdefault(n["parent"] if n["parent"] in names else None, []).append(n["node"])
    pos: dict[str, tuple[float, float]] = {}
    row = [0]

    def place(name: str, depth: int, seen: frozenset) -> float:
        children = [c for c in kids.get(name, []) if c not in seen]
        if children:
            ys = [place(c, depth + 1, seen | {c}) for c in children]
            y = (ys[0] + ys[-1]) / 2
        else:
            y = row[0] * (BOX_H + GAP_Y)
            row[0] += 1
        pos[name] = (depth * (BOX_W + GAP_X), y)
        return y

    for top in kids.get(None, []):
        place(top, 0, frozenset({top}))
    for n in nodes:  # a cycle would leave nodes unplaced: put them in a column of their own
        if n["node"] not in pos:
            pos[n["node"]] = (0, row[0] * (BOX_H + GAP_Y))
            row[0] += 1
    return pos


def _edge_kinds(chain: dict) -> dict[tuple[str, str], str]:
    return {(e["from"], e["to"]): e["kind"] for e in chain.get("edges", []) if e.get("primary", True)}


def _label(n: dict) -> str:
    return n.get("doc_no") or f"#{n.get('id')}"


def chain_svg(chain: dict, standalone: bool = False) -> str:
    nodes = chain.get("nodes") or []
    if not nodes:
        return ""
    pos = layout(nodes)
    by_name = {n["node"]: n for n in nodes}
    kinds = _edge_kinds(chain)
    width = max(x for x, _ in pos.values()) + BOX_W + 2 * PAD
    height = max(y for _, y in pos.values()) + BOX_H + 2 * PAD
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chain" viewBox="0 0 {width:.0f} {height:.0f}" '
           f'width="{width:.0f}" height="{height:.0f}" font-family="{escape(FONT)}" role="img" '
           f'aria-label="ผังการส่งต่อหนังสือ">']
    if standalone:
        out.insert(0, '<?xml version="1.0" encoding="UTF-8"?>\n')
    out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
               'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#5b6b7f"/></marker></defs>')
    out.append(f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>')
    for n in nodes:  # arrows first, boxes over them
        parent = by_name.get(n["parent"]) if n.get("parent") else None
        if parent is None:
            continue
        (px, py), (cx, cy) = pos[parent["node"]], pos[n["node"]]
        x1, y1, x2, y2 = px + BOX_W + PAD, py + BOX_H / 2 + PAD, cx + PAD, cy + BOX_H / 2 + PAD
        mid = (x1 + x2) / 2
        delay = n.get("delay_days")
        bad = delay is not None and delay < 0
        colour = "#c0392b" if bad else "#5b6b7f"
        out.append(f'<path d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2 - 2:.0f},{y2:.0f}" '
                   f'fill="none" stroke="{colour}" stroke-width="1.6" marker-end="url(#arrow)"/>')
        kind = EDGE_NAMES.get(kinds.get((_label(parent), _label(n)), ""), "")
        text = "" if delay is None else (f"+{delay} วัน" if delay >= 0 else f"{delay} วัน (ย้อนหลัง)")
        lx, ly = x2 - GAP_X / 2 - 4, y2 - 6
        if text:
            out.append(f'<text x="{lx:.0f}" y="{ly:.0f}" font-size="13" text-anchor="middle" '
                       f'fill="{colour}" font-weight="bold">{escape(text)}</text>')
        if kind:
            out.append(f'<text x="{lx:.0f}" y="{ly + 30:.0f}" font-size="11" text-anchor="middle" '
                       f'fill="#6b7785">{escape(kind)}</text>')
    start = chain.get("start")
    for n in nodes:
        out.append(_box(n, pos[n["node"]], _label(n) == start, standalone))
    out.append("</svg>")
    return "\n".join(out)


def _date_line(n: dict) -> str:
    """The box's date; a letter not scanned yet is dated by the letter that cites it.

    >>> _date_line({"date": "2024-01-03", "date_from": "citing"}), _date_line({"date": None})
    ('3 ม.ค. 2567 (ตามที่อ้างถึง)', 'ไม่ทราบวันที่')
    """
    if not n.get("date"):
        return "ไม่ทราบวันที่"
    return be_date(n["date"]) + (" (ตามที่อ้างถึง)" if n.get("date_from") == "citing" else "")


def _box(n: dict, at: tuple[float, float], is_start: bool, standalone: bool) -> str:
    x, y = at[0] + PAD, at[1] + PAD
    anomalies = n.get("anomalies") or []
    placeholder = n.get("placeholder")
    stroke = "#c0392b" if anomalies and not placeholder else "#1f5f99" if is_start else "#9aa7b5"
    fill = "#f4f6f8" if placeholder else "#fff7e6" if is_start else "#ffffff"
    dash = ' stroke-dasharray="6 4"' if placeholder else ""
    title = "; ".join(map(anomaly_thai, anomalies)) or (n.get("subject") or "")
    lines = [
        (f'<text x="{x + 12}" y="{y + 24}" font-size="16" font-weight="bold" fill="#14212e">'
         f'{escape(_clip(letter_name(n, brief=True), 26))}</text>'),
        (f'<text x="{x + 12}" y="{y + 46}" font-size="14" fill="#33414f">'
         f'{escape(_date_line(n))}</text>'),
        (f'<text x="{x + 12}" y="{y + 68}" font-size="13" fill="#4a5866">'
         f'{escape(_clip(n.get("issuer") or ("ยังไม่ได้สแกน" if placeholder else "ไม่ทราบผู้ส่ง"), 31))}</text>'),
    ]
    if anomalies and not placeholder:
        lines.append(f'<text x="{x + BOX_W - 12}" y="{y + 24}" font-size="14" text-anchor="end" '
                     f'fill="#c0392b" font-weight="bold">⚠ {len(anomalies)}</text>')
    body = (f'<g class="node{" start" if is_start else ""}"><title>{escape(title)}</title>'
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{2.5 if is_start or anomalies else 1.2}"{dash}/>'
            + "".join(lines) + "</g>")
    if n.get("id") and not placeholder and not standalone:
        return f'<a href="/letters/{int(n["id"])}">{body}</a>'
    return body
