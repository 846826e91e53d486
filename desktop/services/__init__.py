"""Qt-free services: every business rule of the khuyến công domain lives here."""
