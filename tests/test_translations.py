"""UI texts go through tr(); the translators' file lists every one of them (refresh: tasks.py translations)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "khuyencong_en.ts"


def test_the_translation_file_lists_every_ui_text(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    copy = tmp_path / TS.name
    shutil.copyfile(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").glob("*.py"))
    out = subprocess.run(
        [str(lupdate), *sources, "-source-language", "vi_VN", "-no-obsolete", "-ts", str(copy)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"Found (\d+) source text\(s\) \((\d+) new", out)
    assert found is not None, out
    assert int(found.group(1)) > 400
    assert found.group(2) == "0", "run `python3 tasks.py translations` to add the new texts to " + TS.name
    assert "Đề án" in TS.read_text(encoding="utf-8")


def test_qt_s_own_texts_are_vietnamese_and_compiled(tmp_path: Path) -> None:
    """Qt has no Vietnamese of its own: without ours a confirmation would ask "&Yes / &No"."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from desktop.ui.app import make_application

    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    source = ROOT / "resources" / "i18n" / "qt_vi.ts"
    subprocess.run([str(lrelease), str(source), "-qm", str(tmp_path / "qt_vi.qm")], capture_output=True, check=True)
    assert (tmp_path / "qt_vi.qm").read_bytes() == source.with_suffix(".qm").read_bytes(), "run tasks.py translations"
    make_application()
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Xóa", "Xóa cơ sở này?", buttons.Yes | buttons.No | buttons.Cancel)
    assert sorted(b.text() for b in box.buttons()) == ["&Có", "&Không", "Hủy"]
    field = QLineEdit()
    menu = field.createStandardContextMenu()
    assert menu is not None
    assert [a.text().split("\t")[0] for a in menu.actions() if a.text()][:3] == ["&Hoàn tác", "&Làm lại", "&Cắt"]
