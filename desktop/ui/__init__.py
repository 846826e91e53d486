"""The Qt user interface: thin widgets, dialogs and item models over the Qt-free services."""
