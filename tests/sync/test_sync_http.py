"""The sync server over HTTP: login, tokens, scopes, roles, versions, compression, and the commands."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select, update

from desktop.models import AppSetting, Facility, OutboxEntry, Proposal
from desktop.models.enums import ProposalStatus
from desktop.services import settings, signed_in
from desktop.services.lifecycle import RuleViolation
from desktop.services.proposal_actions import Action
from desktop.services.signed_in import ROLE_SETTING
from desktop.store.db import Database
from sync import account
from sync.client import _mutation
from sync.http import HttpTransport, ServerRefused
from sync.protocol import MAX_PUSH
from sync.server import authority, schema, store
from tests.conftest import commune, make_facility
from tests.sync_fixtures import PASSWORD, act, appraised_proposal, free_port


def _pc(template: Path, folder: Path, name: str) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return Database(path)


def _connect(database: Database, client: httpx.Client, user: str) -> account.Account:
    url = str(client.base_url).rstrip("/")
    transport = HttpTransport(url, client=client, sleep=lambda _s: None)
    return account.connect(database, url, user, lambda: PASSWORD, transport)


def _login(client: httpx.Client, user: str) -> dict[str, str]:
    answer = client.post(
        "/api/v1/auth/token",
        json={"username": user, "password": PASSWORD, "device_id": str(uuid.uuid4()), "device_name": "thử"},
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _facility_mutation(action: str, fields: dict[str, list[object]], actor: str) -> dict[str, object]:
    """The first mutation of a device, on a facility of province 48, as it travels."""
    return {
        "seq": 1,
        "table": "facility",
        "row_id": str(uuid.uuid4()),
        "province_code": "48",
        "action": action,
        "fields": fields,
        "hlc": "000000000000001-00000-x",
        "actor": actor,
        "at": "2026-11-22T00:00:00+00:00",
    }


def test_two_pcs_sync_over_http(app_client: httpx.Client, template_db: Path, tmp_path: Path) -> None:
    a, b = _pc(template_db, tmp_path / "a", "a"), _pc(template_db, tmp_path / "b", "b")
    try:
        with a.transaction("lan") as session:
            facility = make_facility(session, commune(session, "48", "xa"), name="Cơ sở chiếu cói Kim Sơn")
            session.flush()
            row_id = facility.id
        first = _connect(a, app_client, "lan")
        report = first.client().sync()
        assert (report.pushed, report.rejected) == (1, 0)
        assert report.verified == {"00": True, "48": True}
        second = _connect(b, app_client, "minh")
        second.client().sync()
        with b.session() as session:
            copy = session.get(Facility, row_id)
            assert copy is not None and copy.name == "Cơ sở chiếu cói Kim Sơn"
            # set up by its first sync alone, the PC is the account's province's (its imports need it)
            assert settings.load(session).province_code == "48"
        assert first.transport.bytes_sent > 0
    finally:
        a.close()
        b.close()


def test_the_refresh_token_is_kept_and_the_password_not(
    app_client: httpx.Client, template_db: Path, tmp_path: Path
) -> None:
    database = _pc(template_db, tmp_path / "a", "a")
    try:
        _connect(database, app_client, "lan")
        url = str(app_client.base_url).rstrip("/")
        transport = HttpTransport(url, client=app_client, sleep=lambda _s: None)

        def no_password() -> str:
            raise AssertionError("the kept refresh token should have been enough")

        again = account.connect(database, url, None, no_password, transport)
        assert again.session["user"]["name"] == "lan"
        raw = database.path.read_bytes()
        assert PASSWORD.encode() not in raw and again.transport.refresh_token.encode() not in raw
    finally:
        database.close()


def test_every_endpoint_refuses_another_province(app_client: httpx.Client) -> None:
    hue = _login(app_client, "hoa")
    for path in ("/api/v1/sync/pull?scope=48", "/api/v1/sync/verify?scope=48", "/api/v1/sync/snapshot?scope=48"):
        answer = app_client.get(path, headers=hue)
        assert answer.status_code == 403
        assert "không được xem" in answer.json()["message"]
    mutation = _facility_mutation("insert", {"name": [None, "Ghi trộm"], "province_code": [None, "48"]}, "hoa")
    answer = app_client.post("/api/v1/sync/push", json={"mutations": [mutation]}, headers=hue)
    assert answer.status_code == 200
    assert answer.json()["outcomes"][0]["status"] == "rejected"
    assert "không được sửa dữ liệu của tỉnh mã 48" in answer.json()["outcomes"][0]["message"]
    assert app_client.get("/api/v1/sync/pull?scope=46", headers=hue).status_code == 200
    central = _login(app_client, "bo")
    assert app_client.get("/api/v1/sync/pull?scope=48", headers=central).status_code == 200


def test_without_or_with_an_expired_token_nothing_is_served(app_client: httpx.Client, server: Engine) -> None:
    headers = _login(app_client, "lan")
    for method, path in (
        ("GET", "/api/v1/sync/pull?scope=48"),
        ("GET", "/api/v1/sync/verify?scope=48"),
        ("GET", "/api/v1/sync/snapshot?scope=48"),
        ("POST", "/api/v1/sync/push"),
    ):
        body: dict[str, list[object]] | None = {"mutations": []} if method == "POST" else None
        assert app_client.request(method, path, json=body).status_code == 401
        assert app_client.request(method, path, json=body, headers={"Authorization": "Bearer sai"}).status_code == 401
    with server.begin() as connection:
        connection.execute(update(schema.token).values(expires_at=store.now() - timedelta(minutes=1)))
    answer = app_client.get("/api/v1/sync/pull?scope=48", headers=headers)
    assert answer.status_code == 401
    assert "hết hạn" in answer.json()["message"]


def test_a_disabled_user_is_logged_out(app_client: httpx.Client, server: Engine) -> None:
    headers = _login(app_client, "lan")
    with server.begin() as connection:
        connection.execute(update(schema.user).where(schema.user.c.name == "lan").values(disabled=True))
    assert app_client.get("/api/v1/sync/pull?scope=48", headers=headers).status_code == 403
    answer = app_client.post(
        "/api/v1/auth/token",
        json={"username": "lan", "password": PASSWORD, "device_id": str(uuid.uuid4())},
    )
    assert answer.status_code == 401


def test_a_wrong_password_is_refused_without_saying_which_part(app_client: httpx.Client) -> None:
    for user, password in (("lan", "sai-mat-khau"), ("khong-co", PASSWORD)):
        answer = app_client.post(
            "/api/v1/auth/token", json={"username": user, "password": password, "device_id": str(uuid.uuid4())}
        )
        assert answer.status_code == 401
        assert answer.json()["message"] == "Sai tên đăng nhập hoặc mật khẩu"


def test_only_a_director_approves_over_http(app_client: httpx.Client, template_db: Path, tmp_path: Path) -> None:
    staff_db, director_db = _pc(template_db, tmp_path / "a", "a"), _pc(template_db, tmp_path / "d", "d")
    try:
        proposal_id = appraised_proposal(staff_db, "KCĐP-2026-009")
        staff = _connect(staff_db, app_client, "lan")
        staff.client().sync()
        # The app knows the account's role from its sign-in: the step is refused before it is taken.
        with pytest.raises(RuleViolation, match="Chỉ Giám đốc Trung tâm được quyết định “Đã phê duyệt” đề án"):
            act(staff_db, proposal_id, Action.APPROVE, "lan", decision_no="9/QĐ-KC")
        # A client that does not check (an older version, or a hostile one) is refused by the server.
        with staff_db.transaction() as session:
            session.merge(AppSetting(key=ROLE_SETTING, value=""))
        act(staff_db, proposal_id, Action.APPROVE, "lan", decision_no="9/QĐ-KC")
        assert staff.client().sync().rejected == 2  # the step and the proposal, refused together
        director = _connect(director_db, app_client, "giam-doc")
        director.client().sync()
        act(director_db, proposal_id, Action.APPROVE, "giam-doc", decision_no="9/QĐ-KC")
        assert director.client().sync().rejected == 0
        with director_db.session() as session:
            found = session.get(Proposal, proposal_id)
            assert found is not None and found.status is ProposalStatus.APPROVED
    finally:
        staff_db.close()
        director_db.close()


def test_a_sign_in_keeps_the_accounts_role_and_what_the_centre_lets_staff_do(
    app_client: httpx.Client, server: Engine, template_db: Path, tmp_path: Path
) -> None:
    with server.begin() as connection:
        authority.set_policy(connection, "48", staff_record_decisions=True)
    database = _pc(template_db, tmp_path / "a", "a")
    try:
        _connect(database, app_client, "lan")
        with database.session() as session:
            who = signed_in.signed_in(session)
        assert (who.user, who.role, who.label) == ("lan", "staff", "Cán bộ Trung tâm")
        assert who.policy.staff_record_decisions
        _connect(database, app_client, "giam-doc")  # the director takes the PC over
        with database.session() as session:
            who = signed_in.signed_in(session)
        assert (who.role, who.label) == ("director", "Giám đốc Trung tâm")
    finally:
        database.close()


def test_an_old_client_is_told_to_upgrade_and_keeps_its_outbox(
    app_client: httpx.Client, template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = _pc(template_db, tmp_path / "a", "a")
    try:
        connected = _connect(database, app_client, "lan")
        with database.transaction("lan") as session:
            make_facility(session, commune(session, "48", "xa"))
        monkeypatch.setattr("sync.http.PROTOCOL_VERSION", 0)
        with pytest.raises(ServerRefused) as refused:
            connected.client().sync()
        assert refused.value.code == "upgrade"
        assert "cập nhật" in str(refused.value)
        with database.session() as session:
            assert session.scalars(select(OutboxEntry).where(OutboxEntry.acked_at.is_(None))).all()
    finally:
        database.close()


def test_bodies_travel_compressed(app_client: httpx.Client) -> None:
    headers = _login(app_client, "lan")
    body = gzip.compress(json.dumps({"mutations": []}).encode())
    answer = app_client.post(
        "/api/v1/sync/push",
        content=body,
        headers={**headers, "Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert answer.status_code == 200
    pulled = app_client.get("/api/v1/sync/pull?scope=00&limit=200", headers={**headers, "Accept-Encoding": "gzip"})
    assert pulled.headers["content-encoding"] == "gzip"
    broken = app_client.post("/api/v1/sync/push", content=b"not gzip", headers={**headers, "Content-Encoding": "gzip"})
    assert broken.status_code == 400
    cut = app_client.post("/api/v1/sync/push", content=body[:-9], headers={**headers, "Content-Encoding": "gzip"})
    assert cut.status_code == 400
    # 70 kB that unpack to 70 MB: refused before it is unpacked whole, with a message saying why.
    bomb = gzip.compress(b'{"mutations": [' + b" " * (70 * 2**20) + b"]}")
    refused = app_client.post("/api/v1/sync/push", content=bomb, headers={**headers, "Content-Encoding": "gzip"})
    assert refused.status_code == 413 and "quá lớn" in refused.json()["message"]


def test_the_openapi_is_served(app_client: httpx.Client) -> None:
    spec = app_client.get("/openapi.json").json()
    assert {"/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/sync/verify", "/api/v1/health"} <= set(spec["paths"])


@pytest.mark.slow
def test_the_commands(template_db: Path, tmp_path: Path) -> None:
    """khuyencong-server user add / serve (two processes on one database), then khuyencong sync as Task
    Scheduler would run it."""
    env = {**os.environ, "KHUYENCONG_PASSWORD": PASSWORD, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    server_cmd = [
        sys.executable,
        "-c",
        "from sync.server.cli import main; raise SystemExit(main())",
        "--data",
        str(tmp_path / "srv"),
    ]
    added = subprocess.run(
        [*server_cmd, "user", "add", "lan", "--role", "staff", "--province", "48"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert added.returncode == 0, added.stderr
    assert "Đã thêm lan" in added.stdout
    listed = subprocess.run([*server_cmd, "user", "list"], env=env, capture_output=True, text=True)
    assert "Cán bộ Trung tâm" in listed.stdout
    port = free_port()
    serving = subprocess.Popen(
        [*server_cmd, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/api/v1/health", verify=False).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        workers = subprocess.run(["pgrep", "-P", str(serving.pid)], capture_output=True, text=True).stdout.split()
        assert len(workers) >= 2  # the processes that serve, beside the one that started them
        database = _pc(template_db, tmp_path / "pc", "pc")
        with database.transaction("lan") as session:
            make_facility(session, commune(session, "48", "xa"), name="Cơ sở nón lá")
        database.close()
        client_cmd = [sys.executable, "-m", "desktop", "--db", str(database.path), "sync", "--server", url]
        synced = subprocess.run([*client_cmd, "--user", "lan"], env=env, capture_output=True, text=True)
        assert synced.returncode == 0, synced.stdout + synced.stderr
        assert "Đã gửi 1 thay đổi" in synced.stdout
        assert "Đối chiếu tỉnh mã 48: khớp với máy chủ" in synced.stdout
        no_server = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", str(database.path), "sync", "--server", "http://127.0.0.1:9"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert no_server.returncode == 3
        assert "Chưa đồng bộ được" in no_server.stderr
    finally:
        serving.terminate()
        serving.wait(10)


def test_a_nul_character_is_refused_not_a_server_error(app_client: httpx.Client) -> None:
    """Found by the fuzzer: PostgreSQL stores no NUL in a text; the server said 500 and a push jammed."""
    answer = app_client.post(
        "/api/v1/auth/token",
        json={"username": "lan\u0000", "password": PASSWORD, "device_id": "thiet-bi-0001", "device_name": "x"},
    )
    assert answer.status_code in (400, 401)
    headers = _login(app_client, "lan")
    mutation = _facility_mutation("update", {"note": ["", "ghi chú\u0000"]}, "lan")
    answer = app_client.post("/api/v1/sync/push", json={"mutations": [mutation]}, headers=headers)
    assert answer.status_code == 200
    [outcome] = answer.json()["outcomes"]
    assert outcome["status"] == "rejected" and "NUL" in outcome["message"]  # kept for review, queue moves on


def test_a_transaction_of_more_than_a_thousand_changes_is_pushed_whole(
    app_client: httpx.Client, template_db: Path, tmp_path: Path
) -> None:
    """An Excel import, an attendance grid: one local transaction of over a thousand changes, in one push
    (made from a PC's real change, so that each is one the server stores)."""
    database = _pc(template_db, tmp_path / "a", "a")
    try:
        with database.transaction("lan") as session:
            make_facility(session, commune(session, "48", "xa"))
        with database.session() as session:
            made = session.scalars(select(OutboxEntry).where(OutboxEntry.table_name == "facility")).one()
            template = {**_mutation(made).__dict__, "txn": uuid.uuid4().hex}
    finally:
        database.close()
    imported = [
        {
            **template,
            "seq": seq,
            "row_id": str(uuid.uuid4()),
            "fields": {**template["fields"], "name": [None, f"Số {seq}"]},
        }
        for seq in range(1, 1_051)
    ]
    headers = _login(app_client, "lan")
    answer = app_client.post("/api/v1/sync/push", json={"mutations": imported}, headers=headers, timeout=120)
    assert answer.status_code == 200, answer.text[:500]
    assert [o["status"] for o in answer.json()["outcomes"]] == ["applied"] * 1_050


def test_a_push_over_the_limit_is_refused_saying_which_field(app_client: httpx.Client) -> None:
    headers = _login(app_client, "lan")
    mutation = _facility_mutation("update", {"note": ["", "x"]}, "lan")
    too_many = app_client.post("/api/v1/sync/push", json={"mutations": [mutation] * (MAX_PUSH + 1)}, headers=headers)
    assert too_many.status_code == 422
    assert (
        too_many.json()["message"] == f"Dữ liệu gửi lên không hợp lệ: mutations — nhiều quá: nhiều nhất {MAX_PUSH} mục"
    )
    named = [mutation] * 3 + [{**mutation, "actor": "x" * 65}]
    answer = app_client.post("/api/v1/sync/push", json={"mutations": named}, headers=headers)
    assert answer.status_code == 422
    assert answer.json()["message"] == "Dữ liệu gửi lên không hợp lệ: mutations.3.actor — dài quá: nhiều nhất 64 ký tự"
    assert answer.json()["detail"][0]["loc"] == ["body", "mutations", 3, "actor"]
