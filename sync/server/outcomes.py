"""What applying a pushed change gives: the change applied (``Applied``), the changes of one local transaction
(``Group``), or a refusal for good (``Rejected``). Shared by the applier and the authority checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sync.protocol import Mutation
from sync.server.rows import Meta


class Rejected(Exception):
    """A change the server refuses for good (a rule, a right, a value no PC can store): its transaction is
    rolled back and every change of it rejected with this reason. ``needs``: the role that may do it."""

    def __init__(self, message: str, needs: str = "") -> None:
        super().__init__(message)
        self.needs = needs


@dataclass
class Applied:
    """One change applied: what the row was (``before``: None when new) and is now."""

    mutation: Mutation
    table: str
    row_id: str
    scope: str
    before: dict[str, Any] | None
    after: dict[str, Any]
    meta_before: Meta | None
    conflicts: int = 0
    changed: bool = True


@dataclass
class Group:
    """The changes of one local transaction, and what the checks after it need to know."""

    mutations: list[Mutation]
    applied: list[Applied] = field(default_factory=list)
    statuses: dict[str, str | None] = field(default_factory=dict)
    """Each proposal the transaction touches, by id: its status before (None: made by this transaction)."""
