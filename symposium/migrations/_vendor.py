"""Helpers for migrations that differ per database (the loader skips `_` modules)."""


def run_for_vendor(statements):
    """A RunPython function running the statements listed for the connection's vendor, if any."""

    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
