"""The registry commands, run through click's CliRunner: exit codes and output."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_registry import DISTRICT_NO, MINISTRY_NO, PROVINCE_NO, fill

from ingest.cli.registry import COMMANDS
from ingest.errors import ExitCode
from ingest.registry.store import Registry

CMD = {c.name: c for c in COMMANDS}


@pytest.fixture
def db(places):
    path = places()
    fill(Registry(path)).close()
    return ["--db", str(path)]


def run(name, *args):
    return CliRunner().invoke(CMD[name], list(args))


def test_commands_are_exported():
    assert set(CMD) == {"export", "show", "search", "chain", "register", "edit", "history", "tidy", "migrate"}


def test_export_json_and_csv(db, tmp_path):
    r = run("export", *db)
    assert r.exit_code == 0 and len(json.loads(r.output)) == 6
    out = tmp_path / "x.csv"
    assert run("export", "--format", "csv", "-o", str(out), *db).exit_code == 0
    assert out.read_text(encoding="utf-8-sig").startswith("id,kind,doc_no")


def test_show(db):
    r = run("show", "ศธ 206.3/478", *db)
    assert r.exit_code == 0 and r.output.startswith(MINISTRY_NO) and f"↓ reference   {PROVINCE_NO}" in r.output
    r = run("show", "ชม ๐๐๒๓.๓/ว ๖๙", "--json", *db)
    rec = json.loads(r.output)
    assert rec["doc_no"] == PROVINCE_NO and {l["kind"] for l in rec["links"]} >= {"reference", "endorsement"}
    r = run("show", "ขข 1/1", *db)
    assert r.exit_code == ExitCode.not_found and "No letter numbered ขข 1/1" in r.output


def test_search(db):
    r = run("search", "มท0206.2/ว5221", "--json", *db)
    assert r.exit_code == 0 and json.loads(r.output) == []
    hits = json.loads(run("search", "ศธ0206.3/ว478", "--json", *db).output)
    assert hits[0]["doc_no"] == MINISTRY_NO and set(hits[0]) == {"doc_no", "date", "subject", "issuer", "score", "snippet"}
    r = run("search", "ไข้เลือดออก", "--from", "2567-02-01", *db)
    assert r.exit_code == 0 and "สธ 0211.7/ว 1502" in r.output and "[ไข้เลือดออก]" in r.output
    r = run("search", "ไข้เลือดออก", "--from", "1st of May", *db)
    assert r.exit_code == 2 and "not a date" in r.output


def test_chain(db):
    r = run("chain", DISTRICT_NO, "--json", *db)
    c = json.loads(r.output)
    assert r.exit_code == 0 and c["root"] == MINISTRY_NO
    assert set(c["edges"][0]) == {"from", "to", "kind", "evidence", "delay_days", "also"}
    r = run("chain", DISTRICT_NO, "--up", *db)
    assert r.output.splitlines()[0].startswith(MINISTRY_NO) and r.output.count("\n") >= 3


def test_register(db, tmp_path):
    r = run("register", "--from", "2024-01-01", "--to", "2024-01-31", *db)
    assert r.exit_code == 0 and r.output.splitlines()[0].startswith("วันที่รับ,เลขทะเบียนรับ,ที่")
    out = tmp_path / "r.xlsx"
    r = run("register", "--format", "xlsx", "-o", str(out), *db)
    assert r.exit_code == 0 and out.read_bytes()[:2] == b"PK"
    r = run("register", "--format", "html", *db)
    assert "<th>เลขทะเบียนรับ</th>" in r.output


def test_edit_and_history(db):
    r = run("edit", PROVINCE_NO, "date", "2024-01-19", "--reason", "day misread", "--user", "somsri", *db)
    assert r.exit_code == 0 and '"2024-01-19"' in r.output
    r = run("history", PROVINCE_NO, *db)
    assert "somsri  date: \"2024-01-18\" → \"2024-01-19\"  (day misread)" in r.output
    r = run("edit", PROVINCE_NO, "colour", "red", *db)
    assert r.exit_code == ExitCode.bad_args and "cannot be corrected" in r.output


def test_registry_errors_exit_with_their_code(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database " * 20)
    r = run("show", "ศธ 1/1", "--db", str(bad))
    assert r.exit_code == ExitCode.registry and "not a Saraban registry" in r.output
