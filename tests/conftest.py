from contextlib import contextmanager

import pytest
from django.core.management import call_command


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
