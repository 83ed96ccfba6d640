"""The character error of ``saraban eval`` and bench/ocr_accuracy.py counts misreadings, not reading order."""
from __future__ import annotations

from ingest.evaluate import canonical, text_errors

TRUTH = "ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑ กระทรวงมหาดไทย\nเรื่อง การประชุม\nเรียน ผู้ว่าราชการจังหวัด"


def test_a_block_read_in_another_order_costs_nothing():
    read = "เรียน ผู้ว่าราชการจังหวัด\nที่ มท ๐๒๐๖.๒/ว ๕๒๒๑ กระทรวงมหาดไทย\nเรื่อง การประชุม"
    assert text_errors(TRUTH, read)[0] == 0


def test_two_columns_run_into_one_line_are_matched_side_by_side():
    truth = "ที่ ชม ๐๐๒๓/ว ๓๖๓\nขอแสดงความนับถือ\nวันที่ ๒๙ ต.ค. ๖๑"
    read = "ที่ ชม ๐๐๒๓/ว ๓๖๓       ขอแสดงความนับถือ\nวันที่ ๒๙ ต.ค. ๖๑"
    assert text_errors(truth, read)[0] == 0


def test_misread_digits_are_counted_as_digit_errors():
    edits, chars, digit_errors, digits = text_errors(TRUTH, TRUTH.replace("๕๒๒๑", "๕๒๒๒"))
    assert (edits, digit_errors) == (1, 1) and digits == 9 and chars == len("".join(TRUTH.split()))


def test_sara_am_counts_the_same_however_it_was_written():
    assert canonical("จํานวน") == canonical("จำนวน") == "จำนวน"
    assert canonical("นํ้า") == canonical("น้ำ")
