"""Thailand's places by name: provinces, districts and sub-districts, from the geothai
gazetteer (the Department of Provincial Administration's list, shipped with the package).

An addressee is an office's title and its place (``นายกองค์การบริหารส่วนตำบล`` ``น้ำอ่าง``);
the place is a sub-district's, a district's or a province's name, and OCR's slips in it
(``นำอ่าง``: the ้ over ำ lost) are one edit from exactly one name in the list; a name read
cut short (``โนนห``) is not taken for a shorter one (``โนน``).

>>> is_place("น้ำอ่าง"), is_place("นำอ่าง"), nearest("นำอ่าง"), nearest("หนองหาร"), nearest("โนนห")
(True, False, 'น้ำอ่าง', None, None)
"""
from __future__ import annotations

from functools import lru_cache

import geothai
from rapidfuzz.distance import Levenshtein

# a name as read this many edits (a letter or a mark put in, left out or changed) from one
# name of the list, and from no other, is that name
PLACE_EDITS = 1


@lru_cache(maxsize=1)
def names() -> frozenset[str]:
    out = set()
    for province in geothai.provinces():
        out.add(province.name_th)
        for district in geothai.districts(province.code):
            out.add(district.name_th)
            out.update(s.name_th for s in geothai.subdistricts(district.code))
    return frozenset(out)


def is_place(name: str) -> bool:
    return name in names()


@lru_cache(maxsize=1)
def _by_length() -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = {}
    for n in names():
        grouped.setdefault(len(n), []).append(n)
    return {k: tuple(v) for k, v in grouped.items()}


def nearest(name: str) -> str | None:
    """The one listed place ``PLACE_EDITS`` edit from a name that is not itself listed, or None
    (a listed name, none near, or two as near)."""
    if not name or is_place(name):
        return None
    near = [n for k in range(len(name) - PLACE_EDITS, len(name) + PLACE_EDITS + 1)
            for n in _by_length().get(k, ())
            if Levenshtein.distance(name, n, score_cutoff=PLACE_EDITS) <= PLACE_EDITS]
    # a name cut short as read (``โนนห`` of โนนหัน) is not a shorter name with a letter too many
    near = [n for n in near if not name.startswith(n)]
    return near[0] if len(near) == 1 else None
