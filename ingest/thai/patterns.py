"""The patterns of a Thai letter's reference number (ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑) and of a receipt
stamp's printed labels (เลขรับ, วันที่, เวลา). Each variant names who needs it and why it
differs; none replaces another, as each reader was tuned to its own text.

>>> DOC_NO.search("ที่ อต. ๐๐๒๓.๑๔/ว 1220").group("code", "num")
('อต', '๐๐๒๓.๑๔/ว 1220')
>>> bool(STAMP_LABEL.match("วันที่ ๑๒ ก.ค. ๖๗")), bool(STAMP_NUMBER_MISREAD.search("เลขวับ ๑๒"))
(True, True)
"""
from __future__ import annotations

import re

D = "0-9๐-๙"   # a digit, Thai or Arabic, in a character class

# -- headings --------------------------------------------------------------------------

# the heading of a memo, an order, a notice, a regulation or a by-law (``ประกาศองค์การ…``),
# also with a speck read before it (``4 ประกาศ…``, ``'ประกาศ…``; not an item's ``๑.``), and
# not the date at a notice's close (``ประกาศ ณ วันที่``)
HEADING = re.compile(r"^(?:[^\sก-ฮเ-ไ.]\s?)?(?P<h>บันทึกข้อความ|คำสั่ง|ประกาศ|ระเบียบ|ข้อบังคับ)(?!\s*ณ)")

# -- reference numbers ------------------------------------------------------------------

# the ที่ label of a letter's head, before its number (ที่ มท, ที่๑๕๐, or ที่ alone on its line)
TI_LABEL = re.compile(r"^ที่(?=\s|[ก-ฮ]{2}\s?\.?\s?[0-9๐-๙]|[0-9๐-๙]|$)\s*")
# a number read without its agency's letters: a unit with its sub-unit (``0023.15``) is
# numbered after them, never alone (an order's ``๑๕๐๐/๒๕๖๓`` has no unit)
UNIT_FIRST = re.compile(r"^\d{4,5}\.\d")
# ...and inside a cited letter's text, run into the agency code (``ด่วนที่สุด ที่นม ๐๐๒๓.๑/ว``)
TI_GLUED = re.compile(rf"(?<![ก-๛])ที่(?=[ก-ฮ]{{2}}\s?\.?\s?[{D}])")
# as printed on a ที่ line: a two- or three-letter code (optional), Thai or Arabic digits,
# at most one space between parts
DOC_NO = re.compile(
    rf"(?:(?P<code>[ก-ฮ]{{2,3}})(?![ก-๛])\s?\.?\s?)?"
    rf"(?P<num>[{D}]+(?:\s?\.\s?[{D}]+)*\s?/\s?(?:ว\s?\.?\s?)?[{D}]+)")
# as cited in running text (digits folded first): a code of one to four letters and any
# spacing, or a bare running number of a Buddhist-era year (๑๕๐/๒๕๖๓)
DOC_NO_CITED = re.compile(r"(?:[ก-ฮ]{1,4}\s*\.?\s*\d+(?:\s*\.\s*\d+)*\s*/\s*(?:ว\s*\.?\s*)?\d+"
                          r"|\d{1,4}\s*/\s*25\d\d)")
# a cited number whose agency code OCR lost: the unit's dotted code and the running number
DOC_NO_UNCODED = re.compile(r"(?<![\d.])(\d{3,5}(?:\s*\.\s*\d+)+\s*/\s*(?:ว\s*\.?\s*)?\d+)")
# what a reader reads as one whole number (the line model's reading, spaces single):
# ที่, a code of up to three letters, a four- or five-digit unit code; or n/yyyy
DOC_NO_READ = (r"ที่ ?(?:[ก-ฮ]{{1,3}} ?{d}{{4,5}}(?:\.{d}{{1,3}})*/(?:ว ?)?{d}{{1,5}}|{d}{{1,4}}/{d}{{4}})"
               .format(d=f"[{D}]"))
# a search query that is a reference number and nothing else
# (its parts: the agency code, the number before the slash, ว for a circular, the serial)
DOC_NO_QUERY = re.compile(r"^\s*(?:ที่\s*)?(?:(?P<code>[ก-ฮ]{1,4})\s*\.?\s*)?(?P<number>[\d๐-๙][\d๐-๙.\s]*?)\s*/"
                          r"\s*(?P<circular>ว)?\s*\.?\s*(?P<serial>[\d๐-๙]+)\s*$")

# -- receipt-stamp labels -------------------------------------------------------------

# the printed label of a stamp's number line, as a regular expression's alternatives
STAMP_NUMBER_LABEL = "(?:เลขรับ|เลขที่รับ|เลขทะเบียนรับ)"
# extraction: a stamp's number line, the pen's number after its label (group n)
STAMP_NUMBER = re.compile(rf"^{STAMP_NUMBER_LABEL}\s*(?:ที่)?\s*[:.]?\s*(?P<n>[{D}][{D}/\s-]*)?")
# extraction: a cell that starts with one of a stamp's printed labels
STAMP_LABEL = re.compile(r"^(เลขรับ|เลขที่รับ|เลขทะเบียนรับ|วันที่|เวลา)")
# reading: a stamp line's label after a frame's edge OCR read as marks ("|เวลา"); the
# readers were tuned without เลขทะเบียนรับ
STAMP_LABEL_READ = re.compile(r"[\s|!.,:;'\"]*(เลขรับ|เลขที่รับ|วันที่|เวลา)")
# reading: a number label OCR misread by a letter or two (เลขรวับ, เลขวับ), to find a stamp
STAMP_NUMBER_MISREAD = re.compile(r"เลข.{0,2}ับ")
# reading: a stamp line's label with a letter lost or misread (เลขับ, วลา for เวลา, วันท)
STAMP_LABEL_MISREAD = re.compile(rf"[\s|!.,:;'\"]*({STAMP_NUMBER_MISREAD.pattern}|วันท|เ?วลา)")
# a stamp's time line and little else (``เวลา ๑๐.๓๐ น.``, ``เวลา ๑๐.๕๐ว ูน.``): a letter's own
# words name a time inside a sentence
STAMP_TIME = re.compile(rf"\W{{0,2}}เวลา\s?[{D}]{{1,2}}\s?[.:]\s?[{D}]{{2}}.{{0,8}}")
# a stamp's date line and little else (``วันที่ ๒๓ พ.ค. ๖๓``, ``8 เม.ย. 64``): a short date with a
# two-digit year, which no letter's own date is written as
STAMP_DATE = re.compile(rf"\W{{0,2}}(?:วันที่\s?)?[{D}]{{1,2}}\s?[ก-๛]{{1,3}}\.\s?[ก-ฮ]{{1,2}}\.?\s?[{D}]{{2}}\W{{0,3}}")
# reading: what of a stamp survives in a garbled line: a label's start or a month's abbreviation
STAMP_WORD = re.compile(r"เลข|วันที|เวลา|[ก-ฮ]\.\s?[ก-ฮ]\.")
