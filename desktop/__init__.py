"""Khuyến công Desktop: the offline-first application of the provincial industrial-extension centres."""

__version__ = "0.1.0"
