"""A province's registry on a real PostgreSQL server (started by the ``pg_server`` fixture):
the commands end to end on real scans, many writers at once, a writer killed halfway, an
unreachable server, and the schema the same as the SQLite file's."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import psycopg
import pytest
from click.testing import CliRunner
from test_ingest_cli import letter_pdf

from ingest.cli.main import main
from ingest.errors import ExitCode
from ingest.registry.store import Registry


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def count(url: str, sql: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def test_the_commands_on_a_server_registry(pg_server, tmp_path):
    url = pg_server.new_database()
    scans = [letter_pdf(tmp_path / "a.pdf", number=31), letter_pdf(tmp_path / "b.pdf", pages=2, number=32)]
    done = cli("ingest", "--db", url, "--jobs", "1", *scans)
    assert done.exit_code == 0, done.output
    again = cli("ingest", "--db", url, "--jobs", "1", *scans)    # the same bytes twice change nothing
    assert again.exit_code == 0 and "0 file(s) registered with 0 letter(s); 2 already registered" in again.output, \
        again.output
    assert count(url, "SELECT count(*) FROM files") == 2 and count(url, "SELECT count(*) FROM originals") == 2
    shown = cli("show", "มท 0206.2/ว 32", "--db", url, "--json")
    assert shown.exit_code == 0, shown.output
    letter = json.loads(shown.output)
    assert letter["subject"] == "ซักซ้อมแนวทางการจัดเก็บเอกสาร" and letter["source"]["file"] == "b.pdf"
    found = cli("search", "มท ๐๒๐๖.๒/ว ๓๑", "--db", url, "--json")
    assert json.loads(found.output)[0]["doc_no"] == "มท 0206.2/ว 31"
    words = cli("search", "จัดเก็บเอกสาร", "--db", url, "--json")
    assert {h["doc_no"] for h in json.loads(words.output)} == {"มท 0206.2/ว 31", "มท 0206.2/ว 32"}
    exported = json.loads(cli("export", "--db", url, "--format", "json").output)
    assert sorted(r["source"]["file"] for r in exported) == ["a.pdf", "b.pdf"]
    with Registry(url) as reg:           # the scans are kept in the database, readable on any machine
        sha = exported[0]["source"]["sha256"]
        assert reg.original_path(sha).read_bytes() == (tmp_path / exported[0]["source"]["file"]).read_bytes()
        assert reg.integrity_check(hashes=True) == []
    assert cli("doctor", "--db", url).output.count("[ok ] rows and originals: sound") == 1


WRITER = """
import sys
sys.path.insert(0, {tests!r})
from test_registry import bundle, province, page
from ingest.errors import DuplicateFileError
from ingest.registry.store import Registry
reg = Registry(sys.argv[1])
n = int(sys.argv[2])
for i in range(12):
    shared = i % 3 == 0    # every third file is sent by both machines
    no = f"ชม 0023.{{0 if shared else n}}/ว {{i + 1}}"
    info, recs, pages = bundle(f"p{{0 if shared else n}}-{{i}}.pdf", [province(no=no, pages=(1,))], [page(1, no)])
    try:
        reg.add_file(info, recs, pages, None)
    except DuplicateFileError:
        print("skipped", no)
