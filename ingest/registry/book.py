"""The receiving register (ทะเบียนหนังสือรับ) as the regulation prescribes it.

Columns: เลขทะเบียนรับ · ที่ · ลงวันที่ · จาก · ถึง · เรื่อง · การปฏิบัติ · หมายเหตุ, grouped
under the date of receipt, dates in Thai with Buddhist-era years. Written as CSV (UTF-8
with BOM, so LibreOffice and Excel see Thai), XLSX (openpyxl, A4 landscape) or HTML that
prints on A4.
"""
from __future__ import annotations

import csv
import json
import html
import io
import os
import re
from datetime import date
from pathlib import Path

from ..record import FIELDS
from .query import date_range
from ..thai.dates import BE_OFFSET
from ..thai.digits import arabic_digits, thai_digits
from ..thai.months import MONTHS, MONTHS_SHORT

COLUMNS = ("เลขทะเบียนรับ", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ")


def thai_date(iso: str | None, short: bool = False, digits: str = "thai") -> str:
    """A Common Era ISO date written in Thai with its Buddhist-era year.

    >>> thai_date("2024-01-15"), thai_date("2024-01-15", short=True)
    ('๑๕ มกราคม ๒๕๖๗', '๑๕ ม.ค. ๖๗')
    >>> thai_date("2018-07-25", digits="arabic")
    '25 กรกฎาคม 2561'
    """
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    be = d.year + BE_OFFSET
    text = (f"{d.day} {MONTHS_SHORT[d.month - 1]} {be % 100:02d}" if short
            else f"{d.day} {MONTHS[d.month - 1]} {be}")
    return thai_digits(text) if digits == "thai" else text


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet cell that stays text: one starting like a formula (``= + - @``,
    a tab or a carriage return, also after spaces) gets a leading apostrophe, so neither
    Excel nor LibreOffice runs ``=HYPERLINK(...)`` or ``=cmd|...`` that OCR or a field held.
    Every CSV and XLSX row here is written by ``_csv`` or ``_append``, which call it.

    >>> [safe_cell(v) for v in ("=cmd|' /C calc'!A0", " @SUM(A1)", "-2+3", "ที่ มท ๐๒๐๖", 7, None)]
    ["'=cmd|' /C calc'!A0", "' @SUM(A1)", "'-2+3", 'ที่ มท ๐๒๐๖', 7, None]
    """
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def _receipt_no(stamp: dict) -> tuple:
    """A stamp's number as the book orders it: by its value (๙ before ๑๐), unread last.

    >>> sorted(["๑๐", "9", "", "๒/๒๕๖๗"], key=lambda n: _receipt_no({"number": n}))
    ['๒/๒๕๖๗', '9', '๑๐', '']
    """
    number = stamp.get("number") or ""
    m = re.search(r"\d+", arabic_digits(number))
    return (int(m.group()) if m else 10**9, number)


def same_office(receiver: str | None, office: str) -> bool:
    """Whether a stamp's receiver is ``office`` as read by OCR (spacing may differ, a word
    may be missing at either end); a stamp whose receiver was not read counts as ours.

    >>> same_office("ที่ว่าการ อำเภอแม่ริม", "ที่ว่าการอำเภอแม่ริม"), same_office("ศาลากลางจังหวัดเชียงใหม่", "ที่ว่าการอำเภอแม่ริม")
    (True, False)
    """
    if not receiver:
        return True
    a, b = re.sub(r"\s+", "", receiver), re.sub(r"\s+", "", office)
    return a in b or b in a


def _stamp(rec: dict, office: str | None) -> dict | None:
    """The receipt stamp a register shows for a letter: its latest one, or with ``office``
    the latest stamp of that office (another office's stamp is another office's book)."""
    if not office:
        return rec.get("receipt")
    stamps = list(rec.get("receipts") or [])
    if rec.get("receipt") and rec["receipt"] not in stamps:
        stamps.append(rec["receipt"])
    ours = [s for s in stamps if s.get("date") and same_office(s.get("receiver"), office)]
    return max(ours, key=lambda s: (s["date"], s.get("time") or ""), default=None)


def _received(registry, date_from, date_to, office) -> list[tuple[dict, dict]]:
    """(stamp, letter id) of every letter received in the range, in register order."""
    where, params = date_range("receipt_date", date_from, date_to)
    sql = f"SELECT id FROM letters WHERE {' AND '.join(where + ['receipt_date IS NOT NULL'])}"
    if office:  # an office's stamp may be any of a letter's stamps, not only its latest
        more, more_params = date_range("date", date_from, date_to)
        sql += f' UNION SELECT letter_id FROM "receipts" WHERE {" AND ".join(more + ["date IS NOT NULL"])}'
        params = params + more_params
    ids = [r[0] for r in registry.conn.execute(sql, params)]
    found = []
    for chunk in range(0, len(ids), 500):   # the stamps only: a page's records are read later
        part = ids[chunk:chunk + 500]
        for letter_id, receipt, receipts in registry.conn.execute(
                f"SELECT id, receipt, receipts FROM letters WHERE id IN ({','.join('?' * len(part))})", part):
            stamps = {"receipt": json.loads(receipt) if receipt else None,
                      "receipts": json.loads(receipts) if receipts else []}
            stamp = _stamp(stamps, office)
            day = (stamp or {}).get("date")
            if day and (not date_from or day >= date_from) and (not date_to or day <= date_to):
                found.append((stamp, letter_id))
    found.sort(key=lambda f: (f[0]["date"], _receipt_no(f[0]), f[1]))
    return found


def rows(registry, date_from=None, date_to=None, office: str | None = None, word=None) -> list[dict]:
    """Letters received between the dates (by their receipt stamp), in register order:
    ``[{"received": ISO, "values": {column: text}, "id": int}]``. With ``office``, the book
    of that office: only letters it stamped, with its number and date. ``word``: how a
    flag is written in หมายเหตุ (the web's Thai wording; by default as the library says it)."""
    return rows_page(registry, date_from, date_to, office, word=word)[0]


def rows_page(registry, date_from=None, date_to=None, office: str | None = None,
              offset: int = 0, limit: int | None = None, word=None) -> tuple[list[dict], int]:
    """One page of ``rows`` (``limit`` rows from ``offset``) and how many there are in all."""
    found = _received(registry, date_from, date_to, office)
    page = found[offset:None if limit is None else offset + limit]
    records = {rec["id"]: rec for rec in registry.letters(ids=[i for _, i in page])} if page else {}
    actions = _actions(registry, [i for _, i in page])
    return [_row(records[i], stamp, actions.get(i, ""), word or str) for stamp, i in page if i in records], \
        len(found)


def _row(rec: dict, receipt: dict, action: str, word) -> dict:
    notes = [x for x in (rec.get("urgency"), rec.get("secrecy")) if x]
    if receipt.get("time"):
        notes.append(f"เวลา {thai_digits(receipt['time'])} น.")
    if rec.get("flags"):
        notes.append("ตรวจสอบ: " + ", ".join(word(f) for f in rec["flags"]))
    return {"id": rec["id"], "received": receipt.get("date"), "values": {
        "เลขทะเบียนรับ": thai_digits(receipt.get("number") or ""),
        "ที่": thai_digits(rec.get("doc_no") or rec.get("doc_no_text") or ""),
        "ลงวันที่": thai_date(rec.get("date")),
        "จาก": rec.get("issuer") or "",
        "ถึง": ", ".join(rec.get("recipients") or []) or (receipt.get("receiver") or ""),
        "เรื่อง": rec.get("subject") or "",
        "การปฏิบัติ": action,
        "หมายเหตุ": "; ".join(notes)}}


def _actions(registry, ids) -> dict[int, str]:
    """What was done with a letter: the endorsements and letters that forwarded it, each
    once (a letter linked to it in two ways, by อ้างถึง and by the scan, forwarded it once)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found: dict[int, list[str]] = {}
    for parent, doc_no, when, recipients, purpose, *_ in registry.conn.execute(   # undated first, on both engines
            "SELECT DISTINCT k.parent_id, c.doc_no, c.date, c.recipients, c.purpose, c.id, c.date IS NOT NULL AS dated "
            f"FROM links k JOIN letters c ON c.id = k.child_id WHERE k.parent_id IN ({marks}) "
            "AND k.kind != 'subject' ORDER BY dated, c.date, c.id", ids).fetchall():
        to = ", ".join(json.loads(recipients or "[]"))
        text = f"ส่งต่อ {thai_digits(doc_no or '')} {thai_date(when, short=True)}"
        text += f" ถึง {to}" if to else ""
        text += f" {purpose}" if purpose else ""
        found.setdefault(parent, []).append(text.strip())
    return {parent: "; ".join(texts) for parent, texts in found.items()}


def groups(register_rows: list[dict]) -> list[tuple[str, list[dict]]]:
    out: list[tuple[str, list[dict]]] = []
    for r in register_rows:
        if not out or out[-1][0] != r["received"]:
            out.append((r["received"], []))
        out[-1][1].append(r)
    return out


def _csv(table) -> str:
    """Rows of values as CSV text, every cell through ``safe_cell``."""
    buf = io.StringIO()
    w = csv.writer(buf)
    for values in table:
        w.writerow([safe_cell(v) for v in values])
    return buf.getvalue()


def _append(ws, values) -> None:
    """One row at the end of a worksheet, every cell through ``safe_cell``."""
    ws.append([safe_cell(v) for v in values])


def to_csv(register_rows: list[dict]) -> str:
    return _csv([("วันที่รับ",) + COLUMNS] + [[thai_date(r["received"])] + [r["values"][c] for c in COLUMNS]
                                            for r in register_rows])


def to_html(register_rows: list[dict], title: str) -> str:
    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in COLUMNS)
    body = []
    for received, items in groups(register_rows):
        body.append(f'<tr class="day"><td colspan="{len(COLUMNS)}">วันที่รับ {e(thai_date(received))}</td></tr>')
        for r in items:
            body.append("<tr>" + "".join(f"<td>{e(r['values'][c])}</td>" for c in COLUMNS) + "</tr>")
    return f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
@page {{ size: A4 landscape; margin: 12mm 10mm; }}
body {{ font-family: "TH Sarabun New", "TH SarabunPSK", Laksaman, Garuda, sans-serif; font-size: 14pt; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 4mm; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; }}
th, td {{ border: 0.3mm solid #000; padding: 1mm 1.5mm; vertical-align: top; word-wrap: break-word; }}
th {{ background: #eee; }}
tr.day td {{ font-weight: bold; background: #f6f6f6; }}
col.no {{ width: 9%; }} col.ref {{ width: 13%; }} col.date {{ width: 10%; }} col.from {{ width: 13%; }}
col.to {{ width: 13%; }} col.subj {{ width: 20%; }} col.act {{ width: 12%; }} col.note {{ width: 10%; }}
</style></head><body>
<h1>{e(title)}</h1>
<table><colgroup><col class="no"><col class="ref"><col class="date"><col class="from"><col class="to">
<col class="subj"><col class="act"><col class="note"></colgroup>
<thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table></body></html>
"""


def to_xlsx(register_rows: list[dict], title: str, out) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "ทะเบียนหนังสือรับ"
    _append(ws, [title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws["A1"].font = Font(name="TH Sarabun New", size=18, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    _append(ws, COLUMNS)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in ws[2]:
        cell.font = Font(name="TH Sarabun New", size=14, bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
        cell.border = box
    for received, items in groups(register_rows):
        _append(ws, [f"วันที่รับ {thai_date(received)}"])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(COLUMNS))
        ws.cell(ws.max_row, 1).font = Font(name="TH Sarabun New", size=14, bold=True)
        for r in items:
            _append(ws, [r["values"][c] for c in COLUMNS])
            for cell in ws[ws.max_row]:
                cell.font = Font(name="TH Sarabun New", size=14)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                cell.border = box
    for letter, width in zip("ABCDEFGH", (12, 20, 16, 22, 22, 36, 22, 16)):
        ws.column_dimensions[letter].width = width
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.save(out)


def register(registry, date_from=None, date_to=None, fmt: str = "csv", out=None, office: str | None = None,
             word=None):
    """Write the register (with ``office``, that office's book; ``word`` as for ``rows``);
    ``out`` is a path or stream (bytes for xlsx). With no ``out``, csv and html are
    returned as text and xlsx as bytes."""
    found = rows(registry, date_from, date_to, office, word)
    span = " ถึง ".join(thai_date(d) for d in (date_from, date_to) if d)
    title = "ทะเบียนหนังสือรับ" + (f" {office}" if office else "") + (f" {span}" if span else "")
    if fmt == "xlsx":
        target = out if out is not None else io.BytesIO()
        to_xlsx(found, title, target)
        return target.getvalue() if out is None else None
    if fmt not in ("csv", "html"):
        raise ValueError(f"unknown register format {fmt!r} (csv, xlsx or html)")
    text = to_csv(found) if fmt == "csv" else to_html(found, title)
    if out is None:
        return text
    if isinstance(out, (str, Path)):
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        out.write(text)
    return None


def export_records(registry, fmt: str = "json", out=None) -> str | None:
    """Write every letter as contract records; ``out`` is a path, a text stream or None
    (return the text)."""
    records = registry.letters()
    if fmt == "json":
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        fields = list(FIELDS) + ["purpose"]
        text = _csv([fields] + [[json.dumps(rec[f], ensure_ascii=False) if isinstance(rec[f], (list, dict))
                                 else rec[f] for f in fields] for rec in records])
    else:
        raise ValueError(f"unknown export format {fmt!r} (json or csv)")
    if out is None:
        return text
    if isinstance(out, (str, os.PathLike)):
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        out.write(text)
    return None
