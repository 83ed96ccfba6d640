"""Links: kinds with evidence, placeholders joined on arrival, order of ingestion irrelevant."""
from __future__ import annotations

import itertools

import pytest
from test_registry import (MINISTRY_NO, PROVINCE_NO, DISTRICT_NO, bundle, chain_files, fill, letter,
                           ministry, page, province)

from ingest.links.link import citations, level_of, parse_thai_date, subject_key
from ingest.registry.store import Registry


def link_set(reg: Registry) -> set[tuple]:
    """Links as (parent number or placeholder, child number, kind): ids differ between runs."""
    rows = reg.q("SELECT p.doc_no AS parent, k.parent_doc_no, k.parent_id, c.doc_no AS child, k.kind "
                 "FROM links k JOIN letters c ON c.id = k.child_id LEFT JOIN letters p ON p.id = k.parent_id")
    return {(r["parent"] or "placeholder:" + r["parent_doc_no"], r["child"], r["kind"]) for r in rows}


def test_kinds_and_evidence_on_the_example_chain(places):
    reg = fill(Registry(places("r.db")))
    links = link_set(reg)
    assert (MINISTRY_NO, PROVINCE_NO, "reference") in links
    assert (MINISTRY_NO, PROVINCE_NO, "bundle") in links
    assert (PROVINCE_NO, DISTRICT_NO, "endorsement") in links
    assert (MINISTRY_NO, "ชร 0023.3/ว 120", "citation") in links
    # "ด้วยจังหวัดเชียงใหม่แจ้งว่า" with no number: the province's letter of the same subject
    assert (PROVINCE_NO, "ชม 0023.21/ว 40", "citation") in links
    assert not [l for l in links if l[1] == "ชม 0023.21/ว 40" and l[2] == "subject"]
    # nothing joins the health circular to the education chain
    assert not [l for l in links if "สธ 0211.7/ว 1502" in l[:2]]
    ev = reg.q("SELECT evidence FROM links WHERE kind = 'citation' AND parent_key IS NOT NULL")[0]["evidence"]
    # quoted as printed: Thai digits and the spaces between Thai words kept
    assert ev == "ตามหนังสือกระทรวงศึกษาธิการ ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ ลงวันที่ ๙ มกราคม ๒๕๖๗"


@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::5])
def test_order_of_ingestion_does_not_change_links(places, order):
    """The ministry letter scanned alone, its citers before or after it."""
    def files():
        fs = chain_files()
        info, recs, pages = fs[0]  # split the ministry letter into its own scan
        fs[0] = bundle("maerim-top.pdf", recs[:2], pages[:2])
        m = ministry(pages=(1, 2))
        fs.append(bundle("ministry.pdf", [m], [page(1, *[l.text for l in pages[2].lines]),
                                               page(2, *[l.text for l in pages[3].lines])]))
        return fs
    reference = link_set(fill(Registry(places("a.db")), files()))
    got = link_set(fill(Registry(places("b.db")), files(), order=list(order) + [4]))
    got_first = link_set(fill(Registry(places("c.db")), files(), order=[4] + list(order)))
    assert got == reference == got_first
    assert (MINISTRY_NO, PROVINCE_NO, "reference") in reference


def test_placeholder_is_joined_when_the_cited_letter_arrives(places):
    reg = Registry(places("r.db"))
    fs = chain_files()
    reg.add_file(*fs[1], None)  # Chiang Rai cites the ministry letter, not scanned yet
    assert ("placeholder:" + MINISTRY_NO, "ชร 0023.3/ว 120", "reference") in link_set(reg)
    assert reg.q("SELECT doc_no, cited_by FROM placeholders") == [{"doc_no": MINISTRY_NO, "cited_by": 2}]
    reg.add_file(*bundle("m.pdf", [ministry(pages=(1,))], [page(1, "ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘")]), None)
    assert (MINISTRY_NO, "ชร 0023.3/ว 120", "reference") in link_set(reg)
    assert reg.q("SELECT * FROM placeholders") == []


def test_forced_reingest_turns_links_back_into_placeholders_then_rejoins(places):
    reg = Registry(places("r.db"))
    fs = chain_files()
    reg.add_file(*fs[1], None)
    m = bundle("m.pdf", [ministry(pages=(1,))], [page(1, "ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘")])
    reg.add_file(*m, None)
    reg.add_file(m[0], [], m[2], None, force=True)  # re-read: no letter found this time
    assert ("placeholder:" + MINISTRY_NO, "ชร 0023.3/ว 120", "reference") in link_set(reg)
    reg.add_file(m[0], [ministry(pages=(1,))], m[2], None, force=True)
    assert (MINISTRY_NO, "ชร 0023.3/ว 120", "reference") in link_set(reg)
    assert reg.integrity_check() == []


