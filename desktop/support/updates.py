"""Program updates: signed packages from the sync server, or a package file brought on a USB stick.

Packages are TUF repositories made with tufup (``installer/release.py``): metadata signed by the release keys,
whose root this program ships (``resources/updates/root.json``), and the program folder as an archive, with
binary patches against earlier versions (a few MB over 2G instead of a hundred). Nothing is installed unless
every signature, version, size and hash checks out.

An update replaces the program folder only. The data folder (the database with its outbox, backups,
attachments, logs) is elsewhere and is copied to ``backups/`` first; the new version upgrades the database
at its first start, after its own copy, as any upgrade does.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
from tuf.api import exceptions
from tuf.ngclient.fetcher import FetcherInterface
from tufup.client import Client

from desktop import __version__
from desktop.core.errors import Refused
from desktop.paths import RESOURCES_DIR
from desktop.store import backups

log = logging.getLogger(__name__)

APP_NAME = "KhuyenCong"  # the archives' name: KhuyenCong-<version>.tar.gz
TRUSTED_ROOT = RESOURCES_DIR / "updates" / "root.json"
SERVER_PATH = "/api/v1/updates"  # the sync server serves the repository's metadata/ and targets/ below it
PACKAGE_SUFFIX = ".kcupdate"  # a zip of metadata/ and targets/
WINDOW_PROGRAM = "KhuyenCong.exe" if os.name == "nt" else "KhuyenCong"
_FILE_BASE = "tep-cap-nhat://"

Progress = Callable[[int, int], None]  # bytes so far, bytes expected


class UpdateRefused(Refused):
    """No update could be checked or installed; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class Update:
    version: str
    size: int  # bytes to download: the patches, or the whole archive
    source: str  # the server's address, or the package file's name


@dataclass(frozen=True)
class Installed:
    version: str
    backup: Path | None
    restart: bool  # the program must quit now for the update to finish (Windows: files in use)


def work_folder(data_dir: Path) -> Path:
    """Where the trusted metadata, downloads and unpacked files live (in the data folder: writable)."""
    return data_dir / "cap-nhat"


CHECK_EVERY = 24 * 3600  # seconds between the quiet checks the app makes on its own


def quiet_check_due(data_dir: Path, now: float | None = None) -> bool:
    """Is it time for the daily look at the server (the app's own, without being asked)? Marks it done."""
    stamp = work_folder(data_dir) / "lan-kiem-tra"
    now = time.time() if now is None else now
    if stamp.is_file() and now - stamp.stat().st_mtime < CHECK_EVERY:
        return False
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    os.utime(stamp, (now, now))
    return True


