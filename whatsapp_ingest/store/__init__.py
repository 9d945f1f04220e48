"""The store stage: the facts, kept once, in SQLite.

It owns the store's schema and queries (`db`), the identity of a message across overlapping exports
(`message_key`), and the ingest of inbox files (`ingest`: which file is new, unchanged or refused, one
transaction per file). Everything derived is recomputed from here; the figures read it only through
`db.StoredMessages` (every message once, streamed in time order). It imports the export and programme stages and the shared modules.
"""
