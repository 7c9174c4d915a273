"""Services: one function per use case, the only API the CLI and the GUI use.

Each function opens one unit of work, validates its input with ``core``,
changes the store, and returns plain data (dicts, dataclasses, strings) —
never a connection or a row object. Mutations return a ``Result`` whose
``changes`` names the tables they touched, so screens know what to refresh.
Imports: everything below (errors, i18n, paths, core, store, sync, reports).
"""
