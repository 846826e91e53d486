"""The big lists (facilities, proposals, courses, trainees, voting rounds) as paged SQL queries.

A list is never loaded whole: :meth:`Listing.page` returns the next ``limit`` rows after a key (keyset
paging: the cost of a page does not grow with how far the user has scrolled), sorted, filtered and
searched in SQL. Search goes through the FTS5 index over the folded text (store.search).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    column,
    extract,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    tuple_,
)
from sqlalchemy.orm import Session

from desktop.models import (
    ActivityType,
    BudgetLine,
    Commune,
    ContentGroup,
    Enrolment,
    Facility,
    Proposal,
    Trainee,
    TrainingCourse,
    VotingEntry,
    VotingRound,
)
from desktop.models.enums import CourseKind, Gender, LegalForm, ProposalStatus, Sector, VotingLevel
from desktop.store import changes, search

BROAD_MATCH = 2_000
"""Above this many matches a search first tries walking the sort index (see ``Listing._walk``); below it,
sorting the matches is always quicker (measured on the 100,000-facility demo: equal at about 1,800)."""
WALK_SPAN = 4
WALK_SAMPLE = 128
"""How many times the rows a page would need, were matches spread evenly, a walk looks through before
giving up (clustered matches, like every "Hợp tác xã" under H). ``WALK_SAMPLE`` matches are looked at
first to tell; with evenly spread matches, all 128 missing the window happens about once in 500 searches
(the matches are then sorted: slower, same rows)."""


class Kind(StrEnum):
    """How a column's value is shown."""

    TEXT = "text"
    MONEY = "money"
    DATE = "date"
    NUMBER = "number"
    YEAR = "year"
    ENUM = "enum"
    PERCENT = "percent"  # a share, one decimal (reports)


@dataclass(frozen=True)
class Column:
    key: str
    kind: Kind = Kind.TEXT
    enum: type[StrEnum] | None = None
    sortable: bool = True


@dataclass(frozen=True)
class ListQuery:
    """What the user asked the list to show."""

    search: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    sort: str = ""  # empty: the list's own order (see ``Listing.newest_first``); ``descending`` then unused
    descending: bool = False
    deleted: bool = False  # show the deleted records (to restore them) instead of the live ones

    def with_filter(self, key: str, value: str | None) -> ListQuery:
        kept = tuple((k, v) for k, v in self.filters if k != key)
        return ListQuery(
            self.search, (*kept, (key, value)) if value else kept, self.sort, self.descending, self.deleted
        )


@dataclass(frozen=True)
class Row:
    """One row of a page: ``values`` in the order of the listing's columns, plus the keyset position."""

    id: Any
    values: tuple[Any, ...]
    key: tuple[Any, Any]


