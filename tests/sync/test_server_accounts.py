"""The server's accounts and HTTP edge against a hostile caller: sessions that end when they should."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import Engine, text

from sync.server import cli
from tests.sync_fixtures import PASSWORD

NEW_PASSWORD = "mat-khau-moi-hoan-toan"


def _sign_in(client: httpx.Client, user: str, password: str = PASSWORD, **headers: str) -> httpx.Response:
    body = {"username": user, "password": password, "device_id": str(uuid.uuid4()), "device_name": "thử"}
    return client.post("/api/v1/auth/token", json=body, headers=headers)


def _tokens(client: httpx.Client, user: str) -> tuple[dict[str, str], str]:
    answer = _sign_in(client, user)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}, str(answer.json()["refresh_token"])


def _command_url(server: Engine) -> str:
    """The address the ``khuyencong-server`` command is given for the test's server database."""
    url = server.url
    if server.dialect.name == "postgresql":  # each test works in its own schema of the test database
        with server.connect() as connection:
            schema_name = connection.scalar(text("SELECT current_schema()"))
        url = url.update_query_dict({"options": f"-csearch_path={schema_name}"})
    return url.render_as_string(hide_password=False)


# --- 1. a password change or a disabled account ends every session ---------------------------------------
@pytest.mark.parametrize("command", ["passwd", "disable"])
def test_a_new_password_or_a_disabled_account_ends_every_session(
    command: str, app_client: httpx.Client, server: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saw the password, or left: ``user passwd`` / ``user disable`` must log out every PC now, not
    when the tokens expire (the refresh token lives a month)."""
    headers, refresh = _tokens(app_client, "lan")
    other_pc, _ = _tokens(app_client, "lan")
    colleague, _ = _tokens(app_client, "minh")
    monkeypatch.setenv("KHUYENCONG_PASSWORD", NEW_PASSWORD)
    assert cli.main(["--database-url", _command_url(server), "user", command, "lan"]) == 0
    for old in (headers, other_pc):
        assert app_client.get("/api/v1/sync/pull?scope=48", headers=old).status_code == 401
    assert app_client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    assert app_client.get("/api/v1/sync/pull?scope=48", headers=colleague).status_code == 200  # only lan's
    if command == "passwd":
        assert _sign_in(app_client, "lan").status_code == 401
        assert _sign_in(app_client, "lan", NEW_PASSWORD).status_code == 200
    else:
        assert _sign_in(app_client, "lan").status_code == 401
