"""The committed sample set: counts, consistent ground truth, reproducible generation."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.thai.keys import doc_no_display  # noqa: E402
from ingest.record import KINDS, SECRECIES, URGENCIES  # noqa: E402

BUNDLES = ROOT / "samples" / "bundles"
TRUTHS = sorted(BUNDLES.glob("*.truth.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_set_has_the_promised_size_and_mix():
    truths = [load(p) for p in TRUTHS]
    assert len(truths) >= 30
    assert sum(len(t["letters"]) for t in truths) >= 80
    conditions = [t["condition"] for t in truths]
    assert 0.35 < conditions.count("clean") / len(conditions) < 0.65
    formats = {Path(t["file"]).suffix for t in truths}
    assert formats == {".pdf", ".tif", ".jpg", ".png"}
    kinds = {letter["kind"] for t in truths for letter in t["letters"]}
    assert {"external", "memo", "stamped", "order", "announcement", "endorsement"} <= kinds
    assert {t["font"] for t in truths} == {"Laksaman", "Norasi"}
    assert any(p["rotation"] for t in truths for p in t["pages"])
    size = sum(p.stat().st_size for p in BUNDLES.iterdir())
    assert size < 36 * 2**20


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.name.split(".")[0])
def test_truth_is_consistent(path):
    t = load(path)
    assert (BUNDLES / t["file"]).is_file()
    assert t["condition"] in ("clean", "damaged") and (t["condition"] == "clean") == (not t["damage"])
    numbers = [p["number"] for p in t["pages"]]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(p["text"].strip() and p["rotation"] in (0, 90, 180, 270) for p in t["pages"])
    cited = set()
    for letter in t["letters"]:
        assert letter["kind"] in KINDS
        assert letter["pages"] and set(letter["pages"]) <= set(numbers)
        if letter["doc_no_text"]:
            assert letter["doc_no"] == doc_no_display(letter["doc_no_text"])
        dt.date.fromisoformat(letter["date"])
        page_text = "\n".join(t["pages"][n - 1]["text"] for n in letter["pages"])
        assert letter["date_text"] in page_text
        if letter["doc_no_text"]:
            assert letter["doc_no_text"] in page_text
        assert letter["urgency"] in (None, *URGENCIES)
        assert letter["secrecy"] in (None, *SECRECIES)
        for ref in letter["references"]:
            dt.date.fromisoformat(ref["date"])
            assert ref["doc_no"] == doc_no_display(ref["doc_no"])
            cited.add(ref["doc_no"])
        for stamp in letter["receipts"]:
            assert stamp["date"] >= letter["date"], "received before it was written"
        if letter["receipts"]:
            assert letter["receipt"] == letter["receipts"][-1]
    # citations in opening sentences and enclosures count as cited letters too
    everything = "\n".join(p["text"] for p in t["pages"])
    own = {letter["doc_no"]: letter for letter in t["letters"] if letter["doc_no"]}
    for link in t["links"]:
        assert link["kind"] in ("reference", "citation", "enclosure", "bundle", "endorsement")
        assert link["to"] in own
        assert link["from"] in own or link["from"] in cited or link["kind"] == "citation"
        if link["from"] in own:  # dates do not decrease down a chain
            assert own[link["from"]]["date"] <= own[link["to"]]["date"]
    for att in t["attachments"]:
        assert att["owner"] in own and set(att["pages"]) <= set(numbers)
    assert everything


def test_links_across_bundles_resolve():
    """A split chain: the province's forward cites a ministry letter scanned in another bundle."""
    truths = [load(p) for p in TRUTHS]
    scanned = {letter["doc_no"] for t in truths for letter in t["letters"] if letter["doc_no"]}
    froms = {link["from"] for t in truths for link in t["links"]}
    local = {link["from"] for t in truths for link in t["links"]
             if link["from"] in {x["doc_no"] for x in t["letters"]}}
    assert froms - local & scanned, "no chain split across bundles"
    assert froms - scanned, "no placeholder (cited but never scanned)"


def test_regenerating_a_bundle_is_reproducible(tmp_path):
    from samples.generate import make_bundle
    truth = make_bundle("b20-memo", tmp_path, seed=1)
    committed = load(BUNDLES / "b20-memo.truth.json")
    assert truth == committed
    assert (tmp_path / "b20-memo.png").read_bytes() == (BUNDLES / "b20-memo.png").read_bytes()


def test_render_text_line_draws_thai_marks():
    from samples.generate import render_text_line
    im = render_text_line("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑", "Laksaman", 48)
    assert im.mode == "L" and im.width > 300
    assert im.getextrema()[0] < 60  # ink was drawn


def test_a_fresh_seed_regenerates_byte_for_byte_and_another_seed_differs(tmp_path):
    from samples.generate import make_bundle
    first = make_bundle("b20-memo", tmp_path / "a", seed=101)
    again = make_bundle("b20-memo", tmp_path / "b", seed=101)
    other = make_bundle("b20-memo", tmp_path / "c", seed=102)
    assert (tmp_path / "a" / "b20-memo.truth.json").read_bytes() == (tmp_path / "b" / "b20-memo.truth.json").read_bytes()
    assert (tmp_path / "a" / "b20-memo.png").read_bytes() == (tmp_path / "b" / "b20-memo.png").read_bytes()
    assert first == again
    assert first["pages"][0]["text"] != other["pages"][0]["text"]
    assert first["pages"][0]["text"] != load(BUNDLES / "b20-memo.truth.json")["pages"][0]["text"]


