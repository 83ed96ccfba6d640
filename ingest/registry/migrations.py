"""The registry schema as an ordered list of migrations.

Each migration is a function of a sqlite-utils ``Database`` and runs inside the
caller's transaction. The ``schema_version`` table records what has been applied,
so an old file is brought forward and a file from a newer Saraban is refused.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import fields
from datetime import datetime, timezone

from sqlite_utils import Database

from ..page import PageText

# Letter fields stored as JSON text (lists and objects of the record contract).
JSON_FIELDS = ("recipients", "references", "enclosures", "directives", "signatory",
               "receipt", "receipts", "source", "flags", "confidence", "boxes")
TEXT_FIELDS = ("kind", "doc_no", "doc_no_text", "issuer", "issuer_code", "date", "date_text",
               "subject", "salutation", "urgency", "secrecy", "purpose")


def _v1_core(db: Database) -> None:
    db["files"].create({"sha256": str, "name": str, "ext": str, "size": int, "pages": int,
                        "original": str, "added_at": str}, pk="sha256", not_null=["name"])
    letter_cols = {"id": int, "file_sha256": str, "seq": int}
    letter_cols.update({f: str for f in TEXT_FIELDS})
    letter_cols.update({f: str for f in JSON_FIELDS})
    letter_cols.update({"doc_no_key": str, "subject_key": str, "level": int,
                        "receipt_date": str, "updated_at": str})
    # AUTOINCREMENT: an id is never reused after a forced re-ingest, so the audit trail
    # of a removed letter cannot attach itself to a new one.
    sql = db.create_table_sql("letters", letter_cols, pk="id", not_null=["file_sha256", "seq"],
                              foreign_keys=[("file_sha256", "files", "sha256")])
    db.execute(sql.replace('"id" INTEGER PRIMARY KEY', '"id" INTEGER PRIMARY KEY AUTOINCREMENT', 1))
    db["letters"].create_index(["doc_no_key"])
    db["letters"].create_index(["subject_key"])
    db["letters"].create_index(["file_sha256", "seq"], unique=True)
    db["letters"].create_index(["date"])
    db["letters"].create_index(["receipt_date"])
    fk = [("letter_id", "letters", "id")]
    db["references"].create({"letter_id": int, "seq": int, "doc_no": str, "doc_no_key": str,
                             "date": str, "text": str}, pk=("letter_id", "seq"),
                            foreign_keys=fk)
    db["references"].create_index(["doc_no_key"])
    db["recipients"].create({"letter_id": int, "seq": int, "name": str},
                            pk=("letter_id", "seq"), foreign_keys=fk)
    db["directives"].create({"letter_id": int, "seq": int, "number": int, "text": str},
                            pk=("letter_id", "seq"), foreign_keys=fk)
    db["receipts"].create({"letter_id": int, "seq": int, "number": str, "date": str,
                           "time": str, "receiver": str}, pk=("letter_id", "seq"),
                          foreign_keys=fk)
    db["attachments"].create({"letter_id": int, "seq": int, "text": str},
                             pk=("letter_id", "seq"), foreign_keys=fk)
    db["pages"].create({"file_sha256": str, "number": int, "width": int, "height": int,
                        "engine": str, "source": str, "data": str},
                       pk=("file_sha256", "number"),
                       foreign_keys=[("file_sha256", "files", "sha256")])


def _v1_links(db: Database) -> None:
    # parent = the letter upstream (the one forwarded or cited); child = the one
    # that forwards or cites it. parent_id is NULL while the cited letter has not
    # been scanned: (parent_key, parent_date) then names a placeholder node.
    db["links"].create({"id": int, "parent_id": int, "child_id": int, "kind": str,
                        "evidence": str, "parent_key": str, "parent_doc_no": str,
                        "parent_date": str, "strength": int}, pk="id",
                       not_null=["child_id", "kind"],
                       foreign_keys=[("parent_id", "letters", "id"),
                                     ("child_id", "letters", "id")])
    db["links"].create_index(["child_id"])
    db["links"].create_index(["parent_id"])
    db["links"].create_index(["parent_key"])
    db.execute("""CREATE VIEW placeholders AS
        SELECT parent_key AS doc_no_key, MIN(parent_doc_no) AS doc_no, parent_date AS date,
               COUNT(*) AS cited_by
        FROM links WHERE parent_id IS NULL AND parent_key IS NOT NULL
        GROUP BY parent_key, parent_date""")


def _v1_audit(db: Database) -> None:
    # No foreign key: the trail outlives a letter replaced by a forced re-ingest.
    db["audit"].create({"id": int, "letter_id": int, "doc_no": str, "field": str,
                        "old": str, "new": str, "user": str, "at": str, "reason": str},
                       pk="id", not_null=["letter_id", "field", "at"])
    db["audit"].create_index(["letter_id"])
    for op in ("UPDATE", "DELETE"):
        db.execute(f"""CREATE TRIGGER audit_no_{op.lower()} BEFORE {op} ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""")


def _v1_search(db: Database) -> None:
    # One row per letter with the text search sees, normalized (see search.fts_text).
    db["letter_text"].create({"letter_id": int, "doc_no": str, "subject": str, "issuer": str,
                              "recipients": str, "body": str}, pk="letter_id",
                             foreign_keys=[("letter_id", "letters", "id")])
    # sqlite-utils runs the script statement by statement inside our transaction.
    db["letter_text"].enable_fts(["doc_no", "subject", "issuer", "recipients", "body"],
                                 create_triggers=True, tokenize="trigram")


# The two halves of a reference-number key (see keys.doc_no_key): the unit before the
# slash (with the agency code) and the running number after it. Fuzzy lookup and OCR-aware
# linking fetch candidates sharing one half through these expression indexes, instead of
# scoring every letter of an agency.
KEY_HEAD = "substr(doc_no_key, 1, instr(doc_no_key, '/'))"
KEY_TAIL = "substr(doc_no_key, instr(doc_no_key, '/') + 1)"
LINK_HEAD = KEY_HEAD.replace("doc_no_key", "parent_key")
LINK_TAIL = KEY_TAIL.replace("doc_no_key", "parent_key")
PAGE_MAGIC = b"z1"


def page_dict(p: PageText) -> dict:
    """PageText.to_dict without dataclasses.asdict's deep copy (the slowest step of an
    ingest into a large registry): same keys, boxes as lists."""
    d = {f.name: getattr(p, f.name) for f in fields(p) if f.name != "lines"}
    d = {k: list(v) if isinstance(v, (list, tuple)) else v for k, v in d.items()}
    d["lines"] = [{"text": l.text, "box": list(l.box), "conf": l.conf,
                   "words": [{"text": w.text, "box": list(w.box), "conf": w.conf} for w in l.words]}
                  for l in p.lines]
    return d


def encode_page(d: dict) -> bytes:
    """A page's dict (PageText.to_dict) as stored: compact JSON, zlib-compressed.
    OCR word boxes are most of a registry's size and compress about fivefold."""
    return PAGE_MAGIC + zlib.compress(json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def decode_page(data) -> dict:
    """The dict of a stored page, compressed (v5) or plain JSON text (before v5)."""
    if isinstance(data, (bytes, memoryview)):
        data = bytes(data)
        if data.startswith(PAGE_MAGIC):
            return json.loads(zlib.decompress(data[len(PAGE_MAGIC):]))
        data = data.decode("utf-8")
    return json.loads(data)


def _v5_keys_and_pages(db: Database) -> None:
    # the office a letter's opening says wrote to it (ด้วยกระทรวง…แจ้งว่า), as printed
    db.execute("ALTER TABLE letters ADD COLUMN cited_issuer TEXT")
    db.execute(f"CREATE INDEX IF NOT EXISTS letters_key_head ON letters({KEY_HEAD})")
    db.execute(f"CREATE INDEX IF NOT EXISTS letters_key_tail ON letters({KEY_TAIL})")
    db.execute(f"CREATE INDEX IF NOT EXISTS links_key_head ON links({LINK_HEAD})")
    db.execute(f"CREATE INDEX IF NOT EXISTS links_key_tail ON links({LINK_TAIL})")
    rows = db.execute("SELECT rowid, data FROM pages WHERE typeof(data) = 'text'").fetchall()
    for rowid, data in rows:
        db.execute("UPDATE pages SET data = ? WHERE rowid = ?", (encode_page(json.loads(data)), rowid))


def _v6_jobs(db: Database) -> None:
    # the durable queue of work for worker processes (ingest/jobqueue.py): an upload or a
    # re-read survives a crash or a restart of whoever queued it
    db["jobs"].create({"id": str, "kind": str, "state": str, "name": str, "user": str,
                       "upload": str, "options": str, "attempts": int, "pages": int, "done": int,
                       "letters": str, "result": str, "error": str, "hint": str,
                       "created_at": str, "started_at": str, "finished_at": str,
                       "seconds": float, "worker": int, "heartbeat": float},
                      pk="id", not_null=["kind", "state"], defaults={"attempts": 0, "pages": 0, "done": 0})
    db["jobs"].create_index(["state", "created_at"])


# The review queue: letters that still carry flags, most urgent first, then the oldest
# received first. A partial index in that order makes a page of it, and the letter after a
# given one, a walk down the index instead of a sort of every flagged letter.
URGENCY_RANK = {"ด่วนที่สุด": 0, "ด่วนมาก": 1, "ด่วน": 2, None: 3}
FLAGGED = "flags IS NOT NULL AND flags NOT IN ('[]', 'null', '')"
QUEUE_ORDER = ("CASE urgency " + " ".join(f"WHEN '{u}' THEN {n}" for u, n in URGENCY_RANK.items() if u)
               + " ELSE 3 END", "COALESCE(receipt_date, date, '9999')", "id")
QUEUE_KEY = ", ".join(QUEUE_ORDER)


def _v7_queue_index(db: Database) -> None:
    db.execute(f"CREATE INDEX IF NOT EXISTS letters_queue ON letters({QUEUE_KEY}) WHERE {FLAGGED}")


MIGRATIONS = [
    (1, "files, letters, pages and their parts", _v1_core),
    (2, "links between letters and placeholders", _v1_links),
    (3, "append-only audit trail", _v1_audit),
    (4, "Thai full-text search (trigram)", _v1_search),
    (5, "reference-number halves indexed; page OCR compressed; offices cited without a number",
     _v5_keys_and_pages),
    (6, "a durable queue of uploads and re-reads for worker processes", _v6_jobs),
    (7, "the review queue's order indexed", _v7_queue_index),
]
LATEST = MIGRATIONS[-1][0]


def current_version(db: Database) -> int | None:
    """The applied version, 0 for an empty file, None when the file is not ours."""
    if not db["schema_version"].exists():
        return 0 if not db.table_names() else None
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(db: Database, start: int) -> list[int]:
    """Apply every migration above ``start``; the caller holds the transaction."""
    if not db["schema_version"].exists():
        db["schema_version"].create({"version": int, "name": str, "applied_at": str},
                                    pk="version")
    done = []
    for version, name, step in MIGRATIONS:
        if version <= start:
            continue
        step(db)
        db["schema_version"].insert({"version": version, "name": name,
                                     "applied_at": datetime.now(timezone.utc).isoformat()})
        done.append(version)
    return done
