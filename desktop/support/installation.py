"""This installation of the program: where its folder is, and what Windows lists for it."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from desktop import __version__

log = logging.getLogger(__name__)

# The key the installer (installer/khuyencong.nsi) writes for "Apps & features".
UNINSTALL_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\KhuyenCongDesktop"


def installed_folder() -> Path | None:
    """The program folder of an installed (frozen) program; None when running from source."""
    return Path(sys.executable).resolve().parent if getattr(sys, "frozen", False) else None


def record_version() -> None:
    """After an update replaced the program files, Windows still lists the version the installer wrote:
    the program corrects it at its start (per-user key, no administrator needed)."""
    if sys.platform != "win32" or installed_folder() is None:
        return
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, UNINSTALL_KEY, 0, winreg.KEY_READ | winreg.KEY_SET_VALUE) as key:
            listed, _kind = winreg.QueryValueEx(key, "DisplayVersion")
            if listed != __version__:
                winreg.SetValueEx(key, "DisplayVersion", 0, winreg.REG_SZ, __version__)
    except OSError as error:  # not installed by the installer (a copied folder): nothing to correct
        log.info("no uninstall entry to update: %s", error)
