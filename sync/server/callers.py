"""Who is asking the server: the account as the server's own tables say, never as the client claims."""

from __future__ import annotations

from dataclasses import dataclass

from sync import rules


@dataclass(frozen=True)
class Caller:
    """Who is asking, as the server's own tables say (never as the client claims)."""

    user_id: int
    name: str
    role: str
    province: str | None
    device_id: str

    def readable(self, scope: str) -> bool:
        scopes = rules.readable_scopes(self.role, self.province)
        return scopes is None or scope in scopes
