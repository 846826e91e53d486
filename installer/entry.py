"""What the bundled programs run: the ``khuyencong`` command (no sub-command opens the window)."""

from desktop.cli import main

raise SystemExit(main())
