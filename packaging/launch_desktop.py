"""Entry script of the frozen desktop app (PyInstaller needs a script, not an entry point)."""

from cirkular_desktop.gui.main import main

raise SystemExit(main())
