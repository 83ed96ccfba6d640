"""Chains: root to leaves from any letter, delays, anomalies, directives matched upstream."""
from __future__ import annotations

import pytest
from test_registry import (MINISTRY_NO, PROVINCE_NO, DISTRICT_NO, bundle, chain_files, fill, page,
                           province)

from ingest.links.chains import render, to_json, trace
from ingest.errors import NotFoundError
from ingest.registry.store import Registry


@pytest.fixture
def reg(places):
    return fill(Registry(places()))


def nodes(chain):
    return {n["doc_no"]: n for n in to_json(chain)["nodes"]}


@pytest.mark.parametrize("start", [MINISTRY_NO, "ชม0023.17/ว11", "ชร 23.3/120"])
def test_same_tree_from_any_letter(reg, start):
    c = to_json(trace(reg, start))
    assert c["root"] == MINISTRY_NO
    assert set(nodes(trace(reg, start))) == {MINISTRY_NO, PROVINCE_NO, DISTRICT_NO, "ชร 0023.3/ว 120",
                                            "ชม 0023.21/ว 40"}
    edges = {(e["from"], e["to"]): e for e in c["edges"]}
    assert edges[(MINISTRY_NO, PROVINCE_NO)]["kind"] == "reference"
    assert edges[(MINISTRY_NO, PROVINCE_NO)]["delay_days"] == 9
    assert {a["kind"] for a in edges[(MINISTRY_NO, PROVINCE_NO)]["also"]} == {"bundle"}
    assert edges[(PROVINCE_NO, DISTRICT_NO)] | {"also": None} == {
        "from": PROVINCE_NO, "to": DISTRICT_NO, "kind": "endorsement", "delay_days": 4, "also": None,
        "evidence": f"endorsement written on {PROVINCE_NO} (page 1)"}


def test_up_and_down(reg):
    up = to_json(trace(reg, DISTRICT_NO, "up"))
    assert [n["doc_no"] for n in up["nodes"]] == [DISTRICT_NO, PROVINCE_NO, MINISTRY_NO]
    down = to_json(trace(reg, PROVINCE_NO, "down"))
    assert {n["doc_no"] for n in down["nodes"]} == {PROVINCE_NO, DISTRICT_NO, "ชม 0023.21/ว 40"}


def test_directives_matched_to_the_order_they_restate(reg):
    prov = nodes(trace(reg, PROVINCE_NO))[PROVINCE_NO]
    status = [(d["number"], d["status"], (d.get("restates") or {}).get("number")) for d in prov["directives"]]
    assert status == [(1, "same", 1), (2, "changed", 2), (None, "dropped", 3)]
    assert [d["status"] for d in nodes(trace(reg, MINISTRY_NO))[MINISTRY_NO]["directives"]] == ["origin"] * 3


def test_anomalies_and_placeholders(places):
    reg = Registry(places())
    late = province(when="2024-01-05", pages=(1,))  # dated before the letter it forwards
    late["receipt"], late["receipts"] = None, []
    reg.add_file(*bundle("p.pdf", [late], [page(1, "ที่ ชม ๐๐๒๓.๓/ว ๖๙")]), None)
    c = to_json(trace(reg, PROVINCE_NO))
    root = c["nodes"][0]
    assert c["root"] == MINISTRY_NO and root["placeholder"] and root["date"] == "2024-01-09"
    assert root["anomalies"] == ["placeholder: cited but not scanned yet"]
    prov = nodes(trace(reg, PROVINCE_NO))[PROVINCE_NO]
    assert any("date goes backwards" in a for a in prov["anomalies"])
    assert any("no onward forward" in a for a in prov["anomalies"])
    assert to_json(trace(reg, MINISTRY_NO))["root"] == MINISTRY_NO  # a placeholder can be asked for


def test_missing_receipt_stamp_is_an_anomaly(places):
    files = chain_files()
    files[0][1][2]["receipt"], files[0][1][2]["receipts"] = None, []
    reg = fill(Registry(places()), files)
    prov = nodes(trace(reg, PROVINCE_NO))[PROVINCE_NO]
    assert any(a.startswith(f"no receipt stamp on {MINISTRY_NO}") for a in prov["anomalies"])


def test_text_tree(reg):
    text = render(trace(reg, DISTRICT_NO))
    lines = text.splitlines()
    assert lines[0].startswith(MINISTRY_NO + "  2024-01-09  กระทรวงศึกษาธิการ")
    assert any(l.startswith("    [reference, +9 d] " + PROVINCE_NO) for l in lines)
    assert any(l.startswith("        [endorsement, +4 d] " + DISTRICT_NO) and l.endswith("*") for l in lines)
    assert any("(changed from ศธ 0206.3/ว 478 ข้อ 2" in l for l in lines)
    assert any(l.strip().startswith("! addressed to นายอำเภอทุกอำเภอ") for l in lines)


def test_unknown_number(reg):
    with pytest.raises(NotFoundError):
        trace(reg, "กค 0001/ว 1")


def test_long_chain_is_traced_whole(places):
    # its speed is measured by bench/scale.py (a 500-node chain), not by a stopwatch here
    reg = Registry(places())
    reg.add_file(*bundle("m.pdf", [__import__("test_registry").ministry(pages=(1,))], [page(1, "m")]), None)
    recs = [province(no=f"ชม 0023.{i % 90 + 10}/ว {i}", pages=(i + 1,)) for i in range(300)]
    info, recs, pages = bundle("many.pdf", recs, [page(i + 1, "x") for i in range(300)])
    reg.add_file(info, recs, pages, None)
    c = trace(reg, MINISTRY_NO)
    assert len(c["nodes"]) == 301 and c["root"] == MINISTRY_NO
    assert len({e["to"] for e in c["edges"]}) == 300  # every province letter is reached by an edge


def test_a_placeholder_takes_the_date_the_citing_letters_give(places):
    """Two provinces cite the ministry letter nobody scanned: Chiang Mai's อ้างถึง gives its
    date, Chiang Rai's copy in the enclosures does not. Both hang under one dated
    placeholder, and Chiang Rai's hop from it has a delay, marked as from the citing letter."""
    reg = Registry(places())
    cm = province(pages=(1,))
    cr = province("ชร", "เชียงราย", "ชร 0023.3/ว 120", "2024-01-19", pages=(1,))
    cr["references"] = []
    cr["enclosures"] = ["สำเนาหนังสือกระทรวงศึกษาธิการ ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ จำนวน ๑ ชุด"]
    for name, rec in (("cr.pdf", cr), ("cm.pdf", cm)):
        reg.add_file(*bundle(name, [rec], [page(1, "ที่ " + rec["doc_no"])]), None)
    undated = reg.q("SELECT parent_date FROM links WHERE parent_id IS NULL AND child_id = "
                    "(SELECT id FROM letters WHERE doc_no = 'ชร 0023.3/ว 120')")
    assert undated == [{"parent_date": None}]  # the case: this citation gives no date
    c = trace(reg, "ชร 0023.3/ว 120")
    got = nodes(c)
    root = got[MINISTRY_NO]
    assert root["placeholder"] and root["date"] == "2024-01-09" and root["date_from"] == "citing"
    assert set(got) == {MINISTRY_NO, PROVINCE_NO, "ชร 0023.3/ว 120"}  # one placeholder for both
    cr_node = next(n for n in c["nodes"] if n["doc_no"] == "ชร 0023.3/ว 120")
    assert cr_node["delay_days"] == 10 and cr_node["delay_from"] == "citing"
    assert "2024-01-09 (date from the citing letter)" in render(c)
