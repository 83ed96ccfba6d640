"""The text index merged as batches add to it: fewer segments, the same answers."""
from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from test_registry import bundle, letter, page

from ingest.cli.main import main
from ingest.registry import upkeep
from ingest.registry.search import search
from ingest.registry.store import Registry

TOPICS = ["การจัดเก็บเอกสารราชการ", "การป้องกันโรคไข้เลือดออก", "การเบิกจ่ายงบประมาณ"]


def one_file(n: int):
    topic = TOPICS[n % len(TOPICS)]
    rec = letter(kind="external", doc_no=f"ชม 0023.{n % 7 + 1}/ว {n + 1}", issuer="จังหวัดเชียงใหม่",
                 issuer_code="ชม", date=f"2024-02-{n % 28 + 1:02d}", subject=f"{topic} ครั้งที่ {n}",
                 recipients=["นายอำเภอทุกอำเภอ"], source={"file": None, "sha256": None, "pages": [1]})
    return bundle(f"f{n}.pdf", [rec], [page(1, f"เรื่อง {topic} ครั้งที่ {n}",
                                            "จึงขอความร่วมมือจังหวัด ดำเนินการตามแนวทางดังกล่าวโดยเคร่งครัด")])


@pytest.fixture
def grown(tmp_path):
    """A registry registered file by file, one transaction each, as an office's days add up."""
    reg = Registry(tmp_path / "r.db")
    for n in range(40):
        reg.add_file(*one_file(n), None)
    yield reg
    reg.close()


QUERIES = ["ดำเนินการตามแนวทาง", "การจัดเก็บเอกสารราชการ", "ไข้เลือดออก ครั้งที่", "ชม 0023.3/ว 10", "งบประมาณ"]


def answers(reg):
    return {q: [(h["id"], h["match"], h["snippet"]) for h in search(reg, q)] for q in QUERIES}


def test_merging_leaves_one_segment_and_the_same_answers(grown):
    assert upkeep.segments(grown) > upkeep.FRAGMENTED   # what FTS5 leaves after one transaction a file
    before = answers(grown)
    assert upkeep.tidy(grown, None) > 0
    assert upkeep.segments(grown) == 1
    assert answers(grown) == before
    assert grown.integrity_check() == []
    assert upkeep.tidy(grown, None) == 0   # nothing left to merge


def test_a_batch_merges_only_for_its_moment(grown, monkeypatch):
    monkeypatch.setattr(upkeep, "MERGE_PAGES", 1)   # a step of one page: merging takes many steps
    steps = upkeep.tidy(grown, 0.0)
    assert steps == 0 and upkeep.segments(grown) > upkeep.FRAGMENTED   # no time given, nothing done
    upkeep.tidy(grown, 0.05)
    assert upkeep.segments(grown) >= 1 and grown.integrity_check() == []   # stopped mid-way, still sound


def test_a_batch_merges_like_with_like_and_leaves_a_merged_index_big(grown):
    """After a full merge, the batches that follow merge their small segments with each
    other, never the big one again (it would be rewritten for every batch)."""
    upkeep.tidy(grown, None)
    big = grown.conn.execute(f"SELECT segid FROM {upkeep.INDEX}_idx GROUP BY segid").fetchone()[0]
    counts = []
    for n in range(100, 130):
        grown.add_file(*one_file(n), None)
        upkeep.tidy(grown)
        counts.append(upkeep.segments(grown))
    assert max(counts) <= 2 * upkeep.FRAGMENTED          # a few, not one more for each batch
    assert big in {s for (s,) in grown.conn.execute(f"SELECT DISTINCT segid FROM {upkeep.INDEX}_idx")}


def test_a_step_that_cannot_have_the_registry_now_is_left_for_later(grown, tmp_path):
    other = Registry(grown.path)
    other.conn.execute("BEGIN IMMEDIATE")   # another writer holds the registry
    try:
        t = time.monotonic()
        assert upkeep.tidy(grown, 5.0) == 0
        assert time.monotonic() - t < 3   # waited about BUSY_MS, not the registry's minute
    finally:
        other.conn.rollback()
        other.close()
    assert upkeep.tidy(grown, 5.0) > 0


def test_a_merged_index_is_left_alone(grown):
    upkeep.tidy(grown, None)
    grown.add_file(*one_file(99), None)
    assert upkeep.segments(grown) == 2
    assert upkeep.tidy(grown) == 0            # a batch: two segments are not worth a merge
    assert upkeep.tidy(grown, None, always=True) > 0 and upkeep.segments(grown) == 1


def test_tidy_command_merges_to_the_end(grown):
    path = grown.path
    grown.close()
    result = CliRunner().invoke(main, ["tidy", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "segments, now 1 " in result.output
    with Registry(path) as reg:
        assert upkeep.segments(reg) == 1 and search(reg, "ดำเนินการตามแนวทาง")


def test_a_server_registry_is_left_to_its_own_index(pg_server):
    """PostgreSQL keeps its trigram index itself: a batch's merge and ``saraban tidy`` leave
    it be, and the command says so."""
    url = pg_server.new_database()
    with Registry(url) as reg:
        for n in range(6):
            reg.add_file(*one_file(n), None)
        assert upkeep.tidy(reg, None, always=True) == 0 and upkeep.tidy(reg) == 0
    result = CliRunner().invoke(main, ["tidy", "--db", url])
    assert result.exit_code == 0 and "nothing to merge (the server keeps its own index)" in result.output
    with Registry(url) as reg:
        assert {h["doc_no"] for h in search(reg, "ไข้เลือดออก ครั้งที่")} == {"ชม 0023.2/ว 2", "ชม 0023.5/ว 5"}
