"""Sync between installations and the central server (protocol, client, server). Qt-free."""
