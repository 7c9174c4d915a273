"""Entry script of the frozen `cirkular` command (PyInstaller needs a script, not an entry point)."""

from cirkular_desktop.cli.main import main

raise SystemExit(main())
