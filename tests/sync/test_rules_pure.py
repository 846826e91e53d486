"""The server's rules and the protocol's encoding as the pure functions they are: no server, no PC.

The end-to-end tests (test_sync_rules) show a rule reaching both PCs once; these show it holds for any
values, orders and clocks Hypothesis can find."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, Integer, Numeric, String, Uuid
from sqlalchemy import Enum as SqlEnum

from desktop.models.base import NATIONAL_SCOPE, UtcDateTime
from desktop.models.enums import ProposalStatus
from sync import rules
from sync.protocol import (
    INTEGER_LIMITS,
    SYNCED_TABLES,
    Mutation,
    canonical,
    checksum,
    data_columns,
    decode,
    encoder,
    row_digest,
)

# --- decide: one field, two edits ----------------------------------------------------------------------------

values = st.one_of(st.none(), st.text(max_size=6), st.integers(-5, 5))
clocks = st.text(alphabet="0123456789abc", min_size=1, max_size=4)
ORDINARY = ("facility", "phone")
MONEY = ("budget_line", "unit_price")


@st.composite
def pushes(draw: st.DrawFn) -> tuple[Any, str, Any, str, Any, str, Any]:
    """The server's value and clock, and two PCs' edits of it made offline from that same value: each a
    change (a PC sends only the fields it changed), each later than the value it was made from, and with
    the device last in the clock (two PCs never have the same one)."""
    server, seen = draw(values), draw(st.integers(0, 50))
    first = draw(values.filter(lambda v: v != server))
    second = draw(values.filter(lambda v: v != server))
    first_clock = f"{draw(st.integers(seen + 1, 60)):04d}-a"
    second_clock = f"{draw(st.integers(seen + 1, 60)):04d}-b"
    return server, f"{seen:04d}-s", first, first_clock, second, second_clock, server


def _apply(table: str, field: str, state: tuple[Any, str], base: Any, new: Any, clock: str) -> tuple[Any, str]:
    """The server after one push: its value, and the clock of the edit that set it."""
    value, at = state
    decision = rules.decide(table, field, value, at, base, new, clock)
    return decision.value, (clock if decision.changed else at)


@given(pushes())
@example((None, "0000-s", "a", "0002-a", "b", "0001-b", None))  # the later edit arrives first
@example(("x", "0001-s", "a", "0002-a", "a", "0002-b", "x"))  # the same edit in the same millisecond
def test_an_ordinary_field_ends_the_same_whichever_push_arrives_first(
    case: tuple[Any, str, Any, str, Any, str, Any],
) -> None:
    """Last writer wins by the edit's clock, not by the order of arrival: two PCs that sync in either order
    end with the same value."""
    server, at, first, first_clock, second, second_clock, base = case
    state = (server, at)
    one = _apply(*ORDINARY, _apply(*ORDINARY, state, base, first, first_clock), base, second, second_clock)
    other = _apply(*ORDINARY, _apply(*ORDINARY, state, base, second, second_clock), base, first, first_clock)
    assert one[0] == other[0]


@given(values, clocks, values, values, clocks)
def test_money_changed_by_two_is_never_settled_silently(server: Any, at: str, base: Any, new: Any, clock: str) -> None:
    """A protected field takes a push only over the value it was made from; any other change waits for
    review, the server's value kept and the pushed one set aside (never lost)."""
    decision = rules.decide(*MONEY, server, at, base, new, clock)
    if new == server:
        assert (decision.value, decision.changed, decision.conflict) == (server, False, None)
    elif base == server:
        assert (decision.value, decision.changed, decision.conflict) == (new, True, None)
    else:
        assert (decision.value, decision.changed, decision.conflict, decision.other) == (server, False, "review", new)


@given(values, clocks, values, values, clocks)
def test_an_ordinary_conflict_keeps_the_value_it_did_not_choose(
    server: Any, at: str, base: Any, new: Any, clock: str
) -> None:
    decision = rules.decide(*ORDINARY, server, at, base, new, clock)
    if decision.conflict is not None:
        assert decision.conflict == "auto"
        assert {decision.value, decision.other} == {server, new}  # one kept, the other on record
        assert decision.client_won == (decision.value == new)


