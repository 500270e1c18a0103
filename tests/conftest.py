from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.object_storage import s3_media, s3_server  # noqa: F401  (fixtures: an S3 server in the test process)


def static_sources():
    """The site's own static files and those of installed packages (admin, ...), as collectstatic finds them."""
    from django.contrib.staticfiles.finders import get_finders

    for finder in get_finders():
        for path, storage in finder.list([]):
            yield Path(storage.path(path))


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """Pages name fingerprinted files from the manifest: collect them when missing or older than a source.

    So a plain `pytest` works, not only `make test`.
    """
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    built = manifest.stat().st_mtime if manifest.exists() else 0
    if any(source.stat().st_mtime > built for source in static_sources()):
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The catalogues' .mo files, compiled when missing or older than their .po: `make test` and plain pytest alike."""
    from symposium.catalogue import compile_catalogues

    compile_catalogues()


@pytest.fixture
def demo(db):
    """The demo symposium, as `make run` loads it."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="correct horse battery", is_staff=True)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with a cold cache, so cached figures never leak between tests."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` commits the writes in the block, as a request or command would.

    A test runs inside one transaction that never commits, so what waits for
    a commit (forgetting cached pages) runs when the block ends. Writes made
    before the block count as committed before any page was cached.
    """
    from symposium import cache

    @contextmanager
    def commit():
        cache._batch.keys = None
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return commit
