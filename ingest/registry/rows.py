"""How a letter's record becomes rows of the registry, and back: the ``letters`` row, the
searchable parts (references, recipients, directives, receipts, attachments) and the text
the full-text index follows."""
from __future__ import annotations

import json

from ..links import link
from . import migrations
from ..thai.keys import doc_no_key
from ..record import new_record
from .health import PART_TABLES
from .query import fts_text


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def letter_row(rec: dict) -> dict:
    """The ``letters`` row of a record: its fields, the JSON ones as text, and the keys
    the registry looks letters up by."""
    row = {f: rec.get(f) for f in migrations.TEXT_FIELDS}
    row.update({f: _dump(rec.get(f)) for f in migrations.JSON_FIELDS})
    row["doc_no_key"] = doc_no_key(rec.get("doc_no") or rec.get("doc_no_text"))
    row["subject_key"] = link.subject_key(rec.get("subject"))
    row["level"] = link.level_of(rec)
    row["receipt_date"] = (rec.get("receipt") or {}).get("date")
    return row


def write_parts(conn, letter_id: int, rec: dict, body: str | None) -> None:
    """(Re)write the searchable parts of a letter; body None keeps the stored body."""
    for table in PART_TABLES:
        conn.execute(f'DELETE FROM "{table}" WHERE letter_id = ?', (letter_id,))
    refs = [{"letter_id": letter_id, "seq": i, "doc_no": r.get("doc_no"),
             "doc_no_key": doc_no_key(r.get("doc_no")), "date": r.get("date"),
             "text": r.get("text")} for i, r in enumerate(rec.get("references") or [])]
    parts = {
        "references": refs,
        "recipients": [{"letter_id": letter_id, "seq": i, "name": n}
                       for i, n in enumerate(rec.get("recipients") or [])],
        "directives": [{"letter_id": letter_id, "seq": i, "number": d.get("number"),
                        "text": d.get("text")} for i, d in enumerate(rec.get("directives") or [])],
        "receipts": [{"letter_id": letter_id, "seq": i, **{k: r.get(k) for k in
                      ("number", "date", "time", "receiver")}}
                     for i, r in enumerate(rec.get("receipts") or [])],
        "attachments": [{"letter_id": letter_id, "seq": i, "text": t}
                        for i, t in enumerate(rec.get("enclosures") or [])],
    }
    for table, rows in parts.items():
        if rows:
            cols = list(rows[0])
            conn.executemany(
                f'INSERT INTO "{table}" ({",".join(cols)}) VALUES ({",".join("?" * len(cols))})',
                [[r[c] for c in cols] for r in rows])
    if body is None:
        old = conn.execute("SELECT body FROM letter_text WHERE letter_id = ?",
                                (letter_id,)).fetchone()
        body = old[0] if old else ""
    text = {"doc_no": fts_text(rec.get("doc_no") or ""), "subject": fts_text(rec.get("subject") or ""),
            "issuer": fts_text(rec.get("issuer") or ""),
            "recipients": fts_text(" ".join(rec.get("recipients") or [])), "body": fts_text(body)}
    # an upsert, not INSERT OR REPLACE: the full-text index follows letter_text by triggers,
    # and REPLACE would delete the old row without firing them
    conn.execute(
        "INSERT INTO letter_text (letter_id, doc_no, subject, issuer, recipients, body) VALUES (?,?,?,?,?,?) "
        "ON CONFLICT(letter_id) DO UPDATE SET doc_no=excluded.doc_no, subject=excluded.subject, "
        "issuer=excluded.issuer, recipients=excluded.recipients, body=excluded.body",
        (letter_id, *text.values()))


def record_of(row) -> dict:
    """The record of a ``letters`` row (without its links: the registry adds them)."""
    rec = new_record()
    for f in migrations.TEXT_FIELDS:
        rec[f] = row.get(f)
    for f in migrations.JSON_FIELDS:
        if row.get(f) is not None:
            rec[f] = json.loads(row[f])
    rec["id"] = row["id"]
    return rec
