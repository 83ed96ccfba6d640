"""The Buddhist era: a year BE is the year CE plus ``BE_OFFSET``.

>>> 2024 + BE_OFFSET
2567
"""
from __future__ import annotations

BE_OFFSET = 543
# the correspondence regulation whose forms letters are in (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงาน
# สารบรรณ พ.ศ. ๒๕๒๖, docs/circulars.md §2): a letter dated before it is a year misread
FIRST_YEAR = 2526
