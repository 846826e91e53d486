"""The central sync server (FastAPI)."""
