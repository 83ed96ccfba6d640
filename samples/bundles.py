"""Bundles: what one scanned file holds, in chain order (newest on top), with its ground truth."""
from __future__ import annotations

import datetime as dt
import random

from samples import chains, standalone
from samples.chains import add_stamp
from samples.content import PROVINCES, digits
from samples.letters import render_attachment, render_letter
from samples.world import Registry

# name, recipe, chain or standalone index, format, condition, font, dpi
# Recipes: letters of a chain from the top of the pile down (M ministry, P province, D district,
# L local memo), then endorsements: +E the district's numbered forward on P to the local office,
# +I the district chief's internal note on P, +K the local clerk's note on D. 'order', 'notice',
# 'stamped', 'memo' stand alone. A chain's letters are used in one bundle only, so placeholders stay unscanned.
PLAN = [
    ("b01-ministry-circular", "M", 0, "pdf", "clean", "Laksaman", 300),
    ("b02-province-forward-split", "P+E", 0, "pdf", "damaged", "Laksaman", 250),
    ("b03-province-chain", "PM", 1, "pdf", "clean", "Laksaman", 250),
    ("b04-district-chain", "DPM+K", 2, "pdf", "damaged", "Laksaman", 250),
    ("b05-order", "order", 0, "jpg", "clean", "Laksaman", 300),
    ("b06-local-memo-chain", "LDPM+K", 3, "pdf", "clean", "Norasi", 300),
    ("b07-notice", "notice", 0, "png", "damaged", "Laksaman", 200),
    ("b08-stamped-table", "stamped", 0, "tif-g4", "damaged", "Laksaman", 300),
    ("b09-endorsed-chain", "PM+E", 4, "pdf", "damaged", "Laksaman", 200),
    ("b10-district-placeholder", "D+K", 5, "pdf", "clean", "Laksaman", 300),
    ("b11-memo", "memo", 0, "jpg", "damaged", "Laksaman", 250),
    ("b12-district-chain", "DPM+I", 6, "tif", "clean", "Laksaman", 200),
    ("b13-ministry-circular", "M", 7, "pdf-g4", "damaged", "Norasi", 300),
    ("b14-province-forward-split", "P", 7, "pdf", "clean", "Laksaman", 250),
    ("b15-local-memo-placeholder", "LD+K", 8, "pdf", "damaged", "Laksaman", 250),
    ("b16-endorsed-chain", "PM+E", 9, "pdf", "clean", "Laksaman", 300),
    ("b17-order", "order", 1, "pdf", "damaged", "Norasi", 250),
    ("b18-notice", "notice", 1, "jpg", "clean", "Laksaman", 300),
    ("b19-stamped-table", "stamped", 1, "pdf", "clean", "Laksaman", 200),
    ("b20-memo", "memo", 1, "png", "clean", "Laksaman", 300),
    ("b21-full-chain", "LDPM+I+K", 10, "pdf", "damaged", "Laksaman", 200),
    ("b22-district-chain", "DPM", 11, "pdf", "damaged", "Laksaman", 200),
    ("b23-province-chain", "PM+E", 12, "pdf", "clean", "Norasi", 300),
    ("b24-district-noted", "D+K", 13, "jpg", "damaged", "Laksaman", 300),
    ("b25-district-noted", "D+K", 14, "png", "clean", "Laksaman", 250),
    ("b26-district-placeholder", "LD+K", 15, "pdf", "clean", "Laksaman", 250),
    ("b27-order", "order", 2, "tif", "damaged", "Laksaman", 300),
    ("b28-notice", "notice", 2, "pdf", "clean", "Laksaman", 250),
    ("b29-full-chain", "LDPM", 16, "pdf", "clean", "Laksaman", 200),
    ("b30-district-chain", "DPM+I+K", 17, "pdf-g4", "damaged", "Laksaman", 300),
    ("b31-stamped-table", "stamped", 2, "pdf", "damaged", "Norasi", 250),
    ("b32-province-chain", "PM+I", 18, "pdf", "damaged", "Laksaman", 250),
    ("b33-ministry-circular", "M", 19, "pdf", "clean", "Laksaman", 200),
    ("b34-province-forward-split", "P+E", 19, "pdf", "damaged", "Laksaman", 200),
    ("b35-district-chain", "DPM+K", 20, "pdf", "clean", "Laksaman", 250),
    ("b36-full-chain", "LDPM+K", 21, "pdf", "damaged", "Laksaman", 200),
    ("b37-province-chain", "PM+I", 22, "pdf", "clean", "Laksaman", 300),
]
STANDALONE = {"order": standalone.order, "notice": standalone.announcement,
              "stamped": standalone.stamped, "memo": standalone.memo}