def test_misread_reference_joins_the_letter_scanned_behind_it(places):
    """OCR dropped a digit of the cited number; the letter behind it carries the number."""
    reg = Registry(places("r.db"))
    p = province(pages=(1,))
    p["references"] = [{"doc_no": "ศธ 0206.3/ว 47", "date": "2024-01-09", "text": "หนังสือกระทรวงศึกษาธิการ"}]
    reg.add_file(*bundle("b.pdf", [p, ministry(pages=(2,))], [page(1, "x"), page(2, "y")]), None)
    assert (MINISTRY_NO, PROVINCE_NO, "reference") in link_set(reg)


def test_unrelated_letters_in_one_scan_are_not_bundled(places):
    reg = Registry(places("r.db"))
    other = letter(kind="external", doc_no="สธ 0211.7/ว 1502", issuer="กระทรวงสาธารณสุข", date="2024-01-02",
                   subject="การเฝ้าระวังโรคไข้เลือดออกในฤดูฝน", source={"file": None, "sha256": None, "pages": [2]})
    p = province(pages=(1,))
    p["references"] = []
    reg.add_file(*bundle("batch.pdf", [p, other], [page(1, "x"), page(2, "y")]), None)
    assert link_set(reg) == set()


def test_citations_found_in_references_enclosures_and_opening_sentence():
    rec = letter(doc_no="ชม 0023.17/ว 11", references=[
        {"doc_no": None, "date": None, "text": "หนังสือจังหวัดเชียงใหม่ ที่ ชม ๐๐๒๓.๓/ว ๖๙ ลงวันที่ ๑๘ มกราคม ๒๕๖๗"}],
        enclosures=["สำเนาหนังสือกระทรวงศึกษาธิการ ที่ ศธ ๐๒๐๖.๓/ว ๔๗๘ ลงวันที่ ๙ ม.ค. ๖๗ จำนวน ๑ ชุด"])
    body = "ตามหนังสือจังหวัดเชียงใหม่ ด่วนมาก ที่ ชม 0023.3/ว 69 ลว. 18 ม.ค. 67 แจ้งว่า"
    found = {(c["kind"], c["doc_no"], c["date"]) for c in citations(rec, body)}
    assert found == {("reference", PROVINCE_NO, "2024-01-18"), ("citation", PROVINCE_NO, "2024-01-18"),
                     ("enclosure", MINISTRY_NO, "2024-01-09")}


@pytest.mark.parametrize("issuer,doc_no,level", [
    ("กระทรวงมหาดไทย", "มท 0808.2/ว 4044", 0), ("กรมส่งเสริมการปกครองท้องถิ่น", "มท 0808.2/ว 1", 1),
    ("จังหวัดเชียงใหม่", "ชม 0023.3/ว 69", 2), ("ที่ว่าการอำเภอแม่ริม", "ชม 0023.17/ว 11", 3),
    ("องค์การบริหารส่วนตำบลริมใต้", "ชม 80901/ว 5", 4), (None, "ชม 0023.17/ว 11", 3), (None, "อว 7008/1022", 0)])
def test_level_of_government(issuer, doc_no, level):
    assert level_of({"issuer": issuer, "doc_no": doc_no}) == level


def test_small_parsers():
    assert parse_thai_date("ลงวันที่ ๒๕ กรกฎาคม พ.ศ. ๒๕๖๑") == "2018-07-25"
    assert parse_thai_date("30 ก.พ. 67") is None
    assert subject_key("เรื่อง ขอเชิญประชุม ครั้งที่ ๒") == subject_key("ขอเชิญประชุมครั้งที่ 2")


# -- on the sample bundles' ground truth ---------------------------------------------
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
from pathlib import Path  # noqa: E402

from ingest.evaluate_bundles import scores_by_kind  # noqa: E402
from ingest.record import new_record  # noqa: E402

SAMPLES = Path(os.environ.get("SARABAN_SAMPLE_TRUTH", Path(__file__).resolve().parents[1] / "samples" / "bundles"))
TRUTHS = sorted(SAMPLES.glob("*.truth.json"))
needs_samples = pytest.mark.skipif(not TRUTHS, reason=f"no sample truth files in {SAMPLES}")


