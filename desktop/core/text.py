"""Text as it is stored (:func:`clean`, at every door) and as it is searched (:func:`fold`: "da nang" must
find "Đà Nẵng")."""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol

# đ/Đ are letters of their own in Unicode, not d with a mark: decomposition leaves them alone.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d"})

_INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"  # control characters, except the white space ones (\t, \n…)
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\ud800-\udfff"  # a lone surrogate (bytes decoded with errors="surrogateescape"): no database stores it
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
    "]"
)
"""What no one sees and no one types on purpose: control characters, format characters (Unicode category Cf:
zero-width space U+200B, zero-width (non-)joiner, word joiner U+2060, byte-order mark U+FEFF, soft hyphen
U+00AD, direction marks) and the other default-ignorable code points (variation selectors, Hangul fillers,
which "look like" a name made of nothing). Vietnamese needs none of them."""


def clean(text: str, *, multiline: bool = False) -> str:
    """``text`` as it is stored, whatever door it came in by (a form, an Excel cell, a pushed row): Unicode NFC
    (accents typed or pasted decomposed are composed), invisible characters (:data:`_INVISIBLE`) removed, every
    run of white space (tabs, non-breaking and ideographic spaces too) one space, the ends stripped.

    A ``multiline`` text (notes, descriptions, the parts of a proposal) keeps its line breaks (``\\r\\n`` and
    the other line separators become ``\\n``), each line cleaned as above, at most one blank line in a row.
    Called for every cell of an import: plain text with nothing to do costs one pass.

    >>> clean("  Cơ sở\u200b  Đà\u00a0Nẵng\t")
    'Cơ sở Đà Nẵng'
    """
    if not (text.isascii() and text.isprintable()):
        if _INVISIBLE.search(text) is not None:
            text = _INVISIBLE.sub("", text)
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if multiline:
            return _lines(text)
    return " ".join(text.split())


def _lines(text: str) -> str:
    kept: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line or (kept and kept[-1]):  # a blank line between paragraphs, not a run of them
            kept.append(line)
    if kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)


def fold(s: str) -> str:
    """The search key of ``s``: lower case, accents removed, đ→d, whitespace collapsed, invisible characters
    ignored (as :func:`clean` drops them, so a name and its cleaned form have one key).

    >>> fold("  Thành phố   Đà Nẵng ")
    'thanh pho da nang'
    """
    if not (s.isascii() and s.isprintable()) and _INVISIBLE.search(s) is not None:
        s = _INVISIBLE.sub("", s)
    decomposed = unicodedata.normalize("NFD", s.translate(_D_TABLE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def nfc(s: str) -> str:
    """``s`` in Unicode NFC, for what is shown or printed; what is stored goes through :func:`clean`."""
    return unicodedata.normalize("NFC", s)


class _Named(Protocol):
    name: str


# The common nouns of administrative units, written in lower case before the unit's own name in running
# text ("xã Hòa Vang", "thành phố Huế": NĐ 30/2020 Phụ lục II, mục II.2 về tên địa lý).
_UNIT_NOUNS = ("Xã ", "Phường ", "Đặc khu ", "Thị trấn ", "Thành phố ", "Tỉnh ", "Huyện ", "Quận ", "Thị xã ")


def unit_in_text(name: str) -> str:
    """ "Xã Hòa Vang" as running text writes it: "xã Hòa Vang" (other names unchanged)."""
    for noun in _UNIT_NOUNS:
        if name.startswith(noun):
            return noun.lower() + name[len(noun) :]
    return name


def own_name(name: str) -> str:
    """The unit's own name, without its common noun: "Thành phố Huế" → "Huế" (lists sort by it)."""
    for noun in _UNIT_NOUNS:
        if name.startswith(noun):
            return name[len(noun) :]
    return name


def place_name(commune: _Named | None, address: str = "") -> str:
    """ "Thôn 3, xã Hòa Vang": the address, then the commune's name as running text writes it; either left
    out when empty."""
    if commune is not None and address.casefold().endswith(commune.name.casefold()):  # "Thôn 12, Xã Sơn Cẩm Hà"
        return address[: len(address) - len(commune.name)] + unit_in_text(address[len(address) - len(commune.name) :])
    return ", ".join(p for p in (address, unit_in_text(commune.name) if commune else "") if p)
