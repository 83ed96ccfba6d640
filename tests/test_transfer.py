"""``saraban migrate``: an office's registry into a shared one, and a slice back out,
with scans, corrections and their trail, nothing registered twice."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_registry import MINISTRY_NO, PROVINCE_NO, chain_files

from ingest.cli.main import main
from ingest.links.chains import trace
from ingest.registry import corrections
from ingest.registry.store import Registry, export
from ingest.registry.transfer import migrate


def office(path, scans, files=None, correct=True):
    """A registry of the chain's files, each with a scan of its own bytes, and one correction."""
    reg = Registry(path)
    for n, (info, records, pages) in enumerate(files or chain_files()):
        scan = scans / f"{info['sha256'][:8]}.pdf"
        scan.write_bytes(b"%PDF-1.4 scan " + info["sha256"].encode())
        reg.add_file(info, records, pages, scan)
    if correct:
        corrections.edit(reg, PROVINCE_NO, "subject", "ซักซ้อมแนวทางการจัดเก็บเอกสาร (แก้ไข)", user="somsri",
                         reason="พิมพ์ตก")
    return reg


def contents(reg) -> list[dict]:
    """The letters as the export gives them, without the ids a registry gives."""
    out = []
    for rec in json.loads(export(reg, "json")):
        rec.pop("id", None)
        rec.pop("links", None)
        out.append(rec)
    return sorted(out, key=lambda r: (r["source"]["sha256"], r["source"]["pages"]))


@pytest.fixture
def scans(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    return folder


def test_an_office_moved_into_an_empty_registry_is_the_same_there(tmp_path, scans, places):
    src = office(tmp_path / "office.db", scans)
    with Registry(places("shared.db")) as dest:
        moved = migrate(src, dest)
        assert (moved.files, moved.already, moved.without_scan) == (len(chain_files()), 0, [])
        assert contents(dest) == contents(src)
        assert corrections.history(dest, PROVINCE_NO)[0] | {"id": 0, "letter_id": 0} == \
            corrections.history(src, PROVINCE_NO)[0] | {"id": 0, "letter_id": 0}
        for sha, in src.conn.execute("SELECT sha256 FROM files"):
            assert dest.original_path(sha).read_bytes() == src.original_path(sha).read_bytes()
        assert src.q("SELECT sha256, added_at FROM files ORDER BY sha256") == \
            dest.q("SELECT sha256, added_at FROM files ORDER BY sha256")
        # the chain is linked again there, hop by hop as in the office
        hops = lambda reg: sorted((n["doc_no"], n["delay_days"]) for n in trace(reg, MINISTRY_NO)["nodes"])  # noqa: E731
        assert len(hops(src)) >= 3 and hops(dest) == hops(src)
        assert dest.integrity_check(hashes=False) == []
        again = migrate(src, dest)   # the same move twice: nothing new
        assert (again.files, again.already) == (0, len(chain_files()))
        assert contents(dest) == contents(src)
    src.close()


def test_two_offices_holding_one_circular_register_it_once(tmp_path, scans, places):
    files = chain_files()
    one = office(tmp_path / "one.db", scans, chain_files()[:2])
    two = office(tmp_path / "two.db", scans, chain_files()[1:], correct=False)   # the second file is in both
    with Registry(places("shared.db")) as dest:
        first, second = migrate(one, dest), migrate(two, dest)
        assert (first.files, second.files, second.already) == (2, len(files) - 2, 1)
        assert dest.conn.execute("SELECT count(*) FROM files").fetchone()[0] == len(files)
    one.close()
    two.close()


def test_a_slice_back_out_by_date_and_issuer(tmp_path, scans, places):
    """Files move whole: those with a letter of the issuer in the range, and nothing else."""
    with office(places("shared.db"), scans) as shared, Registry(tmp_path / "district.db") as district:
        moved = migrate(shared, district, issuer="ชม", date_from="2024-01-18")
        names = {r["name"] for r in district.q("SELECT name FROM files")}
        assert names == {"maerim-bundle.pdf", "sarapee.pdf"} and moved.files == 2
        assert not district.find_doc_no("ชร 0023.3/ว 120") and not district.find_doc_no("สธ 0211.7/ว 1502")
        assert not migrate(shared, district, issuer="ชม", date_to="2023-12-31").files   # nothing that early


def test_migrate_command(tmp_path, scans, places):
    office(tmp_path / "office.db", scans).close()
    shared = str(places("shared.db"))
    r = CliRunner().invoke(main, ["migrate", str(tmp_path / "office.db"), shared])
    assert r.exit_code == 0, r.output
    assert f"{len(chain_files())} file(s) copied" in r.output
    r = CliRunner().invoke(main, ["migrate", str(tmp_path / "office.db"), shared])
    assert f"0 file(s) copied with 0 letter(s); {len(chain_files())} already" in r.output
    r = CliRunner().invoke(main, ["migrate", str(tmp_path / "none.db"), shared])
    assert r.exit_code == 6 and "There is no registry" in r.output
