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

from . import link
from .errors import ExitCode, SarabanError
from .keys import doc_no_display, doc_no_key
from .record import KINDS, SECRECIES, URGENCIES

TEXT = ("doc_no", "doc_no_text", "issuer", "issuer_code", "date_text", "subject", "salutation",
        "purpose")
LISTS = ("recipients", "enclosures", "flags")
OBJECTS = ("references", "directives", "signatory", "receipt", "receipts")
EDITABLE = TEXT + LISTS + OBJECTS + ("kind", "date", "urgency", "secrecy")


class CorrectionError(SarabanError):
    """A correction that cannot be applied (unknown field, bad value)."""

    exit_code = ExitCode.bad_args


def _user(user: str | None) -> str:
    from .settings import get
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
        rec = registry.letter(letter_id)
        rec.pop("links", None)
        old_value = rec.get(field)
        if old_value == new_value:
            return registry.letter(letter_id)
        old_key, old_subject = doc_no_key(rec.get("doc_no")), link.subject_key(rec.get("subject"))
        rec[field] = new_value
        if field == "receipt" and new_value and not rec.get("receipts"):
            rec["receipts"] = [new_value]
        registry.update_letter(rec)
        registry.db["audit"].insert({
            "letter_id": letter_id, "doc_no": rec.get("doc_no"), "field": field,
            "old": json.dumps(old_value, ensure_ascii=False), "new": json.dumps(new_value, ensure_ascii=False),
            "user": _user(user), "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "reason": reason or None})
        sha = registry.conn.execute("SELECT file_sha256 FROM letters WHERE id = ?", (letter_id,)).fetchone()[0]
        link.relink_file(registry, sha)
        if old_key:
            link.resolve_key(registry, old_key)
        if old_subject:
            link.relink_subject(registry, old_subject)
    return registry.letter(letter_id)


def history(registry, letter) -> list[dict]:
    """The audit trail of a letter, oldest first: who, when, field, old, new, reason."""
    letter_id = registry.resolve(letter)
    rows = registry.q("SELECT id, letter_id, doc_no, field, old, new, user, at, reason FROM audit "
                      "WHERE letter_id = ? ORDER BY id", (letter_id,))
    for r in rows:
        r["old"], r["new"] = json.loads(r["old"]), json.loads(r["new"])
    return rows
