"""The Buddhist era: a year BE is the year CE plus ``BE_OFFSET``.

>>> 2024 + BE_OFFSET
2567
"""
from __future__ import annotations

BE_OFFSET = 543
