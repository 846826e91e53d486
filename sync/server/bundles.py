"""The server's side of sync by file: answering a PC's request file, and enrolling a PC that never goes
online. A request is applied only when it carries the signature of the device it names, made with the key
the server registered for that device, and its user is the device's own and still active; what it holds is
checked as the HTTP routes check a push (``MutationModel``), at most ``bundle.MAX_MUTATIONS`` changes. The
answer is signed with the server's key, and carries at most ``bundle.FILES_PER_BUNDLE`` bytes of
attachments: those left out stay missing on the PC, which asks for them again in its next request."""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Engine

from desktop.services import roles
from sync import bundle, rules, signing
from sync.bundle import KIND_ANSWER, KIND_ENROLMENT, KIND_REQUEST, BundleRefused, read, signed_by, write
from sync.protocol import Change, Mutation, PushReply
from sync.server import authority, blobs, callers, store, transactions, users
from sync.server.deps import MAX_INT
from sync.server.routes.sync import MutationModel


@dataclass(frozen=True)
class Answered:
    """What answering a request file did, for the administrator."""

    received: int
    """Changes in the request."""
    applied: int
    """Changes the server took (applied, or applied with a conflict), this time or when it first saw them."""
    rejected: int
    sent: int
    """Changes the answer carries back to the PC."""
    blocked: str = ""
    """Why nothing of the push was applied (it needs a director or an administrator); "" when it was not."""
    files_left: int = 0
    """Attachments the PC lacks that did not fit in this answer: they come in a later one."""
    files_too_large: int = 0
    """Attachments the PC lacks that are too large for any answer: they come over the network."""


def answer(engine: Engine, request: Path, reply: Path) -> tuple[int, int]:
    """Apply a request file and write the answer. Returns (changes received, sent back)."""
    answered = respond(engine, request, reply)
    return answered.received, answered.sent


def respond(engine: Engine, request: Path, reply: Path) -> Answered:
    """Apply a request file and write the answer; what it did.

    As over the network, a push that needs more authority than the user has (``store.Blocked``) applies
    nothing, and the answer still carries the changes since, and why the push waits. Any other refusal
    (BundleRefused, ``store.SyncRefused``) writes no answer."""
    body, signature = read(request, KIND_REQUEST)
    device = str(body.get("device") or "")
    with transactions.writing(engine) as connection:
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
    asked = _request(body, request.name)
    for sha, scope, data in asked.files:  # before the records, as over the network
        for start in range(0, len(data), blobs.MAX_CHUNK):
            blobs.put(engine, caller, sha, len(data), start, data[start : start + blobs.MAX_CHUNK], scope)
    pushed, blocked = _push(engine, caller, asked)
    pages, sent, wanted, owners = _pages(engine, caller, asked.cursors, pushed.epoch)
    wanted |= asked.missing
    answer_body: dict[str, Any] = {
        "device": device,
        "push": asdict(pushed),
        "scopes": pages,
        "files": [],
        "blocked": blocked,
    }
    wanted -= {sha for sha, _scope, _data in asked.files}
    chosen = [(sha, owners.get(sha) or caller.province or "") for sha in sorted(wanted)]
    files, left, too_large = _contents(engine, caller, chosen, bundle.file_budget(answer_body))
    answer_body["files"] = files
    write(reply, KIND_ANSWER, answer_body, server_key)
    taken = sum(o.status != "rejected" for o in pushed.outcomes)
    return Answered(len(asked.mutations), taken, len(pushed.outcomes) - taken, sent, blocked, left, too_large)


def _push(engine: Engine, caller: callers.Caller, asked: _Request) -> tuple[PushReply, str]:
    """The request's push, and why it waits ("" when it did not): a push that needs more authority applies
    nothing and answers no change, as ``SyncClient`` treats it over the network."""
    try:
        return store.push(engine, caller, asked.mutations, asked.cursors), ""
    except store.Blocked as blocked:
        with engine.connect() as connection:
            return PushReply([], None, store.epoch(connection)), str(blocked)


def _pages(
    engine: Engine, caller: callers.Caller, cursors: dict[str, int], epoch: str
) -> tuple[dict[str, dict[str, Any]], int, set[str], dict[str, str]]:
    """Each readable scope's page of the answer, how many changes they hold, the attachments they name and
    the scope each of those was found in."""
    positions = dict(cursors)
    for scope in rules.readable_scopes(caller.role, caller.province) or ():
        positions.setdefault(scope, 0)  # a scope the installation has never pulled: from its start
    pages: dict[str, dict[str, Any]] = {}
    sent = 0
    wanted: set[str] = set()
    owners: dict[str, str] = {}
    for scope, after in positions.items():
        if not caller.readable(scope):
            continue
        changes, page = _changes(engine, caller, scope, after, epoch)
        pages[scope] = page
        sent += len(changes)
        for change in changes:
            if change.table == "attachment" and change.data is not None:
                owners.setdefault(str(change.data["sha256"]), scope)
                wanted.add(str(change.data["sha256"]))
    return pages, sent, wanted, owners


