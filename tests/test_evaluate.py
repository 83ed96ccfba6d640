"""The character error of ``saraban eval`` and bench/ocr_accuracy.py counts misreadings, not reading order."""
from __future__ import annotations

from ingest.text_errors import canonical, text_errors

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


def test_a_row_read_as_two_lines_is_matched_to_its_row_not_to_a_title_that_contains_a_piece():
    truth = ("ที่ มท ๐๘๑๖.๓/ว ๔๒๒๖ กรมส่งเสริมการปกครองท้องถิ่น\nเรื่อง การจัดทำแผน\n"
             "(นายปริญญา บุญมาเลิศ)\nอธิบดีกรมส่งเสริมการปกครองท้องถิ่น")
    read = ("ที่ มท ๐๘๑๖.๓/ว ๔๒๒๖\nกรมส่งเสริมการปกครองท้องถิ่น\nเรื่อง การจัดทำแผน\n"
            "(นายปริญญา บุญมาเลิศ)\nอธิบดีกรมส่งเสริมการปกครองท้องถิ่น")
    assert text_errors(truth, read)[0] == 0
    # a piece misread is still counted
    assert text_errors(truth, read.replace("กรมส่งเสริมการปกครองท้องถิ่น\n", "กรมส่งเสริมการปกครองท้องถน\n", 1))[0] == 2


def test_two_pieces_of_one_row_read_in_either_order_cost_nothing():
    truth = "ที่ มท ๐๘๐๘.๒/ว๓๑๖๒ กรมส่งเสริมการปกครองท้องถิ่น\nถนนนครราชสีมา เขตดุสิต"
    read = "กรมส่งเสริมการปกครองท้องถิ่น\nที่ มท ๐๘๐๘.๒/ว๓๑๖๒\nถนนนครราชสีมา เขตดุสิต"
    assert text_errors(truth, read)[:3:2] == (0, 0)


def test_eval_fresh_scores_a_generated_set_beside_plain_tesseract_and_removes_it():
    """End to end on one generated bundle (seed 101's draw of one is a one-page memo)."""
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from ingest.cli.main import main

    result = CliRunner().invoke(main, ["eval", "--fresh", "101", "--count", "1", "--json", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    about = report["set"]
    assert (about["name"], about["seed"], about["count"]) == ("fresh", 101, 1)
    assert report["bundles"] == 1 and report["pages"] >= 1
    for engine in ("saraban", "tesseract-plain"):
        (condition, cer), = report["engines"][engine]["cer"].items()
        assert 0 <= cer < 0.5 and report["engines"][engine]["digit_error"][condition] is not None
    assert not Path(about["folder"]).exists()


def test_eval_says_which_set_it_scored_and_refuses_the_tuning_seed_as_fresh():
    from click.testing import CliRunner

    from ingest.cli.main import main
    from ingest.evaluate import TUNING, describe_set, set_title

    assert set_title(describe_set(TUNING)).startswith("set: tuning")
    result = CliRunner().invoke(main, ["eval", "--fresh", "1"])
    assert result.exit_code == 2 and "tuning set" in result.output
    result = CliRunner().invoke(main, ["eval", str(TUNING), "--fresh", "101"])
    assert result.exit_code == 2 and "not both" in result.output
