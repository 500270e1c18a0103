"""The proxy settings come from the environment and are checked when the site starts."""

import pytest

from tests.site.test_security import manage


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"PROXY_CACHE": "akamai"}, "PROXY_CACHE must be varnish, fastly, cloudflare or empty"),
        ({"PROXY_CACHE": "varnish"}, "needs PROXY_PURGE_URLS"),
        ({"PROXY_CACHE": "varnish", "PROXY_PURGE_URLS": "file:///etc/passwd"}, "must be http(s) addresses"),
        ({"PROXY_CACHE": "fastly", "FASTLY_SERVICE_ID": "abc"}, "needs FASTLY_API_TOKEN"),
        ({"PROXY_CACHE": "cloudflare"}, "needs CLOUDFLARE_ZONE_ID, CLOUDFLARE_API_TOKEN"),
    ],
)
def test_a_proxy_that_could_not_be_purged_is_refused(env, complaint):
    result = manage("check", env=env)
    assert result.returncode != 0 and complaint in result.stderr


def test_a_complete_proxy_configuration_starts():
    env = {"PROXY_CACHE": " Varnish ", "PROXY_PURGE_URLS": "http://10.0.0.2:6081/, http://10.0.0.3:6081/"}
    code = "from django.conf import settings as s; print(s.PROXY_CACHE, s.PROXY_PURGE_URLS)"
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "varnish ['http://10.0.0.2:6081/', 'http://10.0.0.3:6081/']"
