"""Sync by file, for a centre with no network at all: same ledger, nothing lost, nothing doubled."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from desktop.models import Facility
from sync import account, bundle
from sync.client import local_summary
from sync.protocol import PROTOCOL_VERSION
from sync.server import bundles
from tests.conftest import commune, make_facility
from tests.sync_fixtures import Installation


def test_a_round_trip_by_file(server: Engine, template_db: Path, tmp_path: Path) -> None:
    offline = Installation(server, template_db, tmp_path / "x", "may-xa", "lan", "staff", "48")
    online = Installation(server, template_db, tmp_path / "o", "may-tinh", "minh", "staff", "48")
    try:
        with online.database.transaction("minh") as session:
            make_facility(session, commune(session, "48", "phuong"), name="Cơ sở in lụa (gửi qua mạng)")
        online.client.sync()
        with offline.database.transaction("lan") as session:
            make_facility(session, commune(session, "48", "xa"), name="Cơ sở làm hương (gửi qua tệp)")
        device = offline.device_id
        request, reply = tmp_path / "gui.kcsync", tmp_path / "nhan.kcsync"
        assert bundle.export(offline.database, request, device) == 1
        assert bundles.answer(server, request, reply) == (1, 2 + 47)  # both facilities and the national rows
        assert bundles.answer(server, request, reply)[0] == 1  # the same file twice: the ledger answers
        report = bundle.apply_answer(offline.database, reply, device)
        assert (report.pushed, report.rejected) == (1, 0)
        assert bundle.apply_answer(offline.database, reply, device).pulled == 0  # applied twice: no change
        assert offline.client.waiting() == 0
        online.client.sync()
        with offline.database.session() as session:
            assert session.scalar(select(func.count()).select_from(Facility)) == 2
        assert local_summary(offline.database, "48") == local_summary(online.database, "48")
        assert online.client.verify() == {"48": True, "00": True}
    finally:
        offline.close()
        online.close()


def test_a_damaged_or_foreign_file_is_refused_whole(server: Engine, template_db: Path, tmp_path: Path) -> None:
    pc = Installation(server, template_db, tmp_path / "x", "may-xa", "lan", "staff", "48")
    try:
        with pc.database.transaction("lan") as session:
            make_facility(session, commune(session, "48", "xa"))
        request = tmp_path / "gui.kcsync"
        bundle.export(pc.database, request, pc.device_id)
        document = gzip.decompress(request.read_bytes()).replace("Hòa Bình".encode(), b"Hoa Binh")
        damaged = tmp_path / "hong.kcsync"
        damaged.write_bytes(gzip.compress(document))
        with pytest.raises(bundle.BundleRefused, match="bị thay đổi"):
            bundles.answer(server, damaged, tmp_path / "tra-loi.kcsync")
        cut = tmp_path / "thieu.kcsync"
        cut.write_bytes(request.read_bytes()[:100])
        with pytest.raises(bundle.BundleRefused, match="hỏng"):
            bundles.answer(server, cut, tmp_path / "tra-loi.kcsync")
        reply = tmp_path / "tra-loi.kcsync"
        bundles.answer(server, request, reply)
        with pytest.raises(bundle.BundleRefused, match="máy khác"):
            bundle.apply_answer(pc.database, reply, "khac")
        assert pc.client.waiting() == 1  # nothing was marked sent by the refused import
        document = json.loads(gzip.decompress(request.read_bytes()))
        document["protocol"] = PROTOCOL_VERSION - 1  # made by the previous version of the program
        old = tmp_path / "cu.kcsync"
        old.write_bytes(gzip.compress(json.dumps(document).encode()))
        with pytest.raises(bundle.BundleRefused, match="phiên bản cũ hơn: hãy cập nhật phần mềm ở máy tạo tệp"):
            bundles.answer(server, old, tmp_path / "tra-loi-cu.kcsync")
        assert not (tmp_path / "tra-loi-cu.kcsync").exists()
    finally:
        pc.close()


def test_the_bundle_commands(template_db: Path, tmp_path: Path) -> None:
    env = {**os.environ, "KHUYENCONG_PASSWORD": "mat-khau-an-toan"}
    server = [sys.executable, "-c", "from sync.server.cli import main; raise SystemExit(main())"]
    server += ["--data", str(tmp_path / "srv")]
    client = [sys.executable, "-m", "desktop", "--db", str(tmp_path / "pc.sqlite3"), "sync"]
    subprocess.run([*server, "user", "add", "lan", "--role", "staff", "--province", "48"], env=env, check=True)
    (tmp_path / "pc.sqlite3").write_bytes(template_db.read_bytes())
    from desktop.db import Database

    database = Database(tmp_path / "pc.sqlite3")
    with database.transaction("lan") as session:
        make_facility(session, commune(session, "48", "xa"), name="Cơ sở gốm Phước Tích")
    database.close()
    request, reply = str(tmp_path / "gui.kcsync"), str(tmp_path / "nhan.kcsync")
    refused = subprocess.run([*client, "export-bundle", request], env=env, capture_output=True, text=True)
    assert refused.returncode == 1  # a PC the server does not know cannot make a file it would accept
    assert "chưa được ghi danh" in refused.stderr and "sync enrol" in refused.stderr
    enrolment = str(tmp_path / "may-xa.kcenrol")
    made = subprocess.run(
        [*server, "device", "enrol", "lan", "--out", enrolment], env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    assert "khuyencong sync enrol may-xa.kcenrol" in made.stdout
    enrolled = subprocess.run([*client, "enrol", enrolment], env=env, capture_output=True, text=True)
    assert enrolled.returncode == 0, enrolled.stderr
    assert "người dùng lan" in enrolled.stdout
    out = subprocess.run([*client, "export-bundle", request], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Đã ghi 1 thay đổi" in out.stdout
    answered = subprocess.run([*server, "bundle", request, reply], env=env, capture_output=True, text=True)
    assert answered.returncode == 0, answered.stderr
    back = subprocess.run([*client, "import-bundle", reply], env=env, capture_output=True, text=True)
    assert back.returncode == 0, back.stderr
    assert "Máy chủ đã nhận 1 thay đổi" in back.stdout
    database = Database(tmp_path / "pc.sqlite3")
    assert account.waiting(database) == 0
    database.close()
