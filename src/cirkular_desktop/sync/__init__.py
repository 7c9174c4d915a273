"""Sync: hybrid logical clock, field-merge rules, bundle files and their encryption.

Nothing in ``sync`` touches the database (design §2): the store persists
operations and calls the pure merge rules here; services move operations
between the store and bundle files. Imports: errors, i18n, core, standard
library and cryptography.
"""
