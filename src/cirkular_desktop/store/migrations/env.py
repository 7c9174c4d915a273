"""Alembic environment: runs migrations on the connection the store hands in.

Imports: store.schema (for autogenerate comparisons), Alembic.
"""

from __future__ import annotations

from alembic import context

from cirkular_desktop.store import schema

config = context.config
target_metadata = schema.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # pragma: no cover - the store always passes a connection
        raise RuntimeError("Cirkulär runs migrations only through its store")
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