class Source:
    """Where updates come from, opened and checked: ``available`` is the newer version, if any."""

    def __init__(
        self,
        data_dir: Path,
        *,
        server: str | None = None,
        package: Path | None = None,
        current: str = __version__,
        program_dir: Path | None = None,
        trusted_root: Path | None = None,
    ) -> None:
        if (server is None) == (package is None):
            raise ValueError("one of server or package")
        if server is not None:  # typed by hand (--server): refused in words before any download is tried
            from sync.state import checked_server

            server = checked_server(server)
        self.work = work_folder(data_dir)
        self.program_dir = program_dir
        self.current = current
        self.label = server or (package.name if package else "")
        self.client = self._client(server, package, trusted_root or TRUSTED_ROOT)
        self.available = self._check()

    def _client(self, server: str | None, package: Path | None, trusted_root: Path) -> _Client:
        metadata = self.work / "metadata"
        metadata.mkdir(parents=True, exist_ok=True)
        if not (metadata / "root.json").is_file():
            if not trusted_root.is_file():
                raise UpdateRefused(
                    "Bản cài đặt này chưa có khóa kiểm tra gói cập nhật (resources/updates/root.json): "
                    "hãy cài lại từ bộ cài của Trung tâm"
                )
            shutil.copyfile(trusted_root, metadata / "root.json")
        if package is not None:
            base = _FILE_BASE
        else:
            assert server is not None
            base = server.rstrip("/") + SERVER_PATH + "/"
        (self.work / "tai-ve").mkdir(exist_ok=True)
        client = _Client(
            app_name=APP_NAME,
            app_install_dir=self.program_dir or self.work,
            current_version=self.current,
            metadata_dir=metadata,
            metadata_base_url=base + "metadata/",
            target_dir=self.work / "tai-ve",
            target_base_url=base + "targets/",
            extract_dir=self.work / "giai-nen",
        )
        # tuf reads through the fetcher: from the unpacked package, or from the server with resumed downloads.
        if package is not None:
            client._fetcher = _PackageFetcher(_unpack(package, self.work / "goi"))
        else:
            client._fetcher = ResumingFetcher(self.work / "tai-ve" / ".dang-tai")
        return client

    def _check(self) -> Update | None:
        try:
            found = self.client.check_for_updates()
            if self.client.failure is not None:  # tufup logged it and answered "no update"
                raise self.client.failure
        except exceptions.DownloadError as error:
            raise UpdateRefused(f"Không tải được thông tin cập nhật từ {self.label}: {error}") from None
        except exceptions.ExpiredMetadataError:
            raise UpdateRefused(
                f"Thông tin cập nhật từ {self.label} đã hết hạn: hãy xin Trung tâm gói cập nhật mới"
            ) from None
        except exceptions.RepositoryError as error:
            raise UpdateRefused(
                f"Gói cập nhật từ {self.label} không đúng chữ ký của nhà phát hành ({type(error).__name__}); "
                "không cài gói này"
            ) from None
        if found is None or not self.client.new_targets:
            return None
        size = sum(target.length for target in self.client.new_targets.values())
        return Update(str(found.version), size, self.label)

    def install(self, db_path: Path, progress: Progress | None = None, installer: Installer | None = None) -> Installed:
        """Download (or read) what ``available`` needs, check it, copy the database, and put the new program
        files in place; ``installer`` does the last step (by default the one this system needs)."""
        if self.available is None:
            raise UpdateRefused("Phần mềm đã là phiên bản mới nhất")
        if self.program_dir is None:
            raise UpdateRefused("Phần mềm đang chạy từ mã nguồn, không phải bản cài đặt: hãy cập nhật mã nguồn")
        extract = self.work / "giai-nen"
        shutil.rmtree(extract, ignore_errors=True)  # what an interrupted attempt left
        extract.mkdir(parents=True)
        done: list[bool] = []
        copies: list[Path] = []
        apply = installer or default_installer()

        def install_files(src_dir: Path, dst_dir: Path, **_: Any) -> None:
            # Called only once everything is downloaded and checked: the copy is made just before.
            if db_path.is_file():
                copies.append(backups.make(db_path, backups.BEFORE_UPDATE).path)
            done.append(apply(Path(src_dir), Path(dst_dir)))

        def hook(bytes_downloaded: int, bytes_expected: int) -> None:
            if progress is not None:
                progress(bytes_downloaded, bytes_expected)

        try:
            self.client.download_and_apply_update(skip_confirmation=True, install=install_files, progress_hook=hook)
        except exceptions.DownloadError as error:
            raise UpdateRefused(f"Tải gói cập nhật bị gián đoạn: {error}. Hãy thử lại (phần đã tải được giữ)") from None
        except exceptions.RepositoryError as error:
            raise UpdateRefused(
                f"Tệp tải về không khớp với chữ ký ({type(error).__name__}): không cài; chưa có gì thay đổi"
            ) from None
        if not done:  # tufup logs a failed patch or unpacking and returns; the next try takes the whole archive
            raise UpdateRefused("Không ghép được bản cập nhật: hãy thử lại (lần sau tải trọn bộ); chưa có gì thay đổi")
        self._forget_old_downloads(self.available.version)
        log.info("update to %s from %s installed (restart: %s)", self.available.version, self.label, done[0])
        return Installed(self.available.version, copies[0] if copies else None, restart=done[0])

    def _forget_old_downloads(self, kept: str) -> None:
        """Only the new version's archive stays (the next update's patches apply to it): a hundred MB each."""
        for path in (self.work / "tai-ve").iterdir():
            if path.is_file() and path.name != f"{APP_NAME}-{kept}.tar.gz":
                path.unlink(missing_ok=True)


