"""Indexes only PostgreSQL has, created by the project's migrations (issue 9).

``AddPostgresIndex`` builds an index (a ``GinIndex`` with ``gin_trgm_ops`` for name search)
``CONCURRENTLY`` on PostgreSQL, so writes go on while it builds on a table of millions of
rows, and does nothing on SQLite. The index is deliberately kept out of the model state
(``Meta.indexes``): SQLite rebuilds a table from that state on some schema changes and would
then try ``USING gin``. A migration using it sets ``atomic = False`` (CONCURRENTLY cannot run
in a transaction); ``TrigramExtension()`` before it creates ``pg_trgm`` (superuser, or an
operator creates it first: docs/deploy.md).
"""

from django.db import migrations


class AddPostgresIndex(migrations.AddIndex):
    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, concurrently=not schema_editor.atomic_migration)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.index.name)}")

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return self.index.name.lower()
