"""Page layouts of the six kinds of letter and of attachments (circulars.md section 2).

A letter spec holds the printed strings (digits already in the letter's style); these
functions only place them on A4 pages the way the regulation lays them out.
"""
from __future__ import annotations

from samples import render
from samples.boxed import box_height, endorse_box
from samples.content import digits
from samples.render import INK, RED, Page

LEFT, RIGHT = 3.0, 2.0        # cm margins prescribed for official letters
INDENT = 2.5                  # first-line indent of a paragraph (cm)
PITCH = 1.3                  # line pitch as a multiple of the font size


class Flow:
    """Rows of text running down pages, breaking to continuation pages as needed."""

    def __init__(self, spec: dict, dpi: int, family: str):
        self.spec, self.dpi, self.family = spec, dpi, family
        self.pages: list[Page] = []
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def cm(self, v: float) -> int:
        return self.page.px(v)

    @property
    def pitch(self) -> int:
        return round(self.page.pt(16) * PITCH)

    @property
    def right(self) -> int:
        return self.page.w - self.cm(RIGHT)

    def new_page(self):
        role = "letter" if not self.pages else "continuation"
        p = Page(self.dpi, self.family, role)
        self.pages.append(p)
        self.y = p.px(2.0)
        if role == "continuation":
            label = digits(f"-{len(self.pages)}-", self.spec["digits"])
            p.text((p.w - p.width(label)) // 2, p.px(1.5), label)
            self.y = p.px(2.8)

    def limit(self) -> int:
        """Lowest baseline for text; a second receipt stamp takes the first page's bottom right."""
        if len(self.pages) == 1 and len(self.spec.get("stamps", [])) > 1:
            return self.page.h - self.cm(5.2)
        return self.page.h - self.cm(2.8)

    def break_page(self, next_text: str):
        """Continuation marker '/first words' under the last line, then a new page."""
        from pythainlp.tokenize import word_tokenize
        words = word_tokenize(next_text.split(" ")[0], engine="newmm")
        word = "/" + "".join(words[:2])
        p = self.page
        p.text(self.right - p.width(word), self.y, word)
        self.new_page()

    def row(self, segs, advance: float = 1.0):
        """segs: [(x, text, points, bold)] drawn on one baseline."""
        if self.y > self.limit():
            self.break_page(segs[0][1])
        for x, text, pts, bold in segs:
            self.page.text(x, self.y, text, pts, bold)
        self.y += round(self.pitch * advance)

    def space(self, lines: float):
        self.y += round(self.pitch * lines)

    def para(self, text: str, x_first: int, x_rest: int, label: str | None = None,
             label_x: int | None = None, bold_label: bool = False, points: float = 16):
        """A wrapped paragraph; an optional label (เรื่อง, ๑.) printed before its first line."""
        f = self.page.font(points)
        lines = render.wrap(text, f, self.right - x_rest, self.right - x_first)
        for i, line in enumerate(lines):
            segs = [(x_first if i == 0 else x_rest, line, points, False)]
            if i == 0 and label:
                segs.insert(0, (label_x, label, points, bold_label))
            self.row(segs)

    def ensure(self, height: int, bottom: int, next_text: str):
        if self.y + height > min(bottom, self.limit() + self.pitch):
            self.break_page(next_text)


def labelled(flow: Flow, label: str, items: list[str], numbered: bool):
    """เรื่อง/เรียน/อ้างถึง/สิ่งที่ส่งมาด้วย: label at the margin, value after a tab."""
    x0 = flow.cm(LEFT)
    tab = x0 + flow.page.width(label, 16, True) + flow.cm(0.4)
    style = flow.spec["digits"]
    for i, item in enumerate(items):
        num = digits(f"{i + 1}. ", style) if numbered else ""
        lab = label if i == 0 else None
        flow.para(num + item, tab, tab + flow.page.width(num), lab, x0, True)


def body(flow: Flow, paragraphs: list):
    x0, ind = flow.cm(LEFT), flow.cm(LEFT + INDENT)
    for para in paragraphs:
        if para[0] == "p":
            flow.para(para[1], ind, x0)
        else:  # ("item", label, text): a numbered directive
            _, label, text = para
            lx = ind
            flow.para(text, lx + flow.page.width(label + " "), x0, label, lx)
        flow.space(0.15)


def foot_lines(flow: Flow, lines: list[str], page: Page):
    pitch = flow.pitch
    y = page.h - page.px(1.6) - (len(lines) - 1) * pitch
    for line in lines:
        page.text(page.px(LEFT), y, line)
        y += pitch
    return page.h - page.px(1.6) - len(lines) * pitch - pitch // 2


def signature_block(flow: Flow, sig: dict, rng, cx: int, with_closing: str | None):
    p = flow.page
    if with_closing:
        flow.row([(cx - p.width(with_closing) // 2, with_closing, 16, False)])
    render.signature(p, cx - p.px(2.2), flow.y + flow.pitch // 2, p.px(4.2), rng)
    flow.space(2.2)
    for line in [f"({sig['name']})"] + sig["position_lines"]:
        flow.row([(cx - p.width(line) // 2, line, 16, False)])


def header_external(flow: Flow, spec: dict, to_label: str):
    p = flow.page
    render.emblem(p, p.w // 2, p.px(1.5), p.px(3.0))
    flow.y = p.px(5.0)
    widest = max(p.width(line) for line in spec["office_lines"])
    office_x = min(p.px(12.3), flow.right - widest)
    number = "ที่ " + spec["doc_no_text"]
    p.text(p.px(LEFT), flow.y, number)
    # a long office name that would run into the number starts on the line below, as typed
    below = office_x < p.px(LEFT) + p.width(number) + p.px(0.8)
    for i, line in enumerate(spec["office_lines"]):
        p.text(office_x, flow.y + (i + below) * flow.pitch, line)
    flow.space(len(spec["office_lines"]) + below)
    if spec.get("date_text") and spec["kind"] == "external":
        flow.row([(p.px(10.3), spec["date_text"], 16, False)])
    flow.space(0.4)
    if spec.get("subject") and spec["kind"] == "external":
        labelled(flow, "เรื่อง", [spec["subject"]], False)
        flow.space(0.4)
    labelled(flow, to_label, [spec["salutation"]], False)
    if spec.get("references"):
        labelled(flow, "อ้างถึง", spec["references"], len(spec["references"]) > 1)
    if spec.get("enclosures"):
        labelled(flow, "สิ่งที่ส่งมาด้วย", spec["enclosures"], len(spec["enclosures"]) > 1)
    flow.space(0.4)


def tail_height(flow: Flow, spec: dict) -> int:
    sig = spec.get("signatory")
    n = 1 + 2.2 + 1 + (len(sig["position_lines"]) if sig else 1)
    endo = sum(endorsement_height(flow.page, e) for e in spec.get("endorsements", [])
               if not e.get("box"))
    boxed = sum(box_height(flow.page, e, flow.right - flow.cm(LEFT - 0.5))
                for e in spec.get("endorsements", []) if e.get("box"))
    return max(round(n * flow.pitch), endo) + boxed


def layout_external(flow: Flow, spec: dict, rng):
    header_external(flow, spec, "เรียน")
    body(flow, spec["paragraphs"][:-1])
    foot_top = flow.page.h - flow.cm(1.6) - (len(spec["foot"]) + 1) * flow.pitch
    closing = spec["paragraphs"][-1][1]
    flow.ensure(tail_height(flow, spec) + 2 * flow.pitch, foot_top, closing)
    body(flow, spec["paragraphs"][-1:])
    flow.endorse_at = flow.y - flow.pitch
    signature_block(flow, spec["signatory"], rng, flow.cm(12.3), "ขอแสดงความนับถือ")
    foot_lines(flow, spec["foot"], flow.page)


def layout_stamped(flow: Flow, spec: dict, rng):
    header_external(flow, spec, "ถึง")
    body(flow, spec["paragraphs"])
    foot_top = flow.page.h - flow.cm(1.6) - (len(spec["foot"]) + 1) * flow.pitch
    flow.ensure(tail_height(flow, spec), foot_top, spec["closing_office"])
    p, cx = flow.page, flow.cm(12.3)
    flow.space(0.8)
    flow.endorse_at = flow.y - flow.pitch
    render.seal(p, cx, flow.y - flow.pitch // 3, p.px(1.6), rng)
    for line in (spec["closing_office"], spec["date_text"]):
        flow.row([(cx - p.width(line) // 2, line, 16, False)])
    foot_lines(flow, spec["foot"], p)


def layout_memo(flow: Flow, spec: dict, rng):
    p = flow.page
    x0 = p.px(LEFT)
    render.emblem(p, x0 + p.px(0.8), p.px(1.2), p.px(1.5))
    title = "บันทึกข้อความ"
    p.text((p.w - p.width(title, 29, True)) // 2, p.px(2.6), title, 29, True)
    flow.y = p.px(3.8)
    lab = p.width("ส่วนราชการ", 20, True) + p.px(0.3)
    flow.row([(x0, "ส่วนราชการ", 20, True), (x0 + lab, spec["office_lines"][0], 16, False)])
    dx = p.px(9.5)
    flow.row([(x0, "ที่", 20, True), (x0 + p.px(0.7), spec["doc_no_text"], 16, False),
              (dx, "วันที่", 20, True), (dx + p.px(1.3), spec["date_text"], 16, False)])
    labelled_memo = p.width("เรื่อง", 20, True) + p.px(0.3)
    f = p.font(16)
    lines = render.wrap(spec["subject"], f, flow.right - x0 - labelled_memo)
    for i, line in enumerate(lines):
        segs = [(x0 + labelled_memo, line, 16, False)]
        if i == 0:
            segs.insert(0, (x0, "เรื่อง", 20, True))
        flow.row(segs)
    p.draw.line([(x0, flow.y - flow.pitch // 2), (flow.right, flow.y - flow.pitch // 2)],
                fill=INK, width=2)
    flow.space(0.3)
    labelled(flow, "เรียน", [spec["salutation"]], False)
    flow.space(0.3)
    body(flow, spec["paragraphs"])
    flow.ensure(tail_height(flow, spec), flow.page.h - flow.cm(2.5),
                f"({spec['signatory']['name']})")
    flow.space(0.5)
    flow.endorse_at = flow.y - flow.pitch
    signature_block(flow, spec["signatory"], rng, flow.cm(12.3), None)


def layout_order(flow: Flow, spec: dict, rng):
    """คำสั่ง and ประกาศ: centred heading, number, subject, clauses, 'สั่ง/ประกาศ ณ วันที่'."""
    p = flow.page
    render.emblem(p, p.w // 2, p.px(1.5), p.px(3.0))
    flow.y = p.px(5.1)
    heads = [spec["heading"]]
    if spec.get("doc_no_text"):
        heads.append("ที่ " + spec["doc_no_text"])
    for h in heads:
        flow.row([((p.w - p.width(h, 18, True)) // 2, h, 18, True)])
    subj = render.wrap("เรื่อง " + spec["subject"], p.font(18, True), p.px(14))
    for line in subj:
        flow.row([((p.w - p.width(line, 18, True)) // 2, line, 18, True)])
    yline = flow.y - flow.pitch // 2
    p.draw.line([(p.w // 2 - p.px(2.5), yline), (p.w // 2 + p.px(2.5), yline)], fill=INK,
                width=2)
    flow.space(0.4)
    body(flow, spec["paragraphs"])
    flow.ensure(tail_height(flow, spec) + flow.pitch * 2, flow.page.h - flow.cm(2.5),
                spec["closing_label"])
    flow.space(0.5)
    closing = f"{spec['closing_label']} {spec['date_text']}"
    flow.row([(flow.cm(8.3), closing, 16, False)])
    flow.space(0.5)
    flow.endorse_at = flow.y - flow.pitch
    signature_block(flow, spec["signatory"], rng, flow.cm(12.3), None)


LAYOUTS = {"external": layout_external, "stamped": layout_stamped, "memo": layout_memo,
           "order": layout_order, "announcement": layout_order}


def marks(pages: list[Page], spec: dict):
    """Urgency in large red at the top left; secrecy at top and bottom centre."""
    p = pages[0]
    if spec.get("urgency"):
        p.text(p.px(LEFT), p.px(1.9), spec["urgency"], 34, True, RED, "mark")
    if spec.get("secrecy"):
        for pg in pages:
            s = spec["secrecy"]
            pg.text((pg.w - pg.width(s, 24, True)) // 2, pg.px(1.1), s, 24, True, RED, "mark")
            pg.text((pg.w - pg.width(s, 24, True)) // 2, pg.h - pg.px(0.7), s, 24, True, RED,
                    "mark_bottom")


def endorsement_lines(e: dict) -> list[str]:
    return [ln for ln in e["lines"] if ln]


ENDORSE_W = 6.3  # cm left of the signature where the forwarding note is written


def endorsement_height(p: Page, e: dict) -> int:
    f = p.font(13, family="Laksaman")
    n = sum(len(render.wrap(ln, f, p.px(ENDORSE_W))) for ln in endorsement_lines(e))
    n += 2 + 1 + len(e["signatory"]["position_lines"])
    return round(n * p.pt(13) * 1.2) + p.px(0.4)


def endorse(p: Page, e: dict, x: int, y: int, w: int, rng, block: str):
    """Forwarding note in the left margin area of the received letter (typed or by pen)."""
    pts, pitch = 13, round(p.pt(13) * 1.2)
    hand = e.get("hand")
    fill = render.BLUE_PEN if hand else INK
    y += pitch
    for line in endorsement_lines(e):
        for part in render.wrap(line, p.font(pts, family="Laksaman"), w):
            if hand:
                p.hand(x, y, part, pts - 1, rng, fill, block)
            else:
                p.text(x, y, part, pts, False, fill, block)
            y += pitch
    render.signature(p, x + p.px(0.5), y + pitch // 3, p.px(3.0), rng)
    y += pitch * 2
    for line in [f"({e['signatory']['name']})"] + e["signatory"]["position_lines"]:
        if hand:
            p.hand(x + p.px(0.2), y, line, pts - 1, rng, fill, block)
        else:
            p.text(x + p.px(0.2), y, line, pts, False, fill, block)
        y += pitch


def render_letter(spec: dict, dpi: int = 300, family: str = "Laksaman", rng=None) -> list[Page]:
    """Lay out one letter (any kind) with its marks, receipt stamps and endorsements."""
    import random
    rng = rng or random.Random(0)
    flow = Flow(spec, dpi, family)
    LAYOUTS[spec["kind"]](flow, spec, rng)
    pages = flow.pages
    marks(pages, spec)
    first, last = pages[0], pages[-1]
    for i, st in enumerate(spec.get("stamps", [])):
        sw = max(first.width(st["office"], 13, True) + first.pt(20), first.px(5.2))
        right = first.px(1.0) if spec["kind"] == "memo" else first.px(RIGHT)
        if i == 0:
            x, y = first.w - right - sw, first.px(0.5)
        else:  # a later office stamps wherever it finds room: the bottom right
            x, y = first.w - first.px(1.5) - sw, first.h - first.px(4.6)
        render.receipt_stamp(first, x, y, st["office"], st["number"], st["date"], st["time"],
                             rng, f"stamp{i + 1}")
    y, y_box = flow.endorse_at, flow.y
    for i, e in enumerate(spec.get("endorsements", [])):
        if e.get("box"):   # typed in a box at the foot, under the letter's signature
            x = last.px(LEFT - 0.5)
            y_box = endorse_box(last, e, x, y_box, flow.right - x, rng, f"endorsement{i + 1}")
            continue
        endorse(last, e, last.px(LEFT) - last.px(1.0), y, last.px(ENDORSE_W), rng,
                f"endorsement{i + 1}")
        y += endorsement_height(last, e)
    return pages


def render_attachment(att: dict, dpi: int, family: str) -> list[Page]:
    """An enclosure behind its letter: a manual page, a poster or a table."""
    p = Page(dpi, family, "attachment")
    x0, right = p.px(2.5), p.w - p.px(2.0)
    y = p.px(3.0)
    big = 28 if att["type"] == "poster" else 20
    for line in render.wrap(att["title"], p.font(big, True), right - x0):
        p.text((p.w - p.width(line, big, True)) // 2, y, line, big, True)
        y += round(p.pt(big) * 1.3)
    if att.get("subtitle"):
        p.text((p.w - p.width(att["subtitle"])) // 2, y, att["subtitle"])
        y += round(p.pt(16) * 1.3)
    y += p.px(0.8)
    if att["type"] == "table":
        table(p, att["columns"], att["rows"], x0, y, right)
    else:
        pts = 20 if att["type"] == "poster" else 16
        pitch = round(p.pt(pts) * PITCH)
        for item in att["items"]:
            for i, line in enumerate(render.wrap(item, p.font(pts), right - x0 - p.px(1.0))):
                p.text(x0 + (0 if i == 0 else p.px(1.0)), y, line, pts)
                y += pitch
            y += pitch // 3
        if att["type"] == "poster":
            p.draw.rectangle([p.px(1.5), p.px(1.5), p.w - p.px(1.5), y + p.px(1.0)],
                             outline=(30, 90, 160), width=p.px(0.25))
    return [p]


def table(p: Page, columns: list[str], rows: list[list[str]], x0: int, y: int, right: int):
    """A ruled table: header row in bold, one text row per table row; type shrinks to fit."""
    pts, pad = 16, p.px(0.5)
    while True:
        widths = [max(p.width(c, pts, True), *(p.width(r[i], pts) for r in rows)) + pad
                  for i, c in enumerate(columns)]
        if sum(widths) <= right - x0 or pts <= 11:
            break
        pts -= 1
    rh = round(p.pt(pts) * 1.6)
    top = y
    for ri, cells in enumerate([columns] + rows):
        x = x0
        for ci, cell in enumerate(cells):
            p.text(x + pad // 2, y + round(rh * 0.72), cell, pts, ri == 0)
            x += widths[ci]
        y += rh
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    for yy in range(top, y + 1, rh):
        p.draw.line([(x0, yy), (xs[-1], yy)], fill=INK, width=2)
    for xx in xs:
        p.draw.line([(xx, top), (xx, y)], fill=INK, width=2)
