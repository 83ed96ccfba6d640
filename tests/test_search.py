"""Search: reference numbers in every form rank their letter first; Thai full text."""
from __future__ import annotations

import pytest
from test_registry import MINISTRY_NO, PROVINCE_NO, bundle, fill, letter, page

from ingest.registry.store import Registry
from ingest.registry.numbers import doc_no_matches
from ingest.registry.query import fts_text
from ingest.registry.search import search


@pytest.fixture(scope="module")
def reg(module_places):
    return fill(Registry(module_places()))


SIX_FORMS = ["ศธ ๐๒๐๖.๓/ว ๔๗๘", "ศธ 0206.3/ว 478", "ศธ0206.3/ว478", "ศธ 206.3/478", "ศธ. 0206.3/ว 478",
             "ที่ ศธ ๒๐๖.๓/๔๗๘"]


@pytest.mark.parametrize("typed", SIX_FORMS)
def test_reference_number_any_form_ranks_first(reg, typed):
    hits = search(reg, typed)
    assert hits[0]["doc_no"] == MINISTRY_NO and hits[0]["match"] == "doc_no" and hits[0]["score"] == 100


@pytest.mark.parametrize("typed", ["ศธ 0202.3/ว 478",   # ๖ read as ๒ by the stock Thai model
                                   "ศธ 0206.3/ว 47",    # a digit dropped
                                   "ศธ 02063/ว 478"])   # the dot dropped
def test_fuzzy_reference_number_knows_ocr_confusions(reg, typed):
    hits = search(reg, typed)
    assert hits[0]["doc_no"] == MINISTRY_NO and hits[0]["match"] == "doc_no~" and hits[0]["score"] < 100


def test_fuzzy_does_not_match_far_numbers(reg):
    assert doc_no_matches(reg, "ศธ 0999.1/ว 12") == []


@pytest.mark.parametrize("query,expected", [
    ("ไข้เลือดออก", {"สธ 0211.7/ว 1502"}),
    ("ยุงลาย ขอให้จังหวัด", {"สธ 0211.7/ว 1502"}),            # words in another order
    ("แนวทาง การจัดเก็บ", None),                               # spaced differently from the text
    ("ปรับปรุงระเบียบงานสารบรรณ", {MINISTRY_NO}),
    ("องค์กรปกครองส่วนท้องถิ่น", {PROVINCE_NO}),
])
def test_thai_full_text(reg, query, expected):
    hits = search(reg, query)
    found = {h["doc_no"] for h in hits}
    if expected is None:
        assert MINISTRY_NO in found and PROVINCE_NO in found
    else:
        assert found == expected
    assert all("[" in h["snippet"] and "]" in h["snippet"] for h in hits)


def test_short_terms_and_filters(reg):
    assert {h["doc_no"] for h in search(reg, "ยุง")} == {"สธ 0211.7/ว 1502"}     # 3 characters
    assert search(reg, "ฝน")[0]["doc_no"] == "สธ 0211.7/ว 1502"                  # under 3: scanned
    assert {h["doc_no"] for h in search(reg, "จัดเก็บเอกสาร", issuer="เชียงราย")} == {"ชร 0023.3/ว 120"}
    assert {h["doc_no"] for h in search(reg, "จัดเก็บเอกสาร", urgency="ด่วนมาก", date_to="2024-01-18")} == {PROVINCE_NO}
    assert search(reg, "จัดเก็บเอกสาร", kind="order") == []
    assert search(reg, "ไม่มีคำนี้ในทะเบียน") == []


def test_index_text_folds_digits_and_spacing():
    assert fts_text("ครั้งที่ ๒ / ๒๕๖๗") == "ครั้งที่ 2 / 2567"
    assert fts_text("ซัก ซ้อม") == "ซักซ้อม"


# -- on the sample bundles' ground truth: trigram index against PyThaiNLP words -------
import os  # noqa: E402
import random  # noqa: E402
import sqlite3  # noqa: E402

from test_link import needs_samples, truth_files  # noqa: E402


def sample_phrases(files, rng) -> list[str]:
    """A subject and a stretch of a body line (12-20 characters, cut at a space or not)
    from each letter: the kind of thing a clerk types from memory."""
    out = []
    for _, recs, pages, _ in files:
        by_no = {p.number: p for p in pages}
        for r in recs:
            if r.get("subject"):
                out.append(r["subject"])
            lines = [l.text for n in r["source"]["pages"] for l in by_no[n].lines if len(l.text) > 30]
            if lines:
                line = rng.choice(lines)
                start = rng.randrange(0, len(line) - 20)
                out.append(line[start:start + rng.randint(12, 20)].strip())
    return [p for p in out if len(fts_text(p)) >= 3]


def letter_texts(reg) -> dict[int, str]:
    return {r["letter_id"]: " ".join(fts_text(r[c] or "") for c in ("subject", "body"))
            for r in reg.q("SELECT * FROM letter_text")}