def _contents(
    engine: Engine, caller: callers.Caller, wanted: list[tuple[str, str]], budget: int
) -> tuple[list[dict[str, Any]], int, int]:
    """The contents of the attachments ``wanted`` ((sha256, scope), in order) that fit in ``budget`` bytes;
    how many were left out for want of room (the PC lists them again in its next request), and how many are
    larger than any answer may carry."""
    files: list[dict[str, Any]] = []
    left = too_large = 0
    for sha, scope in wanted:
        try:
            held = blobs.state(engine, caller, sha, scope)
            if not held.complete:
                continue  # not complete yet: the PC counts it as waiting
            if held.size > budget and held.size > bundle.FILES_PER_BUNDLE:
                too_large += 1
                continue
            if held.size > budget:
                left += 1
                continue
            data = blobs.read(engine, caller, sha, 0, held.size, scope)
        except store.SyncRefused:  # not readable by this user, or no record of it
            continue
        files.append({"sha256": sha, "scope": scope, "data": base64.b64encode(data).decode()})
        budget -= len(data)
    return files, left, too_large


# --- reading a request ------------------------------------------------------------------------------------
Scope = Annotated[str, Field(min_length=2, max_length=2)]


class _FileModel(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    scope: Scope
    data: str


class _RequestModel(BaseModel):
    """A request's content, checked as strictly as the HTTP routes check theirs (``MutationModel``)."""

    mutations: list[MutationModel] = Field(default_factory=list)
    cursors: dict[Scope, Annotated[int, Field(ge=0, le=MAX_INT)]] = Field(default_factory=dict, max_length=100)
    files: list[_FileModel] = Field(default_factory=list)
    missing_files: list[Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]] = Field(default_factory=list)


@dataclass(frozen=True)
class _Request:
    mutations: list[Mutation]
    cursors: dict[str, int]
    files: list[tuple[str, str, bytes]]
    missing: set[str]


_SECTIONS = {
    "mutations": "thay đổi",
    "cursors": "vị trí đã nhận",
    "files": "tệp đính kèm",
    "missing_files": "danh sách tệp còn thiếu",
}
_PROBLEMS = {
    "missing": "bị thiếu",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "string_type": "phải là chuỗi ký tự",
    "string_too_long": "quá dài",
    "string_too_short": "quá ngắn",
    "string_pattern_mismatch": "không đúng dạng",
    "greater_than_equal": "nằm ngoài khoảng cho phép",
    "less_than_equal": "nằm ngoài khoảng cho phép",
    "dict_type": "phải là một bảng tên–giá trị",
    "model_type": "phải là một bảng tên–giá trị",
    "list_type": "phải là một danh sách",
    "too_long": "có quá nhiều phần tử",
}


def _request(body: dict[str, Any], name: str) -> _Request:
    """The request in ``body``, checked; BundleRefused naming the first thing that is wrong."""
    mutations = body.get("mutations")
    if isinstance(mutations, list) and len(mutations) > bundle.MAX_MUTATIONS:
        raise BundleRefused(
            f"Tệp {name} mang {len(mutations)} thay đổi, quá {bundle.MAX_MUTATIONS} thay đổi một tệp: không nhận"
            " (phần mềm trên máy trạm cần được cập nhật)"
        )
    try:
        checked = _RequestModel.model_validate(body)
        files = [(f.sha256, f.scope, base64.b64decode(f.data, validate=True)) for f in checked.files]
    except ValidationError as error:
        raise BundleRefused(f"Tệp {name} không đúng cấu trúc tệp đồng bộ: {_what(error)}") from None
    except binascii.Error:
        raise BundleRefused(f"Tệp {name} không đúng cấu trúc tệp đồng bộ: nội dung tệp đính kèm hỏng") from None
    return _Request(
        [Mutation(**m.model_dump()) for m in checked.mutations],
        dict(checked.cursors),
        files,
        set(checked.missing_files),
    )


def _what(error: ValidationError) -> str:
    """The first problem pydantic found, in Vietnamese: where it is and what is wrong."""
    first = error.errors()[0]
    loc = list(first["loc"])
    where = _SECTIONS.get(str(loc[0]), f"trường “{loc[0]}”") if loc else "nội dung"
    for part in loc[1:]:
        if isinstance(part, int):
            where += f" thứ {part + 1}"
        elif part == "[key]":
            where += " (mã tỉnh)"
        elif loc[0] == "cursors":
            where += f" của tỉnh mã “{part}”"
        else:
            where += f", trường “{part}”"
    return f"{where} {_PROBLEMS.get(first['type'], 'không hợp lệ')}"


def _changes(
    engine: Engine, caller: callers.Caller, scope: str, after: int, epoch: str
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
    with transactions.writing(engine) as connection:
        device, private = users.enrol(connection, user, device_name)
        role = users.caller(connection, users.find(connection, user) or 0, device)
        server_key = store.signing_key(connection)
        policy = authority.policies(connection)(role.province) if role.province else roles.Policy()
    body = {
        "device": device,
        "key": private,
        "user": user,
        "role": role.role,
        "province": role.province or "",
        "staff_record_decisions": policy.staff_record_decisions,
        "server_key": signing.public_key(server_key),
    }
    write(path, KIND_ENROLMENT, body, server_key)
    path.chmod(0o600)  # it holds the PC's private key: readable by whoever made it, no one else
    return device
