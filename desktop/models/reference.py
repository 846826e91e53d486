"""Reference data: administrative units of 07/2025, content groups, activity types, caps and targets."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Synced, decimal_column, enum_column, money_column
from desktop.models.enums import CapUnit, CommuneKind, ProvinceKind, ReportGroup


class Province(Base):
    """One of the 34 provincial units since 01/07/2025 (code: 2 digits of the official list)."""

    __tablename__ = "province"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ProvinceKind] = enum_column(ProvinceKind)

    communes: Mapped[list["Commune"]] = relationship(back_populates="province", order_by="Commune.name")

    @property
    def short_name(self) -> str:
        """The name without "Thành phố", as used in a document's place line ("Huế, ngày …")."""
        return self.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")


class Commune(Base):
    """A xã, phường or đặc khu since 01/07/2025 (code: 5 digits). There are no districts any more."""

    __tablename__ = "commune"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    name: Mapped[str] = mapped_column(String(96))
    kind: Mapped[CommuneKind] = enum_column(CommuneKind)

    province: Mapped[Province] = relationship(back_populates="communes")


class ContentGroup(Base):
    """Nội dung hoạt động khuyến công (NĐ 45/2012 Điều 4, bổ sung bởi NĐ 235/2025)."""

    __tablename__ = "content_group"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(String(128))


class ActivityType(Base):
    """A kind of supported activity: what caps apply to and how results are reported."""

    __tablename__ = "activity_type"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_group_code: Mapped[str] = mapped_column(ForeignKey("content_group.code"))
    name: Mapped[str] = mapped_column(Text)
    report_group: Mapped[ReportGroup] = enum_column(ReportGroup)
    counts_trainees: Mapped[bool] = mapped_column(Boolean, default=False)

    content_group: Mapped[ContentGroup] = relationship()


class CraftVillage(Synced, Base):
    """Làng nghề recognised by the provincial People's Committee: a facility in one is eligible anywhere."""

    __tablename__ = "craft_village"

    name: Mapped[str] = mapped_column(String(200))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("commune.code"))
    craft: Mapped[str] = mapped_column(String(200), default="")
    recognition_decision: Mapped[str] = mapped_column(String(64), default="")
    recognised_on: Mapped[date | None] = mapped_column(Date)

    commune: Mapped[Commune | None] = relationship()


class SupportCap(Synced, Base):
    """Mức hỗ trợ tối đa, as an effective-dated row (national: province_code "00"; else a province's own).

    ``rate_percent`` caps support as a share of the cost; ``cap_amount`` caps it in đồng per ``unit``.
    Either may be absent. ``priority_factor`` is the multiplier allowed for priority areas and sectors.
    """

    __tablename__ = "support_cap"
    __table_args__ = (UniqueConstraint("province_code", "activity_type_code", "valid_from"),)

    activity_type_code: Mapped[str] = mapped_column(ForeignKey("activity_type.code"), index=True)
    rate_percent: Mapped[Decimal | None] = decimal_column(5, 2, nullable=True)
    cap_amount: Mapped[int | None] = money_column(nullable=True, default=None)
    unit: Mapped[CapUnit] = enum_column(CapUnit)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    legal_basis: Mapped[str] = mapped_column(String(200))
    priority_factor: Mapped[Decimal] = decimal_column(4, 2, default=Decimal("1"))
    note: Mapped[str] = mapped_column(Text, default="")

    activity_type: Mapped[ActivityType] = relationship()


class ProgrammeTarget(Synced, Base):
    """A programme's target for one indicator (national: province_code "00"); edited by users."""

    __tablename__ = "programme_target"
    __table_args__ = (UniqueConstraint("province_code", "programme", "indicator"),)

    programme: Mapped[str] = mapped_column(String(64))
    programme_name: Mapped[str] = mapped_column(String(300))
    period_from: Mapped[int] = mapped_column(Integer)
    period_to: Mapped[int] = mapped_column(Integer)
    report_group: Mapped[ReportGroup] = enum_column(ReportGroup)
    indicator: Mapped[str] = mapped_column(String(64))
    indicator_name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(32))
    target: Mapped[int] = mapped_column(Integer)
    legal_basis: Mapped[str] = mapped_column(String(200), default="")
