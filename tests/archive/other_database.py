"""A database of the other vendor for a test, reached by `manage.py` in a subprocess."""

import contextlib
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

POSTGRES_SERVER = os.environ.get("ARCHIVE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")


@contextlib.contextmanager
def other_vendor_database(tmp_path):
    """PostgreSQL when the suite runs on SQLite (a temporary database, dropped after), else a SQLite file."""
    if connection.vendor == "postgresql":
        yield f"sqlite:///{tmp_path / 'other.sqlite3'}"
        return
    with temporary_database("postgresql", tmp_path, "roundtrip") as url:
        yield url


@contextlib.contextmanager
def temporary_database(vendor, tmp_path, label):
    """A new, empty database: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if vendor == "sqlite":
        yield f"sqlite:///{tmp_path / label}.sqlite3"
        return
    psycopg = pytest.importorskip("psycopg")
    name = f"archive_{label}_{os.getpid()}"
    try:
        server = psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail(f"no PostgreSQL server at {POSTGRES_SERVER}: {error}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES_SERVER}: {error}")
    with server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{POSTGRES_SERVER}/{name}"
        finally:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database_url, var_dir, check=True):
    """Run manage.py as an operator would, on another database and var/ folder."""
    return subprocess.run(
        manage_command(*args),
        env=site_environment(database_url, var_dir),
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )


def start_manage(*args, database_url, var_dir):
    """manage.py running beside the test, its output read line by line."""
    return subprocess.Popen(
        manage_command(*args), env=site_environment(database_url, var_dir), stdout=subprocess.PIPE, text=True
    )


def manage_command(*args):
    return [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]


def site_environment(database_url, var_dir):
    environment = {**os.environ, "DATABASE_URL": database_url, "SYMPOSIUM_VAR_DIR": str(var_dir)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return environment
