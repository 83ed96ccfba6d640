"""The Saraban engine: merging rules, the ONNX line model, and whole pages against plain Tesseract."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.errors import MissingDependencyError
from ingest.read import combine, junk
from ingest.read.combine import align, merge
from ingest.read.letters import DIGITS, canonical
from ingest.read.model import HEIGHT, LineModel, line_crop, line_model, prepare_line, without_rules
from ingest.read.saraban import SarabanEngine

ROOT = Path(__file__).resolve().parents[1]
LAKSAMAN = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"  # never used in training
NORASI = "/usr/share/fonts/truetype/tlwg/Norasi.ttf"
needs_fonts = pytest.mark.skipif(not Path(LAKSAMAN).exists(), reason="fonts-thai-tlwg not installed")
SURE = [0.99] * 80


def render(lines: list[str], font: str = LAKSAMAN, size: int = 46, width: int = 1500) -> Image.Image:
    """A clean page strip at ~300 dpi for 16 pt type."""
    f = ImageFont.truetype(font, size, layout_engine=ImageFont.Layout.RAQM)
    img = Image.new("L", (width, 40 + 90 * len(lines)), 255)
    d = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        d.text((60, 30 + 90 * i), text, font=f, fill=0)
    return img


def test_canonical_writes_sara_am_as_unicode_spells_it():
    assert canonical("คําสั่ง") == "คำสั่ง"
    assert canonical("นํ้าท่วม") == "น้ำท่วม"        # ํ + tone + า -> tone + ำ
    assert canonical("ทำ ตาม") == "ทำ ตาม"


def test_align_marks_equal_and_differing_regions():
    regions = align("๒๕๒๑ ปี", "๒๕๖๑ ปี")
    assert [r[4] for r in regions] == [True, False, True]
    i1, i2, j1, j2, _ = regions[1]
    assert ("๒๕๒๑ ปี"[i1:i2], "๒๕๖๑ ปี"[j1:j2]) == ("๒", "๖")


def test_merge_takes_the_models_digits_where_tesseract_has_none_of_them():
    text, src, doubts = merge("ที่ มท ๐๒๐๒๐.๒/ว ๕๒๒๑", "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", SURE)
    assert text == "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑" and not doubts
    assert src.count(-1) == 1                       # one character came from the model
    # ๘ read as Latin junk by tha+eng
    assert merge("ลว. ๒๕ ก.ค. BE", "ลว. ๒๘ ก.ค. ๖๗", SURE)[0] == "ลว. ๒๘ ก.ค. ๖๗"


def test_merge_reads_a_number_whose_thai_digits_tesseract_took_partly_for_arabic():
    # a pen-written receipt number ๙๙๖ (b24): Tesseract's ๑๕๕9 is a Thai number misread
    assert merge("เลขรับ ๑๕๕9", "เลขรับ ๙๙๖", SURE)[0] == "เลขรับ ๙๙๖"
    assert merge("เลขรับ 1559", "เลขรับ ๙๙๖", SURE)[0] == "เลขรับ 1559"  # Arabic: Tesseract's


def test_merge_never_deletes_digits_the_model_did_not_see():
    assert merge("ประกาศ ณ วันที่ ๒๕๕๘", "ประกาศ ณ วันที่", SURE)[0] == "ประกาศ ณ วันที่ ๒๕๕๘"


def test_merge_drops_extra_digits_only_inside_a_number_the_model_is_sure_of():
    assert merge("โทรสาร ๐ ๕๑๓๑๓๐", "โทรสาร ๐ ๕๑๓๐", SURE)[0] == "โทรสาร ๐ ๕๑๓๐"
    unsure = [0.99] * 11 + [0.5, 0.5] + [0.99] * 2
    assert merge("โทรสาร ๐ ๕๑๓๑๓๐", "โทรสาร ๐ ๕๑๓๐", unsure)[0] == "โทรสาร ๐ ๕๑๓๑๓๐"


def test_merge_takes_a_sure_thai_number_whole_where_tesseract_wrote_extra_digits():
    # b08 p2's table: ๓๗๐ read ๑๓๓๑๐; b36 p1: ๐๐๒๓.๑๑ read ๐๐๒๓๑๓.๑๑
    row = "องค์การบริหารส่วนตำบลแม่สา      {}      ๗๔.๐๐"
    assert merge(row.format("๑๓๓๑๐"), row.format("๓๗๐"), SURE)[0] == row.format("๓๗๐")
    assert merge("ที่ อบ ๐๐๒๓๑๓.๑๑/ว", "ที่ อบ ๐๐๒๓.๑๑/ว", SURE)[0] == "ที่ อบ ๐๐๒๓.๑๑/ว"
    # not where a letter is glued to the model's number (it did not read it whole: ๑ด for ๑๑),
    # not a lone digit, not one far shorter
    assert merge("๑๑ กุมภาพันธ์", "๑ด กุมภาพันธ์", SURE)[0] == "๑๑ กุมภาพันธ์"
    assert merge("กทม. ๑๐๓๐๐", "กทม. ๖ ๐)๐ ๐", SURE)[0].endswith("๐๐")
    assert merge("กทม. ๑๐๓๐๐", "กทม. ๑๐", SURE)[0] == "กทม. ๑๐๓๐๐"


def test_merge_drops_an_extra_digit_before_the_slash_of_a_number():
    assert merge("สข ๐๐๒๓.๓๕/ว ๙๒๗", "สข ๐๐๒๓.๓/ว ๙๒๗", SURE)[0] == "สข ๐๐๒๓.๓/ว ๙๒๗"
    assert merge("นม 0023.127/ว 34", "นม 0023.12/ว 34", SURE)[0] == "นม 0023.12/ว 34"
    unsure = SURE[:9] + [0.5] + SURE[10:]   # the slash
    assert merge("สข ๐๐๒๓.๓๕/ว ๙๒๗", "สข ๐๐๒๓.๓/ว ๙๒๗", unsure)[0] == "สข ๐๐๒๓.๓๕/ว ๙๒๗"


def test_merge_reads_the_letters_tesseract_writes_for_digits_inside_numbers():
    assert merge("ฒ๒.๒๐", "๗๒.๒๐", SURE)[0] == "๗๒.๒๐"
    assert merge("๐๘ด๖.๓", "๐๘๑๖.๓", SURE)[0] == "๐๘๑๖.๓"
    fair = [0.7] + SURE[1:]
    assert merge("ฒ๒.๒๐", "๗๒.๒๐", fair)[0] == "๗๒.๒๐"
    assert merge("ต ตำบล", "๓ ตำบล", fair)[0] == "ต ตำบล"      # not in a number: a letter


def test_merge_keeps_table_rules_and_decimal_points():
    assert merge("๓ร๕.๒๐ | -", "๓๘.๒๐1-", SURE)[0] == "๓๘.๒๐ | -"
    assert merge("ต๕.๐๐ | -", "๗๔๐๐ | -", SURE)[0] == "๗๔.๐๐ | -"


def test_merge_keeps_tesseracts_brackets_in_numbers():
    assert merge("(ฉบับที่ ๕) ลงวันที่", "(ฉบับที่ ๔๗ ลงวันที่", SURE)[0] == "(ฉบับที่ ๔) ลงวันที่"
    assert merge("(ฉบับที่ ๒) ลงวันที่", "(ฉบับที่ ๖ ลงวันที่", SURE)[0] == "(ฉบับที่ ๖) ลงวันที่"


def test_merge_keeps_tesseracts_round_zero_unless_the_model_is_fairly_sure_of_its_digit():
    # b30 p1: ที่ อต ๐๐๒๓.๓/ว, the model read ๖๐๒๓ at 0.49 from a crop full of a signature's strokes
    conf = [1.0] * 7 + [0.49] + [1.0] * 20
    assert merge("ที่ อต ๐๐๒๓.๓/ว", "ที่ อต ๖๐๒๓.๓/ว", conf)[0] == "ที่ อต ๐๐๒๓.๓/ว"
    assert merge("ที่ อต ๐๐๒๓.๓/ว", "ที่ อต ๖๐๒๓.๓/ว", SURE)[0] == "ที่ อต ๖๐๒๓.๓/ว"
    assert merge("พ.ศ. ๒๕๒๓", "พ.ศ. ๒๕๖๓", [1.0] * 7 + [0.55, 1.0])[0] == "พ.ศ. ๒๕๖๓"  # ๖ for ๒: the model's


def test_merge_keeps_tesseracts_arabic_digits():
    assert merge("หมู่ที่ 10 (ราย", "หมู่ที่ ๐ (ราย", SURE)[0] == "หมู่ที่ 10 (ราย"
    assert merge("มิถุนายน 2557 ณ", "มิถุนายน ๒๙ ณ", SURE)[0] == "มิถุนายน 2557 ณ"


def test_merge_takes_thai_digits_that_tesseracts_english_read_as_arabic_where_the_model_is_sure():
    # b32 p2: the item number ๒. read "5"; b09 p2: the ๐ of a phone number read "6"
    assert merge("5 ให้จัดเตรียมสถานที่", "๒. ให้จัดเตรียมสถานที่", SURE)[0] == "๒. ให้จัดเตรียมสถานที่"
    assert merge("โทร. 6 ๔๔๕๖ ๓๗๗๑", "โทร. ๐ ๔๔๕๖ ๓๗๗๑", SURE)[0] == "โทร. ๐ ๔๔๕๖ ๓๗๗๑"
    unsure = [0.9] + [1.0] * 30   # the ๒ itself less sure
    assert merge("5 ให้จัดเตรียมสถานที่", "๒. ให้จัดเตรียมสถานที่", unsure)[0] == "5 ให้จัดเตรียมสถานที่"


def test_merge_keeps_letters_inside_latin_words():
    tess = "Mathematics for Sustainable Community Development ประจำปี"
    model = "Mathematics for Sustainable Commนnity Developme๓t ประจำปี"
    assert merge(tess, model, SURE)[0] == tess


def test_merge_keeps_real_latin_words():
    assert merge("Development ประจำปี ๒๕๒๓", "ว๕๐๐๓๑๓เ ประจำปี ๒๕๖๗", SURE)[0] == "Development ประจำปี ๒๕๖๗"


def test_merge_digit_disagreements_tesseract_could_have_written_need_a_sure_model():
    conf = [0.6] + [0.99] * 6
    assert merge("๒๕๕๕ กำ", "๕๕๕๘ กำ", conf)[0] == "๒๕๕๘ กำ"   # ๘ is unwritable for Tesseract


def test_merge_never_changes_thai_letters_for_the_models_letters():
    tess, model = "การประชุมคณะกรรมการ", "กาธประชุนคณะกรรมกาง"
    assert merge(tess, model, SURE)[0] == tess


def test_merge_keeps_thai_letters_when_the_model_is_unsure_of_digits():
    text, _, doubts = merge("ข้อ ผล", "ข้อ ๘๔", [0.99] * 4 + [0.6, 0.7])
    assert text == "ข้อ ผล" and doubts == ["๘๔"]


def test_merge_fixes_sara_am_only_where_it_is_the_only_difference():
    assert merge("จานวน ๑ ชุด", "จำนวน ๑ ชุด", SURE)[0] == "จำนวน ๑ ชุด"
    assert merge("จานวน", "จำนวบ", SURE)[0] == "จำนวน"   # ำ taken, the model's บ not


def test_merge_inserts_dropped_tone_marks_only_when_asked():
    assert merge("วันที ๑", "วันที่ ๑", SURE, lexicon=False)[0] == "วันที ๑"
    assert merge("วันที ๑", "วันที่ ๑", SURE, marks=True, lexicon=False)[0] == "วันที่ ๑"


@pytest.mark.parametrize("tess, model, want", [
    ("เรือง การประชุม", "เรื่อง การประชุน", "เรื่อง การประชุม"),          # the mark, not the model's น
    ("ตามสิ่งทิส่งมาด้วย นัน", "ตามสิ่งที่ส่งมาด้วย นั้น", "ตามสิ่งที่ส่งมาด้วย นั้น"),
    ("NOU ๐๐๒๓", "ที่ อบ ๐๐๒๓", "ที่ อบ ๐๐๒๓"),                       # Latin junk for Thai words
    ("AWAY หนังสือ", "อ้างถึง หนังสือ", "อ้างถึง หนังสือ"),
    ("ศาลากลางจังหวัด", "สาลากลงลังหวัด", "ศาลากลางจังหวัด"),           # the model's worse letters
    ("กิน ด้าน", "กิ่น ดาน", "กิน ด้าน"),                                  # a real word stays
    ("พนักงานจ้าง", "พนักง้านจ้าง", "พนักงานจ้าง"),                       # no tone where none belongs
    ("ผู้บริหารท้องถิน", "ผู้บริหารท้องลิน", "ผู้บริหารท้องถิน"),             # marks only, not letters
])
def test_merge_lets_the_word_list_settle_thai_letters(tess, model, want):
    assert merge(tess, model, SURE)[0] == want


def test_merge_reads_the_circular_mark_after_a_slash():
    assert merge("มท 0206.2/2 4109", "มท 0206.2/ว 4109", SURE)[0] == "มท 0206.2/ว 4109"
    assert merge("ข้อ 2/2", "ข้อ 2/2", SURE)[0] == "ข้อ 2/2"


def test_merge_needs_a_fairly_sure_model_to_change_letters():
    assert merge("เรือง", "เรื่อง", [0.99, 0.99, 0.99, 0.3, 0.99, 0.99])[0] == "เรือง"


def test_scattered_marks_read_as_junk_are_left_alone():
    from ingest.page import Line, Word
    from ingest.read.junk import sparse

    assert sparse(Line("1      1        1   a", (0, 0, 2000, 50), 60.0), "/ ๘ ๘ต")
    assert not sparse(Line("Yo", (0, 0, 70, 40), 60.0), "๖๑")
    assert not sparse(Line("พ.ศ. ๒๕๕๕", (0, 0, 300, 50), 90.0), "พ.ศ. ๒๕๕๔")
    # b30 p1: a date beside two specks read "|" far off to its right (12 px tall, lines of 70): its width is the date's
    words = [Word("เมษายน", (713, 1215, 921, 1318), 96), Word("๒๕๒๕", (966, 1219, 1128, 1303), 88),
             Word("|", (1480, 1309, 1484, 1321), 55), Word("|", (2251, 1310, 2256, 1322), 56)]
    date = Line("เมษายน ๒๕๒๕              |                              |", (713, 1255, 2256, 1322), 70.0, words)
    assert sparse(date, "เมษายน ๒๕๖๔")
    assert not sparse(date, "เมษายน ๒๕๖๔", usual=70.0)


def test_prepare_line_normalizes_contrast_and_height():
    g = np.full((60, 300), 200, np.uint8)
    g[20:40, 50:250] = 90                            # grey ink on grey paper
    x = prepare_line(g)
    assert x.shape == (1, HEIGHT, 200 + 8) and x.dtype == np.float32
    assert x.max() == pytest.approx(1.0, abs=0.01) and x.min() == 0.0


def test_import_is_cheap():
    code = "import sys, ingest.read.model, ingest.read.saraban; print(sorted(m for m in ('onnxruntime', 'torch', 'cv2') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_weights_say_what_to_do(tmp_path):
    with pytest.raises(MissingDependencyError, match="weights"):
        LineModel(tmp_path / "none.onnx")


@needs_fonts
@pytest.mark.parametrize("font", [LAKSAMAN, NORASI])
def test_model_reads_every_thai_digit_in_unseen_fonts(font):
    texts = ["วันที่ ๑๒ ตุลาคม ๒๕๖๑", "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", "๔๖๗๘๙ ๐๑๒๓๕ ๙๘๗๖๔"]
    img = render(texts, font)
    gray = np.asarray(img)
    from rapidfuzz.distance import Levenshtein

    model = LineModel()
    errors = total = 0
    got = ""
    for i, want in enumerate(texts):
        crop = gray[10 + 90 * i: 110 + 90 * i]
        text, conf, _ = model.read(crop)
        digits = "".join(c for c in text if c in DIGITS)
        want_digits = "".join(c for c in want if c in DIGITS)
        errors += Levenshtein.distance(digits, want_digits)
        total += len(want_digits)
        got += text + " | "
    # the shipped model: Laksaman 0/33 wrong, Norasi 2/33 (๙ read ๔, ๓ read ๑): see models/README.md
    assert errors <= 2, f"{errors}/{total} digits wrong: {got}"
    assert "๒๕๖๑" in got and "๐๒๐๖.๒/ว ๕๒๒๑" in got       # the keys themselves


@needs_fonts
def test_engine_reads_dates_and_numbers_that_tesseract_cannot():
    from ingest.read.engine import TesseractEngine

    lines = ["ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", "๑๘ ตุลาคม ๒๕๖๗", "จำนวน ๔ ชุด โทร. ๐ ๗๔๒๘ ๙๖๙๗"]
    img = render(lines)
    plain = TesseractEngine().read(img, 1)
    ours = SarabanEngine().read(img, 1)
    assert ours.engine == "saraban" and len(ours.lines) == len(plain.lines)
    text = ours.text.replace(" ", "")
    for want in ("มท๐๒๐๖.๒/ว๕๒๒๑", "๑๘ตุลาคม๒๕๖๗", "๐๗๔๒๘๙๖๙๗", "๔ชุด"):
        assert want in text, ours.text
    assert "๒๕๖๗" not in plain.text                 # the reason this engine exists
    for line in ours.lines:                         # words still carry the line's text
        assert "".join(w.text for w in line.words).replace(" ", "") == line.text.replace(" ", "")


# ---------------------------------------------------------------- real documents with Thai digits

REALDOCS = ROOT.parent / "shared" / "realdocs"
# Date and number strings transcribed by hand from the page images (spaces dropped; "\n" = the
# start of a printed line), with how often each is printed on the page.
_ITEMS = "๑ ๒ ๓ ๔ ๕ ๖ ๗ ๘ ๙ ๑๐ ๑๑ ๑๒ ๑๓".split()
HAND = {
    ("sao-announcement-services.jpg", 0): [("\n๒๕๕๘", 1), ("มาตรา๗", 1), ("พ.ศ.๒๕๕๘", 2), ("๒๐เดือน", 1)]
    + [(f"\n{n}.", 1) for n in _ITEMS],
    ("psu-invitation-letter.pdf", 0): [
        ("อว๖๘๒๐๔.๒/๐๒๔", 1), ("๙๔๐๐๐", 1), ("๘สิงหาคม๒๕๖๗", 1), ("๑ชุด", 1), ("๒๕๖๗", 3),
        ("๒๑-๒๕ตุลาคม๒๕๖๗", 1), ("๐๗๓๓๓๑๙๒๘-๔๕", 1), ("๑๘๙๐", 1), ("๐๗๓๓๓๕๑๓๐", 1)],
    ("civil-employee-pay-notice-bitonal.pdf", 0): [
        ("พ.ศ.๒๕๕๔", 2), ("๑๔และ", 1), ("๑๕วรรค", 1), ("พ.ศ.๒๕๔๗", 2), ("๑ประกาศ", 1), ("๒ให้ยกเลิก", 1),
        ("(๑)ประกาศ", 1), ("๕กุมภาพันธ์๒๕๔๗", 1), ("(๒)ประกาศ", 1), ("๒)ลง", 1), ("๒๑ตุลาคม๒๕๔๗", 1),
        ("(๓)ประกาศ", 1), ("๔)ลง", 1), ("๒๗ตุลาคม๒๕๔๘", 1), ("(๔)ประกาศ", 1), ("๕)ลง", 1), ("๒๗มี", 1),
        ("พ.ศ.๒๕๕๐", 2), ("(๕)ประกาศ", 1), ("๖)ลง", 1), ("๕ตุลาคม", 1), ("(๖)ประกาศ", 1),
        ("๗)พ.ศ.๒๕๕๒", 1), ("๓ในประกาศ", 1), ("๔การ", 1)],
}


def hand_strings_read(page) -> tuple[int, int, list[str]]:
    """(strings read right, strings printed, the ones missed) for a page read by an engine."""
    text = "\n" + "\n".join(canonical(l.text).replace(" ", "").replace("–", "-") for l in page.lines)
    key = next(k for k in HAND if k[0] == page.source)
    right, total, missed = 0, 0, []
    for s, n in HAND[key]:
        got = min(text.count(s), n)
        right, total = right + got, total + n
        if got < n:
            missed.append(s.strip())
    return right, total, missed


def read_realdoc(engine, name: str, index: int):
    from ingest.clean import clean_page
    from ingest.load import open_document, render_page

    image, _ = render_page(open_document(REALDOCS / name), index)
    page = engine.read(clean_page(image), index + 1)  # cleaned as the pipeline does
    page.source = name  # which hand list applies
    return page


@pytest.mark.realdocs
@pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is absent")
def test_real_documents_dates_and_numbers_read_right():
    engine = SarabanEngine()
    right = total = 0
    missed = []
    for name, index in HAND:
        r, t, m = hand_strings_read(read_realdoc(engine, name, index))
        right, total, missed = right + r, total + t, missed + [f"{name}: {s}" for s in m]
    assert total == 57
    assert right / total >= 0.95, f"{right}/{total} read right; missed {missed}"


def _line(*words):
    from ingest.page import Line, Word

    ws = [Word(t, (i * 100, 0, i * 100 + 80, 40), c) for i, (t, c) in enumerate(words)]
    return Line(" ".join(t for t, _ in words), (0, 0, 100 * len(words), 40), 70.0, ws)


def test_junk_of_seals_and_signatures_is_dropped_from_a_thai_line():
    line = _line(("หนองหาร", 80), ("aA", 63), ("=", 50), ("ow", 60), ("|", 50), ("ays", 10))
    assert junk.drop_junk(line)
    assert line.text == "หนองหาร" and [w.text for w in line.words] == ["หนองหาร"]


def test_signature_loops_and_latin_mixed_into_thai_are_junk():
    line = _line(("นายกองค์การบริหารส่วนตำบลโนน", 85), ("งงงง", 70), ("พAUVa-", 40))
    assert junk.drop_junk(line)
    assert line.text == "นายกองค์การบริหารส่วนตำบลโนน"
    line = _line(("ถนนนครราชสีมา", 80), ("COVID-19", 60), ("กทม.", 90))   # นนน of ถนน นคร is a word
    before = line.text
    assert junk.drop_junk(line) and line.text == before


def test_a_speck_read_as_a_dot_before_a_line_is_junk_but_an_item_numbers_dot_stays():
    line = _line((".", 40), ("นายอำเภอปากช่อง", 90))
    assert junk.drop_junk(line) and line.text == "นายอำเภอปากช่อง"
    line = _line(("๑", 90), (".", 40), ("ให้จัดประชุม", 90))
    before = line.text
    assert junk.drop_junk(line) and line.text == before


def test_junk_filter_keeps_numbers_sure_latin_and_thai():
    line = _line(("เลขรับ", 91), ("1252", 20), ("(Development)", 55), ("Cee", 90), ("-", 30), ("7", 71))
    before = line.text
    assert junk.drop_junk(line) and line.text == before


def test_junk_that_stands_for_a_misread_letter_stays():
    for words in ((("ด", 97), ("@", 36), ("น", 96)), (("JM,", 30), (",186/2565", 80)),
                  (("29", 91), ("ม.ค.", 79), ("bb", 50))):
        line = _line(*words)
        before = line.text
        assert junk.drop_junk(line) and line.text == before


def test_a_line_of_junk_only_is_dropped():
    assert not junk.drop_junk(_line(("ays", 10)))
    assert not junk.drop_junk(_line(("S)-", 50)))


def test_a_reference_number_the_model_reads_whole_replaces_a_garbled_one():
    text = merge("NUN ๐๒๐๒๐.๒/ว ๕๑๐๕     กระทรวงมหาดไทย", "ที่ มท ๐๒๐๖.๒/ว ๔๑๐๙ กระทรวงมหาดไทย", SURE)[0]
    assert text == "ที่ มท ๐๒๐๖.๒/ว ๔๑๐๙     กระทรวงมหาดไทย"


def test_a_date_the_model_reads_whole_replaces_a_garbled_one():
    assert merge("วันที ๒๕ aa. “9๑", "วันที่ ๒๕ ต.ค. ๖๑", SURE)[0].endswith("๒๕ ต.ค. ๖๑")


def test_a_day_and_month_without_a_year_are_left_to_the_extraction():
    # ม.ค. and มี.ค. differ by one mark: the extraction's fallback (the first such day after
    # the letter's date, flagged) is safer than a month the model half read
    conf = [0.99] * 10 + [0.88] + [0.99] * 5   # as read on a sample stamp
    assert merge("วันที 15 Fea, 62", "วันที่ 15 ม.ค. ต", conf)[0].endswith("15 Fea, 62")


def test_a_well_formed_key_or_an_unsure_model_leaves_the_line_alone():
    assert merge("ที่ มท ๐๒๐๑.๒/ว ๔๑๐๙", "ที่ มห ๐๒๐๑.๒/ว ๔๑๐๙", SURE)[0] == "ที่ มท ๐๒๐๑.๒/ว ๔๑๐๙"
    unsure = [0.99] * 6 + [0.4] + [0.99] * 20
    assert merge("NUN ๐๒๐๒๐.๒/ว ๕๑๐๕", "ที่ มท ๐๒๐๖.๒/ว ๔๑๐๙", unsure)[0] != "ที่ มท ๐๒๐๖.๒/ว ๔๑๐๙"


def _cells(line, *reads):
    """One Cell per (word indices, model text, least confidence)."""
    from ingest.read.pieces import Cell

    return [Cell(line.words[ws[0]].box, " ", list(ws), text, [conf] * len(text)) for ws, text, conf in reads]


@pytest.mark.parametrize("seen, model, conf, want", [
    (("อำเภอหางดง", "ต๐"), "๓๗๐", 0.88, "อำเภอหางดง ๓๗๐"),        # ๗ is beyond Tesseract: ต for ๓
    (("อำเภอหางดง", "ane"), "๑๓๑", 0.56, "อำเภอหางดง ๑๓๑"),       # Latin junk for a number
    (("อำเภอหางดง", "ต๕.๐๐"), "๗๔๐๐", 0.89, "อำเภอหางดง ๗๔.๐๐"),  # Tesseract's decimal point stays
    (("อำเภอหางดง", "๕๕.๒๐"), "๕๕๒๐", 0.92, "อำเภอหางดง ๕๕.๒๐"),  # only the point differs: as read
    (("อำเภอหางดง", "๑๓๑"), "๑๒๑", 0.7, "อำเภอหางดง ๑๓๑"),        # digits Tesseract writes: only if sure
    (("อำเภอหางดง", "434"), "๔๓๔", 0.99, "อำเภอหางดง 434"),        # its English reads Arabic digits
    (("อำเภอหางดง", "๑๐๕"), "๑๔", 0.99, "อำเภอหางดง ๑๐๕"),        # never a digit dropped
    (("อำเภอหางดง", "ต๐"), "๓๗๐", 0.3, "อำเภอหางดง ต๐"),           # an unsure model leaves it
    (("อำเภอหางดง", "ดา"), "๓๗", 0.99, "อำเภอหางดง ดา"),            # letters with no digit: a word
])
def test_a_number_cell_the_model_reads_whole_is_the_models(seen, model, conf, want):
    line = _line(*[(w, 80) for w in seen])
    combine.number_cells(line, _cells(line, ((0,), "อำเภอหางดง", 0.9), ((1,), model, conf)))
    assert line.text == want
    assert " ".join(w.text for w in line.words) == want


def test_a_number_cell_of_several_words_becomes_one_word():
    line = _line(("๗", 80), ("๓๓", 50), ("ดา", 40), ("๒", 60), ("-", 90))
    combine.number_cells(line, _cells(line, ((0,), "๗", 0.99), ((1, 2, 3), "๓๓๒", 0.9), ((4,), "-", 0.9)))
    assert line.text == "๗ ๓๓๒ -"
    assert [w.text for w in line.words] == ["๗", "๓๓๒", "-"]
    assert line.words[1].box == (100, 0, 380, 40)


def test_marks_cut_off_into_a_thin_line_inside_a_line_of_words_are_dropped():
    from ingest.page import Line
    from ingest.read.junk import mark_strip

    words = Line("เรื่อง การสำรวจข้อมูลผู้มีสิทธิรับเงิน", (360, 534, 1785, 648), 90.0)
    strip = Line("VAR AY za", (988, 555, 1284, 574), 40.0)
    scrawl = Line("~ ก ~", (300, 2000, 1500, 2200), 20.0)
    date = Line("12/6/67", (600, 2100, 800, 2140), 60.0)
    # the tone marks over พบว่าหน่วยงานหลายแห่ง..., cut off two pixels above the line's box
    # (b36 p5), read by the model as digits
    below = Line("พบว่าหน่วยงานหลายแห่งจัดเก็บเอกสารไม่เป็นไปตามระเบียบ", (489, 714, 2077, 783), 92.0)
    over = Line("1     1     1  ๓  ๕", (598, 712, 1997, 735), 79.0)
    number = Line("๑๒๖๙", (1700, 300, 1850, 340), 80.0)   # a stamp's number, near no line of words
    lines = [words, strip, scrawl, date, below, over, number]
    assert mark_strip(strip, lines)
    assert mark_strip(over, lines)
    assert not mark_strip(words, lines)
    assert not mark_strip(below, lines)
    assert not mark_strip(date, lines)   # a small line inside a signature's scrawl may be its date
    assert not mark_strip(number, lines)

    # b36 p4, b07 p1: a letter or two alone among the junk, a strip over half the line's height
    body = Line("๑. ให้แยกเอกสารที่ปฏิบัติเสร็จแล้วออกเป็นเอกสาร", (681, 1518, 2094, 1606), 92.0)
    marks = Line("ย       ๕       ๕       ๕", (803, 1505, 2052, 1538), 65.0)
    small = Line("ประชาชนทราบเรื่องรับสมัครบุคคลเพื่อสรรหา", (296, 657, 1535, 708), 79.0)
    tall = Line("a     ๑7     ๑7     a     ๕", (577, 645, 1447, 672), 71.0)
    name = Line("หนองหาร       ๑      ow       ๕", (241, 724, 1762, 767), 73.0)   # a word: kept
    under = Line("เพื่อโปรดพิจารณาดำเนินการต่อไป     (นายวิทยา อินทร์", (242, 743, 1780, 845), 80.0)
    lines = [body, marks, small, tall, name, under]
    assert mark_strip(marks, lines) and mark_strip(tall, lines)
    assert not mark_strip(name, lines) and not mark_strip(body, lines)

    # b32 p1: the ั of a big secrecy mark ลับมาก cut off just over the line's top, read "๑2"
    secret = Line("ลบมาก         ที่ว่าการอำเภอชุมแพ", (1153, 109, 2222, 197), 92.0)
    mark = Line("๑2 :", (1172, 72, 1350, 111), 64.0)
    # b17 p1: an order's number just over its title is a line of its own
    title = Line("เรื่อง แต่งตั้งคณะกรรมการตรวจรับพัสดุ", (800, 700, 1700, 790), 90.0)
    order = Line("ที่ ๑๔๒/๒๕๖๓", (1009, 638, 1467, 692), 71.0)
    lines = [secret, mark, title, order]
    assert mark_strip(mark, lines)
    assert not mark_strip(order, lines)

    # Sarabun (an evaluation font): the stacked marks over เรื่อง's line make a strip 0.66 as
    # tall as it, ending in its top half; a stamp's time line beside a line's top is no strip
    subject = Line("เรื่อง การเบิกจ่ายค่าใช้จ่ายในการเดินทางไปราชการ", (359, 821, 1748, 888), 91.0)
    tall_marks = Line("a   1  1  9๑9 1   ๑", (374, 806, 1317, 850), 60.0)
    low = Line("a   1  1   ๑", (374, 830, 1317, 874), 60.0)          # reaching its lower half
    lines = [subject, tall_marks, low]
    assert mark_strip(tall_marks, lines)
    assert not mark_strip(low, lines)


def _sealed_date(tone: int = 90) -> Image.Image:
    """An office's name and date with a grey seal printed over them, as on a stamped letter."""
    import math

    img = Image.new("L", (2480, 900), 255)
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(LAKSAMAN, 62, layout_engine=ImageFont.Layout.RAQM)
    d.text((700, 250), "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดอุตรดิตถ์", font=f, fill=0)
    d.text((1000, 360), "๑๑ พฤศจิกายน ๒๕๖๕", font=f, fill=0)
    cx, cy, r = 1250, 330, 190
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=tone, width=5)
    d.ellipse([cx - r + 45, cy - r + 45, cx + r - 45, cy + r - 45], outline=tone, width=4)
    for k in range(36):
        a = 2 * math.pi * k / 36
        d.line([(cx + (r - 40) * math.cos(a), cy + (r - 40) * math.sin(a)),
                (cx + (r - 8) * math.cos(a), cy + (r - 8) * math.sin(a))], fill=tone, width=5)
    return img.convert("RGB")


