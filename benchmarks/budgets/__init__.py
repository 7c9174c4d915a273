"""The budgets of design §6, in the order they are run and printed.

Each module defines ``Budget`` objects (``benchmarks.harness.Budget``); this
registry lists them by name. Imports: benchmarks.budgets.*.
"""

from __future__ import annotations

from benchmarks.budgets import cli, gui, matching, reports, sync
from benchmarks.harness import Budget

ALL: tuple[Budget, ...] = (gui.STARTUP, gui.FILTER, sync.IMPORT_FULL, sync.REIMPORT, reports.SUMMARY_PDF,
                           reports.SUMMARY_BATCH, gui.MEMORY, gui.MEMORY_EDIT, sync.IMPORT_MEMORY, matching.MATCH,
                           matching.MATCH_ONE, cli.CLI_VERSION, cli.CLI_LIST, cli.SUMMARY_PDF_COLD, gui.AUTOSAVE)
BY_NAME = {budget.name: budget for budget in ALL}