def truth_files(paths=TRUTHS) -> list[tuple[dict, list[dict], list, dict]]:
    """(file info, records, pages, truth) for each sample bundle, records taken from the truth."""
    from extract_truth import truth_pages
    out = []
    for path in paths:
        truth = json.loads(path.read_text(encoding="utf-8"))
        recs = []
        for t in truth["letters"]:
            rec = new_record()
            rec.update({k: v for k, v in t.items() if k in rec and k not in ("id", "source")})
            rec["source"] = {"file": truth["file"], "sha256": None, "pages": list(t["pages"])}
            recs.append(rec)
        info = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "name": truth["file"],
                "size": path.stat().st_size, "pages": len(truth["pages"])}
        out.append((info, recs, truth_pages(truth), truth))
    return out


def link_scores(reg: Registry, truths: list[dict]) -> dict[str, dict]:
    """Precision and recall of links by kind against the truth files' expected links."""
    expected = {(l["from"], l["to"], l["kind"]) for t in truths for l in t["links"]}
    # truth names letters by number: links to unnumbered endorsements are checked apart
    return scores_by_kind(expected, {(p.removeprefix("placeholder:"), c, k) for p, c, k in link_set(reg)})


def _chains(pairs: set[tuple]) -> dict[str, str]:
    """Each number's chain (a representative), from the linked pairs (union-find)."""
    root: dict[str, str] = {}

    def find(x):
        while root.setdefault(x, x) != x:
            x = root[x]
        return x
    for a, b in pairs:
        root[find(a)] = find(b)
    return {x: find(x) for x in list(root)}


@needs_samples
def test_sample_links_precision_recall_and_order(places):
    files = truth_files()
    a = Registry(places("a.db"))
    for info, recs, pages, _ in files:
        a.add_file(info, recs, pages, None)
    scores = link_scores(a, [f[3] for f in files])
    for kind, s in scores.items():
        print(f"{kind:16} expected {s['expected']:3} found {s['found']:3} "
              f"P {s['precision']:.3f} R {s['recall']:.3f}")
    assert scores["any kind (pairs)"]["recall"] == 1.0
    for kind in ("reference", "citation", "enclosure", "bundle", "endorsement"):
        if kind in scores:
            assert scores[kind]["recall"] == 1.0 and scores[kind]["precision"] == 1.0, (kind, scores[kind])
    # no edge between unrelated chains: every pair found, of any kind (subject links too),
    # joins two letters of one chain of the truth
    chain_of = _chains({(l["from"], l["to"]) for f in files for l in f[3]["links"]})
    pairs = {(p.removeprefix("placeholder:"), c) for p, c, _ in link_set(a) if c}
    across = [x for x in pairs if chain_of.get(x[0], x[0]) != chain_of.get(x[1], x[1])]
    assert not across, across
    unnumbered = a.q("SELECT p.source AS host, c.source AS note FROM links k JOIN letters c ON c.id = k.child_id "
                     "JOIN letters p ON p.id = k.parent_id WHERE c.doc_no IS NULL")
    assert unnumbered and all(json.loads(u["note"])["pages"][0] in json.loads(u["host"])["pages"] for u in unnumbered)
    b = Registry(places("b.db"))
    for info, recs, pages, _ in reversed(truth_files()):
        b.add_file(info, recs, pages, None)
    assert link_set(b) == link_set(a)


# -- on the sample bundles as read by the OCR ------------------------------------------
OCR_DB = os.environ.get("SARABAN_OCR_SAMPLES_DB")  # a registry made by `saraban ingest samples/bundles`


def ocr_files(path) -> list[tuple[dict, list[dict], list]]:
    """(file info, records, pages) of every file of an OCR'd registry, to register again."""
    src = Registry(path)
    out = []
    for f in src.q("SELECT * FROM files ORDER BY name"):
        recs = src.letters(file_sha256=f["sha256"])
        recs.sort(key=lambda r: (r["source"]["pages"] or [0])[0])
        for r in recs:
            r.pop("id", None)
        pages = [src.page(f["sha256"], n) for n in range(1, (f["pages"] or 0) + 1)]
        out.append(({k: f[k] for k in ("sha256", "name", "size", "pages")}, recs, pages))
    src.close()
    return out


def truth_names(reg: Registry, truths: dict[str, dict]) -> dict[int, str | None]:
    """Each registered letter's number in the truth, matched by file and pages (the OCR's
    own number may be misread or missing); None when the truth letter has none."""
    names = {}
    for r in reg.q("SELECT l.id, l.kind, l.source, f.name FROM letters l JOIN files f ON f.sha256 = l.file_sha256"):
        pages = set(json.loads(r["source"])["pages"] or [])
        best = max(truths[r["name"]]["letters"], default=None,
                   key=lambda t: (len(pages & set(t["pages"])), t["kind"] == r["kind"]))
        names[r["id"]] = best["doc_no"] if best and pages & set(best["pages"]) else None
    return names


