"""Cơ sở công nghiệp nông thôn (facility), its yearly figures, products and support history."""

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Synced, decimal_column, enum_column, live_index, money_column, search_column
from desktop.models.enums import ArtisanTitle, Gender, LegalForm, ProductGroup, Sector, SmeSize, VotingLevel
from desktop.models.reference import Commune, CraftVillage


class Facility(Synced, Base):
    """Cơ sở CNNT: an SME, cooperative, cooperative group or household business producing industry goods."""

    __tablename__ = "facility"
    __table_args__ = (live_index("facility"),)

    search_text: Mapped[str] = search_column()

    name: Mapped[str] = mapped_column(String(300))
    legal_form: Mapped[LegalForm] = enum_column(LegalForm)
    tax_code: Mapped[str | None] = mapped_column(String(14), index=True)
    registration_no: Mapped[str] = mapped_column(String(32), default="")
    established_on: Mapped[date | None] = mapped_column(Date)
    sector: Mapped[Sector] = enum_column(Sector)
    main_line: Mapped[str] = mapped_column(String(300), default="")
    representative_name: Mapped[str] = mapped_column(String(120), default="")
    representative_gender: Mapped[Gender | None] = enum_column(Gender, nullable=True)
    representative_ethnicity: Mapped[str] = mapped_column(String(40), default="")
    commune_code: Mapped[str] = mapped_column(ForeignKey("commune.code"), index=True)
    street_address: Mapped[str] = mapped_column(String(300), default="")
    old_address_text: Mapped[str] = mapped_column(String(300), default="")
    craft_village_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("craft_village.id"))
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    women_owned: Mapped[bool] = mapped_column(Boolean, default=False)
    ethnic_minority_owned: Mapped[bool] = mapped_column(Boolean, default=False)
    applies_cleaner_production: Mapped[bool] = mapped_column(Boolean, default=False)
    fired_clay_bricks: Mapped[bool] = mapped_column(Boolean, default=False)
    # The other beneficiaries of NĐ 45/2012 Điều 1 khoản 2 điểm b, as amended by NĐ 235/2025 Điều 1 khoản 1
    # (in force 15/10/2025): sustainable production and consumption, enterprises and cooperatives investing in
    # an industrial cluster's infrastructure, and the holders of the two state artisan titles.
    sustainable_production: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    ccn_infrastructure_investor: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    ccn_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    artisan_title: Mapped[ArtisanTitle | None] = enum_column(ArtisanTitle, nullable=True)
    artisan_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    artisan_recognised_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    commune: Mapped[Commune] = relationship()
    craft_village: Mapped[CraftVillage | None] = relationship()
    years: Mapped[list["FacilityYear"]] = relationship(back_populates="facility", order_by="FacilityYear.year")
    products: Mapped[list["Product"]] = relationship(back_populates="facility")
    support_records: Mapped[list["SupportRecord"]] = relationship(back_populates="facility")


class FacilityYear(Synced, Base):
    """A facility's self-declared figures for one year (NĐ 80/2021 Điều 7–8 use the previous year's)."""

    __tablename__ = "facility_year"
    __table_args__ = (UniqueConstraint("facility_id", "year"),)

    facility_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("facility.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    insured_employees: Mapped[Decimal] = decimal_column(8, 2, default=Decimal(0))
    total_employees: Mapped[int] = mapped_column(Integer, default=0)
    revenue: Mapped[int | None] = money_column(nullable=True, default=None)
    capital: Mapped[int | None] = money_column(nullable=True, default=None)
    exporting: Mapped[bool] = mapped_column(Boolean, default=False)
    local_material_percent: Mapped[Decimal | None] = decimal_column(5, 2, nullable=True)
    declared_size: Mapped[SmeSize | None] = enum_column(SmeSize, nullable=True)

    facility: Mapped[Facility] = relationship(back_populates="years")


class Product(Synced, Base):
    """A product a facility makes (what typical-product voting and certificates are about)."""

    __tablename__ = "product"

    facility_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("facility.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    product_group: Mapped[ProductGroup] = enum_column(ProductGroup)
    description: Mapped[str] = mapped_column(Text, default="")

    facility: Mapped[Facility] = relationship(back_populates="products")
    certificates: Mapped[list["ProductCertificate"]] = relationship(
        back_populates="product", order_by="ProductCertificate.year"
    )


class ProductCertificate(Synced, Base):
    """Giấy chứng nhận sản phẩm CNNT tiêu biểu (TT 26/2014 Điều 17): valid to 31/12 of the 3rd year."""

    __tablename__ = "product_certificate"

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"), index=True)
    level: Mapped[VotingLevel] = enum_column(VotingLevel)
    year: Mapped[int] = mapped_column(Integer)
    decision_no: Mapped[str] = mapped_column(String(64), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)

    product: Mapped[Product] = relationship(back_populates="certificates")


class SupportRecord(Synced, Base):
    """Support a facility received from the state: the history that prevents funding a cost item twice."""

    __tablename__ = "support_record"

    facility_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("facility.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(120))
    activity_type_code: Mapped[str | None] = mapped_column(ForeignKey("activity_type.code"))
    cost_item: Mapped[str] = mapped_column(String(300))
    amount: Mapped[int] = money_column()
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposal.id"))

    facility: Mapped[Facility] = relationship(back_populates="support_records")
