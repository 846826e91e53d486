"""The pages of the main window by the names the command line takes (``khuyencong --page de-an``), in the
order of its navigation. Plain names: the command line reads them without loading Qt."""

from __future__ import annotations

PAGES = ("tong-quan", "co-so", "de-an", "dao-tao", "binh-chon", "bao-cao", "dong-bo", "cai-dat")