def ocr_link_set(reg: Registry, truths: dict[str, dict]) -> set[tuple]:
    """Links as (parent, child, kind) in truth numbers; a placeholder keeps its read number."""
    names = truth_names(reg, truths)
    out = set()
    for k in reg.q("SELECT parent_id, parent_doc_no, child_id, kind FROM links"):
        parent = names.get(k["parent_id"]) if k["parent_id"] else k["parent_doc_no"]
        out.add((parent, names.get(k["child_id"]), k["kind"]))
    return out


@pytest.mark.slow
@pytest.mark.skipif(not OCR_DB, reason="set SARABAN_OCR_SAMPLES_DB to a registry of the OCR'd sample bundles")
def test_links_on_ocr_read_samples(places):
    """Link precision/recall by kind on letters as the OCR read them, and the same links
    whatever the order of ingestion. Prints the table; asserts only what must hold."""
    truths = {json.loads(p.read_text(encoding="utf-8"))["file"]: json.loads(p.read_text(encoding="utf-8"))
              for p in TRUTHS}
    files = ocr_files(OCR_DB)
    a, b = Registry(places("a.db")), Registry(places("b.db"))
    for f in files:
        a.add_file(*f, None)
    for f in reversed(ocr_files(OCR_DB)):
        b.add_file(*f, None)
    expected = {(l["from"], l["to"], l["kind"]) for t in truths.values() for l in t["links"]}
    got = ocr_link_set(a, truths)
    scores = scores_by_kind(expected, got)
    print()
    for kind, s in scores.items():
        print(f"{kind:18} expected {s['expected']:3} found {s['found']:3} correct {s['correct']:3} "
              f"P {s['precision']:.3f} R {s['recall']:.3f}")
    print("missed:", sorted(expected - got, key=str)[:12])
    print("invented:", sorted({g for g in got - expected if g[1]}, key=str)[:12])
    assert ocr_link_set(b, truths) == got


@pytest.mark.slow
@pytest.mark.skipif(not OCR_DB, reason="set SARABAN_OCR_SAMPLES_DB to a registry of the OCR'd sample bundles")
def test_search_on_ocr_read_samples(places):
    """What a clerk finds when the letters were read by the OCR: the true number typed
    (exact or fuzzy), and the true subject as a phrase. Printed, not asserted: this
    measures the reading as much as the search."""
    from ingest.registry.search import search
    truths = {json.loads(p.read_text(encoding="utf-8"))["file"]: json.loads(p.read_text(encoding="utf-8"))
              for p in TRUTHS}
    reg = Registry(places("a.db"))
    for f in ocr_files(OCR_DB):
        reg.add_file(*f, None)
    names = truth_names(reg, truths)
    ids_of: dict[str, set] = {}
    for i, n in names.items():
        ids_of.setdefault(n, set()).add(i)
    numbers = [n for n in ids_of if n]
    first = sum(1 for n in numbers if (h := search(reg, n)) and h[0]["id"] in ids_of[n])
    subjects = [(l["subject"], l["doc_no"]) for t in truths.values() for l in t["letters"]
                if l.get("subject") and l["doc_no"] in ids_of]
    found = sum(1 for s, n in subjects if ids_of[n] & {h["id"] for h in search(reg, f'"{s}"', limit=100)})
    print(f"\nOCR'd samples: true number ranks its letter first {first}/{len(numbers)}; "
          f"true subject finds its letter {found}/{len(subjects)}")
    assert first > 0 and found > 0


def test_a_letter_linked_in_two_ways_is_listed_once(places):
    """The province letter cites the ministry's and was scanned in front of it: one source,
    its other link kinds alongside, named with its issuer and kind."""
    from test_registry import PROVINCE_NO, chain_files, fill

    reg = fill(Registry(places("r.db")), chain_files()[:1])
    pid = reg.q("SELECT id FROM letters WHERE doc_no = ?", (PROVINCE_NO,))[0]["id"]
    assert reg.q("SELECT count(*) AS n FROM links WHERE child_id = ? AND parent_id = "
                 "(SELECT id FROM letters WHERE doc_no = ?)", (pid, MINISTRY_NO))[0]["n"] >= 2
    ups = [l for l in reg.letter(pid)["links"] if l["direction"] == "up"]
    assert [(l["doc_no"], l["kind"]) for l in ups] == [(MINISTRY_NO, "reference")]
    assert "bundle" in ups[0]["also"] and ups[0]["issuer"] == "กระทรวงศึกษาธิการ"
    assert ups[0]["letter_kind"] == "external"