"""


def test_machines_registering_at_once_register_each_file_once(pg_server, tests_dir):
    url = pg_server.new_database()
    Registry(url).close()
    script = WRITER.format(tests=str(tests_dir))
    procs = [subprocess.Popen([sys.executable, "-c", script, url, str(n)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for n in (1, 2, 3)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    # 4 shared files once, 8 own files from each of three machines
    assert count(url, "SELECT count(*) FROM files") == 4 + 3 * 8
    assert count(url, "SELECT count(*) FROM letters") == 4 + 3 * 8
    assert sum(out.count("skipped") for out, _ in outs) == 2 * 4
    with Registry(url) as reg:
        assert reg.integrity_check() == []


def test_an_ingest_killed_halfway_leaves_whole_files_only(pg_server, tmp_path):
    url = pg_server.new_database()
    first = letter_pdf(tmp_path / "a.pdf", pages=1, number=41)
    second = letter_pdf(tmp_path / "b.pdf", pages=4, number=42)
    proc = subprocess.Popen([sys.executable, "-m", "ingest.cli.main", "ingest", "--db", url, "--jobs", "1",
                             str(first), str(second)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if count(url, "SELECT count(*) FROM files") >= 1:
                break
        except psycopg.Error:   # the registry's tables not made yet
            pass
        time.sleep(0.05)
    time.sleep(1.0)    # inside the 4-page second file
    proc.kill()
    proc.wait()
    assert count(url, "SELECT count(*) FROM files") == 1
    assert count(url, "SELECT count(*) FROM letters WHERE file_sha256 NOT IN (SELECT sha256 FROM files)") == 0
    again = cli("ingest", "--db", url, "--jobs", "1", first, second)
    assert again.exit_code == 0 and "already registered" in again.output, again.output
    assert count(url, "SELECT count(*) FROM files") == 2


def test_a_server_not_there_is_a_clear_message(tmp_path):
    url = f"postgresql://postgres@/saraban?host={tmp_path}"     # no server listens there
    done = cli("search", "จัดเก็บ", "--db", url)
    assert done.exit_code == ExitCode.registry
    assert "cannot be reached" in done.output and "Check that PostgreSQL runs there" in done.output


def test_a_database_of_other_tables_is_not_taken(pg_server):
    url = pg_server.new_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (x int)")
    done = cli("ingest", "--db", url, "nothing.pdf")
    assert done.exit_code == ExitCode.registry and "holds other tables" in done.output
    assert count(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 1


def test_the_server_schema_has_the_file_registry_columns(pg_server, tmp_path):
    """The tables made whole on a server have the columns the SQLite file has after every
    migration (a new migration must be made on both)."""
    Registry(tmp_path / "r.db").close()
    conn = sqlite3.connect(tmp_path / "r.db")
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                         "name NOT LIKE 'letter_text_fts%' AND name NOT LIKE 'sqlite_%'")]
    url = pg_server.new_database()
    Registry(url).close()
    with psycopg.connect(url) as pg:
        for table in tables:
            here = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
            there = {c for (c,) in pg.execute("SELECT column_name FROM information_schema.columns WHERE "
                                              "table_name = %s", (table,))}
            assert here == there - {"rowid", "haystack"}, table


OPENER = """
import sys
from ingest.registry.store import Registry
Registry(sys.argv[1]).close()
"""


def test_machines_opening_a_new_server_registry_at_once_make_it_once(pg_server):
    """Each opener waits for the one making the tables, then finds them made (a transaction
    begun before they were made would not see them: 'relation already exists')."""
    from ingest.registry.postgres import WRITE_LOCK

    url = pg_server.new_database()
    with psycopg.connect(url, autocommit=True) as holder:    # every opener reaches the wait first
        holder.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        procs = [subprocess.Popen([sys.executable, "-c", OPENER, url], stderr=subprocess.PIPE, text=True)
                 for _ in range(6)]
        while count(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") < 6:
            assert all(p.poll() is None for p in procs), [p.communicate()[1] for p in procs]
            time.sleep(0.1)
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errs
    assert count(url, "SELECT count(*) FROM schema_version") == len(__import__("ingest.registry.migrations",
                                                                                fromlist=["x"]).MIGRATIONS)


OLD_INDEXES = """
DROP TABLE server_schema;
DROP INDEX letter_text_trgm;
DROP INDEX letter_text_subject_trgm;
CREATE INDEX letter_text_trgm ON letter_text USING gin (haystack gin_trgm_ops);
CREATE INDEX letter_text_subject_trgm ON letter_text USING gin (lower(subject) gin_trgm_ops);
"""


def test_a_server_registry_made_before_a_change_of_its_indexes_is_changed_on_opening(pg_server):
    """A registry made before the text indexes led with the letter's id (no server_schema
    table) gets them on opening, once, by whichever machine opens it first, letters kept."""
    from ingest.registry import pg_schema
    from test_registry import chain_files

    url = pg_server.new_database()
    with Registry(url) as reg:
        for info, records, pages in chain_files():
            reg.add_file(info, records, pages, None)
        letters = reg.conn.execute("SELECT count(*) FROM letters").fetchone()[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(OLD_INDEXES)
    procs = [subprocess.Popen([sys.executable, "-c", OPENER, url], stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 3, [p.communicate()[1] for p in procs]
    assert count(url, "SELECT count(*) FROM server_schema") == len(pg_schema.STEPS)
    assert count(url, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'letter_text%trgm' "
                      "AND indexdef LIKE '%(letter_id, %'") == 2
    assert count(url, "SELECT count(*) FROM letters") == letters > 0
    with Registry(url) as reg:
        assert reg.text_index.fulltext(reg, "ไข้เลือดออก")
