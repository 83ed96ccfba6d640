"""Thai dates → ISO CE."""
import pytest

from ingest.extract.dates import find_dates, parse_date, parse_time, year_be
from ingest.thai.months import MONTHS_SHORT


@pytest.mark.parametrize("text, iso", [
    ("๘ สิงหาคม ๒๕๖๗", "2024-08-08"),
    ("25 กรกฎาคม 2561", "2018-07-25"),
    ("ลว. ๑๒ ก.ค. ๖๗", "2024-07-12"),
    ("วันที่ ๒๒ ม.ค. ๖๗", "2024-01-22"),
    ("๑๕ มค. ๖๗", "2024-01-15"),
    ("๑ ก. พ. ๒๕๖๐", "2017-02-01"),
    ("สั่ง ณ วันที่ 21 มกราคม พ.ศ. 2567", "2024-01-21"),
    ("ประกาศ ณ วันที่ ๒๐ เดือน กรกฎาคม พ.ศ.๒๕๕๕", "2012-07-20"),
    ("๒๙ กุมภาพันธ์ ๒๕๖๗", "2024-02-29"),           # a leap year
    ("๑๒ ต.ค. 61", "2018-10-12"),                   # Thai and Arabic digits mixed
    ("วันที่ 12/10/61", "2018-10-12"),
    ("7 พฤศจิกายน 2565", "2022-11-07"),
    ("3 ธ.ค. 2565", "2022-12-03"),
    ("๓ พ.ย. ๖ ๑", "2018-11-03"),                   # a pen-written year, its digits read apart
    ("๑๕ มิ, ย. ๖๑", "2018-06-15"),                 # a dot read as a comma
])
def test_dates(text, iso):
    assert parse_date(text).iso == iso


@pytest.mark.parametrize("text, problem", [
    ("๓๑ กุมภาพันธ์ ๒๕๖๑", "31 กุมภาพันธ์ 2561 does not exist"),
    ("๓๑ เมษายน ๒๕๖๑", "31 เมษายน 2561 does not exist"),
    ("๒๙ กุมภาพันธ์ ๒๕๖๖", "29 กุมภาพันธ์ 2566 does not exist"),
    ("สิงหาคม ๒๕๖๗", "day missing (handwritten?)"),
    ("๑๕ มีนาคม ๒๕๒๐๒", "year '๒๕๒๐๒' unreadable"),   # ๖ read as ๒๐: a digit too many
    ("๑ มกราคม ๑๙๘๐", "year 1980 impossible"),
])
def test_impossible_dates_say_why(text, problem):
    d = parse_date(text)
    assert d.iso is None and d.problem == problem


def test_several_dates_in_order():
    text = "ที่ มท ๐๒๐๖.๒/ว ๕๑๐๙ ลงวันที่ ๒๕ กรกฎาคม ๒๕๖๑ และ ลว. ๑๒ ต.ค. ๖๑"
    assert [d.iso for d in find_dates(text)] == ["2018-07-25", "2018-10-12"]


def test_years_and_times():
    assert year_be("๖๗") == 2567 and year_be("2018", "ค.ศ.") == 2561
    assert parse_time("เวลา ๑๐.๓๐ น.") == "10:30"
    assert parse_time("เวลา 25.10 น.") is None
    assert parse_date("ไม่มีวันที่") is None


def test_agency_code_is_not_a_month():
    # กค (Finance) and มค look like the months ก.ค. and ม.ค. written without dots
    text = "หนังสือกระทรวงการคลัง ที่ กค ๐๔๐๒.๕/ว ๗๖๑ ลงวันที่ ๒๓ กุมภาพันธ์ ๒๕๖๖"
    assert [d.iso for d in find_dates(text)] == ["2023-02-23"]


def test_stray_mark_on_an_abbreviated_month():
    from ingest.extract.dates import parse_date
    assert parse_date("วันที่ 29 ม.ค่. 66").iso == "2023-01-29"


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("vowel", ["\u0e38", "\u0e39"])
def test_a_dot_read_as_a_vowel_under_an_abbreviated_months_letter(month, vowel):
    """A pen's or a stamp's ``ก.ย.`` with its first dot read as ุ or ู under the letter
    (``๑๘ กุย. ๖๗``, ``๕ ธุค. ๖๗``) is still the month, taken in doubt."""
    first, second = MONTHS_SHORT[month - 1].strip(".").split(".")
    d = parse_date(f"วันที่ ๑๘ {first}{vowel}{second}. ๖๗")
    assert d.iso == f"2024-{month:02d}-18"
    assert d.problem.startswith("month's dot read as a vowel")     # a repair: the clerk checks it


