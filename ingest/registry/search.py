"""Finding letters: by reference number typed any way, and by Thai words.

A query that looks like a reference number is looked up by its number
(:mod:`.numbers`: its normalized key, then an OCR-aware fuzzy match among numbers of the
same agency). Thai words and phrases go to the registry's text index (:mod:`.fulltext`: SQLite
FTS5 with the ``trigram`` tokenizer; :mod:`.fulltext_pg` on PostgreSQL: pg_trgm); what a query asks for is read in :mod:`.query`.
"""
from __future__ import annotations

from .numbers import doc_no_matches
from .query import HIGHLIGHT, filters, looks_like_doc_no

__all__ = ["HIGHLIGHT", "COUNT_CAP", "count", "search"]  # HIGHLIGHT: the marks around a snippet's match


def search(reg, query: str, *, date_from=None, date_to=None, urgency=None, issuer=None,
           kind=None, limit: int = 20) -> list[dict]:
    """Search the registry; a reference number ranks its letter first.

    Returns ``[{"id", "doc_no", "date", "subject", "issuer", "kind", "score", "snippet",
    "match"}]`` best first; ``match`` is "doc_no", "doc_no~" (fuzzy) or "text".
    """
    where, params = filters(date_from, date_to, urgency, issuer, kind)
    hits: dict[int, dict] = {}
    if looks_like_doc_no(query):
        for letter_id, score in doc_no_matches(reg, query, where, params, limit):
            hits[letter_id] = {"score": score, "snippet": None,
                               "match": "doc_no" if score >= 100 else "doc_no~"}
    for hit in reg.text_index.fulltext(reg, query, where, params, limit):
        if hit["id"] not in hits:
            # text scores are bm25, squeezed below the fuzzy reference-number band
            hits[hit["id"]] = {"score": round(min(hit["score"], 49.0), 3),
                               "snippet": hit["snippet"], "match": "text"}
        elif not hits[hit["id"]]["snippet"]:
            hits[hit["id"]]["snippet"] = hit["snippet"]
    if not hits:
        return []
    ids = list(hits)
    rows = {r["id"]: r for r in reg.q(
        f"SELECT id, doc_no, date, subject, issuer, kind FROM letters WHERE id IN ({','.join('?' * len(ids))})",
        ids)}
    out = [{**rows[i], **hits[i]} for i in ids if i in rows]
    out.sort(key=lambda r: (-r["score"], r["id"]))
    return out[:limit]


COUNT_CAP = 1_000  # counting 10,000 matches of a common phrase takes ~90 ms on 20,000 letters; 1,000 ~20 ms


def count(reg, query: str, *, date_from=None, date_to=None, urgency=None, issuer=None,
          kind=None, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many letters ``search`` finds for ``query`` without its limit, and whether the
    counting stopped at ``cap`` (the number is then a floor)."""
    where, params = filters(date_from, date_to, urgency, issuer, kind)
    ids = set(reg.text_index.text_ids(reg, query, where, params, cap))
    if looks_like_doc_no(query):
        ids.update(i for i, _ in doc_no_matches(reg, query, where, params, cap))
    return min(len(ids), cap), len(ids) >= cap