@needs_fonts
def test_a_line_under_a_seal_is_read_again_without_the_seals_ink():
    plain = [l.text for l in SarabanEngine().tesseract.read(_sealed_date(), 1).lines]
    assert "๑๑ พฤศจิกายน ๒๕๖๕" not in plain   # the seal's ticks garble Tesseract's reading
    engine = SarabanEngine()
    texts = [l.text for l in engine.read(_sealed_date(), 1).lines]
    assert "๑๑ พฤศจิกายน ๒๕๖๕" in texts
    # the seal's rings are inpainted first (seals.py); its dashes that touch ร and ม stay, and
    # cost the office's name two characters here (on the samples' three sealed pages the
    # rings' removal took their edits from 104 to 11)
    office = "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดอุตรดิตถ์"
    from rapidfuzz.distance import Levenshtein
    assert min(Levenshtein.distance(office, t) for t in texts) <= 2


def test_a_black_seals_rings_are_found_and_painted_out_before_reading():
    from ingest.clean import clean_page
    from ingest.load import open_document, render_page
    from ingest.read.seals import seal_rings, without_seal_rings

    # b31, damaged: the red seal over the closing is as dark as the letters after the damage,
    # and runs through the date; plain Tesseract reads "๓  าคม  ๓" for it
    sample = Path(__file__).resolve().parents[1] / "samples" / "bundles" / "b31-stamped-table.pdf"
    page = clean_page(render_page(open_document(sample), 0)[0])
    gray = np.asarray(page.convert("L"))
    seals = seal_rings(gray)
    assert len(seals) == 1
    x, y, rings = seals[0]
    assert abs(x - 1526) <= 4 and abs(y - 1654) <= 4 and len(rings) == 2 and abs(max(rings) - 187) <= 3
    clean = without_seal_rings(gray, seals)
    top = slice(int(y - max(rings)) - 4, int(y - max(rings)) + 4), slice(int(x) - 30, int(x) + 30)
    assert (clean[top] < 128).sum() <= 0.3 * (gray[top] < 128).sum()   # the ring's top: gone
    plain = [l.text for l in SarabanEngine().tesseract.read(page, 1).lines]
    assert "๗ มกราคม ๒๕๖๗" not in plain
    texts = [l.text for l in SarabanEngine().read(page, 1).lines]
    assert "๗ มกราคม ๒๕๖๗" in texts
    assert "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น" in texts


