"""What every page needs: the task runner, the centre's settings and the small reference lists."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import ActivityType, Commune, ContentGroup, Province
from desktop.services import settings as settings_service
from desktop.services.settings import CentreSettings
from desktop.ui.tasks import TaskRunner


@dataclass
class Reference:
    """Reference lists loaded once at start (a few thousand short rows)."""

    provinces: list[tuple[str, str]] = field(default_factory=list)
    communes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # province → [(code, name)]
    commune_province: dict[str, str] = field(default_factory=dict)
    activity_types: list[tuple[str, str]] = field(default_factory=list)
    content_groups: list[tuple[str, str]] = field(default_factory=list)


def load_reference(session: Session) -> tuple[CentreSettings, Reference]:
    ref = Reference()
    ref.provinces = [(p.code, p.name) for p in session.scalars(select(Province).order_by(Province.name))]
    for code, name, province in session.execute(
        select(Commune.code, Commune.name, Commune.province_code).order_by(Commune.name)
    ):
        ref.communes.setdefault(province, []).append((code, name))
        ref.commune_province[code] = province
    ref.activity_types = [(a.code, a.name) for a in session.scalars(select(ActivityType).order_by(ActivityType.code))]
    ref.content_groups = [
        (g.code, g.name) for g in session.scalars(select(ContentGroup).order_by(ContentGroup.position))
    ]
    return settings_service.load(session), ref


@dataclass
class AppContext:
    runner: TaskRunner
    settings: CentreSettings
    reference: Reference

    @property
    def actor(self) -> str:
        return self.settings.user_name or "nguoi-dung"
