"""SQL functions the site adds to its SQLite connections.

The pair index's triggers (migration 0006) call `symposium_cjk_pairs`, so
every connection that writes search documents needs it: SymposiumConfig
registers it on each new SQLite connection.
"""

from symposium.search.query import cjk_pairs


def register_functions(sqlite_connection):
    sqlite_connection.create_function("symposium_cjk_pairs", 1, cjk_pairs, deterministic=True)


def on_connection_created(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        register_functions(connection.connection)
