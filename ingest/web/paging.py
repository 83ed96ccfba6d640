"""Long lists a page at a time: which page the request asks for, and what the pager shows
(the total, this page's first and last item, the pages before and after)."""
from __future__ import annotations

from dataclasses import dataclass

PARAM = "p"  # ``page`` is taken: the review screen's page of the scan
PER_PAGE = {"search": 20, "queue": 50, "register": 100, "intake": 30}


@dataclass
class Paging:
    number: int   # this page, from 1
    per: int      # items a page
    total: int = 0
    capped: bool = False  # ``total`` is a floor: counting stopped there

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per))

    @property
    def first(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.per, self.total)

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def past_the_end(self) -> bool:
        """Asked for a page after the last (the list got shorter since the link was made)."""
        return self.total > 0 and self.offset >= self.total


def from_request(args, kind: str) -> Paging:
    """The page asked for (``?p=``); anything that is not a page number is the first.

    >>> p = from_request({"p": "3"}, "search"); (p.number, p.offset, p.per)
    (3, 40, 20)
    >>> from_request({"p": "-1"}, "queue").number, from_request({"p": "x"}, "queue").number
    (1, 1)
    """
    try:
        number = max(1, min(int(args.get(PARAM, 1)), 100_000))
    except (TypeError, ValueError):
        number = 1
    return Paging(number, PER_PAGE[kind])


def link_args(args, number: int) -> dict:
    """The request's query with another page number: filters and terms kept."""
    out = {k: v for k, v in args.items() if k != PARAM}
    if number > 1:
        out[PARAM] = number
    return out
