"""Replication rules: the hybrid logical clock, the field-merge rules and sequence-number ranges.

Pure functions and small value types that both the store (which persists
operations and materializes records from them) and sync (which writes and
reads them as bundle lines) need. They live in a package of their own,
below both, so the store knows nothing of bundles (issue #18 item 3).
Imports: the standard library only.
"""
