"""Which fonts print what: training fonts for the line model, evaluation fonts for the pages
it is measured on, and where each font's files are.

The two sets never share a family, so that a score on generated pages measures fonts the
model never saw. Purisa, the pen of stamp fill-ins and handwritten notes, is the exception:
it is a training font and also the generator's only handwriting.

    >>> set(TRAINING_FONTS) & set(EVALUATION_FONTS)
    set()
"""
from __future__ import annotations

import importlib
from pathlib import Path

TLWG = Path("/usr/share/fonts/truetype/tlwg")  # Debian's fonts-thai-tlwg
# Rendered by models/synth.py for the line model; never print a generated page's body.
TRAINING_FONTS = ("Kinnari", "Garuda", "Loma", "Umpush", "Waree", "Purisa", "Sawasdee",
                  "TlwgTypo", "TlwgTypist", "TlwgMono", "TlwgTypewriter", "Arundina")
# Print generated pages and are never rendered for training. Laksaman is the free TH SarabunPSK
# clone, Sarabun (pip fontpkg-sarabun) the TH Sarabun New that letters are typed in.
EVALUATION_FONTS = ("Laksaman", "Norasi", "Sarabun")
# Fonts that come as a pip package (generation only: the samples extra of setup.cfg), with the
# file names of their regular and bold faces.
PACKAGED = {"Sarabun": ("fontpkg_sarabun", "fontpkg-sarabun", "Sarabun-Regular.ttf", "Sarabun-Bold.ttf")}


class FontMissing(RuntimeError):
    pass


def font_file(family: str, bold: bool = False) -> Path:
    """The TTF of a family's regular or bold face: TLWG's, or a font package's files."""
    if family not in PACKAGED:
        return TLWG / (f"{family}-Bold.ttf" if bold else f"{family}.ttf")
    module, package, regular, heavy = PACKAGED[family]
    try:
        root = Path(importlib.import_module(module).ROOT)
    except ImportError:
        raise FontMissing(f"{family} is not installed: pip install {package} "
                          "(or pip install -e '.[samples]'); it prints generated pages only") from None
    return root / "files" / (heavy if bold else regular)