def test_a_fresh_subset_is_drawn_for_its_seed_with_both_conditions():
    from samples.bundles import PLAN
    from samples.generate import fresh_names
    condition = {row[0]: row[4] for row in PLAN}
    assert fresh_names(101, 6) == fresh_names(101, 6)
    assert fresh_names(101, 6) != fresh_names(102, 6)
    assert sorted(condition[n] for n in fresh_names(101, 6)) == ["clean"] * 3 + ["damaged"] * 3
    assert set(fresh_names(101, 3)) < set(fresh_names(101, 6))  # a larger count adds bundles
    assert fresh_names(101) == [row[0] for row in PLAN]


def test_a_fresh_set_lives_in_a_temporary_folder_unless_kept(tmp_path):
    from samples.generate import fresh_names, fresh_set
    with fresh_set(101, 1, progress=None) as folder:
        truth = load(folder / f"{fresh_names(101, 1)[0]}.truth.json")
        assert (folder / truth["file"]).is_file()
    assert not folder.exists()
    with fresh_set(101, 1, keep=tmp_path / "kept", progress=None) as folder:
        pass
    assert folder == tmp_path / "kept" and sorted(p.name for p in folder.iterdir()) == sorted(
        [truth["file"], f"{fresh_names(101, 1)[0]}.truth.json"])
    with pytest.raises(ValueError, match="already holds files"):
        with fresh_set(101, 1, keep=tmp_path / "kept"):
            pass
    with pytest.raises(ValueError, match="tuning set"):
        with fresh_set(1, 1):
            pass


def test_fresh_sets_print_in_evaluation_fonts_that_training_never_renders():
    from models.synth import font_files
    from samples.fonts import EVALUATION_FONTS, TRAINING_FONTS
    from samples.generate import fresh_set
    assert not set(TRAINING_FONTS) & set(EVALUATION_FONTS)
    assert not [f for f in font_files() if Path(f).stem.startswith(EVALUATION_FONTS)]
    with fresh_set(103, 2, progress=None) as folder:
        fonts = {load(p)["font"] for p in folder.glob("*.truth.json")}
    assert fonts and fonts <= set(EVALUATION_FONTS)


def test_sarabun_prints_thai_and_a_missing_font_package_says_how_to_install_it(monkeypatch):
    from samples import fonts
    from samples.generate import render_text_line
    im = render_text_line("ที่ มท ๐๒๐๖.๒/ว ๕๒๒๑ น้ำ", "Sarabun", 48)
    assert im.width > 300 and im.getextrema()[0] < 60
    monkeypatch.setitem(fonts.PACKAGED, "Sarabun", ("no_such_font_module", "fontpkg-sarabun", "a.ttf", "b.ttf"))
    with pytest.raises(fonts.FontMissing, match=r"pip install fontpkg-sarabun"):
        fonts.font_file("Sarabun")


def test_a_fresh_set_has_real_papers_forms():
    """Fresh sets lay chains.real_forms over their chains (the tuning set does not): the
    province letter of seed 104's one bundle cites with the urgency word and writes to four."""
    from samples.generate import fresh_names, fresh_set
    assert fresh_names(104, 1) == ["b32-province-chain"]
    with fresh_set(104, 1, progress=None) as folder:
        province = load(folder / "b32-province-chain.truth.json")["letters"][0]
    assert " ด่วน" in province["references"][0]["text"]
    assert province["recipients"][0] == "นายอำเภอ ทุกอำเภอ" and len(province["recipients"]) == 4


def test_each_of_papers_troubles_marks_the_page_and_repeats_for_its_stream():
    import random

    import numpy as np
    from PIL import Image, ImageDraw

    from samples.paper import PAPER, paper_page

    page = Image.new("RGB", (2480, 3508), "white")
    ImageDraw.Draw(page).rectangle((400, 600, 2000, 680), fill="black")   # a line of "ink"
    for kind in PAPER:
        out, dpi = paper_page(page, [kind], random.Random(5), 300)
        again, _ = paper_page(page, [kind], random.Random(5), 300)
        assert np.array_equal(np.asarray(out), np.asarray(again)), kind
        if kind == "archive":
            assert dpi <= 150 and out.width < page.width
            continue
        assert dpi == 300 and out.size == page.size, kind
        assert not np.array_equal(np.asarray(out.convert("L")), np.asarray(page.convert("L"))), kind
        bitonal, _ = paper_page(page.convert("1"), [kind], random.Random(5), 300)
        assert np.asarray(bitonal.convert("L")).mean() > 200, kind    # still a white page, not a black one


def test_papers_troubles_change_only_a_damaged_bundles_pages(tmp_path):
    from samples.generate import make_bundle
    from samples.paper import PAPER

    plain = make_bundle("b11-memo", tmp_path / "a", seed=404)
    with_paper = make_bundle("b11-memo", tmp_path / "b", seed=404, paper=True)
    assert set(with_paper["damage"]) - set(plain["damage"]) <= set(PAPER)
    assert with_paper["letters"] == plain["letters"]
    assert [p["text"] for p in with_paper["pages"]] == [p["text"] for p in plain["pages"]]
    assert make_bundle("b20-memo", tmp_path / "c", seed=404, paper=True) == make_bundle("b20-memo", tmp_path / "d", seed=404)


def test_an_office_with_more_letters_on_a_day_than_numbers_still_numbers_them_all():
    """A register numbers every letter: a small office's few numbers of a day all taken, the
    next letter gets the next free one (seed 989 drew such a day, and its set never came)."""
    import datetime as dt
    import random

    from samples.world import Registry

    reg = Registry(random.Random(1))
    day = dt.date(2020, 4, 8)
    numbers = [reg.number("สำนักปลัด", day, 0.2) for _ in range(6)]
    assert len(set(numbers)) == 6 and min(numbers) >= int(day.timetuple().tm_yday * 0.2)
