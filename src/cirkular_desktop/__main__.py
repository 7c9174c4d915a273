"""`python -m cirkular_desktop` runs the `cirkular` command. Imports: cli only."""

from cirkular_desktop.cli.main import main

raise SystemExit(main())
