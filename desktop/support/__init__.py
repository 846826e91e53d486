"""Support for an installation: the support report and program updates."""