@dataclass
class Listing:
    """A list over one table: its columns, how each sorts and which filters exist."""

    table: Table
    columns: Sequence[Column]
    expressions: Sequence[Any]  # column attributes or scalar subqueries, one per column
    default_sort: str
    joins: Sequence[tuple[Any, ColumnElement[bool]]] = ()
    sort_expressions: Mapping[str, Any] = field(default_factory=dict)
    filters: Mapping[str, Callable[[str], ColumnElement[bool]]] = field(default_factory=dict)
    # Work lists (proposals, courses, voting rounds) open on this year's work, the latest first; registers of
    # facilities and people open in alphabetical order, as staff look a name up.
    newest_first: bool = False

    @property
    def name(self) -> str:
        return str(self.table.name)

    @cached_property
    def reads(self) -> frozenset[str]:
        """Every table the rows are read from (its joins, counts and sums): a write to any refreshes the list."""
        parts = (self.table, *self.expressions, *(part for join in self.joins for part in join))
        return frozenset().union(*(changes.tables_in(part) for part in parts))

    def refused_filter(self, session: Session, key: str, value: str) -> str:
        """Why the list cannot be filtered by ``key`` = ``value`` as typed (the command line), in Vietnamese; ""
        when it can. The screen offers only values that exist; a typed one that is not a year, a commune code
        or one of a choice's values would fail in SQL or, worse, silently match nothing."""
        shown = f"bộ lọc “{key}={value}”"
        if key not in self.filters:
            return f"không lọc được theo “{key}”; dùng: {', '.join(self.filters)}"
        if not value:
            return ""  # no value: no filter, as "all" on the screen
        if key == "year" and not (value.isascii() and value.isdigit() and len(value) == 4):
            return f"{shown}: cần một năm gồm 4 chữ số, ví dụ year=2026"
        if key == "commune" and session.get(Commune, value) is None:
            return f"{shown}: không có xã/phường mã “{value}” trong danh mục từ 01/07/2025"
        if key == "content_group" and session.get(ContentGroup, value) is None:
            groups = session.scalars(select(ContentGroup.code).order_by(ContentGroup.position))
            return f"{shown}: không có nhóm nội dung này; dùng: {', '.join(groups)}"
        choices = next((c.enum for c in self.columns if c.key == key and c.enum is not None), None)
        if choices is not None and value not in {m.value for m in choices}:
            return f"{shown}: không có giá trị này; dùng: {', '.join(m.value for m in choices)}"
        return ""

    def column_index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def _sort_expression(self, key: str) -> ColumnElement[Any]:
        if key in self.sort_expressions:
            expression: ColumnElement[Any] = self.sort_expressions[key]
            return expression
        index = [c.key for c in self.columns].index(key)
        # NULLs would break keyset comparisons; '' sorts first, as NULL would.
        return func.coalesce(self.expressions[index], "")

    def _rowid(self) -> ColumnElement[Any]:
        return literal_column(f"{self.name}.rowid")

    def _where(self, query: ListQuery, *, counting: bool = False, searching: bool = True) -> list[ColumnElement[bool]]:
        """The conditions of ``query``; without ``searching``, all but the searched words (``_walk``)."""
        deleted = self.table.c.deleted_at
        if query.deleted:
            live_or_deleted = deleted.is_not(None)
        elif counting:
            live_or_deleted = deleted.is_(None)  # counted from the small deleted_at index
        else:
            # Nearly every row is live: a page walks the sort index, and the unary + keeps SQLite from
            # choosing the deleted_at index instead (which would mean sorting every row).
            live_or_deleted = literal_column(f"+{self.name}.deleted_at").is_(None)
        conditions: list[ColumnElement[bool]] = [live_or_deleted]
        matching = self._matching(query)
        if matching is not None and searching:
            conditions.append(self._rowid().in_(matching))
        for key, value in query.filters:
            if key in self.filters and value:
                conditions.append(self.filters[key](value))
        return conditions

    def _matching(self, query: ListQuery) -> Select[Any] | None:
        """The rowids whose folded text holds every searched word (FTS5); None when nothing is searched."""
        match = search.match_expression(query.search)
        if match is None:
            return None
        fts = search.fts_table(self.name)
        return select(table(fts, column("rowid")).c.rowid).where(literal_column(fts).op("MATCH")(match))

    def _from(self, stmt: Select[Any]) -> Select[Any]:
        stmt = stmt.select_from(self.table)
        for joined, on in self.joins:
            stmt = stmt.outerjoin(joined, on)
        return stmt

    def count(self, session: Session, query: ListQuery) -> int:
        """How many rows the query matches."""
        stmt = select(func.count()).select_from(self.table).where(*self._where(query, counting=True))
        return int(session.connection().scalar(stmt) or 0)

    def ids(self, session: Session, query: ListQuery, page_size: int = 2000) -> list[Any]:
        """The id of every row the query matches, in the list's order: what is on screen, for batch
        printing and exports (read page by page, as the screen does)."""
        found: list[Any] = []
        after: tuple[Any, Any] | None = None
        while True:
            rows = self.page(session, query, after, page_size)
            found += [r.id for r in rows]
            if len(rows) < page_size:
                return found
            after = rows[-1].key

    def matches(self, session: Session, query: ListQuery) -> int | None:
        """How many rows the search words match, deleted or not (FTS5 counts fast); None without words."""
        match = search.match_expression(query.search)
        if match is None:
            return None
        fts = search.fts_table(self.name)
        return int(
            session.connection()
            .execute(text(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH :m"), {"m": match})
            .scalar_one()
        )

    def page(self, session: Session, query: ListQuery, after: tuple[Any, Any] | None, limit: int) -> list[Row]:
        """The ``limit`` rows that follow the row whose key is ``after`` (the first rows when None)."""
        chosen = query.sort in {c.key for c in self.columns if c.sortable}
        sort_key = query.sort if chosen else self.default_sort
        descending = query.descending if chosen else self.newest_first
        order = self._sort_expression(sort_key)
        if query.deleted:
            # The few deleted rows come from the deleted_at index and are sorted; wrapping the key (a no-op
            # on its value) keeps SQLite from walking the whole sort index to find them.
            order = func.coalesce(order, "")
        rowid = self._rowid()
        ordering = (order.desc(), rowid.desc()) if descending else (order, rowid)
        after_key: list[ColumnElement[bool]] = []
        if after is not None:
            position = tuple_(order, rowid)
            after_key.append(position < tuple_(*after) if descending else position > tuple_(*after))
        walk = self._walk(session, query, sort_key, descending, order, ordering, after_key, limit)
        if walk is not None:
            keys, whole = walk
            rows = self._rows(session, keys.order_by(*ordering).limit(limit), order, ordering)
            if len(rows) == limit or whole:
                return rows
        keys = self._from(select(rowid)).where(*self._where(query), *after_key)
        return self._rows(session, keys.order_by(*ordering).limit(limit), order, ordering)

    def _rows(
        self, session: Session, keys: Select[Any], order: ColumnElement[Any], ordering: tuple[Any, Any]
    ) -> list[Row]:
        """The shown columns of the rows ``keys`` selects: the page is found reading only what filters and
        sorts, and the columns (joins, sums) are computed for its rows alone."""
        rowid = self._rowid()
        stmt = self._from(select(self.table.c.id, order.label("_k"), rowid.label("_r"), *self.expressions))
        stmt = stmt.where(rowid.in_(keys.scalar_subquery())).order_by(*ordering)
        return [Row(r[0], tuple(r[3:]), (r[1], r[2])) for r in session.connection().execute(stmt).all()]

    def _walk(
        self,
        session: Session,
        query: ListQuery,
        sort_key: str,
        descending: bool,
        order: ColumnElement[Any],
        ordering: tuple[Any, Any],
        after_key: list[ColumnElement[bool]],
        limit: int,
    ) -> tuple[Select[Any], bool] | None:
        """For a search that many rows match, the rows to walk the sort index through; None to sort instead.

        A word most rows contain ("nguyen") finds its page within the first few hundred rows of the index,
        far sooner than sorting tens of thousands of matches. The walk looks through a window of the index
        sized for evenly spread matches (the bool: the window reaches the end of the list); when they cluster
        beyond it, the matches are sorted after all.
        """
        matching = self._matching(query)
        if matching is None or query.filters or query.deleted or sort_key not in self.sort_expressions:
            return None
        matches = self.matches(session, query) or 0
        if matches <= BROAD_MATCH:
            return None
        rowid = self._rowid()
        rows = int(session.connection().scalar(select(func.max(rowid)).select_from(self.table)) or 0)
        # The window's last row, read from the sort index alone.
        span = WALK_SPAN * limit * rows // matches
        last = (
            session.connection()
            .execute(
                select(order, rowid).select_from(self.table).where(*after_key).order_by(*ordering).offset(span).limit(1)
            )
            .first()
        )
        within = list(after_key)
        if last is not None:
            position = tuple_(order, rowid)
            within.append(position >= tuple_(*last) if descending else position <= tuple_(*last))
            # Matches clustered beyond the window (every "Hợp tác xã" under H) would make the walk a waste:
            # of the first matches the index holds (by rowid, unrelated to the order shown), too few fall
            # inside the window for a page's worth to be there.
            sample = select(rowid).select_from(self.table).where(rowid.in_(matching.limit(WALK_SAMPLE)), *within)
            inside = int(session.connection().scalar(select(func.count()).select_from(sample.subquery())) or 0)
            if inside * matches < limit * min(WALK_SAMPLE, matches):
                return None
        if matches * 3 >= rows:
            # Most rows match: testing each walked row's own text beats building the list of matches.
            own_text = literal(" ").concat(self.table.c.search_text)
            words = [own_text.op("GLOB")(pattern) for pattern in search.word_patterns(query.search)]
        else:  # the unary + tests membership in the list of matches instead of looking each one up
            words = [literal_column(f"+{self.name}.rowid").in_(matching)]
        conditions = self._where(query, searching=False)
        return self._from(select(rowid)).where(*conditions, *words, *within), last is None


def _equals(column: Any) -> Callable[[str], ColumnElement[bool]]:
    return lambda value: column == value


def _year_of(column: Any) -> Callable[[str], ColumnElement[bool]]:
    return lambda value: extract("year", column) == int(value)


# The tables the listings read, as Core tables (a model's __table__ is typed as a mere FromClause).
FACILITY_TABLE: Table = Facility.__table__  # type: ignore[assignment]
COMMUNE_TABLE: Table = Commune.__table__  # type: ignore[assignment]
PROPOSAL_TABLE: Table = Proposal.__table__  # type: ignore[assignment]
ACTIVITY_TYPE_TABLE: Table = ActivityType.__table__  # type: ignore[assignment]
COURSE_TABLE: Table = TrainingCourse.__table__  # type: ignore[assignment]
TRAINEE_TABLE: Table = Trainee.__table__  # type: ignore[assignment]
VOTING_ROUND_TABLE: Table = VotingRound.__table__  # type: ignore[assignment]


def _live_children(child: Any, parent_key: Any, parent_id: Any) -> Any:
    """A correlated count of the not-deleted ``child`` rows that point at the listed row."""
    return select(func.count()).where(parent_key == parent_id, child.deleted_at.is_(None)).scalar_subquery()


_budget_total = (
    select(func.coalesce(func.sum(BudgetLine.amount), 0))
    .where(BudgetLine.proposal_id == Proposal.id, BudgetLine.deleted_at.is_(None))
    .scalar_subquery()
)
# A course counts the trainees on its list, as its roster shows them (a trainee on a list is not deleted here;
# one deleted on another PC stays on the roster, their attendance and allowances having been real); a trainee
# counts their live courses (a course deleted is no course of theirs).
_enrolled = _live_children(Enrolment, Enrolment.course_id, TrainingCourse.id)
_course_count = (
    select(func.count())
    .select_from(Enrolment)
    .join(TrainingCourse, TrainingCourse.id == Enrolment.course_id)
    .where(Enrolment.trainee_id == Trainee.id, Enrolment.deleted_at.is_(None), TrainingCourse.deleted_at.is_(None))
    .correlate(Trainee)
    .scalar_subquery()
)
_entry_count = _live_children(VotingEntry, VotingEntry.round_id, VotingRound.id)

FACILITIES = Listing(
    table=FACILITY_TABLE,
    columns=(
        Column("name"),
        Column("legal_form", Kind.ENUM, LegalForm),
        Column("tax_code"),
        Column("representative_name"),
        Column("commune"),
        Column("sector", Kind.ENUM, Sector),
        Column("phone"),
    ),
    expressions=(
        Facility.name,
        Facility.legal_form,
        Facility.tax_code,
        Facility.representative_name,
        Commune.name,
        Facility.sector,
        Facility.phone,
    ),
    default_sort="name",
    joins=((COMMUNE_TABLE, Commune.code == Facility.commune_code),),
    sort_expressions={"name": Facility.search_text},
    filters={
        "commune": _equals(Facility.commune_code),
        "legal_form": _equals(Facility.legal_form),
        "sector": _equals(Facility.sector),
    },
)

PROPOSALS = Listing(
    table=PROPOSAL_TABLE,
    columns=(
        Column("code"),
        Column("title"),
        Column("plan_year", Kind.YEAR),
        Column("activity_type"),
        Column("status", Kind.ENUM, ProposalStatus),
        Column("total", Kind.MONEY),
        Column("approved_support", Kind.MONEY),
    ),
    expressions=(
        Proposal.code,
        Proposal.title,
        Proposal.plan_year,
        ActivityType.name,
        Proposal.status,
        _budget_total,
        Proposal.approved_support,
    ),
    default_sort="plan_year",
    newest_first=True,  # the latest plan year first, and in it the proposal added last
    joins=((ACTIVITY_TYPE_TABLE, ActivityType.code == Proposal.activity_type_code),),
    sort_expressions={
        "title": Proposal.search_text,
        "plan_year": Proposal.plan_year,  # never empty: sorted straight from its index
        "approved_support": func.coalesce(Proposal.approved_support, 0),
    },
    filters={
        "status": _equals(Proposal.status),
        "year": lambda value: Proposal.plan_year == int(value),
        "content_group": lambda value: Proposal.activity_type_code.in_(
            select(ActivityType.code).where(ActivityType.content_group_code == value)
        ),
    },
)

COURSES = Listing(
    table=COURSE_TABLE,
    columns=(
        Column("code"),
        Column("topic"),
        Column("kind", Kind.ENUM, CourseKind),
        Column("start_date", Kind.DATE),
        Column("end_date", Kind.DATE),
        Column("venue"),
        Column("enrolled", Kind.NUMBER),
        Column("min_attendance_percent", Kind.NUMBER),
    ),
    expressions=(
        TrainingCourse.code,
        TrainingCourse.topic,
        TrainingCourse.kind,
        TrainingCourse.start_date,
        TrainingCourse.end_date,
        TrainingCourse.venue,
        _enrolled,
        func.nullif(TrainingCourse.min_attendance_percent, 0),  # blank: the course sets no attendance rule
    ),
    default_sort="start_date",
    newest_first=True,
    sort_expressions={"topic": TrainingCourse.search_text},
    filters={"year": _year_of(TrainingCourse.start_date), "kind": _equals(TrainingCourse.kind)},
)

TRAINEES = Listing(
    table=TRAINEE_TABLE,
    columns=(
        Column("full_name"),
        Column("birth_date", Kind.DATE),
        Column("gender", Kind.ENUM, Gender),
        Column("cccd"),
        Column("commune"),
        Column("phone"),
        Column("courses", Kind.NUMBER),
    ),
    expressions=(
        Trainee.full_name,
        Trainee.birth_date,
        Trainee.gender,
        Trainee.cccd,
        Commune.name,
        Trainee.phone,
        _course_count,
    ),
    default_sort="full_name",
    joins=((COMMUNE_TABLE, Commune.code == Trainee.commune_code),),
    sort_expressions={"full_name": Trainee.search_text},
    filters={"commune": _equals(Trainee.commune_code)},
)

VOTING_ROUNDS = Listing(
    table=VOTING_ROUND_TABLE,
    columns=(
        Column("name"),
        Column("level", Kind.ENUM, VotingLevel),
        Column("year", Kind.YEAR),
        Column("decision_no"),
        Column("entries", Kind.NUMBER),
    ),
    expressions=(VotingRound.name, VotingRound.level, VotingRound.year, VotingRound.decision_no, _entry_count),
    default_sort="year",
    newest_first=True,
    sort_expressions={"name": VotingRound.search_text},
    filters={"year": lambda value: VotingRound.year == int(value)},
)

LISTINGS: dict[str, Listing] = {
    listing.name: listing for listing in (FACILITIES, PROPOSALS, COURSES, TRAINEES, VOTING_ROUNDS)
}


__all__ = [
    "COURSES",
    "FACILITIES",
    "LISTINGS",
    "PROPOSALS",
    "TRAINEES",
    "VOTING_ROUNDS",
    "Column",
    "Kind",
    "ListQuery",
    "Listing",
    "Row",
]
