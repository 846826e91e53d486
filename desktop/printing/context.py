"""What every form needs besides its record: the centre's settings, the wording, today's date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.core.dates import blank_document_date, document_date, format_date
from desktop.core.money import amount_in_words, format_money
from desktop.models.reference import Province
from desktop.printing.layout import Letterhead, OfficialDocument
from desktop.printing.templates import BLANK, FormTemplate, TemplateError, TemplateStore
from desktop.services import settings as settings_service
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


NO_BREAK = "\u00a0"
# Words a title never breaks between ("… KHUYẾN CÔNG QUỐC / GIA" reads as a mistake).
TITLE_PHRASES = (
    "khuyến công quốc gia",
    "khuyến công địa phương",
    "cấp cơ sở",
    "đối tượng cụ thể",
    "từng địa điểm",
    "nông thôn tiêu biểu",
)


def unbroken(text: str, *names: str) -> str:
    """``text`` with the spaces inside each of ``names`` made no-break (compared without case): a place name
    in a letterhead line wraps as a whole ("SỞ CÔNG THƯƠNG / THÀNH PHỐ ĐÀ NẴNG", never "…ĐÀ / NẴNG")."""
    for name in sorted((n for n in names if n.strip()), key=len, reverse=True):
        pattern = re.compile(r"\s+".join(map(re.escape, name.split())), re.IGNORECASE)
        text = pattern.sub(lambda found: NO_BREAK.join(found.group(0).split()), text)
    return text


@dataclass
class PrintContext:
    session: Session
    centre: CentreSettings
    templates: TemplateStore
    today: date

    @classmethod
    def open(cls, session: Session, templates: TemplateStore, today: date) -> PrintContext:
        return cls(session, settings_service.load(session), templates, today)

    @property
    def province(self) -> Province | None:
        return self.session.get(Province, self.centre.province_code) if self.centre.province_code else None

    def province_committee(self) -> str:
        """ "Ủy ban nhân dân thành phố Đà Nẵng": who issues what the province issues."""
        province = self.province
        return settings_service.province_committee(province) if province else "Ủy ban nhân dân tỉnh"

    def ministry_agency(self, on: date | None = None) -> str:
        """Bên A of a KCQG contract on ``on``: the setting (today's name) from the day the Cục Đổi mới sáng tạo,
        Chuyển đổi xanh và Khuyến công took over; before it, the Cục Công nghiệp địa phương."""
        if on is not None and on < settings_service.MINISTRY_AGENCY_FROM:
            return settings_service.FORMER_MINISTRY_AGENCY
        return self.centre.ministry_agency or settings_service.MINISTRY_AGENCY

    def local_agency(self) -> str:
        """Bên A of a KCĐP contract: the body the province names."""
        if self.centre.local_agency:
            return self.centre.local_agency
        province = self.province
        return settings_service.local_agency_default(province) if province else "Sở Công Thương"

    def _place_names(self) -> tuple[str, ...]:
        province = self.province
        if province is None:
            return (self.centre.place,)
        return (settings_service.province_title(province), province.short_name, self.centre.place)

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
            "cuc_khuyen_cong": self.ministry_agency(self.today),
        }

    @property
    def short_name(self) -> str:
        return self.centre.short_name or settings_service.initials(self.centre.centre_name)

    def number(self, kind: str, so: str = "") -> str:
        """The "Số:" line of the letterhead, per the centre's pattern; the number left to fill by hand
        when the register has not given one yet. A number the register gave whole ("26/BB-TTKC": it holds
        a "/") is printed as given, never with the kind and the centre added again (NĐ 30/2020 Phụ lục I)."""
        so = so.strip().removeprefix("Số:").removeprefix("số").strip()
        if "/" in so:
            return f"Số: {so}"
        pattern = self.centre.number_pattern or settings_service.DEFAULT_NUMBER_PATTERN
        blank = "\u00a0" * 8  # no-break spaces: the paragraph would fold ordinary ones into one
        try:
            filled = pattern.format(so=so or blank, loai=kind, viet_tat=self.short_name)
        except (KeyError, ValueError, IndexError, AttributeError):
            raise TemplateError(
                f"Cài đặt → “Mẫu số văn bản” “{pattern}” không dùng được: chỉ ghi {{so}}, {{loai}}, {{viet_tat}}"
                " và chữ, ví dụ {so}/{loai}-{viet_tat}"
            ) from None
        return f"Số: {filled}"

    def letterhead(
        self, kind: str, on: date | None = None, so: str = "", issuer: tuple[str, str] | None = None
    ) -> Letterhead:
        """The header block. ``on`` is the day of the event the document records; None: a blank date, to
        fill by hand. ``issuer`` (superior body, issuing body) when the document is not the centre's own."""
        agency, unit = issuer or (self.centre.agency_name, self.centre.centre_name)
        names = self._place_names()
        return Letterhead(
            agency=unbroken(agency, *names),
            unit=unbroken(unit, *names),
            number=self.number(kind, so) if kind else "",
            place_date=document_date(on, self.centre.place) if on else blank_document_date(self.centre.place),
        )

    def document(
        self,
        template: FormTemplate,
        values: dict[str, Any],
        *,
        on: date | None = None,
        so: str = "",
        wide: bool = False,
        issuer: tuple[str, str] | None = None,
    ) -> OfficialDocument:
        """A document with the letterhead, title and subject of ``template`` (its ``loai`` is the kind
        of document in the number; no ``loai``: no number line; ``co_tieu_de = false``: no letterhead).
        ``on``: the day of what it records (None: a blank date line to fill by hand)."""
        kind = template.text("loai") if template.has("loai") else ""
        head = self.letterhead(kind, on, so, issuer) if template.entries.get("co_tieu_de", True) else None
        subject = template.text("trich_yeu", values) if template.has("trich_yeu") else ""
        title = unbroken(template.text("tieu_de", values), *TITLE_PHRASES)
        return OfficialDocument(head, title, subject, author=self.centre.centre_name, wide=wide)