class _Client(Client):  # type: ignore[misc]
    """tufup's client, remembering why the metadata could not be refreshed (it only logs that)."""

    failure: Exception | None = None

    def refresh(self) -> None:
        try:
            super().refresh()
        except (exceptions.DownloadError, exceptions.RepositoryError) as error:
            self.failure = error
            raise


Installer = Callable[[Path, Path], bool]
"""Put the unpacked files (first path) into the program folder (second); True when the program must quit
for the copy to happen."""


def default_installer() -> Installer:
    return _schedule_on_windows if os.name == "nt" else copy_now


def copy_now(src_dir: Path, dst_dir: Path) -> bool:
    """Copy over the program folder now (files of a running program can be replaced on Linux and macOS)."""
    shutil.copytree(src_dir, dst_dir, dirs_exist_ok=True)
    shutil.rmtree(src_dir, ignore_errors=True)
    return False


# The paths come in environment variables: a batch file is read in the console's code page, in which a
# Vietnamese user name (C:\Users\Nguyễn…) would not survive; the environment is Unicode.
_WINDOWS_SCRIPT = """@echo off
rem Khuyen cong Desktop: cap nhat sau khi chuong trinh dong (files in use cannot be replaced before)
:wait
tasklist /fi "PID eq %KC_PID%" | find "%KC_PID%" >nul && (timeout /t 1 /nobreak >nul & goto wait)
robocopy "%KC_SRC%" "%KC_DST%" /e /move /r:30 /w:2 /np /unilog:"%KC_LOG%"
if errorlevel 8 goto end
start "" "%KC_DST%\\%KC_PROGRAM%"
:end
(goto) 2>nul & del "%~f0"
"""


def _schedule_on_windows(src_dir: Path, dst_dir: Path) -> bool:
    """Windows keeps a running program's files locked: a small script waits for this process to end, moves
    the files in (robocopy retries a locked file), and starts the new version."""
    script = Path(tempfile.mkdtemp(prefix="khuyencong-")) / "cap-nhat.bat"
    script.write_text(_WINDOWS_SCRIPT, encoding="ascii")
    paths = {"KC_SRC": src_dir, "KC_DST": dst_dir, "KC_LOG": src_dir.parent / "cap-nhat.log"}
    env = os.environ | {name: str(path) for name, path in paths.items()}
    env |= {"KC_PID": str(os.getpid()), "KC_PROGRAM": WINDOW_PROGRAM}
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) | getattr(subprocess, "DETACHED_PROCESS", 0)
    subprocess.Popen(["cmd.exe", "/c", str(script)], env=env, creationflags=flags, close_fds=True)
    return True


