"""End to end on a generated forwarding bundle with real paper's forms: the province's letter
citing the ministry's as ``หนังสือ… ด่วน… ที่ …``, addressed over two lines, with the
district's endorsement typed in a box at its foot; rendered clean, read by the OCR,
registered, linked and traced."""
import random

import pytest
from rapidfuzz.distance import Levenshtein

from ingest.links.chains import trace
from ingest.batch import ingest_paths
from ingest.registry.store import Registry

SEED, CHAIN, DPI = 3, 0, 250      # a fresh seed with the forms (the committed set has none)
# two pages through the OCR: about 20 s on an idle machine, not marked slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    from samples.bundles import assemble, build_world
    from samples.damage import save
    world = build_world(SEED, forms=True)
    pages, truth = assemble(world, ("forms", "P+E", CHAIN, "pdf", "clean", "Laksaman", DPI),
                            random.Random(SEED))
    assert len(pages) == 2, "the test reads two pages: pick a chain whose letter fits them"
    path = tmp_path_factory.mktemp("forms") / "province-forward-boxed.pdf"
    save([p.img for p in pages], path, "pdf", DPI)
    reg = Registry(path.parent / "saraban.db")
    results = ingest_paths([path], reg, jobs=2, engine="saraban")
    assert [r.status for r in results] == ["registered"], results[0].error
    yield reg, truth
    reg.close()


def test_letter_and_boxed_endorsement_are_registered(bundle):
    reg, truth = bundle
    want_letter, want_note = truth["letters"]
    got = {r["kind"]: r for r in reg.letters()}
    assert set(got) == {"external", "endorsement"}
    letter, note = got["external"], got["endorsement"]
    for field in ("doc_no", "date", "urgency", "recipients"):
        assert letter[field] == want_letter[field], field
    assert [(r["doc_no"], r["date"]) for r in letter["references"]] == \
        [(r["doc_no"], r["date"]) for r in want_letter["references"]]
    for field in ("doc_no", "date", "purpose"):
        assert note[field] == want_note[field], field
    # addressees over two lines come out as the same addressees, each as read (the OCR may
    # slip one letter in the note's smaller type: ทุกแห่ง read ทุกแท่ง)
    assert len(note["recipients"]) == len(want_note["recipients"]) == 2
    for got_to, want_to in zip(note["recipients"], want_note["recipients"]):
        assert Levenshtein.distance(got_to, want_to) <= 1, (got_to, want_to)
    assert note["signatory"]["name"] == want_note["signatory"]["name"]
    assert note["source"]["pages"] == want_note["pages"]


def test_links_and_chain(bundle):
    reg, truth = bundle
    rows = reg.q("SELECT p.doc_no AS parent, k.parent_doc_no, c.doc_no AS child, k.kind FROM links k "
                 "JOIN letters c ON c.id = k.child_id LEFT JOIN letters p ON p.id = k.parent_id")
    got = {(r["parent"] or r["parent_doc_no"], r["child"], r["kind"]) for r in rows}
    want = {(x["from"], x["to"], x["kind"]) for x in truth["links"]}
    assert got == want
    ministry, province, district = (truth["letters"][0]["references"][0]["doc_no"],
                                    truth["letters"][0]["doc_no"], truth["letters"][1]["doc_no"])
    chain = trace(reg, district)
    numbers = {n["doc_no"] for n in chain["nodes"]}
    assert {ministry, province, district} <= numbers      # the ministry's letter is a placeholder