@pytest.mark.realdocs
@pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is absent")
def test_a_round_crest_in_a_letterhead_is_no_seal():
    from ingest.read.seals import seal_rings

    # the PSU letter's crest: rings round a disc full of ink, 0.8 cm across the radius; taken
    # for a seal, its rings painted out left "Cy 6-" to read
    from ingest.clean import clean_page
    from ingest.load import open_document, render_page

    page = clean_page(render_page(open_document(REALDOCS / "psu-invitation-letter.pdf"), 0)[0])
    assert seal_rings(np.asarray(page.convert("L"))) == []


def test_no_seal_is_found_on_a_page_of_text():
    from ingest.read.seals import seal_rings

    img = Image.new("L", (2480, 1200), 255)
    d = ImageDraw.Draw(img)
    for k in range(8):
        d.text((300, 100 + 120 * k), "องค์การบริหารส่วนตำบล ๐๒๓๖ ดำเนินการ โอ อ อ อ", fill=0,
               font=ImageFont.truetype(LAKSAMAN, 80) if Path(LAKSAMAN).exists() else None)
    assert seal_rings(np.asarray(img)) == []


def _one_piece(words, model: str, conf: float = 1.0):
    """A line of Tesseract's ``words`` (their text joined by spaces, their box) and the model's
    reading of it as one piece, ``model`` at ``conf`` a character: what the rules that take
    stray words out of a line before the merge are given."""
    from ingest.page import Line, union
    from ingest.read.pieces import Cell

    line = Line(" ".join(w.text for w in words), union(w.box for w in words), 90.0, words)
    return line, [Cell(line.box, "", list(range(len(words))), model, [conf] * len(model))]


