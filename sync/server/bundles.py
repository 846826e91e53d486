"""The server's side of sync by file: answering a PC's request file, and enrolling a PC that never goes
online. A request is applied only when it carries the signature of the device it names, made with the key
the server registered for that device, and its user is the device's own and still active; the answer is
signed with the server's key."""

from __future__ import annotations

import base64
import contextlib
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from sync import rules, signing
from sync.bundle import KIND_ANSWER, KIND_ENROLMENT, KIND_REQUEST, BundleRefused, read, signed_by, write
from sync.protocol import Change, Mutation
from sync.server import blobs, store, users


def answer(engine: Engine, request: Path, reply: Path) -> tuple[int, int]:
    """Apply a request file and write the answer. Returns (changes applied, sent back)."""
    body, signature = read(request, KIND_REQUEST)
    device = str(body.get("device") or "")
    with store.writing(engine) as connection:
        registered = users.device_key(connection, device)
        public = registered[1] if registered is not None else None
        if registered is None or public is None:
            raise BundleRefused(
                "Máy gửi tệp chưa được ghi danh với máy chủ: máy cần đăng nhập đồng bộ một lần khi có mạng, hoặc"
                " quản trị tạo tệp ghi danh cho máy (khuyencong-server device enrol TÊN)"
            )
        user_id = registered[0]
        if not signed_by(body, signature, public):
            raise BundleRefused(f"Tệp {request.name} không mang chữ ký của máy đã ghi danh: không nhận")
        caller = users.caller(connection, user_id, device)
        if body.get("user") and body["user"] != caller.name:
            raise BundleRefused(f"Tệp {request.name} ghi người dùng khác với người dùng của máy: không nhận")
        server_key = store.signing_key(connection)
    try:
        mutations = [Mutation.from_json(m) for m in body.get("mutations", [])]
        cursors = {str(k): int(v) for k, v in dict(body.get("cursors", {})).items()}
        uploaded = [(str(f["sha256"]), str(f["scope"]), base64.b64decode(f["data"])) for f in body.get("files", [])]
    except (KeyError, TypeError, ValueError) as error:
        raise BundleRefused(f"Tệp {request.name} không đúng cấu trúc tệp đồng bộ") from error
    for sha, scope, data in uploaded:  # before the records, as over the network
        for start in range(0, len(data), blobs.MAX_CHUNK):
            blobs.put(engine, caller, sha, len(data), start, data[start : start + blobs.MAX_CHUNK], scope)
    pushed = store.push(engine, caller, mutations, cursors)
    wanted = {str(s) for s in body.get("missing_files", [])}
    pages: dict[str, dict[str, Any]] = {}
    sent = 0
    for scope in rules.readable_scopes(caller.role, caller.province) or ():
        cursors.setdefault(scope, 0)  # a scope the installation has never pulled: from its start
    owners: dict[str, str] = {}
    for scope, after in cursors.items():
        if not caller.readable(scope):
            continue
        changes, page = _changes(engine, caller, scope, after, pushed.epoch)
        pages[scope] = page
        sent += len(changes)
        for change in changes:
            if change.table == "attachment" and change.data is not None:
                owners.setdefault(str(change.data["sha256"]), scope)
                wanted.add(str(change.data["sha256"]))
    files = []
    for sha in sorted(wanted - {sha for sha, _scope, _data in uploaded}):
        scope = owners.get(sha) or caller.province or ""
        with contextlib.suppress(store.SyncRefused):  # not readable by this user, or not complete yet
            data = blobs.read(engine, caller, sha, 0, blobs.MAX_SIZE, scope)
            files.append({"sha256": sha, "scope": scope, "data": base64.b64encode(data).decode()})
    answer_body = {"device": device, "push": asdict(pushed), "scopes": pages, "files": files}
    write(reply, KIND_ANSWER, answer_body, server_key)
    return len(mutations), sent


def _changes(
    engine: Engine, caller: store.Caller, scope: str, after: int, epoch: str
) -> tuple[list[Change], dict[str, Any]]:
    """What a scope's page of the answer holds: a first copy (every row, with the summary to check it by)
    when the PC has none, else the changes after its cursor."""
    changes: list[Change] = []
    cursor, more, summary = after, True, None
    while more:
        if after == 0:
            first = store.snapshot(engine, caller, scope, cursor, 2000)
            changes += first.rows
            cursor, epoch, more, summary = first.cursor, first.epoch, first.more, first.summary
        else:
            page = store.pull(engine, caller, scope, cursor, 2000)
            changes += page.changes
            cursor, epoch, more = page.cursor, page.epoch, page.more
    found: dict[str, Any] = {"after": after, "cursor": cursor, "epoch": epoch, "changes": [asdict(c) for c in changes]}
    if summary is not None:
        found["summary"] = asdict(summary)
    return changes, found


def enrolment(engine: Engine, user: str, device_name: str, path: Path) -> str:
    """Enrol a new PC for ``user`` and write its enrolment file to ``path``; returns the device id.

    The file holds the PC's private key: hand it over like a key (USB stick), and delete it once used."""
    with store.writing(engine) as connection:
        device, private = users.enrol(connection, user, device_name)
        role = users.caller(connection, users.find(connection, user) or 0, device)
        server_key = store.signing_key(connection)
    body = {
        "device": device,
        "key": private,
        "user": user,
        "role": role.role,
        "province": role.province or "",
        "server_key": signing.public_key(server_key),
    }
    write(path, KIND_ENROLMENT, body, server_key)
    return device
