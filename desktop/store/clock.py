"""Sync's foundations on this installation: its id, made once, and the hybrid logical clock whose values
order every change it makes (``millis-counter-device``), kept in the outbox with each change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import AppSetting, OutboxEntry
from desktop.models.base import new_id

DEVICE_SETTING = "sync_device_id"  # app_setting key: this installation's id, in every change's clock value


def device_id(session: Session) -> str:
    """This installation's id, made on first use (its clock values and its server registration carry it)."""
    device = session.scalar(select(AppSetting.value).where(AppSetting.key == DEVICE_SETTING))
    if not device:
        device = new_id().hex
        session.add(AppSetting(key=DEVICE_SETTING, value=device))
    return str(device)


class HybridClock:
    """Hybrid logical clock values (``millis-counter-device``): ordered like wall time, yet never going
    backwards on this installation even if the PC's clock does, and unique across installations."""

    def __init__(self, device: str, millis: int, counter: int) -> None:
        self.device, self.millis, self.counter = device, millis, counter

    @classmethod
    def resume(cls, session: Session) -> HybridClock:
        """The clock as this installation's last outbox entry left it."""
        device = device_id(session)
        last = session.scalar(select(OutboxEntry.hlc).order_by(OutboxEntry.seq.desc()).limit(1))
        millis, counter = parse_hlc(last)[:2] if last else (0, 0)
        return cls(device, millis, counter)

    def tick(self, at: datetime) -> str:
        wall = int(at.timestamp() * 1000)
        if wall > self.millis:
            self.millis, self.counter = wall, 0
        else:
            self.counter += 1
        return format_hlc(self.millis, self.counter, self.device)


def format_hlc(millis: int, counter: int, device: str) -> str:
    """A clock value whose text order is its time order (fixed-width numbers)."""
    return f"{millis:015d}-{counter:05d}-{device}"


def parse_hlc(value: str) -> tuple[int, int, str]:
    millis, counter, device = value.split("-", 2)
    return int(millis), int(counter), device