def words_index(texts: dict[int, str]):
    """The alternative: PyThaiNLP newmm words, indexed by FTS5's unicode61 tokenizer."""
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pythainlp.tokenize import word_tokenize
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE w USING fts5(body, tokenize='unicode61')")
    for i, t in texts.items():
        db.execute("INSERT INTO w(rowid, body) VALUES (?, ?)",
                   (i, " ".join(x for x in word_tokenize(t, engine="newmm") if x.strip())))

    def query(phrase: str) -> set[int]:
        words = [x for x in word_tokenize(fts_text(phrase), engine="newmm") if x.strip()]
        q = '"' + " ".join(w.replace('"', '""') for w in words) + '"'
        return {r[0] for r in db.execute("SELECT rowid FROM w WHERE w MATCH ?", (q,))}
    return query


def recall_precision(results: dict[str, set], truth: dict[str, set]) -> tuple[float, float]:
    hit = sum(len(results[q] & truth[q]) for q in truth)
    return hit / sum(len(t) for t in truth.values()), hit / max(1, sum(len(results[q]) for q in truth))


@needs_samples
def test_sample_search(places):
    files = truth_files()
    reg = Registry(places())
    for info, recs, pages, _ in files:
        reg.add_file(info, recs, pages, None)
    # every letter's number, typed six ways, ranks it first
    for rec in reg.letters():
        if rec["doc_no"] and rec["doc_no"].count(" ") >= 1:
            code, rest = rec["doc_no"].split(" ", 1)
            for typed in (rec["doc_no_text"], rec["doc_no"], rec["doc_no"].replace(" ", ""),
                          f"{code} {rest.replace('/ว ', '/')}", f"{code}. {rest}",
                          "ที่ " + rec["doc_no"].translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))):
                hits = search(reg, typed or rec["doc_no"])
                assert hits and hits[0]["id"] in {r["id"] for r in reg.find_doc_no(rec["doc_no"])}, typed
    phrases = sample_phrases(files, random.Random(3))
    texts = letter_texts(reg)
    truth = {p: {i for i, t in texts.items() if fts_text(p).replace(" ", "") in t.replace(" ", "")}
             for p in phrases}
    trigram = {p: {h["id"] for h in search(reg, f'"{p}"', limit=1000)} for p in phrases}
    words = words_index(texts)
    segmented = {p: words(p) for p in phrases}
    r_t, p_t = recall_precision(trigram, truth)
    r_w, p_w = recall_precision(segmented, truth)
    subjects = {r["subject"] for f in files for r in f[1] if r.get("subject")}
    whole = {p: truth[p] for p in truth if p in subjects}
    r_ts, p_ts = recall_precision(trigram, whole)
    r_ws, p_ws = recall_precision(segmented, whole)
    print(f"\n{len(phrases)} Thai phrases: trigram recall {r_t:.3f} precision {p_t:.3f}; "
          f"PyThaiNLP words recall {r_w:.3f} precision {p_w:.3f}\n"
          f"{len(whole)} of them whole subjects: trigram recall {r_ts:.3f} precision {p_ts:.3f}; "
          f"PyThaiNLP words recall {r_ws:.3f} precision {p_ws:.3f}")
    assert r_t >= 0.95 and p_t >= 0.95 and r_t >= r_w


def test_phrase_found_nowhere_is_searched_tolerantly(reg):
    # the health circular's subject as the OCR might have read it (ฝ read as ผ, a tone mark lost)
    hits = search(reg, "การเฝ้าระวังโรคไข้เลือดออกในฤดูผน")
    assert [h["doc_no"] for h in hits] == ["สธ 0211.7/ว 1502"]
    assert search(reg, "เฝ้าระวังโรคไขเลือดออก")[0]["doc_no"] == "สธ 0211.7/ว 1502"
    # exact hits, when there are any, are all that is shown
    assert {h["doc_no"] for h in search(reg, "ไข้เลือดออก")} == {"สธ 0211.7/ว 1502"}
    assert search(reg, "ศธ 0999.1/ว 12") == []


def test_phrase_in_very_many_letters_ranks_a_capped_set(reg, monkeypatch):
    """Above RANK_ALL_BELOW matches bm25 is not run over all of them: letters with the
    words in their subject come first, then the newest."""
    import ingest.registry.fulltext as s
    everywhere = search(reg, "จัดเก็บเอกสาร", limit=50)
    assert len(everywhere) >= 4
    monkeypatch.setattr(s, "RANK_ALL_BELOW", 1)
    capped = search(reg, "จัดเก็บเอกสาร", limit=50)
    assert {h["id"] for h in capped} == {h["id"] for h in everywhere}
    in_subject = [h for h in capped if "จัดเก็บเอกสาร" in (h["subject"] or "")]
    assert capped[:len(in_subject)] == in_subject
    # bm25 cannot tell these apart (the words are in every letter): the newest two are shown
    assert {h["id"] for h in search(reg, "จัดเก็บเอกสาร", limit=2)} == \
        set(sorted(h["id"] for h in in_subject)[-2:])