def build_world(seed: int, forms: bool = False) -> dict:
    """Every chain and standalone letter for a seed (no drawing: cheap).

    ``forms``: lay real paper's forms over each chain (chains.real_forms: urgency words in
    citations, addressees over two lines, endorsements typed in a box), for fresh seeds; the
    committed set is built without them."""
    rng = random.Random(f"world:{seed}")
    reg = Registry(rng)
    n_chains = max(p[2] for p in PLAN if p[1][0] in "MPDL") + 1
    world = {"chains": [], "standalone": {}}
    for i in range(n_chains):
        start = dt.date(2018 + i % 7, rng.randint(1, 11), rng.randint(1, 28))
        world["chains"].append(chains.build_chain(rng, reg, i, start))
        if forms:   # a stream of its own: the plain world's draws are not moved
            chains.real_forms(world["chains"][-1], random.Random(f"forms:{seed}:{i}"))
    for kind, make in STANDALONE.items():
        for i in range(3):
            d = dt.date(2019 + (i * 2 + len(kind)) % 6, rng.randint(1, 12), rng.randint(1, 28))
            world["standalone"][(kind, i)] = make(rng, reg, i, d)
    return world


def pile(world: dict, recipe: str, idx: int, rng) -> list[dict]:
    """The letters of a bundle from the top down; endorsements ride on the letter they annotate."""
    if recipe in STANDALONE:
        return [world["standalone"][(recipe, idx)]]
    chain = world["chains"][idx]
    keys, *notes = recipe.split("+")
    letters = [chain[k] for k in keys]
    for note in notes:  # E, I ride on the province letter; K on the district letter
        on = chain["D"] if note == "K" else chain["P"]
        if chain[note]["spec"] not in on["spec"]["endorsements"]:
            on["spec"]["endorsements"].append(chain[note]["spec"])
            if note == "E":  # the local office received the endorsed letter and stamped it
                when = dt.date.fromisoformat(chain["E"]["truth"]["date"]) + \
                    dt.timedelta(days=rng.randint(1, 3))
                add_stamp(on, chain["local"], when, Registry(rng), rng)
    return letters


def attachment_content(att: dict, style: str, rng) -> dict:
    """Items of a manual/poster or rows of a table, from the theme of the letter."""
    pr = lambda s: digits(s, style)  # noqa: E731
    theme, out = att["theme"], dict(att)
    if att["type"] == "table":
        out["columns"] = ["ลำดับ", "หน่วยงาน", "จำนวน (ราย)", "ร้อยละ", "หมายเหตุ"]
        prov = att["prov"]
        names = [f"อำเภอ{d[0]}" for d in prov[4]] + [o for d in prov[4] for o in d[1:]]
        out["rows"] = []
        for i, name in enumerate(names, 1):
            n = rng.randint(12, 480)
            out["rows"].append([pr(str(i)), name, pr(f"{n:,}"), pr(f"{n / 5:.2f}"), "-"])
    else:
        intro = "ส่วนที่ 1 หลักการและเหตุผล " + theme["background"]
        out["items"] = [pr(intro)] + [pr(f"{i}. {d}") for i, d in
                                      enumerate(theme["directives"], 1)]
        out["items"].append(pr("ส่วนที่ 2 การติดตามและรายงานผล ให้หน่วยงานรายงานผลการดำเนินงาน"
                               "ตามแบบรายงานที่กำหนดทุกเดือน"))
    return out


def assemble(world: dict, plan_row: tuple, rng) -> tuple[list, dict]:
    """Render a bundle's pages and build its truth (pages, letters, attachments, links)."""
    name, recipe, idx, fmt, condition, family, dpi = plan_row
    letters = pile(world, recipe, idx, rng)
    pages, recs, atts, links = [], [], [], []
    first_page = {}
    for L in letters:
        lp = render_letter(L["spec"], dpi, family, rng)
        numbers = list(range(len(pages) + 1, len(pages) + len(lp) + 1))
        pages += lp
        rec = dict(L["truth"], pages=numbers)
        recs.append(rec)
        first_page[id(L)] = numbers[0]
        for e in L["spec"]["endorsements"]:
            recs.append(dict(e["truth"], pages=[numbers[-1]]))
            if e["truth"]["doc_no"]:
                links.append({"from": rec["doc_no"], "to": e["truth"]["doc_no"],
                              "kind": "endorsement"})
        for att in L["attachments"]:
            ap = render_attachment(attachment_content(att, L["spec"]["digits"], rng), dpi, family)
            anums = list(range(len(pages) + 1, len(pages) + len(ap) + 1))
            pages += ap
            atts.append({"pages": anums, "owner": rec["doc_no"], "title": att["title"]})
    for i, L in enumerate(letters):
        U = L.get("upstream")
        if not U:
            continue
        to, frm = L["truth"]["doc_no"], U["truth"]["doc_no"]
        links += [{"from": frm, "to": to, "kind": k} for k in ("reference", "citation", "enclosure")
                  if L["evidence"][k]]
        if i + 1 < len(letters) and letters[i + 1] is U:
            links.append({"from": frm, "to": to, "kind": "bundle"})
        for other in L.get("also_cites", []):
            links.append({"from": other["truth"]["doc_no"], "to": to, "kind": "reference"})
    truth = {"file": None, "condition": condition, "damage": [], "dpi": dpi, "font": family,
             "pages": [], "letters": recs, "attachments": atts, "links": links}
    return pages, truth
