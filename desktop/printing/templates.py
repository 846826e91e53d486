"""The wording of each form, one TOML file per form, so a centre adjusts it without touching code.

The program ships its wording in ``resources/forms/<form>.toml``; a file of the same name in the
installation's own folder (``mau-bieu`` beside the database) takes precedence, key by key. Texts hold
``{placeholders}`` the program fills (listed at the top of each file); a placeholder the program does not
know is an error naming the file and the key, never a silently wrong paper.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Any

from desktop.core.errors import Refused
from desktop.core.text import nfc
from desktop.paths import RESOURCES_DIR

if TYPE_CHECKING:  # the layout brings reportlab: loaded when a form is drawn, not when its wording is read
    from desktop.printing.layout import Signer

BUILT_IN = RESOURCES_DIR / "forms"
BLANK = "………………"  # what a missing value prints as: a space to fill by hand


class TemplateError(Refused):
    """A form's wording cannot be used (unreadable file, unknown placeholder, missing key)."""


class _Values(Mapping[str, str]):
    """A form's values as its wording reads them: text, a blank to fill by hand for a missing one (each
    converted when a sentence uses it: a form has forty values and a sentence names two)."""

    def __init__(self, form: str, values: Mapping[str, object]) -> None:
        self.form, self._given = form, values

    def __getitem__(self, key: str) -> str:
        if key not in self._given:
            raise TemplateError(
                f"Mẫu “{self.form}”: không có trường {{{key}}} (các trường dùng được ghi ở đầu tệp mẫu)"
            )
        value = self._given[key]
        return BLANK if value is None or str(value).strip() == "" else str(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._given)

    def __len__(self) -> int:
        return len(self._given)


@dataclass(frozen=True)
class FormTemplate:
    form: str
    entries: Mapping[str, Any]

    def _raw(self, key: str) -> Any:
        if key not in self.entries:
            raise TemplateError(f"Mẫu “{self.form}”: thiếu mục “{key}”")
        return self.entries[key]

    def _fill(self, pattern: str, values: Mapping[str, object]) -> str:
        try:
            for _text, name, _spec, _conversion in Formatter().parse(pattern):
                if name is not None and not name.isidentifier():  # "{x.__class__}", "{x[0]}", "{0}", "{}"
                    raise TemplateError(
                        f"Mẫu “{self.form}”: “{{{name}}}” trong câu “{pattern}” không phải tên trường"
                        " (chỉ dùng tên trường ghi ở đầu tệp mẫu, ví dụ {ten_de_an})"
                    )
            return nfc(pattern.format_map(_Values(self.form, values)))
        except TemplateError:
            raise
        except (ValueError, IndexError) as error:  # a lone "{" or "{0}" in the wording
            raise TemplateError(f"Mẫu “{self.form}”: lỗi trong câu “{pattern}”: {error}") from None

    def text(self, key: str, values: Mapping[str, object] | None = None) -> str:
        return self._fill(str(self._raw(key)), values or {})

    def lines(self, key: str, values: Mapping[str, object] | None = None) -> list[str]:
        raw = self._raw(key)
        items = raw if isinstance(raw, list) else [raw]
        return [self._fill(str(item), values or {}) for item in items]

    def has(self, key: str) -> bool:
        return key in self.entries

    def signers(self, values: Mapping[str, object], key: str = "ky") -> list[Signer]:
        """The signature blocks (``[[ky]]`` tables: chuc_vu, ten, ghi_chu, tren)."""
        from desktop.printing.layout import Signer

        blocks: Sequence[Mapping[str, str]] = self._raw(key)
        return [
            Signer(
                role=self._fill(block.get("chuc_vu", ""), values),
                name=self._fill(block.get("ten", ""), values).replace(BLANK, "").strip(),  # unknown: by hand
                note=self._fill(block.get("ghi_chu", "(Ký, ghi rõ họ tên)"), values),
                over=self._fill(block.get("tren", ""), values),
            )
            for block in blocks
        ]


@lru_cache(maxsize=64)
def _parsed(path: Path, _stamp: int) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


class TemplateStore:
    """Finds each form's wording: the installation's folder first, then the program's."""

    def __init__(self, own_folder: Path | None = None) -> None:
        self.own_folder = own_folder

    def _read(self, path: Path) -> dict[str, Any]:
        try:
            stamp = path.stat().st_mtime_ns
            return dict(_parsed(path, stamp))  # a batch reads each file once; an edited file is read again
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise TemplateError(f"Không đọc được tệp mẫu {path.name}: {error}") from None

    @staticmethod
    def built_in_path(form: str) -> Path:
        return BUILT_IN / f"{form}.toml"

    def get(self, form: str) -> FormTemplate:
        built_in = self.built_in_path(form)
        if not built_in.is_file():
            raise TemplateError(f"Không có mẫu “{form}”")
        entries = self._read(built_in)
        if self.own_folder is not None and (self.own_folder / f"{form}.toml").is_file():
            entries |= self._read(self.own_folder / f"{form}.toml")  # the centre's wording wins, key by key
        return FormTemplate(form, entries)

    def copy_for_editing(self, form: str) -> Path:
        """Put the program's wording of ``form`` in the installation's folder (once) and return the path."""
        if self.own_folder is None:
            raise TemplateError("Chưa có thư mục mẫu biểu riêng")
        self.own_folder.mkdir(parents=True, exist_ok=True)
        target = self.own_folder / f"{form}.toml"
        if not target.exists():
            target.write_bytes((BUILT_IN / f"{form}.toml").read_bytes())
        return target
