"""Anonymous clients are limited per address, with a 429 that says so and when to come back."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_a_minute(settings):
    settings.API_RATE_LIMIT = "3/minute"


def fresh(n):
    """A URL no earlier request has cached."""
    return f"/api/v1/articles/?page_size={n}"


def test_the_request_past_the_limit_gets_a_429_with_retry_after(client, newsroom):
    for n in range(1, 4):
        assert client.get(fresh(n)).status_code == 200
    response = client.get(fresh(4), headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Too many requests from your address (at most 3/minute).")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Retry-After" in response["Access-Control-Expose-Headers"]


def test_a_429_is_not_cached(client, newsroom):
    for n in range(1, 4):
        client.get(fresh(n))
    assert client.get(fresh(4)).status_code == 429
    assert "X-Page-Cache" not in client.get(fresh(4))


def test_cached_responses_are_not_counted(client, newsroom):
    for n in range(1, 4):
        client.get(fresh(n))
    assert client.get(fresh(1))["X-Page-Cache"] == "hit"


def test_each_address_has_its_own_allowance(client, newsroom):
    for n in range(1, 4):
        client.get(fresh(n))
    assert client.get(fresh(4)).status_code == 429
    assert client.get(fresh(4), REMOTE_ADDR="198.51.100.7").status_code == 200


def test_a_forged_forwarded_for_does_not_reset_the_count(client, newsroom):
    for n in range(1, 4):
        client.get(fresh(n), headers={"X-Forwarded-For": f"203.0.113.{n}"})
    assert client.get(fresh(4), headers={"X-Forwarded-For": "203.0.113.99"}).status_code == 429


def test_behind_a_trusted_proxy_the_client_address_counts(client, newsroom, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for n in range(1, 4):
        client.get(fresh(n), headers={"X-Forwarded-For": "203.0.113.1"})
    assert client.get(fresh(4), headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 429
    assert client.get(fresh(4), headers={"X-Forwarded-For": "203.0.113.2"}).status_code == 200


def test_no_limit_when_none_is_set(client, newsroom, settings):
    settings.API_RATE_LIMIT = None
    for n in range(1, 6):
        assert client.get(fresh(n)).status_code == 200
