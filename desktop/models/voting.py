"""Bình chọn sản phẩm CNNT tiêu biểu (TT 26/2014): rounds, jurors, registered products and scores."""

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Synced, enum_column, live_index, search_column
from desktop.models.enums import ProductGroup, VotingLevel
from desktop.models.facility import Product


class VotingRound(Synced, Base):
    """Đợt bình chọn: one level, one year, one council."""

    __tablename__ = "voting_round"
    __table_args__ = (live_index("voting_round"),)

    search_text: Mapped[str] = search_column()

    level: Mapped[VotingLevel] = enum_column(VotingLevel)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(300))
    council_name: Mapped[str] = mapped_column(String(300), default="")
    decision_no: Mapped[str] = mapped_column(String(64), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)

    jurors: Mapped[list["Juror"]] = relationship(back_populates="voting_round")
    entries: Mapped[list["VotingEntry"]] = relationship(back_populates="voting_round")


class Juror(Synced, Base):
    """Thành viên Ban Giám khảo."""

    __tablename__ = "juror"

    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("voting_round.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200), default="")

    voting_round: Mapped[VotingRound] = relationship(back_populates="jurors")


class VotingEntry(Synced, Base):
    """A product registered in a round, with its group and voting code."""

    __tablename__ = "voting_entry"
    __table_args__ = (UniqueConstraint("round_id", "product_id"),)

    round_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("voting_round.id"), index=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("product.id"), index=True)
    product_group: Mapped[ProductGroup] = enum_column(ProductGroup)
    voting_code: Mapped[str] = mapped_column(String(32), default="")

    voting_round: Mapped[VotingRound] = relationship(back_populates="entries")
    product: Mapped[Product] = relationship()
    scores: Mapped[list["Score"]] = relationship(back_populates="entry")


class Score(Synced, Base):
    """Phiếu chấm điểm of one juror for one product: 40 + 40 + 10 + 10 points."""

    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("entry_id", "juror_id"),
        CheckConstraint("market BETWEEN 0 AND 40", name="market_range"),
        CheckConstraint("technical BETWEEN 0 AND 40", name="technical_range"),
        CheckConstraint("cultural BETWEEN 0 AND 10", name="cultural_range"),
        CheckConstraint("other BETWEEN 0 AND 10", name="other_range"),
    )

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("voting_entry.id"), index=True)
    juror_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("juror.id"), index=True)
    market: Mapped[int] = mapped_column(Integer)
    technical: Mapped[int] = mapped_column(Integer)
    cultural: Mapped[int] = mapped_column(Integer)
    other: Mapped[int] = mapped_column(Integer)
    remarks: Mapped[str] = mapped_column(Text, default="")

    entry: Mapped[VotingEntry] = relationship(back_populates="scores")
    juror: Mapped[Juror] = relationship()

    @property
    def total(self) -> int:
        return self.market + self.technical + self.cultural + self.other
