"""The server's settings that travel through the environment: the command line sets them, and each worker
process of ``khuyencong-server serve --workers N`` reads them (``app.from_environment``)."""

from __future__ import annotations

URL_VARIABLE = "KHUYENCONG_DATABASE_URL"  # the database: PostgreSQL for a province, SQLite by default
UPDATES_VARIABLE = "KHUYENCONG_UPDATES_DIR"  # where the program's update packages are served from