def _unpack(package: Path, folder: Path) -> Path:
    """Unpack a package file (a zip of metadata/ and targets/) after checking its names."""
    if not package.is_file():
        raise UpdateRefused(f"Không có tệp {package}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        with zipfile.ZipFile(package) as archive:
            names = archive.namelist()
            if not any(n.startswith("metadata/") for n in names):
                raise UpdateRefused(f"Tệp {package.name} không phải gói cập nhật Khuyến công (thiếu metadata/)")
            for name in names:
                if name.startswith("/") or ".." in Path(name).parts or not name.startswith(("metadata/", "targets/")):
                    raise UpdateRefused(f"Tệp {package.name} có đường dẫn không hợp lệ: {name}")
            archive.extractall(folder)
    except zipfile.BadZipFile:
        raise UpdateRefused(f"Tệp {package.name} không phải gói cập nhật (không đọc được dạng zip)") from None
    return folder


class _CountingFetcher(FetcherInterface):
    """A fetcher that tells tufup's progress hook the bytes so far (tufup attaches it before a download)."""

    _progress: Callable[[int], None] = staticmethod(lambda _n: None)

    def attach_progress_hook(self, hook: Callable[..., None], bytes_expected: int) -> None:
        total = [0]

        def progress(bytes_new: int) -> None:
            total[0] += bytes_new
            hook(bytes_downloaded=total[0], bytes_expected=bytes_expected)

        self._progress = progress


class _PackageFetcher(_CountingFetcher):
    """tuf's downloads served from an unpacked package file instead of the network."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _fetch(self, url: str) -> Iterator[bytes]:
        relative = url.removeprefix(_FILE_BASE)
        path = (self.folder / relative).resolve()
        if not path.is_relative_to(self.folder.resolve()) or not path.is_file():
            raise exceptions.DownloadHTTPError(f"{relative} không có trong gói", 404)  # e.g. the next root: none newer
        with path.open("rb") as stream:
            while chunk := stream.read(256 * 1024):
                self._progress(len(chunk))
                yield chunk


class ResumingFetcher(_CountingFetcher):
    """tuf's downloads from the sync server. An archive or patch cut off halfway (a 2G link drops often) is
    kept, and the next attempt asks only for the rest (an HTTP range, checked against the file's ETag):
    a hundred MB are not started over. tuf checks the whole file's length and hashes as always."""

    CHUNK = 64 * 1024

    def __init__(self, folder: Path, timeout: float = 60.0) -> None:
        self.folder, self.timeout = folder, timeout

    def _fetch(self, url: str) -> Iterator[bytes]:
        resumable = "/targets/" in url
        partial = self.folder / hashlib.sha256(url.encode()).hexdigest()[:32]
        tag = partial.with_suffix(".etag")
        have = partial.stat().st_size if resumable and partial.is_file() and tag.is_file() else 0
        headers = {"Accept-Encoding": "identity"}  # byte ranges count the file's own bytes
        if have:
            headers |= {"Range": f"bytes={have}-", "If-Range": tag.read_text(encoding="ascii")}
        from sync.http import tls

        http = httpx.Client(timeout=httpx.Timeout(self.timeout, connect=20.0), follow_redirects=True, verify=tls())
        try:
            response = http.send(http.build_request("GET", url, headers=headers), stream=True)
        except BaseException:
            http.close()
            raise
        if response.status_code not in (200, 206):
            response.close()
            http.close()
            raise exceptions.DownloadHTTPError(f"{url}: HTTP {response.status_code}", response.status_code)
        resumed = response.status_code == 206
        if resumable:
            self.folder.mkdir(parents=True, exist_ok=True)
            tag.write_text(response.headers.get("etag", ""), encoding="ascii")

        def chunks() -> Iterator[bytes]:
            try:
                if resumed:
                    with partial.open("rb") as kept:
                        while data := kept.read(self.CHUNK):
                            self._progress(len(data))
                            yield data
                kept_here: IO[bytes] | _Discard = partial.open("ab" if resumed else "wb") if resumable else _Discard()
                with kept_here as store:
                    for data in response.iter_bytes(self.CHUNK):
                        store.write(data)
                        store.flush()  # what arrived survives the cut
                        self._progress(len(data))
                        yield data
            except httpx.HTTPError as error:
                raise exceptions.DownloadError(f"{url}: {error}") from error
            finally:
                response.close()
                http.close()
            if resumable:  # complete: tuf now holds it (and checks it); nothing to resume any more
                partial.unlink(missing_ok=True)
                tag.unlink(missing_ok=True)

        return chunks()


class _Discard:
    """A file that keeps nothing (metadata is small: fetched whole again if cut)."""

    def __enter__(self) -> _Discard:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def write(self, _data: bytes) -> int:
        return 0

    def flush(self) -> None:
        return None