@pytest.mark.parametrize("text", ["๑๘ ก.ย. ๖๗", "๑๘ กุมภาพันธ์ ๒๕๖๗", "๑๘ มิถุนายน ๒๕๖๗"])
def test_a_month_read_as_printed_is_not_doubted(text):
    assert parse_date(text).problem is None


@pytest.mark.parametrize("text", ["๒๐ ตุลาคม ๒ ๕๖๑", "๒๐ ตุลาคม ๒ ๕ ๖ ๑"])
def test_a_spaced_long_year_is_not_a_two_digit_year(text):
    assert parse_date(text) is None


def test_day_and_month_of_a_date_with_an_unreadable_year():
    from ingest.extract.dates import day_and_month
    assert day_and_month("๑๔ มีนาคม ๒๕๒๐๒") == (3, 14)
    assert day_and_month("มีนาคม ๒๕๖๒") is None


def test_what_extraction_knows_of_today_is_a_parameter_not_the_clock():
    """The same text extracts the same way whenever it is read again: a letter dated in
    2569 is "in the future" only for a bundle received before 2568."""
    import datetime as dt

    from ingest.extract import extract_bundle
    from ingest.extract.cells import text_page

    text = ("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑\nกระทรวงมหาดไทย\n๑ พฤษภาคม ๒๕๖๙\nเรื่อง ซักซ้อมแนวทาง\n"
            "เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด\nด้วยกระทรวงมหาดไทยขอซักซ้อมแนวทาง\nขอแสดงความนับถือ\n")
    early = extract_bundle([text_page(text, 1)], today=dt.date(2024, 1, 1))[0]
    later = extract_bundle([text_page(text, 1)], today=dt.date(2026, 6, 1))[0]
    assert early["date"] == later["date"] == "2026-05-01"
    assert any("in the future" in f for f in early["flags"])
    assert not any("in the future" in f for f in later["flags"])


def test_a_letter_dated_before_the_correspondence_rules_is_flagged():
    """๒๕๖๕ read ๒๔๖๕: 1922, before the regulation whose forms the letter is in (2526)."""
    from ingest.extract import extract_bundle
    from ingest.extract.cells import text_page

    text = ("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑\nกระทรวงมหาดไทย\n๒๓ กันยายน {}\nเรื่อง ซักซ้อมแนวทาง\n"
            "เรียน ผู้ว่าราชการจังหวัดทุกจังหวัด\nด้วยกระทรวงมหาดไทยขอซักซ้อมแนวทาง\nขอแสดงความนับถือ\n")
    (old,) = extract_bundle([text_page(text.format("๒๔๖๕"), 1)])
    (new,) = extract_bundle([text_page(text.format("๒๕๖๕"), 1)])
    assert old["date"] == "1922-09-23"
    assert any("before the correspondence rules" in f for f in old["flags"])
    assert not any(f.startswith("date") for f in new["flags"])


@pytest.mark.parametrize("read, year", [("๓๕๖๗", "2024"), ("๒๙๖๗", "2024")])
def test_an_impossible_year_one_figure_from_this_century_is_taken_and_flagged(read, year):
    """๒๕๖๗ read ๓๕๖๗ (or ๒๙๖๗): the one year of 2500-2599 a figure away, in doubt; a year two
    figures off is not guessed."""
    (d,) = find_dates(f"สั่ง ณ วันที่ ๒๐ กุมภาพันธ์ พ.ศ. {read}")
    assert d.iso == f"{year}-02-20" and "one figure off" in d.problem
    (d,) = find_dates("สั่ง ณ วันที่ ๒๐ กุมภาพันธ์ พ.ศ. ๓๙๖๗")
    assert d.iso is None and d.problem == "year 3967 impossible"


def test_a_year_of_the_christian_era_without_its_era_is_not_guessed_into_this_century():
    (d,) = find_dates("๑๕ มกราคม 2024")
    assert d.iso is None and d.problem == "year 2024 impossible"