def test_a_status_and_a_deletion_are_decisions() -> None:
    assert rules.protected("proposal", "status") and rules.protected("facility", "deleted_at")
    assert rules.protected("proposal", "approved_support")  # money: a BigInteger column
    assert not rules.protected("facility", "phone") and not rules.protected("facility", "row_version")
    deleted_twice = rules.decide("facility", "deleted_at", "2026-01-02", "1", None, "2026-01-03", "2")
    assert (deleted_twice.changed, deleted_twice.conflict) == (False, None)


# --- _add: a count that adds up ------------------------------------------------------------------------------

counts = st.integers(0, 500)


@given(counts, st.lists(st.tuples(counts, counts), max_size=4), st.randoms(use_true_random=False))
@example(10, [(10, 0), (10, 5)], None)  # both take back more than there were
def test_counts_add_up_in_any_order_and_never_go_below_zero(
    start: int, edits: list[tuple[int, int]], shuffle: Any
) -> None:
    """Each PC's change is the difference it made: the total is the same whatever order they arrive in,
    unless it would go below zero, when the server's count stays and the change waits for review."""
    table, field = "proposal_location", "visitors"
    ordered = list(edits)
    if shuffle is not None:
        shuffle.shuffle(ordered)
    for sequence in (edits, ordered):
        total, reviewed = start, 0
        for base, new in sequence:
            decision = rules.decide(table, field, total, "", base, new, "z")
            assert decision.value >= 0
            if decision.conflict == "review":
                assert decision.value == total and decision.other == new
                reviewed += 1
            else:
                assert decision.conflict is None and decision.value == total + new - base
            total = decision.value
        if reviewed == 0:
            assert total == start + sum(new - base for base, new in edits)


def test_a_new_place_counts_from_nothing() -> None:
    assert rules.decide("proposal_location", "visitors", None, "", None, 12, "z").value == 12
    assert rules.decide("proposal_location", "visitors", 40, "", 40, 40, "z").changed is False


# --- who may read and write what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "province", "scope", "allowed"),
    [
        ("staff", "48", "48", True),
        ("staff", "48", "01", False),
        ("staff", "48", NATIONAL_SCOPE, False),  # the national lists are the ministry's
        ("director", "48", "48", True),
        ("viewer", "48", "48", False),
        ("central", None, NATIONAL_SCOPE, True),
        ("central", None, "48", False),  # the ministry reads a province, it does not write it
        ("admin", None, "48", True),
    ],
)
def test_who_may_write_where(role: str, province: str | None, scope: str, allowed: bool) -> None:
    assert rules.may_write(role, province, scope) is allowed


def test_who_may_read_what() -> None:
    assert rules.readable_scopes("staff", "48") == {"48", NATIONAL_SCOPE}
    assert rules.readable_scopes("viewer", "48") == {"48", NATIONAL_SCOPE}
    assert rules.readable_scopes("central", None) is None and rules.readable_scopes("admin", None) is None


@pytest.mark.parametrize(
    ("table", "fields", "director"),
    [
        ("facility", {"name": [None, "Cơ sở A"]}, False),
        ("proposal", {"title": [None, "Đề án"]}, False),  # no status: a draft
        ("proposal", {"status": [None, ProposalStatus.DRAFT.value]}, False),
        ("proposal", {"status": [None, ProposalStatus.APPROVED.value]}, True),
        ("status_transition", {"to_status": [None, ProposalStatus.APPROVED.value]}, True),
        ("proposal", {"status": "da_phe_duyet"}, True),  # malformed: treated as a decision, never as a draft
        ("advance", {"amount": [None, 1]}, True),
    ],
)
def test_bringing_in_an_old_decision_needs_the_director(table: str, fields: dict[str, Any], director: bool) -> None:
    assert rules.import_needs_director(table, fields) is director


def test_the_same_establishment_is_found_without_its_accents() -> None:
    typed = rules.identity_keys("facility", {"tax_code": "", "name": "Cơ sở Đà Nẵng", "commune_code": "20194"})
    plain = rules.identity_keys("facility", {"tax_code": None, "name": "co so da nang", "commune_code": "20194"})
    assert typed == plain and len(typed) == 1
    assert rules.identity_keys("facility", {"name": "A", "commune_code": "1", "deleted_at": "2026"}) == set()


# --- the protocol: what travels comes back as it left -----------------------------------------------------------


