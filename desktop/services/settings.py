"""The centre's own settings (this installation): province, names and signers used on screens and forms."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.money import format_money
from desktop.core.text import clean, fold, unit_in_text
from desktop.core.validation import FieldError
from desktop.models import (
    Facility,
    ProgrammeTarget,
    Proposal,
    SupportCap,
    Trainee,
    TrainingCourse,
    VotingRound,
)
from desktop.models.enums import ProvinceKind
from desktop.models.local import AppSetting
from desktop.models.reference import Province
from desktop.store.checks import record_name


@dataclass
class CentreSettings:
    """What a centre fills in once, on first run, and can change later in Cài đặt."""

    province_code: str = ""
    centre_name: str = ""
    agency_name: str = ""  # cơ quan chủ quản, e.g. "SỞ CÔNG THƯƠNG TỈNH QUẢNG NGÃI"
    place: str = ""  # địa danh on documents, e.g. "Quảng Ngãi"
    director_name: str = ""
    user_name: str = ""  # who is working on this PC: recorded as the actor of every change
    short_name: str = ""  # chữ viết tắt of the centre in document numbers, e.g. "TTKC"
    number_pattern: str = ""  # document numbers: {so} the number, {loai} the kind (BB, BC…), {viet_tat}
    accountant_name: str = ""  # kế toán: signs the allowance lists and the liquidation
    # Bên A of a KCQG contract: the ministry's agency that assigns the national plan (TT 36/2013 Điều 20; the
    # Cục Công nghiệp địa phương until 2025, since then the Cục named by MINISTRY_AGENCY). A setting: it is renamed.
    ministry_agency: str = ""
    # Bên A of a KCĐP contract: the body the province names to assign its local plan (usually its Sở Công Thương).
    local_agency: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.province_code and self.centre_name)

    @property
    def complete(self) -> bool:
        """The centre is set and who works on this PC is known: otherwise the start asks for what is missing
        (a centre set up before the name was asked would record its changes under no one's name)."""
        return self.configured and bool(self.user_name)


DEFAULT_NUMBER_PATTERN = "{so}/{loai}-{viet_tat}"
MINISTRY_AGENCY = "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"
# The ministry's agency for khuyến công before the Bộ Công Thương's reorganisation (NĐ 40/2025/NĐ-CP, in force
# 01/03/2025): documents dated before it name the Cục Công nghiệp địa phương, as TT 36/2013 does.
FORMER_MINISTRY_AGENCY = "Cục Công nghiệp địa phương"
MINISTRY_AGENCY_FROM = date(2025, 3, 1)


def province_title(province: Province) -> str:
    """ "Tỉnh Đắk Lắk", "Thành phố Đà Nẵng": the province as a body's name says it."""
    if province.kind is ProvinceKind.THANH_PHO or province.name.startswith("Thành phố "):
        return province.name if province.name.startswith("Thành phố ") else f"Thành phố {province.name}"
    return f"Tỉnh {province.name}"


def province_committee(province: Province) -> str:
    """The province's People's Committee as a letterhead names it: "Ủy ban nhân dân thành phố Đà Nẵng"."""
    return f"Ủy ban nhân dân {unit_in_text(province_title(province))}"


def local_agency_default(province: Province) -> str:
    return f"Sở Công Thương {unit_in_text(province_title(province))}"


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def initials(name: str) -> str:
    """ "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp" → "TTKCVTVPTCN" ("và" left out)."""
    words = [w for w in fold(name).split() if w not in ("va", "-", "&")]
    return "".join(w[0] for w in words).upper()


def load(session: Session) -> CentreSettings:
    """The saved settings (empty strings for what was never set)."""
    values = {row.key: row.value for row in session.scalars(select(AppSetting))}
    return CentreSettings(**{f.name: values.get(f.name, "") for f in fields(CentreSettings)})


USER_NAME_MAX = 64
"""As long as a name the history, the sync outbox and the server keep for who made a change."""


def check_user_name(text: str) -> str:
    """The full name of whoever works on this PC, cleaned: every change made here is recorded under it, in
    the history and on the server. FieldError when it is empty or is not a name."""
    name = clean(text)
    if not name:
        raise FieldError("user_name", "Hãy nhập họ và tên của người dùng máy này: lịch sử thay đổi ghi tên này")
    if not any(c.isalpha() for c in name):
        raise FieldError("user_name", f"“{name}” không phải là họ tên (không có chữ)")
    if len(name) > USER_NAME_MAX:
        raise FieldError("user_name", f"Họ tên dài quá {USER_NAME_MAX} ký tự")
    return name


def example_number(pattern: str, short_name: str = "", centre_name: str = "", so: str = "12", kind: str = "BB") -> str:
    """A document number as ``pattern`` makes it ("12/BB-TTKC"), to show beside the pattern instead of its
    {so}/{loai}-{viet_tat} alone; FieldError (its message in words) when the pattern cannot make one.
    An empty ``pattern`` or ``short_name`` is what saving the settings puts in their place."""
    short = clean(short_name) or initials(clean(centre_name)) or "TTKC"
    pattern = clean(pattern) or DEFAULT_NUMBER_PATTERN
    _check_pattern(pattern)
    return pattern.format(so=so, loai=kind, viet_tat=short)


def _check_pattern(pattern: str) -> None:
    try:  # a lone "{" or "}" would stop every numbered form from printing
        pattern.format(so="1", loai="BB", viet_tat="TTKC")
    except (KeyError, ValueError, IndexError, AttributeError):
        known = set(_PLACEHOLDER.findall(pattern)) <= {"so", "loai", "viet_tat"}
        if known:
            message = "Mẫu số văn bản có dấu { hoặc } lẻ: chỉ ghi {so}, {loai}, {viet_tat}"
            raise FieldError("number_pattern", message) from None
    if "{so}" not in pattern:
        raise FieldError("number_pattern", "Mẫu số văn bản phải có {so} (chỗ ghi số của văn bản)")
    for key in _PLACEHOLDER.findall(pattern):
        if key not in ("so", "loai", "viet_tat"):
            raise FieldError(
                "number_pattern", f"Mẫu số văn bản chỉ dùng {{so}}, {{loai}}, {{viet_tat}}, không có {{{key}}}"
            )


def validate(session: Session, settings: CentreSettings, *, user_required: bool = False) -> CentreSettings:
    """Normalised settings, or FieldError naming the first wrong field. ``user_required``: the name of who
    works on this PC must be given (the first start, the settings page); scripts may leave it out."""
    cleaned = CentreSettings(**{k: clean(v) for k, v in asdict(settings).items()})
    province = session.get(Province, cleaned.province_code) if cleaned.province_code else None
    if province is None:
        raise FieldError("province_code", "Hãy chọn tỉnh/thành phố của Trung tâm")
    _check_same_province(session, cleaned.province_code)
    if not cleaned.centre_name:
        raise FieldError("centre_name", "Hãy nhập tên Trung tâm")
    if not cleaned.place:
        cleaned.place = province.name.removeprefix("Thành phố ")
    if not cleaned.short_name:
        cleaned.short_name = initials(cleaned.centre_name)
    if not cleaned.number_pattern:
        cleaned.number_pattern = DEFAULT_NUMBER_PATTERN
    _check_pattern(cleaned.number_pattern)
    if cleaned.user_name or user_required:
        cleaned.user_name = check_user_name(cleaned.user_name)
    if not cleaned.agency_name:
        cleaned.agency_name = f"SỞ CÔNG THƯƠNG {province_title(province).upper()}"
    if not cleaned.ministry_agency:
        cleaned.ministry_agency = MINISTRY_AGENCY
    if not cleaned.local_agency:
        cleaned.local_agency = local_agency_default(province)
    return cleaned


_PROVINCE_RECORDS = (Facility, Proposal, TrainingCourse, Trainee, VotingRound, SupportCap, ProgrammeTarget)


def _check_same_province(session: Session, wanted: str) -> None:
    """A file that holds a province's records stays that province's: records made after a change would be
    another province's beside them (the lists, reports and sync read one province), so the change is refused;
    a new file is made for another province. A file with no records yet may still change (a first day's
    mistake)."""
    stored = session.get(AppSetting, "province_code")
    if stored is None or not stored.value or stored.value == wanted:
        return
    held = []
    for model in _PROVINCE_RECORDS:
        count = session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.province_code == stored.value, model.deleted_at.is_(None))
        )
        if count:
            held.append(f"{format_money(count)} {record_name(model.__tablename__)}")
    if held:
        before = session.get(Province, stored.value)
        name = province_title(before) if before is not None else stored.value
        raise FieldError(
            "province_code",
            f"Tệp dữ liệu này đã có hồ sơ của {name} ({', '.join(held)}): không đổi tỉnh được. Muốn làm việc"
            " cho tỉnh khác, hãy dùng một tệp dữ liệu mới.",
        )


def save(session: Session, settings: CentreSettings, *, user_required: bool = False) -> CentreSettings:
    """Validate and store ``settings``; returns what was stored (``user_required``: see :func:`validate`)."""
    cleaned = validate(session, settings, user_required=user_required)
    for key, value in asdict(cleaned).items():
        row = session.get(AppSetting, key)
        if row is None:
            session.add(AppSetting(key=key, value=value))
        else:
            row.value = value
    return cleaned
