"""Typical-product voting (TT 26/2014): score sheets of 40/40/10/10, the average, pass at 70."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from desktop.models.voting import Score, VotingEntry

# The criteria in the words of TT 26/2014 Điều 7 k.1 (the scoring sheet of Phụ lục 4 names them so).
CRITERIA: tuple[tuple[str, str, int], ...] = (
    ("market", "Tiêu chí về đáp ứng thị trường và khả năng phát triển sản xuất", 40),
    ("technical", "Tiêu chí về kinh tế - kỹ thuật - xã hội và môi trường", 40),
    ("cultural", "Tiêu chí về tính văn hóa và thẩm mỹ", 10),
    ("other", "Tiêu chí khác", 10),
)
PASS_MARK = Decimal(70)


def score_errors(score: Score) -> list[str]:
    """What is wrong with a juror's sheet (Vietnamese); empty when every criterion is within its maximum."""
    errors = []
    for field, name, maximum in CRITERIA:
        value = getattr(score, field)
        if value is None or not 0 <= value <= maximum:
            errors.append(f"Điểm “{name}” phải từ 0 đến {maximum}")
    return errors


@dataclass(frozen=True)
class EntryResult:
    jurors: int
    average: Decimal | None  # shown with 2 decimals
    points: Fraction | None = None  # the exact average, which the pass mark is compared with

    @property
    def passed(self) -> bool:
        """TT 26/2014 Điều 17 k.1: an average of 70 points or more — compared exactly, so 69,996 (shown
        as 70,00) does not pass."""
        return self.points is not None and self.points >= PASS_MARK


def entry_result(entry: VotingEntry) -> EntryResult:
    """The average of the jurors' totals (2 decimals); a product passes with an average of 70 or more."""
    totals = [s.total for s in entry.scores if s.deleted_at is None]
    if not totals:
        return EntryResult(0, None)
    points = Fraction(sum(Fraction(t) for t in totals), len(totals))
    average = (Decimal(points.numerator) / points.denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return EntryResult(len(totals), average, points)


def certificate_valid_until(year_of_issue: int) -> date:
    """A certificate is valid to 31 December of the 3rd year counting the year of issue (TT 26/2014)."""
    return date(year_of_issue + 2, 12, 31)
