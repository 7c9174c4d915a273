"""Sync: bundle files, their reading and writing, and their encryption.

Nothing in ``sync`` touches the database (design §2): services move
operations between the store and bundle files. The clock, the field-merge
rules and the sequence-number ranges that both the store and the bundles
use are in ``replication``, below both. Imports: errors, i18n, core,
replication, standard library, orjson and cryptography.
"""
