"""The matchmaking workspace in the desktop app: suggestions, the pipeline board, the match editor,
and the editors of test environments, outcomes and competence activities.

Every page and dialog here calls ``services`` through the window's ``GuiContext``
and lays out plain data; the rules live in ``services.pipeline`` and
``services.workspace_rules``. Imports: PySide6, i18n, core, services, gui.
"""

# Pages this package adds to the navigation: (key, label, icon).
from cirkular_desktop.i18n import N_

PAGES = (("matchmaking", N_("Matchmaking"), "matchmaking"), ("pipeline", N_("Pipeline"), "pipeline"))
# Record lists this package's editors open (besides the match list).
TABLES = ("test_environment", "outcome", "activity")
# Names for the navigation where it differs from the table's plural (none now; kept for longer names).
NAV_LABELS: dict[str, str] = {}