def test_a_mark_read_apart_as_a_digit_over_the_next_word_is_dropped():
    from ingest.page import Line, Word
    from ingest.read.pieces import Cell
    from ingest.read.strays import drop_stray_words

    # b13 p1: the ึ of จึง, cut out above the word and read "4"; the model reads จึง
    words = [Word("เรียบร้อย", (954, 1397, 2102, 1506), 93), Word("4", (2149, 1419, 2180, 1480), 95),
             Word("จง", (2156, 1441, 2211, 1479), 97)]
    line = Line("เรียบร้อย 4 จง", (954, 1397, 2211, 1506), 93, words)
    cells = [Cell((954, 1397, 2102, 1506), "", [0], "เรียบร้อย", [1.0] * 9),
             Cell((2149, 1419, 2211, 1480), " ", [1, 2], "จึง", [1.0, 0.9, 1.0])]
    drop_stray_words(line, cells)
    assert line.text == "เรียบร้อย จง" and [w.text for w in line.words] == ["เรียบร้อย", "จง"]
    assert cells[1].words == [1]

    # a digit beside a word, not over it, stays (ข้อ ๔ ให้), and so does one the model reads
    words = [Word("ข้อ", (100, 10, 180, 60), 90), Word("๔", (200, 12, 230, 60), 60),
             Word("ให้", (250, 5, 320, 60), 90)]
    line, cells = _one_piece(words, "ข้อ ให้")
    drop_stray_words(line, cells)
    assert line.text == "ข้อ ๔ ให้"
    words[1] = Word("4", (250, 2, 280, 40), 90)   # over ให้, but the model sees a digit there
    line, cells = _one_piece(words, "ข้อ ๔ ให้")
    drop_stray_words(line, cells)
    assert line.text == "ข้อ 4 ให้"