def test_fuzzy_candidates_share_a_half_of_the_number(reg):
    from ingest.registry.numbers import fuzzy_candidates, key_halves
    assert key_halves("ศธ206.3/478") == ("ศธ206.3/", "478")
    ministry = reg.find_doc_no(MINISTRY_NO)[0]["id"]
    assert (ministry, "ศธ206.3/478") in fuzzy_candidates(reg, "ศธ202.3/478")   # same running number
    assert (ministry, "ศธ206.3/478") in fuzzy_candidates(reg, "ศธ206.3/418")   # same unit
    assert (ministry, "ศธ206.3/478") in fuzzy_candidates(reg, "ศธ2063/478")    # dot dropped
    assert fuzzy_candidates(reg, "ศธ202.3/418") == []                          # both halves misread


def test_capped_ranking_sees_a_corrected_subject_at_once(places, monkeypatch):
    import ingest.registry.fulltext as s
    from ingest.registry.corrections import edit
    monkeypatch.setattr(s, "RANK_ALL_BELOW", 1)  # every phrase below takes the capped path
    place = places()
    r = fill(Registry(place))
    health = "สธ 0211.7/ว 1502"
    assert health not in {h["doc_no"] for h in search(r, "จัดเก็บเอกสาร")}
    edit(r, health, "subject", "การจัดเก็บเอกสารในฤดูฝน", user="a")
    hits = {h["doc_no"]: h for h in search(r, "จัดเก็บเอกสาร")}
    assert hits[health]["snippet"] == "การ[จัดเก็บเอกสาร]ในฤดูฝน" and hits[health]["score"] > 24
    # another connection's change is seen too (data_version)
    other = Registry(place)
    edit(other, health, "subject", "การเฝ้าระวังโรคไข้เลือดออกในฤดูฝน", user="b")
    assert health not in {h["doc_no"] for h in search(r, "จัดเก็บเอกสาร")}


def test_count_is_what_search_finds_without_its_limit(places):
    from test_registry import SUBJECT, chain_files, fill

    from ingest.registry.store import Registry
    from ingest.registry.search import count, search

    reg = fill(Registry(places()), chain_files())
    everything = search(reg, SUBJECT, limit=1000)
    assert len(everything) > 2
    assert count(reg, SUBJECT) == (len(everything), False)
    assert len(search(reg, SUBJECT, limit=2)) == 2  # a page is smaller than the count
    assert count(reg, SUBJECT, cap=2) == (2, True)
    assert count(reg, "ชม 0023.3/ว 69")[0] == len(search(reg, "ชม 0023.3/ว 69", limit=1000))
    assert count(reg, "ไม่มีคำนี้ในทะเบียนเลย") == (0, False)


def test_a_typed_number_finds_the_letters_that_print_it_and_no_longer_number(places):
    """A reference number's text hits are the letters that cite that number, spaced as
    typed or not: not letters with a longer number that starts with it, nor letters that
    hold its code, its middle and its serial apart."""

    reg = Registry(places())
    cited, longer, apart = "ศธ ๐๒๐๖.๓/ว ๔๗", "ศธ ๐๒๐๖.๓/ว ๔๗๘", "ศธ ๐๒๐๖.๓/ว ๙"
    bodies = {"ชม 0023.3/ว 1": f"อ้างถึง หนังสือที่ {cited} ลงวันที่ ๙ มกราคม ๒๕๖๗",
              "ชม 0023.3/ว 2": f"อ้างถึง หนังสือที่ {longer} ลงวันที่ ๙ มกราคม ๒๕๖๗",
              "ชม 0023.3/ว 3": f"อ้างถึง หนังสือที่ {apart} จำนวน ๔๗ ฉบับ"}
    for n, (doc_no, body) in enumerate(bodies.items()):
        rec = letter(kind="external", doc_no=doc_no, subject=f"เรื่องที่ {n}", date=f"2024-01-1{n}",
                     source={"file": None, "sha256": None, "pages": [1]})
        reg.add_file(*bundle(f"{n}.pdf", [rec], [page(1, body)]), None)
    for typed in ("ศธ 0206.3/ว 47", "ศธ0206.3/ว47", "ที่ ศธ. ๐๒๐๖.๓/ว ๔๗"):
        hits = search(reg, typed)
        assert [(h["doc_no"], h["match"]) for h in hits] == [("ชม 0023.3/ว 1", "text")], typed
        assert "[ศธ 0206.3/ว 47]" in hits[0]["snippet"].replace("ศธ0206.3/ว47", "ศธ 0206.3/ว 47")
