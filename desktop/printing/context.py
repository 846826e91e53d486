"""What every form needs besides its record: the centre's settings, the wording, today's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.printing.layout import Letterhead, OfficialDocument
from desktop.printing.templates import BLANK, FormTemplate, TemplateStore
from desktop.services import settings as settings_service
from desktop.services.dates import document_date, format_date
from desktop.services.money import amount_in_words, format_money
from desktop.services.settings import CentreSettings


class RecordNotFound(LookupError):
    """No live record of that kind with that id or code."""


def money(amount: int | None) -> str:
    """1.234.567 (blank to fill by hand for no amount)."""
    return BLANK if amount is None else format_money(amount)


def words(amount: int | None) -> str:
    return BLANK if amount is None else amount_in_words(amount)


def day(d: date | None) -> str:
    return format_date(d) if d else BLANK


@dataclass
class PrintContext:
    session: Session
    centre: CentreSettings
    templates: TemplateStore
    today: date

    @classmethod
    def open(cls, session: Session, templates: TemplateStore, today: date) -> PrintContext:
        return cls(session, settings_service.load(session), templates, today)

    def values(self) -> dict[str, Any]:
        """The placeholders every form's wording may use."""
        c = self.centre
        return {
            "ten_trung_tam": c.centre_name,
            "co_quan": c.agency_name,
            "dia_danh": c.place,
            "giam_doc": c.director_name,
            "ke_toan": c.accountant_name,
            "viet_tat": self.short_name,
            "ngay_in": format_date(self.today),
        }

    @property
    def short_name(self) -> str:
        return self.centre.short_name or settings_service.initials(self.centre.centre_name)

    def number(self, kind: str, so: str = "") -> str:
        """The "Số:" line of the letterhead, per the centre's pattern; the number left to fill by hand
        when the register has not given one yet."""
        pattern = self.centre.number_pattern or settings_service.DEFAULT_NUMBER_PATTERN
        blank = "\u00a0" * 8  # no-break spaces: the paragraph would fold ordinary ones into one
        filled = pattern.format(so=so or blank, loai=kind, viet_tat=self.short_name)
        return f"Số: {filled}"

    def letterhead(self, kind: str, on: date | None = None, so: str = "") -> Letterhead:
        return Letterhead(
            agency=self.centre.agency_name,
            unit=self.centre.centre_name,
            number=self.number(kind, so) if kind else "",
            place_date=document_date(on or self.today, self.centre.place),
        )

    def document(
        self,
        template: FormTemplate,
        values: dict[str, Any],
        *,
        on: date | None = None,
        so: str = "",
        wide: bool = False,
    ) -> OfficialDocument:
        """A document with the letterhead, title and subject of ``template`` (its ``loai`` is the kind
        of document in the number; no ``loai``: no number line; ``co_tieu_de = false``: no letterhead)."""
        kind = template.text("loai") if template.has("loai") else ""
        head = self.letterhead(kind, on, so) if template.entries.get("co_tieu_de", True) else None
        subject = template.text("trich_yeu", values) if template.has("trich_yeu") else ""
        return OfficialDocument(
            head, template.text("tieu_de", values), subject, author=self.centre.centre_name, wide=wide
        )
