"""What the library says in English, in the clerk's Thai: the extractor's flags, the page
warnings and the errors of ingest.

Each wording is a pattern of the library's English and a Thai template (``{1}``, ``{2}``:
the pattern's groups; an ISO date among them is shown as a Buddhist-era date). A text no
pattern knows is shown as the library wrote it. The English is kept for the tooltip, so a
clerk can still quote it to whoever maintains the system. ``tests/test_web_wording.py``
checks that every flag the extractor's source can write has a wording here.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from html import escape

from markupsafe import Markup

from .thai import be_date

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIELD_TH = {"doc_no": "เลขที่หนังสือ", "date": "ลงวันที่", "subject": "เรื่อง", "receipt": "ตรารับ",
            "issuer": "จาก", "signatory": "ผู้ลงนาม", "recipients": "ถึง / เรียน",
            "urgency": "ชั้นความเร็ว", "secrecy": "ชั้นความลับ"}

# why a date was not taken (ingest/extract/dates.py ``ThaiDate.problem``)
DATE_PROBLEMS = (
    (r"year '(.*)' unreadable", "อ่านปี “{1}” ไม่ได้"),
    (r"year (\d+) impossible", "ปี {1} เป็นไปไม่ได้"),
    (r"year (\d+) impossible; taken as (\d+), one figure off: check",
     "ปี {1} เป็นไปไม่ได้ จึงถือเป็นปี {2} (ต่างกันตัวเลขเดียว) โปรดตรวจ"),
    (r"day missing \(handwritten\?\)", "ไม่มีวันที่ (อาจเขียนด้วยลายมือ)"),
    (r"(\d+) (\S+) (\d+) does not exist", "วันที่ {1} {2} {3} ไม่มีอยู่จริง"),
    (r"read with Thai and Arabic digits together \('(.*)'\): one may be misread; check",
     "อ่านได้ “{1}” มีทั้งเลขไทยและเลขอารบิก อาจอ่านตัวเลขผิดหนึ่งตัว โปรดตรวจ"),
    (r"read from figures with more figures beside them: check",
     "อ่านวันที่จากตัวเลขล้วน และมีตัวเลขอื่นอยู่ข้างกัน อาจอ่านผิด โปรดตรวจ"),
    (r"year cut off; taken from the letter it is written on: check",
     "ปีขาดหาย จึงใช้ปีของหนังสือที่เกษียนไว้ (เกษียนในหรือหลังวันที่ของหนังสือนั้น) โปรดตรวจ"),
)


def date_problem_thai(text: str) -> str | None:
    """Why a date was not taken, in Thai; None when no wording knows it.

    >>> date_problem_thai("year 2099 impossible")
    'ปี 2099 เป็นไปไม่ได้'
    """
    return _apply(DATE_PROBLEMS, text)


def _problem(text: str) -> str:
    return date_problem_thai(text) or text


FLAGS = (  # ingest/extract/checks.py, header.py, letter.py
    (r"agency code '(.*)' unknown", "รหัสส่วนราชการ “{1}” ไม่มีในตารางรหัส: ตรวจเลขที่หนังสือกับต้นฉบับ"),
    (r"doc_no: not found", "ไม่พบเลขที่หนังสือ (ที่)"),
    (r"doc_no: '(.*)' is not a reference number", "“{1}” ไม่ใช่รูปแบบเลขที่หนังสือ"),
    (r"doc_no: agency code not read; '(.*)' taken from the office address",
     "อ่านรหัสส่วนราชการในเลขที่ไม่ได้ จึงใช้ “{1}” ตามที่อยู่ส่วนราชการ"),
    (r"doc_no: agency code not read", "อ่านรหัสส่วนราชการในเลขที่หนังสือไม่ได้"),
    (r"doc_no: agency code read '(.*)'; '(.*)' taken from the office address",
     "อ่านรหัสส่วนราชการได้ “{1}” ซึ่งไม่มีในตารางรหัส จึงใช้ “{2}” ตามที่อยู่ส่วนราชการ"),
    (r"doc_no: '(.*)' after the slash read as ว", "อักษร “{1}” หลังเครื่องหมาย / ถือว่าเป็น ว (หนังสือเวียน)"),
    (r"date: not found", "ไม่พบวันที่ของหนังสือ"),
    (r"date: day written by hand \('(.*)'\); (\d+) read from the footer '(.*)' \(page (\d+)\)",
     "ลงวันที่: วันที่เขียนด้วยมือ (อ่านได้ “{1}”) จึงใช้วันที่ {2} ตามท้ายบัญชีแนบ “{3}” หน้า {4}"),
    (r"date: day (\d+) read on the closing; (\d+) from the footer '(.*)' \(page (\d+)\)",
     "ลงวันที่: ท้ายประกาศอ่านวันที่ได้ {1} จึงใช้วันที่ {2} ตามท้ายบัญชีแนบ “{3}” หน้า {4}"),
    (r"date: the footer '(.*)' \(page (\d+)\) gives another day",
     "ลงวันที่: ไม่ตรงกับวันที่ท้ายบัญชีแนบ “{1}” หน้า {2}"),
    (r"date: not found on the closing; taken from the footer '(.*)' \(page (\d+)\)",
     "ไม่พบวันที่ท้ายประกาศ จึงใช้วันที่ตามท้ายบัญชีแนบ “{1}” หน้า {2}"),
    (r"subject: no เรื่อง line; taken from the heading", "ไม่มีบรรทัดเรื่อง: ใช้ชื่อประกาศเป็นเรื่อง"),
    (r"issuer: taken from the signatory's position", "ส่วนราชการเจ้าของเรื่องอ่านจากตำแหน่งผู้ลงนาม"),
    (r"issuer: not found", "ไม่พบส่วนราชการเจ้าของเรื่อง"),
    (r"kind: no letter head found; registered with what could be read",
     "ไม่พบหัวหนังสือ: ลงทะเบียนตามที่อ่านได้ ตรวจทุกช่องกับต้นฉบับ"),
    (r"(\w+): '(.*)' read with low confidence \((\d+)\)",
     lambda m: f"{FIELD_TH.get(m[1], m[1])}: คำ “{m[2]}” อ่านได้ไม่ชัด (ความมั่นใจ {m[3]})"),
    (r"date: year (\d+) is in the future", "ลงวันที่: ปี {1} ยังมาไม่ถึง"),
    (r"date: year (\d+) is before the correspondence rules of (\d+)",
     "ลงวันที่: ปี {1} ก่อนระเบียบงานสารบรรณ พ.ศ. {2}: โปรดตรวจ"),
    (r"date: (.+) \('(.*)'\)", lambda m: f"ลงวันที่: {_problem(m[1])} (พิมพ์ไว้ว่า “{m[2]}”)"),
    (r"receipt date: (.+)", lambda m: f"วันที่รับ: {_problem(m[1])}"),
    (r"receipt: number not read", "อ่านเลขรับบนตรารับไม่ได้"),
    (r"receipt: number (\S+) read with '(.*)' run into it: check",
     "เลขรับอ่านได้ {1} แต่มี “{2}” ติดอยู่ท้ายตัวเลข: อาจเป็นตัวเลขที่อ่านผิดเป็นตัวอักษร ตรวจกับตรารับ"),
    (r"receipt: number (\S+) is low for its day of the year",
     "เลขรับ {1} น้อยเกินไปสำหรับวันที่รับ (เลขรับเรียงต่อกันตลอดปีปฏิทิน): อาจอ่านตัวเลขตกหล่น ตรวจกับตรารับ"),
    (r"receipt: a stamp's time read, but not its number and date; the stamp not read",
     "ตรารับ: อ่านได้เพียงเวลารับ อ่านเลขรับและวันที่รับไม่ได้ ตรวจกับตรารับบนต้นฉบับ"),
    (r"receipt: a stamp's office read, but not its number and date; the stamp not read",
     "ตรารับ: อ่านได้เพียงชื่อส่วนราชการบนตรารับ อ่านเลขรับและวันที่รับไม่ได้ ตรวจกับตรารับบนต้นฉบับ"),
    (r"receipt: a stamp's date read, but not its number; the stamp not read",
     "ตรารับ: อ่านได้เพียงวันที่รับ อ่านเลขรับไม่ได้ ตรวจกับตรารับบนต้นฉบับ"),
    (r"receipt: a stamp's number line read among other lines; the stamp not read",
     "พบบรรทัดเลขรับปนกับข้อความอื่น แต่อ่านตรารับไม่ได้: ตรวจเลขรับและวันที่รับกับต้นฉบับ"),
    (r"receipt: a stamp's number read only in doubt \('(.*)'\); the stamp not read",
     "อ่านเลขรับได้ไม่แน่ใจ (“{1}”) และอ่านตรารับไม่ได้: ตรวจเลขรับและวันที่รับกับต้นฉบับ"),
    (r"date after its receipt stamp \((\S+) > (\S+)\)", "ลงวันที่ {1} หลังวันที่รับตามตรารับ ({2})"),
    (r"date (\S+) long before its receipt stamp \((\S+)\)",
     "ลงวันที่ {1} ก่อนวันที่รับตามตรารับ ({2}) นานเกินครึ่งปี"),
    (r"reference dated after the letter \((\S+) > (\S+)\)",
     "หนังสือที่อ้างถึงลงวันที่ {1} หลังหนังสือฉบับนี้ ({2})"),
    (r"urgency: a stamp at the top left not read",
     "ที่มุมบนซ้ายมีตราประทับที่อ่านไม่ได้ (อาจเป็นชั้นความเร็ว): ตรวจชั้นความเร็วกับต้นฉบับ"),
    (r"subject: not found", "ไม่พบเรื่อง"),
    (r"recipients: not found", "ไม่พบผู้รับ (เรียน / ถึง)"),
    (r"recipients: place '(.*)' is not in the gazetteer; taken as '(.*)'",
     "ผู้รับ: ไม่มีชื่อ “{1}” ในทำเนียบท้องที่ จึงอ่านเป็น “{2}” ซึ่งใกล้ที่สุด ตรวจกับต้นฉบับ"),
    (r"recipients: place '(.*)' is not in the gazetteer", "ผู้รับ: ไม่มีชื่อท้องที่ “{1}” ในทำเนียบท้องที่ ตรวจกับต้นฉบับ"),
    (r"recipients: the addressees go on after 'และ'; a line of them not read",
     "ผู้รับ: รายชื่อผู้รับลงท้ายด้วย “และ” แต่อ่านบรรทัดต่อไปไม่ได้ อาจมีผู้รับตกหล่น ตรวจกับต้นฉบับ"),
    (r"recipients: a line under เรียน adds an addressee that was not read",
     "ผู้รับ: บรรทัดใต้ “เรียน” มีผู้รับอีกรายที่ไม่ได้อ่านรวมไว้ ตรวจกับต้นฉบับ"),
    (r"recipients: '(.*)' read before the first addressee; left out",
     "ผู้รับ: อ่านได้ “{1}” หน้าชื่อผู้รับรายแรก (อาจเป็นรอยตราประทับ) จึงตัดออก ตรวจกับต้นฉบับ"),
    (r"recipients: '(.*)' read after the place '(.*)'; left out",
     "ผู้รับ: อ่านได้ “{1}” ต่อท้ายชื่อท้องที่ “{2}” (อาจเป็นบรรทัด “เพื่อ…” ที่อ่านติดกัน) จึงตัดออก ตรวจกับต้นฉบับ"),
    (r"recipients: '(.*)' read as the class '(.*)'",
     "ผู้รับ: อ่านได้ “{1}” ซึ่งไม่ใช่คำเรียกผู้รับทั้งกลุ่ม จึงอ่านเป็น “{2}” ที่ใกล้ที่สุด ตรวจกับต้นฉบับ"),
    (r"recipients: '(.*)' is no class of addressees \(ทุกแห่ง, ทุกอำเภอ, ทุกจังหวัด\)",
     "ผู้รับ: อ่านได้ “{1}” ซึ่งไม่ใช่ทุกแห่ง ทุกอำเภอ หรือทุกจังหวัด ตรวจกับต้นฉบับ"),
    (r"signatory: not found", "ไม่พบผู้ลงนาม"),
    (r"signatory: '(.*)' ends as no listed name does \('(.*)'\)",
     "ผู้ลงนาม: “{1}” ลงท้ายด้วย “{2}” ซึ่งไม่มีชื่อใดในรายชื่อลงท้ายเช่นนี้ อาจอ่านตัวอักษรตก ตรวจชื่อกับต้นฉบับ"),
    (r"recipients: เรียน not read; the lines above the purpose taken as the addressees",
     "อ่านคำว่าเรียนไม่ได้ จึงถือบรรทัดเหนือ “เพื่อ…” เป็นผู้รับ: ตรวจผู้รับกับต้นฉบับ"),
    (r"signatory: no title \(นาย, นาง…\) read before the name", "ผู้ลงนาม: อ่านคำนำหน้าชื่อ (นาย นาง…) ไม่ได้ ตรวจชื่อกับต้นฉบับ"),
    (r"references: a cited number not read", "อ้างถึง: อ่านเลขที่หนังสือที่อ้างถึงไม่ได้"),
    (r"references: (.+) cited; the bundle's letter of that unit reads (.+)",
     "อ้างถึง: อ้างเลขที่ {1} แต่หนังสือในชุดเดียวกันของหน่วยงานนี้อ่านได้ {2}: ตัวเลขหนึ่งตัวอ่านผิด ตรวจกับต้นฉบับ"),
    (r"doc_no: cited as (.+) in another letter of this bundle",
     "เลขที่หนังสือ: หนังสืออื่นในชุดเดียวกันอ้างถึงเป็น {1}: ตัวเลขหนึ่งตัวอ่านผิด ตรวจกับต้นฉบับ"),
    (r"references: a cited date not read", "อ้างถึง: อ่านวันที่ของหนังสือที่อ้างถึงไม่ได้"),
    (r"references: named in the letter but not read", "หนังสือกล่าวถึงอ้างถึง แต่อ่านรายการอ้างถึงไม่ได้"),
    (r"enclosures: the count's letters repaired from the reading",
     "สิ่งที่ส่งมาด้วย: จำนวน (เช่น “จำนวน ๑ ชุด”) อ่านได้ไม่ชัดและแก้ให้แล้ว โปรดตรวจเลขที่และวันที่ของหนังสือที่ส่งมาด้วย"),
    (r"directives: not numbered 1, 2, 3 \(an item may be lost\)",
     "ข้อสั่งการเรียงเลขไม่ต่อเนื่อง อาจมีข้อที่อ่านไม่ได้"),
    (r"(\w+): low OCR confidence", lambda m: f"{FIELD_TH.get(m[1], m[1])}: อ่านได้ไม่ชัด (ความมั่นใจต่ำ)"),
    (r"year (\d+) far from the others in this bundle \((\d+)\)",
     "ปี {1} ห่างจากปีของหนังสืออื่นในไฟล์เดียวกัน ({2})"),
    (r"date before the letter it cites \((\S+) < (\S+)\)", "ลงวันที่ {1} ก่อนหนังสือที่อ้างถึง ({2})"),
    (r"reference date (\S+) differs from the cited letter's (\S+)",
     "วันที่ในอ้างถึง {1} ไม่ตรงกับวันที่ของหนังสือฉบับนั้น ({2})"),
    (r"digits: none of ๔ ๖ ๗ ๘ ๙ read anywhere; Thai digits may be misread",
     "ไม่พบเลขไทย ๔ ๖ ๗ ๘ ๙ เลยทั้งไฟล์: เลขไทยอาจอ่านผิด ตรวจเลขที่และวันที่กับต้นฉบับ"),
    (r"date (\S+) before the letter it endorses \((\S+)\)", "วันที่เกษียน {1} ก่อนหนังสือที่เกษียน ({2})"),
    (r"date (\S+) before the letter it encloses \((\S+)\)",
     "ลงวันที่ {1} ก่อนวันที่ของหนังสือที่ส่งมาด้วย ({2}): ตรวจวันที่กับต้นฉบับ"),
    (r"subject: '(.*)' a word read twice", "เรื่อง: คำ “{1}” ซ้ำกัน อาจอ่านผิด"),
    (r"subject: '(.*)' may be '(.*)' \(a letter read as its look-alike\)",
     "เรื่อง: “{1}” อาจเป็น “{2}” (อักษรที่คล้ายกันอ่านสลับ) ตรวจกับต้นฉบับ"),
    (r"directives: an item's words lost, or the next item's run into it \(an item may be lost\)",
     "ข้อสั่งการ: ข้อหนึ่งอ่านข้อความไม่ได้ หรือเลขข้อถัดไปติดมาท้ายข้อ (อาจขาดไปหนึ่งข้อ)"),
    (r"date (\S+) after the letter above it that forwards it \((\S+)\)",
     "ลงวันที่ {1} หลังหนังสือที่ส่งต่อฉบับนี้ ({2})"),
    (r"ว number (\d+) lower than (\d+) of the same unit on an earlier date",
     "เลข ว {1} น้อยกว่าเลข ว {2} ของหน่วยงานเดียวกันที่ลงวันที่ก่อนหน้า"),
    # page warnings (ingest/pipeline.py, ingest/read/model.py)
    (r"page was scanned rotated; turned upright", "หน้านี้สแกนกลับด้าน ระบบหมุนให้ตั้งตรงแล้ว"),
    (r"no text found on this page", "ไม่พบข้อความในหน้านี้"),
    (r"page (\d+) line (\d+): doubtful digits (.+) in (.+)", "หน้า {1} บรรทัด {2}: ตัวเลข {3} ไม่แน่ใจ ใน {4}"),
)

ERRORS = (  # ingest/load.py, pipeline.py, read.py, recognize.py, registry.py, corrections.py
    (r"(.+): not a scanned document \(not a PDF, TIFF, JPEG or PNG\)\.",
     "{1}: ไม่ใช่ไฟล์สแกนเอกสาร (ต้องเป็น PDF, TIFF, JPEG หรือ PNG)"),
    (r"(.+): the file is empty \(0 bytes\)\.", "{1}: ไฟล์ว่างเปล่า (0 ไบต์)"),
    (r"(.+): the (?:document|PDF) has no pages\.", "{1}: ไม่มีหน้าเอกสารในไฟล์"),
    (r"(.+): (\d+) pages, more than the (\d+) accepted\.", "{1}: มี {2} หน้า เกินที่รับได้ {3} หน้า"),
    (r"(.+): the PDF is encrypted with a password\.", "{1}: PDF ถูกล็อกด้วยรหัสผ่าน"),
    (r"(.+): the PDF is damaged and cannot be read \((.*)\)\.", "{1}: ไฟล์ PDF เสียหาย อ่านไม่ได้"),
    (r"(.+): the image is too large to be a scanned page \((.*)\)\.", "{1}: ภาพใหญ่เกินกว่าจะเป็นหน้าสแกน"),
    (r"(.+): the image is (\d+) × (\d+) pixels, too large to be a scanned page\.",
     "{1}: ภาพขนาด {2} × {3} พิกเซล ใหญ่เกินกว่าจะเป็นหน้าสแกน"),
    (r"(.+): the image is damaged and cannot be read \((.*)\)\.", "{1}: ไฟล์ภาพเสียหาย อ่านไม่ได้"),
    (r"(.+): no text found on any of its (\d+) page\(s\) \(blank scan\?\); nothing was registered\.",
     "{1}: ไม่พบข้อความเลยทั้ง {2} หน้า (สแกนหน้าเปล่า?) ไม่ได้ลงทะเบียน"),
    (r"(.+): no Thai text found \(the pages read as another language\); nothing was registered\.",
     "{1}: ไม่พบข้อความภาษาไทย (อ่านได้เป็นภาษาอื่น) ไม่ได้ลงทะเบียน"),
    (r"(.+): already registered \(same bytes\); nothing changed\.", "{1}: ไฟล์นี้เคยลงทะเบียนแล้ว ไม่ได้บันทึกซ้ำ"),
    (r"(.+) is already registered \(sha256 (\S+)\): skipped\.", "{1}: ไฟล์นี้เคยลงทะเบียนแล้ว ไม่ได้บันทึกซ้ำ"),
    (r"(.+): no such file(?: or folder)?\.", "{1}: ไม่พบไฟล์"),
    (r"Tesseract failed on page (\d+): (.*)", "โปรแกรมอ่านตัวอักษร (Tesseract) ขัดข้องที่หน้า {1}"),
    (r"Tesseract's Thai and English language data .* were not found\.",
     "ไม่พบข้อมูลภาษาไทยและอังกฤษของโปรแกรมอ่านตัวอักษร (Tesseract)"),
    (r"tesserocr cannot be imported \((.*)\)\.", "เรียกใช้โปรแกรมอ่านตัวอักษรไม่ได้ (tesserocr)"),
    (r"The OCR engine '(.+)' is not available \((.*)\)\.", "ไม่มีโปรแกรมอ่านตัวอักษร “{1}” ในเครื่องนี้"),
    (r"Unknown OCR engine '(.+)'\.", "ไม่รู้จักโปรแกรมอ่านตัวอักษร “{1}”"),
    (r"The Saraban recognizer's weights are missing \((.*)\)\.", "ไม่พบไฟล์แบบจำลองอ่านตัวอักษรของระบบ"),
    (r"onnxruntime cannot be imported \((.*)\)\.", "เรียกใช้ onnxruntime ไม่ได้"),
    (r"The registry (.+) is locked by another program \((.*)\)\.",
     "ทะเบียนกำลังถูกใช้โดยโปรแกรมอื่น: รอสักครู่แล้วลองอีกครั้ง"),
    (r"The registry (.+) cannot be used: (.*)\.", "เปิดทะเบียนไม่ได้ (ไฟล์อาจเสียหาย)"),
    (r"No letter with id (\d+) in (.+)\.", "ไม่พบหนังสือลำดับ {1} ในทะเบียน"),
    (r"No letter numbered (.+) in (.+)\.", "ไม่พบหนังสือเลขที่ {1} ในทะเบียน"),
    (r"No page (\d+) of file (\S+) in (.+)\.", "ไม่พบหน้า {1} ของไฟล์นี้ในทะเบียน"),
    (r"'(.+)' cannot be corrected\.", "ช่อง “{1}” แก้ไขไม่ได้"),
    (r"'(.+)' is not a date\.", "“{1}” ไม่ใช่วันที่"),
    (r"(.+): page (\d+) is damaged \(.*\); nothing of this file was registered\.",
     "{1}: หน้า {2} เสียหาย (ข้อมูลภาพขาดหรือผิดรูป) ไม่ได้ลงทะเบียน"),
    (r"(.+): the list of its pages is damaged \(.*\); nothing of this file was registered\.",
     "{1}: รายการหน้าในไฟล์เสียหาย ไม่ได้ลงทะเบียน"),
    (r"(.+): a web page or other markup \(HTML/XML\), not a scan\.", "{1}: เป็นหน้าเว็บ (HTML) ไม่ใช่ไฟล์สแกน"),
    (r"(.+): a (.+) image; Saraban reads PDF, TIFF, JPEG and PNG, so it was not read\.",
     "{1}: เป็นภาพ {2} ระบบอ่านได้เฉพาะ PDF, TIFF, JPEG และ PNG"),
    (r"(.+): the disk is full \(.*\); nothing of this file was registered\.", "{1}: พื้นที่ดิสก์เต็ม ไม่ได้ลงทะเบียน"),
    (r"The disk holding the registry (.+) is full \((.*)\)\.", "พื้นที่ดิสก์ของทะเบียนเต็ม"),
    (r"(.+): permission denied: this user may not (.+)\.", "{1}: ไม่มีสิทธิ์อ่านไฟล์นี้"),
    (r"(.+): cannot keep a copy of the scan in (.+); nothing of this file was registered\.",
     "{1}: เก็บสำเนาไฟล์สแกนไว้ไม่ได้ ไม่ได้ลงทะเบียน"),
    (r"(.+): internal error while (.+)", "{1}: เกิดข้อผิดพลาดภายในระบบระหว่างอ่านไฟล์ ไม่ได้ลงทะเบียน"),
    (r"(.+): (\w+(?:Error|Exception)): (.*)", "{1}: เกิดข้อผิดพลาดระหว่างอ่านไฟล์ ({2})"),
)

HINTS = (
    (r"Scan to PDF, TIFF, JPEG or PNG and ingest that file\.", "สแกนเป็น PDF, TIFF, JPEG หรือ PNG แล้วส่งไฟล์นั้นแทน"),
    (r"Scan the letter again; the copy may have been cut short\.", "สแกนหนังสือใหม่ ไฟล์อาจถูกตัดขาด"),
    (r"Scan the letter again, or check the scanner's PDF settings\.",
     "สแกนหนังสือใหม่ หรือตรวจการตั้งค่า PDF ของเครื่องสแกน"),
    (r"Split the bundle into smaller files, or raise SARABAN_MAX_PAGES\.", "แยกเป็นไฟล์ย่อยให้มีจำนวนหน้าน้อยลง"),
    (r"Save an unprotected copy \(or scan the paper again\) and ingest that\.",
     "บันทึกสำเนาที่ไม่ล็อกรหัสผ่าน (หรือสแกนกระดาษใหม่) แล้วส่งไฟล์นั้น"),
    (r"Open it in a PDF viewer to check it, or scan the paper again\.",
     "เปิดดูด้วยโปรแกรมอ่าน PDF หรือสแกนกระดาษใหม่"),
    (r"Open it in an image viewer to check it, or scan the paper again\.",
     "เปิดดูด้วยโปรแกรมดูภาพ หรือสแกนกระดาษใหม่"),
    (r"Scan at 300 dpi, or scale the image .*", "สแกนที่ความละเอียด 300 dpi หรือย่อภาพให้เล็กลง"),
    (r"Check that the right side of the paper was scanned, then scan it again\.",
     "ตรวจว่าสแกนด้านที่มีข้อความ แล้วสแกนใหม่"),
    (r"Saraban registers Thai official letters; file this document by hand\.",
     "ระบบรับเฉพาะหนังสือราชการภาษาไทย: ลงทะเบียนเอกสารนี้ด้วยมือ"),
    (r"Use --force to read it again and replace its letters\.", "ถ้าต้องการอ่านใหม่ ให้ผู้ดูแลระบบสั่งอ่านซ้ำ"),
    (r"Wait for the other ingest to finish and run again\.", "รอให้การรับหนังสือที่ทำอยู่เสร็จ แล้วลองอีกครั้ง"),
    (r"Find it with `saraban search`\.", "ค้นหาจากหน้า ค้นหา"),
    (r"Check the number, or search for it.*", "ตรวจเลขที่ หรือค้นหาจากหน้า ค้นหา"),
    (r"Check the page image; run `saraban doctor`\.", "ตรวจภาพหน้ากระดาษ แล้วแจ้งผู้ดูแลระบบ"),
    (r"Install them: .*|Reinstall the project.*|Use --engine tesseract.*|Upgrade Saraban.*",
     "แจ้งผู้ดูแลระบบ"),
    (r"Check the path and try again\.", "ตรวจชื่อไฟล์แล้วลองอีกครั้ง"),
    (r"Copy the file again from the scanner, or scan the paper again\.",
     "คัดลอกไฟล์จากเครื่องสแกนอีกครั้ง หรือสแกนกระดาษใหม่"),
    (r"A download or a mail attachment may have been saved as a web page: .*",
     "ไฟล์ที่ดาวน์โหลดหรือแนบมาอาจถูกบันทึกเป็นหน้าเว็บ: ดาวน์โหลดไฟล์สแกนใหม่แล้วส่งไฟล์นั้น"),
    (r"Save the scan as PDF, TIFF, JPEG or PNG and ingest that file\.", "บันทึกเป็น PDF, TIFF, JPEG หรือ PNG แล้วส่งไฟล์นั้นแทน"),
    (r"Free some space on that disk.*", "แจ้งผู้ดูแลระบบให้เพิ่มพื้นที่ดิสก์ แล้วลองอีกครั้ง"),
    (r"Please report it .*", "แจ้งผู้ดูแลระบบพร้อมไฟล์นี้"),
    (r"Ask whoever manages the folder .*", "แจ้งผู้ดูแลระบบให้เปิดสิทธิ์อ่านไฟล์"),
)


# how one letter is linked to another (ingest/links/link.py's kinds)
LINK_NAMES = {"reference": "อ้างถึง", "endorsement": "เกษียน", "citation": "อ้างในเนื้อความ",
              "enclosure": "สิ่งที่ส่งมาด้วย", "bundle": "สแกนแนบท้าย", "subject": "เรื่องเดียวกัน"}
# a letter without a number is named by what it is, who wrote it and when
UNNUMBERED = {"endorsement": "เกษียน", "memo": "บันทึกข้อความ", "order": "คำสั่ง", "announcement": "ประกาศ"}


def link_kind(kind: str | None) -> str:
    """A link's kind in Thai; an unknown kind as the library wrote it.

    >>> link_kind("bundle"), link_kind("endorsement")
    ('สแกนแนบท้าย', 'เกษียน')
    """
    return LINK_NAMES.get(kind or "", kind or "")


def letter_name(item: dict, brief: bool = False) -> str:
    """What names a letter in a list or a chart: its number, else (an endorsement is often
    unnumbered) its kind, issuer and date. ``item``: a record, a chain node or a link
    (``letter_kind``: the linked letter's kind). ``brief``: where the issuer and date are
    shown beside it (a box of the chart), the kind alone.

    >>> letter_name({"doc_no": "ชม 0023.3/ว 69", "id": 2})
    'ชม 0023.3/ว 69'
    >>> letter_name({"doc_no": None, "id": 3, "kind": "endorsement", "issuer": "ที่ว่าการอำเภอแม่ริม", "date": "2024-01-22"})
    'เกษียน ที่ว่าการอำเภอแม่ริม 22 ม.ค. 2567'
    """
    if item.get("doc_no"):
        return item["doc_no"]
    kind = item.get("letter_kind") or item.get("kind")
    if brief:
        return f"{UNNUMBERED.get(kind, 'หนังสือ')} (ไม่มีเลขที่)"
    parts = [UNNUMBERED.get(kind, "หนังสือ"), item.get("issuer"), be_date(item.get("date"))]
    if not item.get("issuer") and not item.get("date"):
        parts.append(f"ลำดับที่ {item['id']}" if item.get("id") else "")
    return " ".join(p for p in parts if p)


def _apply(table, text: str) -> str | None:
    text = (text or "").strip()
    for pattern, thai in table:
        m = re.fullmatch(pattern, text)
        if m:
            if callable(thai):
                return thai(m)
            groups = [be_date(g) if g and ISO.match(g) else (g or "") for g in m.groups()]
            return thai.format(None, *groups)
    return None


def flag_thai(text: str) -> str | None:
    """A flag or page warning in Thai; None when no wording knows it.

    >>> flag_thai("date: 31 กุมภาพันธ์ 2561 does not exist ('๓๑ กุมภาพันธ์ ๒๕๖๑')")
    'ลงวันที่: วันที่ 31 กุมภาพันธ์ 2561 ไม่มีอยู่จริง (พิมพ์ไว้ว่า “๓๑ กุมภาพันธ์ ๒๕๖๑”)'
    >>> flag_thai("date after its receipt stamp (2024-01-22 > 2024-01-15)")
    'ลงวันที่ 22 ม.ค. 2567 หลังวันที่รับตามตรารับ (15 ม.ค. 2567)'
    >>> flag_thai("colour: too red") is None
    True
    """
    return _apply(FLAGS, text)


def error_thai(text: str | None) -> str | None:
    """An error message of the library in Thai; None when no wording knows it.

    >>> error_thai("letter.pdf: the PDF is encrypted with a password.")
    'letter.pdf: PDF ถูกล็อกด้วยรหัสผ่าน'
    """
    return _apply(ERRORS, text or "")


def hint_thai(text: str | None) -> str | None:
    return _apply(HINTS, text or "")


def _shown(thai: str | None, english: str) -> Markup:
    if not thai or thai == english:
        return Markup(f'<span class="en">{escape(english)}</span>')
    return Markup(f'<span class="th" title="{escape(english)}">{escape(thai)}</span>')


def flag_html(text) -> Markup:
    """A flag for a page: Thai, the English in its tooltip; unknown ones as written."""
    return _shown(flag_thai(str(text)), str(text))


def error_html(text) -> Markup:
    return _shown(error_thai(str(text or "")), str(text or ""))


def hint_html(text) -> Markup:
    return _shown(hint_thai(str(text or "")), str(text or ""))


# -- sign-in and requests the workspace refuses ---------------------------------------

SIGN_IN_REFUSED = {
    "pair": "ลองเข้าสู่ระบบด้วยชื่อ “{name}” จากเครื่องนี้ผิดหลายครั้งเกินไป: รอ {seconds} วินาที "
            "แล้วลองใหม่ (ได้ตั้งแต่เวลา {at} น.) ผู้ใช้อื่นยังเข้าสู่ระบบจากเครื่องนี้ได้ตามปกติ",
    "account": "มีการลองรหัสผ่านของบัญชี “{name}” ผิดหลายครั้งจากหลายเครื่อง: รอ {seconds} วินาที "
               "แล้วลองใหม่ (ได้ตั้งแต่เวลา {at} น.) หรือเข้าสู่ระบบจากเครื่องที่เคยใช้ "
               "ถ้าไม่ใช่คุณที่ลอง แจ้งผู้ดูแลระบบ",
    "address": "มีการลองเข้าสู่ระบบผิดจากเครื่องนี้หลายครั้งเกินไป: รอ {seconds} วินาที "
               "แล้วลองใหม่ (ได้ตั้งแต่เวลา {at} น.) หรือเข้าสู่ระบบจากเครื่องอื่น",
}


def sign_in_refused(reason: str, name: str, seconds: int, now=None) -> str:
    """Why sign-in is refused now and when to try again (Thailand's clock).

    >>> from datetime import datetime, timezone
    >>> text = sign_in_refused("pair", "somsri", 42, datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc))
    >>> text.split(" (")[0]
    'ลองเข้าสู่ระบบด้วยชื่อ “somsri” จากเครื่องนี้ผิดหลายครั้งเกินไป: รอ 42 วินาที แล้วลองใหม่'
    >>> "ได้ตั้งแต่เวลา 10:00:42 น." in text
    True
    """
    now = now or datetime.now(timezone.utc)
    at = (now + timedelta(seconds=seconds)).astimezone(timezone(timedelta(hours=7)))  # no DST
    return SIGN_IN_REFUSED[reason].format(name=name, seconds=seconds, at=f"{at:%H:%M:%S}")


def wrong_host(host: str) -> str:
    return (f"คำขอนี้เรียกเครื่องด้วยชื่อ “{host}” ซึ่งไม่ใช่เครื่องนี้: ระบบเปิดให้ใช้เฉพาะบนเครื่องนี้ "
            "ให้เปิดด้วยที่อยู่ http://127.0.0.1 หรือ http://localhost ตามด้วยพอร์ตที่ตั้งไว้")