def test_a_digit_read_out_of_a_letter_inside_the_next_word_is_dropped():
    from ingest.page import Word
    from ingest.read.strays import drop_stray_words

    # b04 p3: the จ of จึง read a second time as "4", its box inside the word's, not above it
    words = [Word("เรียบร้อย", (760, 1313, 1961, 1439), 93), Word("4", (2005, 1331, 2042, 1397), 79),
             Word("จึง", (2010, 1323, 2068, 1412), 93)]
    line, cells = _one_piece(words, "เรียบร้อย จึง")
    drop_stray_words(line, cells)
    assert line.text == "เรียบร้อย จึง" and [w.text for w in line.words] == ["เรียบร้อย", "จึง"]
    # beside the word, not inside it, a digit stays
    words = [Word("เรียบร้อย", (760, 1313, 1961, 1439), 93), Word("4", (1975, 1331, 2008, 1397), 79),
             Word("จึง", (2010, 1323, 2068, 1412), 93)]
    line, cells = _one_piece(words, "เรียบร้อย จึง")
    drop_stray_words(line, cells)
    assert line.text == "เรียบร้อย 4 จึง"


def test_the_model_does_not_read_a_piece_far_shorter_than_its_line():
    from ingest.page import Line, Word
    from ingest.read.pieces import cells_text as combine_cells

    # b04 p2: the marks of the next line's พื้น cut off into a ";" at the start of this line,
    # which the model, enlarging the 16 px crop to its height, read "2/" (0.99 sure)
    img = Image.new("L", (900, 140), 255)
    draw = ImageDraw.Draw(img)
    draw.text((10, 100), ";", fill=0)
    words = [Word(";", (10, 110, 30, 126), 32), Word("จึงเรียน", (300, 20, 800, 120), 72)]
    line = Line(";      จึงเรียน", (10, 20, 800, 126), 72, words)
    cells = SarabanEngine().read_cells(np.asarray(img), line, widened=False)
    assert [c.words for c in cells] == [[0], [1]]
    assert cells[0].text == ";"   # Tesseract's reading stands there, and keeps the line aligned
    assert merge(line.text, *combine_cells(cells))[0].startswith(";")


def test_merge_drops_a_digit_glued_to_thai_text_that_the_model_does_not_see():
    assert merge("ขอแสดงความนับถือ1", "ขอแสดงความนับถือ", SURE)[0] == "ขอแสดงความนับถือ"
    assert merge("ถนนมหาดไทย นม ๓๐๐๐๐1", "ถนนมหาดไทย นม ๓๐๐๐๐", SURE)[0] == "ถนนมหาดไทย นม ๓๐๐๐๐"
    # a digit standing alone may be a pen's the model missed; Arabic numbers are Tesseract's
    assert merge("วันที่ 4 ธ.ค.", "วันที่ ธ.ค.", SURE)[0] == "วันที่ 4 ธ.ค."
    assert merge("ที่ 1/2565", "ที่ /2565", SURE)[0] == "ที่ 1/2565"
    assert merge("เลขรับ 4391", "เลขรับ 439", SURE)[0] == "เลขรับ 4391"


def test_an_unsure_number_where_the_model_reads_nothing_is_dropped():
    from ingest.page import Line, Word
    from ingest.read.pieces import Cell
    from ingest.read.strays import drop_stray_words

    # b30 p1: a receipt stamp's empty dotted line, read "0500๐0" at 28 by Tesseract
    words = [Word("เลขรับ", (1490, 195, 1653, 271), 93), Word("๕๕๒", (1690, 203, 1823, 259), 83),
             Word("0500๐0", (2025, 196, 2180, 272), 28)]
    line = Line("เลขรับ ๕๕๒       0500๐0", (1490, 195, 2180, 272), 68, words)
    cells = [Cell((1490, 195, 1823, 271), "", [0, 1], "เลขรับ ๔๘๒", [0.95] * 10),
             Cell((2025, 196, 2180, 272), "       ", [2], "", [])]
    drop_stray_words(line, cells)
    assert line.text == "เลขรับ ๕๕๒" and len(line.words) == 2 and cells[1].words == []
    # b36 p4: a speck before an item number read "2" at 50
    words2 = [Word("2", (442, 1890, 472, 1906), 50), Word("๓.ให้กําหนดอายุการเก็บ", (617, 1795, 1500, 1910), 90)]
    line2 = Line("2      ๓.ให้กําหนดอายุการเก็บ", (442, 1799, 1500, 1906), 90, words2)
    drop_stray_words(line2, [Cell((442, 1842, 472, 1908), "", [0], "", []),
                              Cell((617, 1795, 1500, 1910), "      ", [1], "๓. ให้กำหนดอายุการเก็บ", [0.9] * 21)])
    assert line2.text.strip() == "๓.ให้กําหนดอายุการเก็บ"
    # a number Tesseract is sure of stays, whatever the model makes of it
    words = words[:2] + [Word("1500", (2025, 196, 2180, 272), 85)]
    line = Line("เลขรับ ๕๕๒       1500", (1490, 195, 2180, 272), 85, words)
    drop_stray_words(line, [Cell((2025, 196, 2180, 272), "       ", [2], "", [])])
    assert line.text == "เลขรับ ๕๕๒       1500"


def test_a_digit_read_from_a_speck_is_dropped():
    from ingest.page import Word
    from ingest.read.strays import drop_stray_words

    # b09 p3: "3" read at 84 from a 2 x 2 px speck before โทรสาร
    words = [Word("3", (388, 3353, 390, 3355), 84), Word("โทรสาร", (431, 3309, 627, 3413), 93),
             Word("๐", (659, 3345, 697, 3377), 96)]
    line, cells = _one_piece(words, "โทรสาร ๐")
    drop_stray_words(line, cells)
    assert line.text == "โทรสาร ๐" and [w.text for w in line.words] == ["โทรสาร", "๐"]


def test_a_piece_of_a_word_read_twice_is_dropped():
    from ingest.page import Word
    from ingest.read.strays import drop_stray_words

    # b04 p3: "ดั" read alone and again inside "ดังนัน" over it
    words = [Word("ปัจจุบัน", (356, 1323, 544, 1422), 93), Word("ดั", (568, 1323, 623, 1422), 86),
             Word("ดังนัน", (582, 1323, 729, 1439), 79)]
    line, cells = _one_piece(words, "ปัจจุบัน ดังนั้น", 0.9)
    drop_stray_words(line, cells)
    assert line.text == "ปัจจุบัน ดังนัน"
    # the same word twice side by side is read as it is
    words = [Word("ที่", (100, 0, 160, 50), 90), Word("ที่", (180, 0, 240, 50), 90)]
    line, cells = _one_piece(words, "ที่ ที่", 0.9)
    drop_stray_words(line, cells)
    assert line.text == "ที่ ที่"


def test_a_short_unsure_jumble_of_scripts_is_dropped_but_not_a_number_or_a_stamp_date():
    from ingest.page import Line, Word
    from ingest.read.junk import garbled

    def line(text, conf):
        return Line(text, (0, 0, 500, 50), conf, [Word(t, (0, 0, 10, 10), conf) for t in text.split()])

    assert garbled(line("๑7/ฆAy", 40))                 # a signature's loops
    assert garbled(line("||R๗vaAฆ๐wa๗AY", 35))
    assert not garbled(line("๑7/ฆAy", 85))             # read surely: not for this rule
    assert not garbled(line("VA ขก 75657/96", 50))     # a memo's number behind a smudged ที่
    assert not garbled(line("วันที่ ๑ Aya. 67", 40))    # a stamp's pen-written date
    assert not garbled(line("เลขรับ ๑๕๕9", 40))
    assert not garbled(line("นายกองค์การบริหาร ay", 40))
    assert garbled(line("๐ร9", 58))                    # b30 p5: three characters are enough
    # clean b23 p1: the end of an office's name carried over (พระ at 92) amid junk: it alone stays
    words = [Word("พระ", (237, 2334, 316, 2366), 92), Word("aA", (1552, 2342, 1583, 2370), 59),
             Word("๕6", (1808, 2334, 1833, 2369), 61)]
    carried = Line("พระ      aA      ๕6", (237, 2334, 1833, 2370), 60, words)
    assert not garbled(carried) and carried.text == "พระ" and [w.text for w in carried.words] == ["พระ"]
    assert not garbled(line("๐ร", 40))                 # ...two are not


