"""``saraban eval`` scores how bundles were split and how their letters were linked."""
from __future__ import annotations

from types import SimpleNamespace

from test_link import needs_samples, truth_files

from ingest.evaluate_bundles import LinkScore, SplitScore, scores_by_kind, true_units
from ingest.record import new_record


def _rec(kind: str, pages: list[int]) -> dict:
    rec = new_record()
    rec.update(kind=kind, source={"file": "b.pdf", "sha256": None, "pages": pages})
    return rec


TRUTH = {"letters": [{"kind": "external", "doc_no": "มท 0206/ว 1", "pages": [1, 2]},
                     {"kind": "endorsement", "doc_no": None, "pages": [2]}],
         "attachments": [{"pages": [3], "owner": "มท 0206/ว 1"}]}


def test_a_letter_owns_its_attachments_pages_and_an_endorsement_is_a_unit_of_its_own():
    assert true_units(TRUTH) == {("letter", frozenset({1, 2, 3})), ("endorsement", frozenset({2}))}


def test_a_bundle_is_split_right_only_with_every_unit_and_nothing_more():
    score = SplitScore()
    score.add([_rec("external", [1, 2, 3]), _rec("endorsement", [2])], TRUTH, "clean")
    # the letter cut in two at its second page: the endorsement is still right
    score.add([_rec("external", [1]), _rec("external", [2, 3]), _rec("endorsement", [2])], TRUTH, "clean")
    # every unit found, and a letter invented on the attachment's page as well
    score.add([_rec("external", [1, 2, 3]), _rec("endorsement", [2]), _rec("external", [3])], TRUTH, "damaged")
    d = score.to_dict()
    assert d["clean"] == {"units": 0.75, "bundles": 0.5, "units_counted": 4, "bundles_counted": 2}
    assert d["damaged"]["units"] == 1.0 and d["damaged"]["bundles"] == 0.0


def _linked(files) -> dict:
    score = LinkScore()
    try:
        for info, recs, pages, truth in files:
            score.add(SimpleNamespace(info=info), recs, pages, list(zip(truth["letters"], recs)), truth)
        return score.to_dict()
    finally:
        score.close()


@needs_samples
def test_the_samples_letters_as_true_link_every_pair_of_the_truth_and_no_other():
    files = truth_files()
    scores = _linked(files)
    assert scores["any kind (pairs)"]["precision"] == scores["any kind (pairs)"]["recall"] == 1.0
    assert scores["reference"]["expected"] > 0 and scores["reference"]["recall"] == 1.0


def test_a_link_to_a_misread_number_is_both_a_link_missed_and_one_invented():
    expected = {("มท 0816.3/ว 642", "ชบ 0023.14/ว 60", "reference"), ("มท 0816.3/ว 642", "ชบ 0023.14/ว 60", "bundle")}
    got = {("มท 08120.3/ว 642", "ชบ 0023.14/ว 60", "reference"), ("มท 0816.3/ว 642", "ชบ 0023.14/ว 60", "bundle"),
           ("มท 0816.3/ว 642", None, "endorsement")}   # an unnumbered endorsement: not scored
    scores = scores_by_kind(expected, got)
    assert scores["reference"]["precision"] == scores["reference"]["recall"] == 0.0
    assert scores["bundle"]["precision"] == scores["bundle"]["recall"] == 1.0
    assert scores["any kind (pairs)"] == {**scores["any kind (pairs)"], "expected": 1, "found": 2, "correct": 1,
                                          "precision": 0.5, "recall": 1.0}
    assert "endorsement" not in scores
