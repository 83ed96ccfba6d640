"""Corrections: audited, and seen at once by search, chains and links."""
from __future__ import annotations

import pytest
from test_registry import MINISTRY_NO, PROVINCE_NO, fill

from ingest.links.chains import to_json, trace
from ingest.registry.corrections import CorrectionError, edit, history
from ingest.errors import ExitCode
from ingest.registry.store import Registry
from ingest.registry.search import search


@pytest.fixture
def reg(places):
    return fill(Registry(places()))


def test_edit_writes_the_audit_and_search_sees_it(reg):
    edit(reg, PROVINCE_NO, "subject", "ซักซ้อมแนวทางการจัดเก็บเอกสารราชการลับ", user="somsri", reason="OCR")
    assert {h["doc_no"] for h in search(reg, "เอกสารราชการลับ")} == {PROVINCE_NO}
    trail = history(reg, "ชม0023.3/ว69")
    assert [(t["field"], t["old"], t["new"], t["user"], t["reason"]) for t in trail] == [
        ("subject", "ซักซ้อมแนวทางการจัดเก็บเอกสาร", "ซักซ้อมแนวทางการจัดเก็บเอกสารราชการลับ", "somsri", "OCR")]
    assert trail[0]["at"][:2] == "20"


def test_correcting_a_misread_number_rejoins_the_chain(reg):
    # the province letter's citation was misread: ministry ว 478 became ว 418
    edit(reg, PROVINCE_NO, "references", '[{"doc_no": "ศธ 0206.3/ว 418", "date": "2024-01-09", "text": "x"}]',
         user="a")
    edit(reg, MINISTRY_NO, "doc_no", "ศธ ๐๒๐๖.๓/ว ๔๑๘", user="a", reason="stamp smudged")
    c = to_json(trace(reg, "ศธ 0206.3/ว 418"))
    kinds = {(e["from"], e["to"], e["kind"]) for e in c["edges"]}
    assert ("ศธ 0206.3/ว 418", PROVINCE_NO, "reference") in kinds
    assert search(reg, "ศธ 206.3/418")[0]["doc_no"] == "ศธ 0206.3/ว 418"
    # Chiang Rai still cites ว 478 of the same day: 7 and 1 are confusable digits and only
    # ว 418 fits, so its citation follows the corrected letter
    up = to_json(trace(reg, "ชร 0023.3/ว 120", "up"))
    assert [n["doc_no"] for n in up["nodes"]] == ["ชร 0023.3/ว 120", "ศธ 0206.3/ว 418"]
    # a number no letter is confusable with stays a placeholder
    edit(reg, "ชร 0023.3/ว 120", "references", '[{"doc_no": "ศธ 0206.3/ว 999", "date": "2024-01-09", "text": "x"}]')
    up = to_json(trace(reg, "ชร 0023.3/ว 120", "up"))
    assert up["nodes"][-1]["placeholder"] and up["nodes"][-1]["doc_no"] == "ศธ 0206.3/ว 999"
    assert reg.integrity_check() == []


def test_bad_corrections_are_refused_and_leave_no_trail(reg):
    for field, value in (("id", "5"), ("date", "31/02/2567"), ("urgency", "ด่วนมากๆ"),
                         ("signatory", "นายสมชาย")):
        with pytest.raises(CorrectionError) as e:
            edit(reg, PROVINCE_NO, field, value, user="a")
        assert e.value.exit_code == ExitCode.bad_args
    assert history(reg, PROVINCE_NO) == []


def test_lists_and_clearing(reg):
    rec = edit(reg, PROVINCE_NO, "recipients", "นายอำเภอแม่ริม; นายอำเภอสารภี", user="a")
    assert rec["recipients"] == ["นายอำเภอแม่ริม", "นายอำเภอสารภี"]
    rec = edit(reg, PROVINCE_NO, "urgency", "", user="a")
    assert rec["urgency"] is None
    assert [t["field"] for t in history(reg, PROVINCE_NO)] == ["recipients", "urgency"]


def test_corrections_survive_a_forced_reingest(places):
    from test_registry import chain_files
    reg = Registry(places())
    files = chain_files()
    for f in files:
        reg.add_file(*f, None)
    edit(reg, PROVINCE_NO, "subject", "ซักซ้อมแนวทางการจัดเก็บเอกสารราชการ", user="somsri", reason="OCR")
    edit(reg, MINISTRY_NO, "doc_no", "ศธ 0206.3/ว 418", user="somchai", reason="stamp smudged")
    old_ids = {r["doc_no"]: r["id"] for r in reg.letters()}
    # the district's bundle read again: the OCR gives the same (uncorrected) letters, new ids
    info, recs, pages = chain_files()[0]
    new_ids = reg.add_file(info, recs, pages, None, force=True)
    assert not set(new_ids) & set(old_ids.values())
    province = reg.letter(reg.resolve(PROVINCE_NO))
    assert province["subject"] == "ซักซ้อมแนวทางการจัดเก็บเอกสารราชการ" and province["id"] in new_ids
    assert reg.find_doc_no(MINISTRY_NO) == [] and reg.find_doc_no("ศธ 0206.3/ว 418")[0]["id"] in new_ids
    trail = history(reg, PROVINCE_NO)
    assert [(t["field"], t["new"], t["user"]) for t in trail] == [
        ("subject", "ซักซ้อมแนวทางการจัดเก็บเอกสารราชการ", "somsri")]
    assert trail[0]["reason"].startswith("re-applied after the file was read again") and \
        f"#{old_ids[PROVINCE_NO]}" in trail[0]["reason"] and "(OCR)" in trail[0]["reason"]
    # search and links follow the re-applied values; a second re-read carries them again
    assert {h["doc_no"] for h in search(reg, "เอกสารราชการ")} >= {PROVINCE_NO}
    ups = {l["doc_no"] for l in reg.letter(province["id"])["links"] if l["direction"] == "up"}
    assert "ศธ 0206.3/ว 418" in ups
    reg.add_file(info, chain_files()[0][1], pages, None, force=True)
    assert reg.letter(reg.resolve(PROVINCE_NO))["subject"] == "ซักซ้อมแนวทางการจัดเก็บเอกสารราชการ"
    assert len(history(reg, PROVINCE_NO)) == 1 and reg.integrity_check() == []
