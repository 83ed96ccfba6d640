"""Letters moved between registries: an office's registry into a shared one, or a slice of
a shared one out to an office (``saraban migrate SRC DEST``).

File by file, in the order they were registered, each in one transaction on the
destination: the scan, its pages as read, its letters as they stand (corrections
included), their audit trail and the time the file was first registered. The links are
made again there, across everything the destination holds, so a chain that crossed two
offices joins up. A file the destination has already is left as it is there: running the
same move twice, or moving two offices that both hold one circular, registers nothing twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DuplicateFileError
from .query import date_range

AUDIT_COLUMNS = ("doc_no", "field", "old", "new", '"user"', "at", "reason")   # quoted: user is a word of SQL


@dataclass
class Moved:
    files: int = 0                 # copied
    letters: int = 0               # of those files
    already: int = 0               # files the destination had
    without_scan: list[str] = field(default_factory=list)   # names of files whose scan the source lacked


def files_to_move(src, *, date_from=None, date_to=None, issuer=None) -> list[str]:
    """The sha256 of each file to move, oldest registered first: all of them, or those with a
    letter dated in the range and/or from the issuer (its name or code)."""
    where, params = date_range("l.date", date_from, date_to)
    if issuer:
        where.append("(l.issuer LIKE ? OR l.issuer_code = ?)")
        params += [f"%{issuer}%", issuer]
    if not where:
        return [r[0] for r in src.conn.execute("SELECT sha256 FROM files ORDER BY added_at, rowid")]
    return [r[0] for r in src.conn.execute(
        "SELECT f.sha256 FROM files f WHERE EXISTS (SELECT 1 FROM letters l WHERE l.file_sha256 = f.sha256 AND "
        + " AND ".join(where) + ") ORDER BY f.added_at, f.rowid", params)]


def migrate(src, dest, *, date_from=None, date_to=None, issuer=None, on_file=None) -> Moved:
    """Move the files of ``files_to_move`` from ``src`` into ``dest``; ``on_file(name, copied)``
    after each."""
    moved = Moved()
    for sha in files_to_move(src, date_from=date_from, date_to=date_to, issuer=issuer):
        name = src.conn.execute("SELECT name FROM files WHERE sha256 = ?", (sha,)).fetchone()[0]
        if dest.has_file(sha):
            moved.already += 1
            copied = False
        else:
            try:
                moved.letters += copy_file(src, dest, sha, moved)
                moved.files += 1
                copied = True
            except DuplicateFileError:   # another move put it there meanwhile
                moved.already += 1
                copied = False
        if on_file:
            on_file(name, copied)
    return moved


def copy_file(src, dest, sha: str, moved: Moved | None = None) -> int:
    """One file of ``src`` registered in ``dest`` as it stands in ``src``; its letter count."""
    info = src.q("SELECT * FROM files WHERE sha256 = ?", (sha,))[0]
    ids = [i for (i,) in src.conn.execute("SELECT id FROM letters WHERE file_sha256 = ? ORDER BY seq", (sha,))]
    records = {r["id"]: r for r in src.letters(ids=ids)} if ids else {}
    letters = [{k: v for k, v in records[i].items() if k != "id"} for i in ids]
    pages = [src.page(sha, n) for (n,) in src.conn.execute(
        "SELECT number FROM pages WHERE file_sha256 = ? ORDER BY number", (sha,))]
    scan = src.original_path(sha)
    if scan is None or not scan.is_file():
        scan = None
        if moved is not None:
            moved.without_scan.append(info["name"])
    trail = src.q(f"SELECT letter_id, {', '.join(AUDIT_COLUMNS)} FROM audit WHERE letter_id IN "
                  f"({','.join('?' * len(ids))}) ORDER BY id", ids) if ids else []
    with dest.transaction():
        new_ids = dest.add_file({"sha256": sha, "name": info["name"], "size": info["size"], "pages": info["pages"]},
                                letters, pages, scan)
        same = dict(zip(ids, new_ids))
        dest.conn.executemany(
            f"INSERT INTO audit (letter_id, {', '.join(AUDIT_COLUMNS)}) VALUES (?{', ?' * len(AUDIT_COLUMNS)})",
            [(same[row["letter_id"]], *(row[c.strip('"')] for c in AUDIT_COLUMNS)) for row in trail])
        dest.conn.execute("UPDATE files SET added_at = ? WHERE sha256 = ?", (info["added_at"], sha))
    return len(new_ids)
