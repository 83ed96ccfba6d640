"""Corrections by people: one field of one letter, with an append-only audit trail.

The change, its audit row, the search text and the links around the letter are written
in one transaction, so chains and search see the correction at once and the trail never
disagrees with the letter.
"""
from __future__ import annotations

import getpass
import json
import re
from datetime import date, datetime, timezone

from ..links import link
from ..errors import ExitCode, SarabanError
from ..thai.keys import doc_no_display, doc_no_key
from ..record import KINDS, SECRECIES, URGENCIES
from ..settings import get

TEXT = ("doc_no", "doc_no_text", "issuer", "issuer_code", "date_text", "subject", "salutation",
        "purpose")
LISTS = ("recipients", "enclosures", "flags")
OBJECTS = ("references", "directives", "signatory", "receipt", "receipts")
EDITABLE = TEXT + LISTS + OBJECTS + ("kind", "date", "urgency", "secrecy")


class CorrectionError(SarabanError):
    """A correction that cannot be applied (unknown field, bad value)."""

    exit_code = ExitCode.bad_args


def _user(user: str | None) -> str:
    if user:
        return user
    if get("user"):
        return get("user")
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container: still record something
        return "unknown"


def parse_value(field: str, value):
    """The stored value for what a person typed (JSON for lists and objects; "" or
    "null" clears a field)."""
    if field not in EDITABLE:
        raise CorrectionError(f"{field!r} cannot be corrected.",
                              hint="Fields that can: " + ", ".join(sorted(EDITABLE)))
    if isinstance(value, str) and value.strip() in ("", "null"):
        return [] if field in LISTS or field in ("references", "directives", "receipts") else None
    if field in LISTS + OBJECTS and isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            if field not in LISTS:
                raise CorrectionError(f"{field} needs a JSON value, e.g. "
                                      '\'{"name": "…", "position": "…"}\'.') from None
            value = [v.strip() for v in re.split(r"[;\n]", value) if v.strip()]
    if field == "date":
        try:
            value = date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise CorrectionError(f"{value!r} is not a date.",
                                  hint="Write it as YYYY-MM-DD in the Common Era, e.g. 2024-01-18.") from None
    choices = {"kind": KINDS, "urgency": URGENCIES, "secrecy": SECRECIES}.get(field)
    if choices and value not in choices:
        raise CorrectionError(f"{value!r} is not a {field}.", hint="One of: " + ", ".join(choices))
    if field == "doc_no":
        value = doc_no_display(str(value))
    return value


def edit(registry, letter, field: str, value, user: str | None = None, reason: str = "") -> dict:
    """Correct one field of a letter (id or reference number); returns the new record."""
    new_value = parse_value(field, value)
    letter_id = registry.resolve(letter)
    with registry.transaction():
        _apply(registry, letter_id, field, new_value, _user(user), reason, relink=True)
    return registry.letter(letter_id)


def _apply(registry, letter_id: int, field: str, new_value, user: str, reason: str, relink: bool) -> bool:
    """Write one correction and its audit row; False when the letter already says so."""
    rec = registry.letter(letter_id)
    rec.pop("links", None)
    old_value = rec.get(field)
    if old_value == new_value:
        return False
    old_key, old_subject = doc_no_key(rec.get("doc_no")), link.subject_key(rec.get("subject"))
    rec[field] = new_value
    if field == "receipt" and new_value and not rec.get("receipts"):
        rec["receipts"] = [new_value]
    registry.update_letter(rec)
    registry.conn.execute(
        'INSERT INTO audit (letter_id, doc_no, field, old, new, "user", at, reason) VALUES (?,?,?,?,?,?,?,?)',
        (letter_id, rec.get("doc_no"), field, json.dumps(old_value, ensure_ascii=False),
         json.dumps(new_value, ensure_ascii=False), user,
         datetime.now(timezone.utc).isoformat(timespec="seconds"), reason or None))
    if relink:
        sha = registry.conn.execute("SELECT file_sha256 FROM letters WHERE id = ?", (letter_id,)).fetchone()[0]
        link.relink_file(registry, sha)
        if old_key:
            link.resolve_key(registry, old_key)
        if old_subject:
            link.relink_subject(registry, old_subject)
    return True


# -- a file read again (ingest --force) keeps the corrections people made ---------------
def carried(registry, sha: str) -> list[dict]:
    """Before a file's letters are replaced: each corrected letter's position in the file,
    the numbers it went by, and the last value audited for each field it had corrected."""
    rows = registry.q("SELECT a.*, l.seq, l.doc_no AS now_doc_no FROM audit a JOIN letters l "
                      "ON l.id = a.letter_id WHERE l.file_sha256 = ? ORDER BY a.id", (sha,))
    out: dict[int, dict] = {}
    for r in rows:
        c = out.setdefault(r["letter_id"], {"letter_id": r["letter_id"], "seq": r["seq"], "fields": {},
                                            "keys": {doc_no_key(r["now_doc_no"])}})
        if r["field"] == "doc_no":  # the number as first read matches the letter read again
            c["keys"].add(doc_no_key(json.loads(r["old"]) or ""))
        c["fields"][r["field"]] = r
    return list(out.values())


def reapply(registry, corrections: list[dict], new_ids: list[int]) -> list[tuple[int, int]]:
    """After the file was read again: each corrected letter's fields are corrected again on
    the letter that replaced it (the same number, else the same position in the file),
    audited with a reason that says so. Linking is left to the caller. Returns (old id, new id)."""
    if not corrections or not new_ids:
        return []
    new = registry.q(f"SELECT id, seq, doc_no_key FROM letters WHERE id IN ({','.join('?' * len(new_ids))})",
                     new_ids)
    taken: set[int] = set()
    pairs = []
    for c in corrections:
        keys = c["keys"] - {None}
        match = next((n for n in new if n["id"] not in taken and n["doc_no_key"] in keys), None) or \
            next((n for n in new if n["id"] not in taken and n["seq"] == c["seq"]), None)
        if not match:
            continue
        taken.add(match["id"])
        pairs.append((c["letter_id"], match["id"]))
        for field, row in c["fields"].items():
            _apply(registry, match["id"], field, json.loads(row["new"]), row["user"] or "unknown",
                   f"re-applied after the file was read again: correction of {row['at']} to letter "
                   f"#{c['letter_id']}" + (f" ({row['reason']})" if row["reason"] else ""), relink=False)
    return pairs


def history(registry, letter) -> list[dict]:
    """The audit trail of a letter, oldest first: who, when, field, old, new, reason."""
    letter_id = registry.resolve(letter)
    rows = registry.q('SELECT id, letter_id, doc_no, field, old, new, "user", at, reason FROM audit '
                      "WHERE letter_id = ? ORDER BY id", (letter_id,))
    for r in rows:
        r["old"], r["new"] = json.loads(r["old"]), json.loads(r["new"])
    return rows