def test_line_crop_paints_out_a_rule_across_the_line():
    # a stamp's ruled frame under its time line (b30 p4) made the model read "2a0220น"
    img = np.full((60, 400), 235, np.uint8)
    img[20:35, 40:60] = 20           # a letter's stroke
    img[50:53, :] = 30               # the rule, unbroken across the crop
    img[44:47, 100:300:8] = 30       # a dotted fill-in line stays
    out = without_rules(img)
    assert (out[50:53, 20:380] > 200).all()
    assert (out[20:35, 40:60] == 20).all() and (out[44:47, 100:300:8] == 30).all()
    assert without_rules(img[:, :150]) is not None  # too short to hold a rule: kept
    assert (without_rules(img[:, :150])[50:53] == 30).all()


@needs_fonts
def test_model_reads_a_stamp_line_with_its_frame_rule_in_the_crop():
    page = render(["เวลา ๑๓.๑๐ น."], width=700)
    a = np.array(page)
    a[100:104, 20:680] = 0           # the stamp frame's rule just under the line
    text, _, _ = line_model(None).read(line_crop(a, (50, 25, 650, 98)))
    assert "๑๓.๑๐" in text


def test_a_lone_item_number_is_read_as_tall_as_the_words_beside_it():
    from ingest.page import Line, Word
    from ingest.read.pieces import pieces_of

    # b07 p1: Tesseract's line box (46 px) leaves out the marks its words' boxes hold (70 px), so
    # "๓." (read "on.") was cut off alone, 20 px tall, and the model enlarging it read only "."
    words = [Word("on.", (494, 987, 530, 1007), 78), Word("ยื่นใบสมัครได้ที่สํานักปลัด", (549, 946, 985, 1016), 92),
             Word("ตั้งแต่วันที่", (997, 946, 1195, 1016), 92)]
    line = Line("on. ยื่นใบสมัครได้ที่สํานักปลัด ตั้งแต่วันที่", (494, 962, 1195, 1008), 90, words)
    pieces = pieces_of(line)
    assert pieces[0][2] == [0, 1]                      # cut by the words' height, not the line box's
    assert pieces[0][0] == (494, 946, 985, 1016)
    line = Line("on.       ตั้งแต่วันที่", (494, 962, 1195, 1008), 90, [words[0], words[2]])
    first = pieces_of(line)[0]                         # a column gap: apart, but taller, towards its neighbour
    assert first[2] == [0] and first[0][1] < 987 - 15 and first[0][3] >= 1007


def test_unsure_digits_the_model_does_not_see_are_dropped():
    from ingest.page import Line, Word
    from ingest.read.pieces import Cell
    from ingest.read.strays import drop_unseen_digits

    # b34 p2: a signature's tail read "0700" (conf 0) and a "7" glued to the title under it
    words = [Word("0700", (820, 891, 875, 933), 0), Word("7ผู้ว่าราชการจังหวัด", (965, 863, 1923, 953), 41)]
    line = Line("0700 7ผู้ว่าราชการจังหวัด", (820, 863, 1923, 953), 41, words)
    cells = [Cell((820, 863, 1923, 953), "", [0, 1], "ผู้ว่าราชการจังหวัด", [0.9] * 19)]
    drop_unseen_digits(line, cells)
    assert line.text == "ผู้ว่าราชการจังหวัด" and [w.text for w in line.words] == ["ผู้ว่าราชการจังหวัด"]
    assert cells[0].words == [0]

    # a table's rule read "7ฝ0": no Thai word is left without its digits, so it goes
    words = [Word("๘๕.๔๐", (100, 10, 250, 60), 90), Word("7ฝ0", (400, 0, 540, 100), 56)]
    line = Line("๘๕.๔๐      7ฝ0", (100, 0, 540, 100), 60, words)
    drop_unseen_digits(line, [Cell((100, 10, 250, 60), "", [0], "๘๕.๔๐", [1.0] * 5),
                               Cell((400, 0, 540, 100), "      ", [1], "-", [0.9])])
    assert line.text == "๘๕.๔๐" and [w.text for w in line.words] == ["๘๕.๔๐"]

    # b09 p2: a hairline after a column gap read "1" (conf 50), too thin to be read by the model
    words = [Word("๓๗๘", (700, 480, 810, 520), 60), Word("1", (987, 500, 988, 542), 50)]
    line = Line("๓๗๘     1", (700, 480, 988, 542), 55, words)
    drop_unseen_digits(line, [Cell((700, 480, 810, 520), "", [0], "๓๗๘", [1.0] * 3)])
    assert line.text == "๓๗๘"

    # kept: an item number opening a line that the model misses (sao-tender p1: "1." at 77)
    words = [Word("1.", (188, 1304, 208, 1329), 77), Word("เป็นนิติบุคคล", (234, 1283, 413, 1346), 93)]
    line, cells = _one_piece(words, ". เป็นนิติบุคคล", 0.9)
    drop_unseen_digits(line, cells)
    assert line.text == "1. เป็นนิติบุคคล"

    # kept: a table row's number before its column gap (b31 p2: "๓" at 70, the model ")" at 0.41)
    words = [Word("๓", (359, 990, 391, 1016), 70), Word("องค์การบริหารส่วนตําบลหัวหนอง", (542, 952, 1292, 1031), 93)]
    line = Line("๓      องค์การบริหารส่วนตําบลหัวหนอง", (359, 952, 1292, 1031), 90, words)
    cells = [Cell((359, 971, 391, 1023), "", [0], ")", [0.41]),
             Cell((542, 952, 1292, 1031), "      ", [1], "องค์การบริหารส่วนตำบลหัวหนอง", [1.0] * 28)]
    drop_unseen_digits(line, cells)
    assert line.text.startswith("๓      องค์การ")

    # kept: a sure word (an item number the model missed), and digits the model sees
    for conf, model in ((95, ") นายวิทยา"), (40, "๓) นายวิทยา")):
        words = [Word("๓)", (100, 10, 160, 60), conf), Word("นายวิทยา", (200, 10, 500, 60), 93)]
        line, cells = _one_piece(words, model, 0.9)
        drop_unseen_digits(line, cells)
        assert line.text == "๓) นายวิทยา"


def test_a_tall_scrawl_read_as_latin_keeps_tesseracts_reading():
    from ingest.read.junk import scrawl

    # b22 p3: a signature 2.7 times as tall as the page's lines, "(LE" to Tesseract, "/ว77" to the model
    assert scrawl("(LE", "/ว77", (1253, 2287, 1774, 2474), 70.0)
    assert not scrawl("(LE", "/ว77", (1253, 2287, 1774, 2347), 70.0)       # as tall as a line
    assert not scrawl("AIUNAA", "ด่วนที่สุด", (100, 100, 800, 300), 70.0)    # a big urgency mark
    assert not scrawl("12", "๑๒", (100, 100, 300, 300), 70.0)              # digits are a number


def test_a_stroke_read_as_a_digit_is_dropped():
    from ingest.page import Word
    from ingest.read.strays import drop_stray_words

    # b30 p4: a stamp's dotted line read "7", 70 px wide and 3 tall; the number beside it stays
    words = [Word("เลขรับ", (100, 10, 250, 60), 93), Word("439", (280, 12, 360, 58), 90),
             Word("7", (600, 50, 670, 53), 54)]
    line, cells = _one_piece(words, "เลขรับ 439 7")
    drop_stray_words(line, cells)
    assert line.text == "เลขรับ 439"
    # a wide Thai number (๙๐๐๐) is as wide as its digits make it: kept
    words = [Word("โทร.", (100, 10, 200, 60), 93), Word("๙๐๐๐", (220, 20, 380, 55), 90)]
    line, cells = _one_piece(words, "โทร. ๙๐๐๐")
    drop_stray_words(line, cells)
    assert line.text == "โทร. ๙๐๐๐"


def test_the_model_corrects_arabic_digits_only_where_tesseract_is_unsure_of_them():
    # b02 p1: a stamp's handwritten "30" read "320" at Tesseract's confidence 38
    tess, model = "วันที 320", "วันที่ 30"
    unsure = [89.0] * 6 + [38.0] * 3
    assert merge(tess, model, SURE[:len(model)], tess_conf=unsure)[0] == "วันที่ 30"
    assert merge(tess, model, SURE[:len(model)], tess_conf=[89.0] * 9)[0] == "วันที่ 320"
    # a printed Arabic number Tesseract is sure of stays its own, digit count and all
    assert merge("เลขที่ 1559", "เลขที่ 159", SURE, tess_conf=[93.0] * 11)[0] == "เลขที่ 1559"


def test_thai_digits_the_model_is_sure_of_replace_arabic_ones_tesseract_is_unsure_of():
    # b34 p2: a phone number's last group ๔๘๖๕ read "0" at Tesseract's confidence 41
    tess, model = ". โทร.๐๕๓๐0 0", "โทร. ๐ ๔๓๖๖ ๔๘๖๕"
    unsure = [27.0] * 2 + [50.0] * 10 + [41.0] * 2
    assert merge(tess, model, SURE[:len(model)], tess_conf=unsure)[0].endswith("๔๓๖๖ ๔๘๖๕")
    assert merge(tess, model, SURE[:len(model)], tess_conf=[27.0] * 2 + [50.0] * 10 + [90.0] * 2)[0].endswith(" 0")
    # the model less than 0.95 sure: Tesseract's stays
    assert merge(tess, model, [0.9] * len(model), tess_conf=unsure)[0].endswith(" 0")


