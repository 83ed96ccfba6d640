"""Calibrated doubt (ingest/extract/doubt.py): features of a field's reading, its probability
of being right from the fitted weights, and a flag below the field's line."""
import json

from ingest.extract import doubt
from ingest.record import new_record


def _rec(**fields):
    rec = new_record()
    rec.update(fields)
    return rec


def test_a_misspelt_subject_reads_odd_and_a_clean_one_does_not():
    assert doubt.odd_share("การสำรวจข้อมูลผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ") == 0.0
    assert doubt.odd_share("การชำระภาษที่ดินและสิ่งปลูกสร้าง ประจำป") > 0.02    # a vowel dropped: ภาษ
    assert doubt.odd_share("มท 0206/ว 1") == 0.0                               # no Thai words to judge


def test_a_word_more_usual_with_a_mark_put_back_over_its_vowel_is_doubted():
    # OCR drops the top of a stack and what is left still reads as words
    assert doubt.lost_mark("การสำรวจข้อมูลผู้มีสิทธิรับเงินเบียยังชีพผู้สูงอายุ") == 1.0   # เบี้ย
    assert doubt.lost_mark("การสำรวจข้อมูลผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ") == 0.0   # สิทธิ is usual as it is
    assert doubt.lost_mark("นายวิทยา มันคงธรรม") == 1.0                                  # มั่นคง, run together
    assert doubt.lost_mark("นางสุนันทา ศรีสวัสดิวงศ์") == 1.0                             # สวัสดิ์ at its start
    assert doubt.lost_mark("นางสุนันทา ศรีสวัสดิ์วงศ์") == 0.0
    assert doubt.lost_mark("การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง ประจำปี") == 0.0
    assert doubt.lost_mark("มท 0206/ว 1") == 0.0


def test_features_come_from_the_fields_reading():
    rec = _rec(subject="การประชุม", confidence={"subject": 0.9})
    x = doubt.features(rec, "subject", {"subject": 0.4})
    assert dict(zip(doubt.FEATURES, x)) == {"bias": 1.0, "conf": 0.9, "weakest": 0.4, "odd": 0.0, "present": 1.0,
                                             "lost": 0.0, "near": 0.0}
    assert doubt.features(_rec(), "signatory", {})[doubt.FEATURES.index("present")] == 0.0   # nothing read


def test_a_field_below_its_line_is_flagged_and_its_confidence_is_the_probability(monkeypatch):
    # right when its weakest word was read well: p = sigmoid(-4 + 8 * weakest)
    fit = {"line": 0.5, "weights": [-4.0, 0.0, 8.0, 0.0, 0.0]}
    monkeypatch.setattr(doubt, "model", lambda: {"fields": {"subject": fit}})
    sure, unsure = (_rec(subject="การประชุม", confidence={"subject": 0.9}) for _ in range(2))
    doubt.assess(sure, {"subject": 0.95})
    doubt.assess(unsure, {"subject": 0.3})
    assert sure["flags"] == [] and sure["confidence"]["subject"] == 0.97
    assert unsure["confidence"]["subject"] == 0.17
    assert unsure["flags"] == ["subject: low OCR confidence"]
    flagged = _rec(subject="ก", flags=["subject: not found"], confidence={"subject": 0.9})
    doubt.assess(flagged, {"subject": 0.1})               # a rule said so already: left as it is
    assert flagged["flags"] == ["subject: not found"] and flagged["confidence"]["subject"] == 0.9


def test_the_stored_model_names_its_line_and_held_out_score_per_field():
    model = json.loads(doubt.MODEL.read_text("utf-8"))
    assert model["features"] == list(doubt.FEATURES) and model["fitted_on"] and model["heldout_on"]
    for field, fit in model["fields"].items():
        assert len(fit["weights"]) == len(doubt.FEATURES), field
        assert 0 < fit["line"] < 1 and fit["heldout"]["n"] > 0 and "brier" in fit["heldout"], field


def test_a_name_no_list_knows_as_written_is_doubted():
    assert doubt.unknown_name_share("นายธนากร ศรีบุญเรือง") == 0.0
    assert doubt.unknown_name_share("นางลำดวน ทองประเสริฐ") == 0.0            # ทอง|ประเสริฐ, words run together
    assert doubt.unknown_name_share("นางลำดวน ทองประเสวิฐ") == 0.5            # ริ read วิ
    assert doubt.unknown_name_share("นายกิตติศักดิ แก้วมณีรัตน์") == 0.5       # ์ lost
    assert doubt.unknown_name_share("รองศาสตราจารย์ ดร.กรรณิการ์ สหกะโร") == 0.5   # rank and degree are no part
    assert doubt.unknown_name_share("") == 0.0


def test_a_name_one_mark_from_another_word_is_doubted():
    # OCR drops or adds a tone mark over a name's vowel, or reads ิ for ี, and what is left is
    # still a name as far as any list can tell
    assert doubt.one_mark_away("นางวราภรณ์ พึงทองคำ") == 0.5             # พึ่ง: ่ lost
    assert doubt.one_mark_away("นางรัชนี ประทุมทองดิ") == 0.5            # ดี read ดิ
    assert doubt.one_mark_away("นายธนากร ศรีบุญเรื่อง") == 0.5           # เรือง read with ่
    assert doubt.one_mark_away("นายเนีย สมบูรณ์เถกิง") > 0               # a real scan's เน้ย
    assert doubt.one_mark_away("นายวิทยา ทองประเสริฐ") == 0.0
    assert doubt.one_mark_away("") == 0.0


def test_the_lines_are_fitted_together_to_leave_the_fewest_flags_for_the_silent_errors_allowed():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import fit_doubt

    # one feature (bias, conf): subject readings sure and right, or less sure and half wrong
    sure = [("subject", "clean", [1.0, 0.99], True, 0)] * 90
    unsure = [("subject", "clean", [1.0, 0.6], ok, 0 if ok else 1) for ok in (True, False)] * 5
    rows = sure + unsure
    weights = {"subject": [-4.28, 8.97]}        # p(0.99) = 0.99, p(0.6) = 0.75
    rest = {"clean": {"n": 100 * 15, "silent": 0}, "damaged": {"n": 0, "silent": 0}}
    lines, _ = fit_doubt.choose_lines(rows, rest, weights, silent=0.001)
    flagged = sum(doubt.probability(weights["subject"], r[2]) < lines["subject"] for r in rows)
    assert flagged == 10                        # the unsure ones, and not one sure reading
    loose, _ = fit_doubt.choose_lines(rows, rest, weights, silent=0.01)
    assert loose["subject"] == fit_doubt.GRID[0]   # 5 of 1500 fields silent is allowed: flag none
