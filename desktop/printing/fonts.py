"""The serif family every form is set in: Times New Roman where the machine has it (every Windows PC),
else the bundled Liberation Serif, metric-compatible and free (licence beside it in resources/fonts).

Times New Roman may not be redistributed, so it is never bundled; both carry every Vietnamese letter.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from desktop.paths import RESOURCES_DIR

FAMILY = "KCSerif"  # the name the layout uses, whichever files are behind it
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
BUNDLED = RESOURCES_DIR / "fonts"
_TIMES_FILES = {"Regular": "times.ttf", "Bold": "timesbd.ttf", "Italic": "timesi.ttf", "BoldItalic": "timesbi.ttf"}
_TIMES_LINUX = {
    "Regular": "Times_New_Roman.ttf",
    "Bold": "Times_New_Roman_Bold.ttf",
    "Italic": "Times_New_Roman_Italic.ttf",
    "BoldItalic": "Times_New_Roman_Bold_Italic.ttf",
}
_TIMES_MAC = {
    "Regular": "Times New Roman.ttf",
    "Bold": "Times New Roman Bold.ttf",
    "Italic": "Times New Roman Italic.ttf",
    "BoldItalic": "Times New Roman Bold Italic.ttf",
}


@dataclass(frozen=True)
class SerifFamily:
    name: str  # what the PDF's fonts say: "Times New Roman" or "Liberation Serif"
    files: dict[str, Path]


def _times_candidates() -> list[dict[str, Path]]:
    folders: list[tuple[Path, dict[str, str]]] = []
    if sys.platform == "win32":
        folders.append((Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts", _TIMES_FILES))
        local = os.environ.get("LOCALAPPDATA")
        if local:  # fonts installed for one user only
            folders.append((Path(local) / "Microsoft" / "Windows" / "Fonts", _TIMES_FILES))
    elif sys.platform == "darwin":
        for folder in (Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts")):
            folders.append((folder, _TIMES_MAC))
    else:
        for folder in (Path("/usr/share/fonts/truetype/msttcorefonts"), Path.home() / ".fonts"):
            folders.append((folder, _TIMES_LINUX))
            folders.append((folder, _TIMES_FILES))
    return [{style: folder / name for style, name in names.items()} for folder, names in folders]


@cache
def serif_family() -> SerifFamily:
    """The family to print with; KHUYENCONG_FONT=bundled forces Liberation Serif (tests, comparisons)."""
    if os.environ.get("KHUYENCONG_FONT") != "bundled":
        for files in _times_candidates():
            if all(path.is_file() for path in files.values()):
                return SerifFamily("Times New Roman", files)
    return SerifFamily("Liberation Serif", {style: BUNDLED / f"LiberationSerif-{style}.ttf" for style in STYLES})


def subset_tag(font: str, glyphs: Sequence[int]) -> str:
    """Six capital letters naming one subset of ``font`` by what it holds (PDF 1.7 §9.6.4: the tag before
    "+" tells different subsets of a font apart). reportlab names the first subset of every font and every
    file "AAAAAA": in a batch merged into one file, or a printer's font cache, two different subsets of
    Liberation Serif then share a name and one prints with the other's glyphs."""
    digest = hashlib.sha256(f"{font}:{','.join(map(str, glyphs))}".encode()).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])


_TAGGING = threading.Lock()


@cache
def register() -> str:
    """Register the family with reportlab (once per process); the family name for paragraph styles."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics, ttfonts

    class TaggedFont(ttfonts.TTFont):
        """A TrueType font whose subsets are named by their content (see ``subset_tag``)."""

        def addObjects(self, doc: Any) -> None:
            state = self.state.get(doc)
            tags = [subset_tag(self.fontName, subset) for subset in (state.subsets if state else [])]
            with _TAGGING:  # reportlab reads the subset names from a module function while it writes the font
                numbered = ttfonts.SUBSETN
                ttfonts.SUBSETN = lambda n, *_: tags[n].encode("ascii")
                try:
                    super().addObjects(doc)
                finally:
                    ttfonts.SUBSETN = numbered

    family = serif_family()
    for style in STYLES:
        pdfmetrics.registerFont(TaggedFont(f"{FAMILY}-{style}", str(family.files[style])))
    addMapping(FAMILY, 0, 0, f"{FAMILY}-Regular")  # <b> and <i> in a paragraph pick the right face
    addMapping(FAMILY, 1, 0, f"{FAMILY}-Bold")
    addMapping(FAMILY, 0, 1, f"{FAMILY}-Italic")
    addMapping(FAMILY, 1, 1, f"{FAMILY}-BoldItalic")
    return FAMILY
