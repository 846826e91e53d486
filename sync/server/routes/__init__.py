"""The sync server's routes, one router per subject (``sync.server.app`` includes them all)."""

from __future__ import annotations

from sync.server.routes import auth, blobs, health, sync, updates

ROUTERS = (health.router, auth.router, sync.router, blobs.router, updates.router)