def _strategy(column: Column[Any]) -> st.SearchStrategy[Any]:
    """Values ``column`` can hold, as the database hands them back."""
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1), timezones=st.just(UTC))
    if isinstance(kind, Date):
        return st.dates(date(1900, 1, 1), date(2200, 1, 1))
    if isinstance(kind, Uuid):
        return st.uuids()
    if isinstance(kind, Numeric) and kind.asdecimal:
        scale, precision = kind.scale or 0, kind.precision or 38
        bound = Decimal(10) ** (precision - scale) - Decimal(1).scaleb(-scale)
        return st.decimals(-bound, bound, places=scale, allow_nan=False, allow_infinity=False)
    if isinstance(kind, SqlEnum) and kind.enum_class is not None:
        return st.sampled_from(list(kind.enum_class))
    if isinstance(kind, JSON):
        leaves = (
            st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(st.characters(exclude_characters="\0"))
        )
        return st.recursive(
            leaves,
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
            max_leaves=8,
        )
    if isinstance(kind, Boolean):
        return st.booleans()
    if isinstance(kind, Integer):
        limit = INTEGER_LIMITS[BigInteger] if isinstance(kind, BigInteger) else INTEGER_LIMITS[Integer]
        return st.integers(-limit - 1, limit)
    if isinstance(kind, String):
        return st.text(st.characters(exclude_characters="\0"), max_size=min(kind.length or 60, 60))
    raise AssertionError(f"no strategy for {column}: {kind!r}")  # a new kind of column needs one


COLUMNS = [(table, column) for table, t in SYNCED_TABLES.items() for column in data_columns(t)]


def test_every_synced_column_has_values_to_try() -> None:
    for _table, column in COLUMNS:
        _strategy(column)  # raises for a column the round trip below would not cover


@given(st.data())
def test_any_value_of_any_column_comes_back_as_it_left(data: st.DataObject) -> None:
    """Encoded for JSON, sent as text and decoded on the other side, a value is the value it was: both ends
    then compute the same digest for the row, and the checksums agree."""
    _table, column = data.draw(st.sampled_from(COLUMNS), label="column")
    value = data.draw(st.none() | _strategy(column), label="value")
    travelled = json.loads(json.dumps(encoder(column)(value)))
    back = decode(column, travelled)
    assert back == value
    assert canonical(encoder(column)(back)) == canonical(encoder(column)(value))


mutations = st.builds(
    Mutation,
    seq=st.integers(1, 2**40),
    table=st.sampled_from(sorted(SYNCED_TABLES)),
    row_id=st.uuids().map(str),
    province_code=st.sampled_from(["48", "01", NATIONAL_SCOPE]),
    action=st.sampled_from(["insert", "update", "delete", "restore"]),
    fields=st.dictionaries(st.text(min_size=1, max_size=8), st.lists(values, min_size=2, max_size=2), max_size=4),
    hlc=clocks,
    actor=st.text(max_size=10),
    at=st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
    txn=st.text(alphabet="0123456789abcdef", max_size=32),
)


@given(mutations)
def test_a_change_sent_is_the_change_received(mutation: Mutation) -> None:
    from sync.protocol import to_json

    received = Mutation.from_json(json.loads(json.dumps(to_json(mutation))))
    assert received == mutation
    assert received.digest() == mutation.digest()  # the server tells a resent change from another database's


@given(st.dictionaries(st.text(max_size=5), values, max_size=5))
def test_a_rows_digest_does_not_depend_on_the_order_of_its_fields(row: dict[str, Any]) -> None:
    assert row_digest("facility", row) == row_digest("facility", dict(reversed(list(row.items()))))
    assert row_digest("facility", row) != row_digest("trainee", row)


@given(st.lists(st.integers(0, 2**128 - 1), max_size=6), st.randoms(use_true_random=False))
def test_a_checksum_does_not_depend_on_the_order_of_rows(digests: list[int], shuffle: Any) -> None:
    shuffled = list(digests)
    shuffle.shuffle(shuffled)
    assert checksum(sum(digests), len(digests)) == checksum(sum(shuffled), len(shuffled))


def test_a_uuid_travels_as_text() -> None:
    column = SYNCED_TABLES["facility"].c.id
    value = uuid.uuid4()
    assert encoder(column)(value) == str(value) and decode(column, str(value)) == value