def test_a_rules_stroke_read_with_a_digit_inside_a_number_is_dropped():
    # b21 p3: a stamp's time ๑๑.๒๐ read "๑๑.๒|๒๐" at Tesseract's 41; the model reads ๑๑.๒๐ surely
    assert merge("เวลา ๑๑.๒|๒๐", "เวลา ๑๑.๒๐", SURE[:10], tess_conf=[90.0] * 5 + [41.0] * 7)[0] == "เวลา ๑๑.๒๐"
    # a rule alone between two numbers is not a digit to drop by this rule
    assert merge("๑๒ | ๓๔", "๑๒ ๓๔", SURE[:5])[0] == "๑๒ | ๓๔"


def test_a_digit_tesseract_keeps_in_a_number_does_not_lower_the_models_confidence():
    # b31 p2: a table's ๔๖๓ read "๕๒๓" (it has no ๔ or ๖); the model reads ๔๖๑, its ๑ at 0.38
    assert merge("๕๒๓", "๔๖๑", [0.98, 1.0, 0.38], tess_conf=[94.0] * 3)[0] == "๔๖๓"
    assert merge("๕๒๓", "๔๖๑", [0.98, 0.3, 0.38], tess_conf=[94.0] * 3)[0] == "๕๒๓"


def test_a_number_tesseract_is_unsure_of_is_the_models_at_a_lower_bar():
    # b30 p3: a stamp's number ๔๖๒ read ". ๓อ๒" at Tesseract's 21; the model's ๖ is 0.81 sure
    tess, model = "เลขรับ . ๓อ๒", "เลขรับ ๔๖๒"
    conf = [1.0] * 7 + [0.98, 0.81, 1.0]
    assert merge(tess, model, conf, tess_conf=[86.0] * 6 + [100.0] + [21.0] * 5)[0] == "เลขรับ ๔๖๒"
    assert merge(tess, model, conf, tess_conf=[86.0] * 6 + [100.0] + [80.0] * 5)[0] == tess


def test_a_page_number_the_model_reads_between_dashes_is_the_models():
    # b21 p5: the page number -๒- read "-ใ6ๆ-" at 50; the model reads "–๒-", its en dash unsure
    assert merge("-ใ6ๆ-", "–๒-", [0.38, 1.0, 0.98], tess_conf=[50.0] * 5)[0] == "-๒-"


def test_digits_are_decided_apart_from_the_point_after_them():
    # b09 p1: "๒๕ ตุลาคม" against the model's sure "๒๘" with an unsure point for the space
    tess, model = "ลงวันที ๒๕ ตุลาคม", "ลงวันที่ ๒๘.ตุลาคม"
    conf = [1.0] * 11 + [0.34] + [1.0] * 6
    assert merge(tess, model, conf)[0] == "ลงวันที่ ๒๘ ตุลาคม"
    # b04 p2: the model's sure point after the digits it corrects is taken with them
    assert merge("เวลา ๐๕ ๓๐", "เวลา ๐๙.๓๐", SURE[:10])[0] == "เวลา ๐๙.๓๐"


def test_an_arabic_digit_between_thai_ones_that_the_model_does_not_see_is_dropped():
    # b09 p1: a stamp's time ๑๓.๑๐ read "๑๓.9๑๐"; the model reads ๑๓.๑๐ surely
    assert merge("เวลา ๑๓.9๑๐ น.", "เวลา ๑๓.๑๐ น.", SURE[:13], tess_conf=[92.0] * 5 + [85.0] * 8)[0] \
        == "เวลา ๑๓.๑๐ น."
    # an Arabic number stays Tesseract's
    assert merge("เวลา 13.910 น.", "เวลา 13.10 น.", SURE[:13], tess_conf=[92.0] * 14)[0] == "เวลา 13.910 น."


def test_ink_on_the_line_that_no_word_holds_is_read_with_the_piece_beside_it():
    from ingest.page import Line, Word
    from ingest.read.pieces import over_unread_ink, pieces_of

    # b34 p2: Tesseract's line runs to x=1000, its words stop at 500: the glyphs after them
    # (๘๖๕ of a phone number) were found but read as nothing, and the model never saw them
    gray = np.full((200, 1200), 255, np.uint8)
    for x in range(100, 980, 40):
        gray[60:100, x:x + 25] = 0                  # glyphs 25 px wide, 15 apart
    words = [Word("โทร.", (100, 50, 285, 110), 90), Word("0", (340, 55, 505, 105), 41)]
    line = Line("โทร. 0", (100, 55, 1000, 105), 50, words)
    pieces = over_unread_ink(pieces_of(line), gray, line)
    assert pieces[0][0][0] == 100 and pieces[0][0][2] == 965  # to the last glyph's end
    # a point is a stepping stone to the glyphs after it (b02 p1: a stamp's "ต.ค. 61")
    gray2 = np.full((200, 1200), 255, np.uint8)
    gray2[60:100, 100:280] = 0                      # the words Tesseract read
    gray2[90:100, 300:308] = 0                      # a point, 8 px
    gray2[60:100, 345:365] = 0                      # "6", 40 px after the point
    stamp = Line("ต.ค", (100, 55, 400, 105), 50, [Word("ต.ค", (100, 55, 280, 105), 50)])
    assert over_unread_ink(pieces_of(stamp), gray2, stamp)[0][0][2] == 365
    # ink that another line's word holds (a line Tesseract read twice) is not this line's
    other = [Word("๐๐๒๓", (515, 52, 990, 108), 90)]
    assert over_unread_ink(pieces_of(line), gray, line, [w.box for w in other])[0][0][2] < 520
    # nor is ink in the gap before the next piece, where the model's crop would take in its glyphs
    words = [Word("ขอนแก่น", (100, 50, 300, 110), 90), Word("๔๐๐๐๐", (330, 55, 500, 105), 97)]
    line = Line("ขอนแก่น ๔๐๐๐๐", (100, 55, 500, 105), 90, words)
    assert over_unread_ink(pieces_of(line, max_ratio=3.0), gray, line) == pieces_of(line, max_ratio=3.0)


def test_a_thin_line_of_marks_is_not_read_by_the_model():
    from ingest.page import Line, Word
    from ingest.read.saraban import SarabanEngine

    # b05 p1: the marks over ทั้งนี้ cut off into a line 16 px tall, "yvy" (the model: "9/ 9/ 9/")
    gray = np.full((300, 1000), 255, np.uint8)
    gray[136:152, 677:833:6] = 0
    line = Line("yvy", (677, 136, 833, 152), 34, [Word("yvy", (677, 136, 833, 152), 34)])
    cells = SarabanEngine().read_cells(gray, line, False, usual=70.0)
    assert [c.text for c in cells] == ["yvy"]


def test_digits_read_out_of_the_top_of_the_next_lines_word_are_dropped():
    from ingest.page import Line, Word
    from ingest.read.pieces import Cell
    from ingest.read.strays import drop_stray_words, tops_of_words_below

    # b34 p2: the marks over ผู้ว่าราชการ... cut off into the endorsement's line, read "๑/  ๑/"
    words = [Word("เพื่อ", (313, 820, 384, 885), 93), Word("๑/", (1437, 844, 1470, 889), 78),
             Word("๑/", (1542, 845, 1575, 890), 78)]
    line = Line("เพื่อ   ๑/ ๑/", (313, 820, 1575, 890), 78, words)
    title = Line("7ผู้วาราชการจงหวัดนครราชสมา", (965, 863, 1923, 953), 41,
                 [Word("7ผู้วาราชการจงหวัดนครราชสมา", (965, 863, 1923, 953), 41)])
    marks = tops_of_words_below(line, [line, title])
    assert marks == [1, 2]
    cells = [Cell((313, 820, 384, 885), "", [0], "เพื่อ", [1.0] * 5),
             Cell((1437, 844, 1575, 890), "   ", [1, 2], "๐๐๐๖", [0.6, 1.0, 1.0, 0.6])]
    drop_stray_words(line, cells, marks)
    assert line.text.strip() == "เพื่อ"
    # a number as tall as the words, beside them on the same row, is not their marks
    number = Line("๑๒๖๙", (1000, 870, 1150, 950), 80, [Word("๑๒๖๙", (1000, 870, 1150, 950), 80)])
    assert tops_of_words_below(number, [number, title]) == []


def test_specks_far_smaller_than_the_pages_letters_are_not_read_by_the_model():
    from ingest.page import Line, Word
    from ingest.read.saraban import SarabanEngine

    # b36 p2: a speck read "a" (12 px tall, the page's lines 84 px), which the model read "๗" at 0.96
    gray = np.full((300, 1000), 255, np.uint8)
    gray[100:112, 300:310] = 0
    line = Line("a", (290, 90, 360, 120), 86, [Word("a", (300, 100, 325, 112), 86)])
    cells = SarabanEngine().read_cells(gray, line, False, usual=84.0)
    assert [c.text for c in cells] == ["a"]


