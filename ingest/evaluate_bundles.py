"""How a scored set's bundles were split and linked, against their truth (for ``saraban eval``).

**Split.** A bundle's units are its letters and endorsements, each with the pages it owns
(a letter's attachments are its pages too, as extraction files them). A unit is split right
when an extracted record has its kind (endorsement or not) and exactly its pages; a bundle is
split right when every unit is, and nothing else was extracted from it.

**Links.** Every bundle's records are registered, as read, in one scratch registry (the
links a clerk would get: references, endorsements, citations, enclosures, the bundle's
order, across bundles too), and the links found are named by the truth's numbers: each
registered letter takes the number of the true letter it was matched to, since its own
may be misread. A link to a letter not in the set keeps its read number (a placeholder).
Precision and recall are by kind and for pairs of any kind; links to a letter the truth
gives no number (an unnumbered endorsement) are not scored.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

LINKED_KINDS = ("reference", "endorsement", "citation", "enclosure", "bundle")


def _kind(record: dict) -> str:
    return "endorsement" if record.get("kind") == "endorsement" else "letter"


def true_units(truth: dict) -> set[tuple[str, frozenset]]:
    """(kind, pages) of each letter and endorsement of a bundle's truth."""
    owned: dict[str, set] = {}
    for a in truth.get("attachments", []):
        owned.setdefault(a.get("owner"), set()).update(a["pages"])
    return {(_kind(t), frozenset(t["pages"]) | frozenset(owned.get(t.get("doc_no"), ()) if t.get("doc_no") else ()))
            for t in truth["letters"]}


def read_units(records: list[dict]) -> set[tuple[str, frozenset]]:
    return {(_kind(r), frozenset((r.get("source") or {}).get("pages") or ())) for r in records}


class SplitScore:
    """Units and bundles split right, by condition."""

    def __init__(self):
        self.counts: dict[str, list[int]] = {}  # condition -> [units right, units, bundles right, bundles]

    def add(self, records: list[dict], truth: dict, condition: str) -> None:
        want, got = true_units(truth), read_units(records)
        c = self.counts.setdefault(condition, [0, 0, 0, 0])
        c[0] += len(want & got)
        c[1] += len(want)
        c[2] += want == got and len(records) == len(got)
        c[3] += 1

    def to_dict(self) -> dict:
        return {cond: {"units": round(u / n, 4) if n else None, "bundles": round(b / m, 4) if m else None,
                       "units_counted": n, "bundles_counted": m}
                for cond, (u, n, b, m) in self.counts.items()}


def scores_by_kind(expected: set[tuple], got: set[tuple]) -> dict[str, dict]:
    """Precision and recall of (parent, child, kind) links, by kind and for pairs of any kind."""
    got = {g for g in got if g[1]}  # the truth names links by number: unnumbered children apart
    out = {}
    for kind in sorted({k for *_, k in expected | got}):
        e, g = {x for x in expected if x[2] == kind}, {x for x in got if x[2] == kind}
        out[kind] = _rates(e, g)
    out["any kind (pairs)"] = _rates({x[:2] for x in expected}, {x[:2] for x in got})
    return out


def _rates(e: set, g: set) -> dict:
    return {"expected": len(e), "found": len(g), "correct": len(e & g),
            "precision": round(len(e & g) / len(g), 4) if g else 1.0,
            "recall": round(len(e & g) / len(e), 4) if e else 1.0,
            "missed": sorted(map(str, e - g))[:8], "invented": sorted(map(str, g - e))[:8]}


class LinkScore:
    """The set's records registered as read in a scratch registry; links against the truth."""

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="saraban-eval-")
        self.registry = None
        self.names: dict[int, str | None] = {}   # registered letter id -> its true number
        self.expected: set[tuple] = set()

    def add(self, doc, records: list[dict], pages, pairs: list[tuple[dict, dict | None]], truth: dict) -> None:
        """One bundle: its records (as extracted), its pages, and ``pairs`` (true letter,
        extracted record) as ``evaluate.match_letters`` made them."""
        from .registry.store import Registry

        if self.registry is None:
            self.registry = Registry(Path(self._tmp.name) / "eval.db")
        self.expected |= {(k["from"], k["to"], k["kind"]) for k in truth.get("links", [])}
        ids = self.registry.add_file(doc.info, records, pages, None)
        true_of = {id(got): t.get("doc_no") for t, got in pairs if got is not None}
        self.names.update({i: true_of.get(id(r)) for i, r in zip(ids, records)})

    def found(self) -> set[tuple]:
        """Links as (parent, child, kind) in truth numbers; a placeholder keeps its read number."""
        if self.registry is None:
            return set()
        out = set()
        for k in self.registry.q("SELECT parent_id, parent_doc_no, child_id, kind FROM links"):
            parent = self.names.get(k["parent_id"]) if k["parent_id"] else k["parent_doc_no"]
            out.add((parent, self.names.get(k["child_id"]), k["kind"]))
        return out

    def to_dict(self) -> dict:
        scores = scores_by_kind(self.expected, self.found())
        return {kind: s for kind, s in scores.items() if kind in LINKED_KINDS or kind == "any kind (pairs)"
                or s["found"]}

    def close(self) -> None:
        if self.registry is not None:
            self.registry.close()
        self._tmp.cleanup()
