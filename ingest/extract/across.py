"""Checks across the records of one bundle: years far from the others, dates down a chain,
a unit's ว numbers in time, a letter cited with a figure otherwise, Thai digits never read."""
from __future__ import annotations

import re
from collections import Counter

from ingest.extract.checks import enclosed_letters, flag
from ingest.thai.dates import BE_OFFSET
from ingest.thai.keys import doc_no_key

FAR_YEARS = 2          # a year this far from the bundle's usual year is suspect
THAI_DIGITS_TOLD = "๔๖๗๘๙"


def _digits_told(records: list[dict]) -> bool:
    """Whether the bundle shows any of the Thai digits stock Tesseract cannot output."""
    text = " ".join(str(r.get("doc_no_text") or "") + str(r.get("date_text") or "") for r in records)
    return any(d in text for d in THAI_DIGITS_TOLD)


def check_bundle(records: list[dict]) -> None:
    """Flags across records: a year far from the others, dates going up down a chain (the
    newest letter is on top), ว numbers of one unit and year that go backwards in time."""
    years = [int(r["date"][:4]) + BE_OFFSET for r in records if r["date"]]
    if len(years) >= 3:
        usual = Counter(years).most_common(1)[0][0]
        for r in records:
            if r["date"]:
                y = int(r["date"][:4]) + BE_OFFSET
                if abs(y - usual) >= FAR_YEARS:
                    flag(r, f"year {y} far from the others in this bundle ({usual})")
    by_key = {doc_no_key(r["doc_no"]): r for r in records if r["doc_no"]}
    for r in records:
        for ref in r["references"]:
            cited = by_key.get(doc_no_key(ref.get("doc_no")))
            if cited and cited["date"] and r["date"] and cited["date"] > r["date"]:
                flag(r, f"date before the letter it cites ({r['date']} < {cited['date']})")
            if cited and ref.get("date") and cited["date"] and ref["date"] != cited["date"]:
                flag(r, f"reference date {ref['date']} differs from the cited letter's "
                         f"{cited['date']}")
    _check_chain_order(records)
    _check_circular_numbers(records)
    _check_near_citations(records, by_key)
    has_thai = any(re.search("[๐-๙]", str(r.get("doc_no_text") or "")) for r in records)
    if has_thai and not _digits_told(records) and sum(
            len(re.findall("[๐-๙]", str(r.get("doc_no_text") or "") + str(r.get("date_text") or "")))
            for r in records) >= 12:
        for r in records:
            flag(r, "digits: none of ๔ ๖ ๗ ๘ ๙ read anywhere; Thai digits may be misread")


def _citations(rec: dict) -> list[tuple[str, str | None]]:
    """(number, date) of each letter a record cites: its อ้างถึง and the copies it encloses."""
    cited = rec["references"] + enclosed_letters(rec["enclosures"])
    return [(ref["doc_no"], ref.get("date")) for ref in cited if ref.get("doc_no")]


# figures of a serial that may differ between a letter and its citation of the same date
# (``ว ๑๐๑`` cited as ``ว ๓๓๑``, both of ๒๐ เมษายน); the unit's next or last number that day
# (``ว ๑๙๑``, ``ว ๑๙๒``) may be another letter, and is no doubt
NEAR_FIGURES = 2


def _next_to(a: str, b: str) -> bool:
    return a.isdigit() and b.isdigit() and abs(int(a) - int(b)) == 1


def _check_near_citations(records: list[dict], own: dict[str, dict]) -> None:
    """A letter of the bundle cited elsewhere in it, of the same date, with a figure or two of
    its serial otherwise (``ว ๔๔๑๐`` cited, ``ว ๔๔๓๐`` read, both of ๑๒ พฤศจิกายน): one of the
    two was misread, and neither reader can tell which (Norasi's ๓ reads ๑ to both): both are
    flagged. Citations without a date read, and the unit's next or last number, are left.
    ``own``: the bundle's letters by their number's key."""
    for r in records:
        for no, date in _citations(r):
            key = doc_no_key(no)
            if not key or key in own or "/" not in key:
                continue
            head, _, serial = key.rpartition("/")
            for other_key, other in own.items():
                o_head, _, o_serial = other_key.rpartition("/")
                off = sum(a != b for a, b in zip(serial, o_serial))
                same_day = bool(date and other["date"] and date == other["date"])
                if other is r or o_head != head or len(o_serial) != len(serial) or not same_day \
                        or not 0 < off <= NEAR_FIGURES or _next_to(serial, o_serial):
                    continue
                flag(other, f"doc_no: cited as {no} in another letter of this bundle")
                flag(r, f"references: {no} cited; the bundle's letter of that unit reads {other['doc_no']}")


def _check_chain_order(records: list[dict]) -> None:
    """Endorsements are newer than their letter; letters down a bundle get older."""
    prev = None
    for r in records:
        if r["kind"] == "endorsement":     # it follows the letter it is written on
            if prev is not None and prev["date"] and r["date"] and r["date"] < prev["date"]:
                flag(r, f"date {r['date']} before the letter it endorses ({prev['date']})")
            continue
        if prev is not None and prev["date"] and r["date"] and r["date"] > prev["date"] \
                and any(doc_no_key(x.get("doc_no")) == doc_no_key(r["doc_no"])
                        for x in prev["references"]):
            flag(r, f"date {r['date']} after the letter above it that forwards it ({prev['date']})")
        prev = r


def _check_circular_numbers(records: list[dict]) -> None:
    """One unit's ว numbers restart each year and grow with the date."""
    series: dict[tuple[str, str], list[tuple[str, int, dict]]] = {}
    for r in records:
        m = re.match(r"^(.*)/ว (\d+)$", r["doc_no"] or "")
        if m and r["date"]:
            series.setdefault((m.group(1), r["date"][:4]), []).append((r["date"], int(m.group(2)), r))
    for items in series.values():
        items.sort(key=lambda x: x[0])
        for (d1, n1, _), (d2, n2, r2) in zip(items, items[1:]):
            if d2 > d1 and n2 < n1:
                flag(r2, f"ว number {n2} lower than {n1} of the same unit on an earlier date")
