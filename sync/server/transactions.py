"""The server's write transactions: one at a time on SQLite (its write lock taken when the transaction
starts), committed at the end or rolled back whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

WRITING_OPTION = "khuyencong_writing"


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes: committed at the end, rolled back whole on any error."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITING_OPTION: True})
        with connection.begin():
            yield connection
