import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "symposium.settings")

application = get_wsgi_application()

# Each app server process purges the proxy in front from the start, including
# purges queued by processes that ended before sending them (symposium.purge).
from symposium.purge import wake_worker  # noqa: E402  (needs the settings loaded above)

wake_worker()
