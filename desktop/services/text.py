"""Text keys for search: "da nang" must find "Đà Nẵng"."""

from __future__ import annotations

import unicodedata
from typing import Protocol

# đ/Đ are letters of their own in Unicode, not d with a mark: decomposition leaves them alone.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(s: str) -> str:
    """The search key of ``s``: lower case, accents removed, đ→d, whitespace collapsed.

    >>> fold("  Thành phố   Đà Nẵng ")
    'thanh pho da nang'
    """
    decomposed = unicodedata.normalize("NFD", s.translate(_D_TABLE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def nfc(s: str) -> str:
    """``s`` in Unicode NFC: text typed or imported with decomposed accents is stored composed."""
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


def place_name(commune: _Named | None, address: str = "") -> str:
    """ "Thôn 3, xã Hòa Vang": the address, then the commune's name as running text writes it; either left
    out when empty."""
    if commune is not None and address.casefold().endswith(commune.name.casefold()):  # "Thôn 12, Xã Sơn Cẩm Hà"
        return address[: len(address) - len(commune.name)] + unit_in_text(address[len(address) - len(commune.name) :])
    return ", ".join(p for p in (address, unit_in_text(commune.name) if commune else "") if p)