def test_a_line_of_specks_read_as_digits_is_no_text():
    from ingest.page import Line
    from ingest.read.junk import speck_line

    assert speck_line(Line("9/7", (744, 2096, 767, 2112), 32), 70.0)          # b27 p1, 16 px tall
    assert not speck_line(Line("- ๒ -", (1199, 132, 1283, 179), 80), 70.0)    # a page number
    assert not speck_line(Line("ทั้งนี้", (600, 100, 700, 116), 80), 70.0)      # Thai words stay


def test_a_circular_numbers_slash_read_as_7_is_the_models():
    # b22 p1: "๐๐๒๓.๓7ว" for ๐๐๒๓.๓/ว; an Arabic number's 7 stays (0023.127/ว is another rule's)
    assert merge("นม ๐๐๒๓.๓7ว ๑๐๐๒", "นม ๐๐๒๓.๓/ว ๑๐๐๒", SURE)[0] == "นม ๐๐๒๓.๓/ว ๑๐๐๒"
    assert merge("นม 0023.37ว 1002", "นม 0023.3/ว 1002", SURE)[0] == "นม 0023.37ว 1002"


def test_a_fairly_sure_arabic_digit_stays_for_the_extraction():
    from ingest.page import Word
    from ingest.read.strays import drop_unseen_digits

    # b12 p1: ที่ read "1" at 66 before the agency code: the extraction reads "1 ชบ ๐๐๒๓.๓/ว ๔๘๙"
    words = [Word("1", (749, 740, 769, 751), 66), Word("ชบ", (787, 753, 836, 783), 79)]
    line, cells = _one_piece(words, "ที่ ชบ", 0.9)
    drop_unseen_digits(line, cells)
    assert line.text == "1 ชบ"


def test_a_stamps_year_read_as_latin_letters_shaped_like_digits_is_those_digits_flagged():
    # b34 p2: a pen's "66" (Purisa's 6 is a "b") read "bb" at 50; the model lost one 6 (0.44)
    conf = [0.9, 1.0, 1.0, 1.0, 1.0, 0.92, 1.0, 1.0, 0.28, 1.0, 0.95, 0.99, 0.71, 1.0, 0.55, 0.44]
    text, _, doubts = merge("วันที่ 29 ม.ค่. bb", "วันที่ 29 ม.ค. 6", conf)
    assert text.endswith("29 ม.ค่. 66") and "66" in doubts
    assert merge("วันที่ 3 เม.ย. lo", "วันที่ 3 เม.ย.", SURE)[0].endswith("เม.ย. 10")
    # letters that are no digit's shape, or not after a date's month, stay as they are
    assert merge("วันที่ 29 ม.ค. ab", "วันที่ 29 ม.ค.", SURE)[0].endswith("ab")
    assert merge("ติดต่อ bb", "ติดต่อ", SURE)[0] == "ติดต่อ bb"


def test_a_stamps_pen_digits_are_the_models_where_it_is_fairly_sure():
    # b30 p4: a stamp's handwritten 19 read "49" at 76; the model reads 19 (0.82 0.93)
    tess, model = "TUN 49 เม.ย. 64", "วันที่ 19 เม.ย. 64"
    conf = [1.0] * 7 + [0.82, 0.93] + [1.0] * 9
    assert merge(tess, model, conf, tess_conf=[71.0] * 4 + [76.0] * 3 + [87.0] * 6 + [45.0] * 2)[0] \
        == "วันที่ 19 เม.ย. 64"
    # printed Arabic digits elsewhere need the model 0.9 sure, and on a stamp 0.8
    assert merge("เลขที่ 49", "เลขที่ 19", [1.0] * 7 + [0.82, 0.93])[0] == "เลขที่ 49"
    assert merge(tess, model, conf[:7] + [0.7, 0.93] + conf[9:])[0].endswith(" 49 เม.ย. 64")


def test_the_digit_tesseract_always_writes_for_the_models_confirms_it():
    # b30 p3: an endorsement's year ๖๔ read "๑๕"; the model reads ๖๔, its ๔ at 0.49, and
    # ๕ is what Tesseract writes for ๔
    tess, model = "วันที่ ๒๕ WB. ๑๕", "วันที่ ๒๕ เมย. ๖๔"
    conf = [0.98, 1.0, 0.89, 1.0, 1.0, 0.99, 1.0, 0.96, 1.0, 0.99, 0.4, 0.52, 0.97, 0.69, 0.64, 0.87, 0.49]
    assert merge(tess, model, conf)[0].endswith(" ๖๔")
    # the model far less sure, or Tesseract writing another digit there: Tesseract's stands
    assert merge(tess, model, conf[:-1] + [0.3])[0].endswith(" ๑๕")
    assert merge("วันที่ ๒๕ WB. ๑๓", model, conf)[0].endswith(" ๑๓")


def test_no_digits_where_the_ink_is_a_speck_or_taller_than_a_line():
    from ingest.page import Line, Word
    from ingest.read.strays import no_digits

    gray = np.full((500, 1400), 240, np.uint8)
    gray[100:140, 100:300:12] = 10                 # โทรสาร's strokes
    gray[110:140, 400:600:10] = 10                 # ๓๗๗๑'s strokes
    gray[120:122, 700:702] = 90                    # b09 p2: a speck read "7" at 91
    gray[100:340, 900:960] = 10                    # b15 p1: a memo's emblem read "๒" at 84
    gray[110:140, 1106:1110] = 10                  # a printed 1, boxed one pixel wide beside it
    gray[112:135, 1160:1163] = 150                 # sao-tender p1: an item's "1." in grey print
    gray[132:135, 1168:1171] = 150
    words = [Word("โทรสาร", (100, 90, 300, 150), 93), Word("๓๗๗๑", (400, 105, 600, 145), 91),
             Word("7", (690, 100, 710, 143), 91), Word("๒", (890, 95, 970, 345), 84),
             Word("1", (1100, 110, 1101, 140), 97), Word("1.", (1150, 110, 1171, 135), 90)]
    line = Line(" ".join(w.text for w in words), (100, 90, 1180, 345), 90.0, words)
    assert no_digits(line, gray, usual=97.0) == [2, 3]


def test_a_tall_piece_is_read_clear_of_the_next_lines_letters():
    from ingest.read.pieces import clear_of

    # b09 p3: the item ๒.'s line boxed 190 px tall, down into แผนพัฒนาท้องถิ่น below it
    piece, below = (729, 1794, 2245, 1984), (451, 1906, 958, 1998)
    assert clear_of(piece, [below], usual=120.0) == (729, 1794, 2245, 1906)
    assert clear_of(piece, [below], usual=150.0) == piece             # not far taller than a line
    assert clear_of(piece, [(2300, 1906, 2400, 1998)], usual=120.0) == piece  # not under it
    assert clear_of(piece, [(451, 1830, 958, 1998)], usual=120.0) == piece    # a line beside it


def test_marks_just_over_a_big_titles_line_are_dropped_but_not_a_page_number():
    from ingest.page import Line
    from ingest.read.junk import mark_strip

    # b30 p5: the ั of ภาครัฐ in a big title, 12 px over the line's box, read "๐"
    title = Line("ภาครธจ", (1116, 460, 1439, 533), 80.0)
    mark = Line("๐", (1332, 418, 1386, 448), 44.0)
    assert mark_strip(mark, [title, mark])
    # b34 p2: a continued letter's page number (one dash lost) just over its first line
    first = Line("จึงเรียนมาเพื่อทราบและแจ้งองค์กรปกครองส่วนท้องถิ่นใน", (300, 262, 2200, 420), 90.0)
    number = Line("๒-", (1214, 154, 1469, 242), 18.0)
    assert not mark_strip(number, [first, number])


def test_a_circulars_number_read_as_latin_letters_is_the_models_and_flagged():
    # clean b06 p2: ๓๗๖ after ๐๐๒๓.๓/ว read "odd" at 88; the model's ๓ is 0.52 sure
    tess = "ที่ นม ๐๐๒๓.๓/ว odd ลงวันที่ ๕"
    model = "ที่ นม ๐๐๒๑.๓/ว ๓๗๖ ลงวันที่ ๕"
    conf = [1.0] * 10 + [0.45, 1.0, 0.56, 1.0, 1.0, 1.0, 0.52] + [1.0] * 13
    text, _, doubts = merge(tess, model, conf)
    assert text == "ที่ นม ๐๐๒๓.๓/ว ๓๗๖ ลงวันที่ ๕" and "๓๗๖" in doubts
    # not after a circular's ว, or the model under 0.5: Tesseract's letters stay
    assert merge("ติดต่อ odd ลงวันที่ ๕", "ติดต่อ ๓๗๖ ลงวันที่ ๕", [1.0] * 7 + [0.52] + [1.0] * 13)[0].startswith("ติดต่อ odd")
    assert "odd" in merge(tess, model, conf[:16] + [0.4] + conf[17:])[0]


def test_an_at_sign_tesseract_wrote_for_a_digit_is_decided_digit_by_digit():
    # clean b06 p3: the phone number ๐ ๗๓๙๑ read "๐ @๓๕๑" (๗ as @, ๙ as ๕); the model reads
    # ๗๑๙๑, its ๑ 0.59 sure where Tesseract's ๓ is a digit it can write
    conf = [1.0, 1.0, 1.0, 1.0, 0.99, 1.0, 1.0, 1.0, 0.59, 1.0, 1.0, 1.0, 1.0, 0.91, 1.0, 1.0]
    assert merge("โทร. ๐ @๓๕๑ ๕๐๓๑", "โทร. ๐ ๗๑๙๑ ๗๔๐๗", conf)[0] == "โทร. ๐ ๗๓๙๑ ๗๔๐๗"
