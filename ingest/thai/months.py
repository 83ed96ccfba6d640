"""Thai month names, full (มกราคม) and abbreviated (ม.ค.), January first.

They are PyThaiNLP's ``thai_full_months`` and ``thai_abbr_months`` (tests/test_house.py holds
them equal), written out here because the date patterns are compiled when their modules
load, and importing PyThaiNLP (about 0.3 s) must wait until a word list is needed. The
OCR-tolerant spellings of the names are in :mod:`ingest.extract.dates`, which reads dates.

>>> MONTHS[6], MONTHS_SHORT[6]
('กรกฎาคม', 'ก.ค.')
"""
from __future__ import annotations

MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
          "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
                "ต.ค.", "พ.ย.", "ธ.ค.")
