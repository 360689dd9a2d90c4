"""Alembic's entry point: run the migrations on the engine the store hands over."""

from alembic import context

from evaluations.models import Base
from evaluations.store import engine_for

config = context.config
engine = config.attributes.get("engine") or engine_for(config.get_main_option("sqlalchemy.url"))

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
