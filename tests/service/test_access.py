"""API keys and rate limits (service/access.py), in memory and shared through a real,
private Redis."""

from __future__ import annotations

import hmac

import pytest

from service.config import Config, ConfigError
from service_checks import assert_error

KEYS = ("first-key", "second-key")
SENTENCE = {"text": "Harry Potter visited London."}


def tag(client, **headers):
    return client.post("/tag", json=SENTENCE, headers=headers)


@pytest.fixture
def keyed_client(make_app):
    return make_app(api_keys=KEYS).test_client()


# --- API keys ----------------------------------------------------------------------------


def test_without_a_key_tagging_is_refused_with_401(keyed_client):
    for headers in ({}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"},
                    {"Authorization": "Basic Zmlyc3Q6a2V5"}, {"X-API-Key": "first-key "[:-2]}):
        response = tag(keyed_client, **headers)
        assert_error(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_every_key_works_in_either_header(keyed_client):
    for key in KEYS:
        assert tag(keyed_client, **{"X-API-Key": key}).status_code == 200
        assert tag(keyed_client, Authorization=f"Bearer {key}").status_code == 200


def test_the_model_needs_a_key_and_the_probes_and_docs_do_not(keyed_client):
    assert_error(keyed_client.get("/model"), 401, "unauthorized")
    assert keyed_client.get("/model", headers={"X-API-Key": KEYS[0]}).status_code == 200
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/"):
        assert keyed_client.get(path).status_code == 200, path
    # A route or method that does not exist is answered as such, key or not.
    assert_error(keyed_client.get("/nothing-here"), 404, "not_found")
    assert_error(keyed_client.post("/healthz"), 405, "method_not_allowed")


def test_without_api_keys_nothing_needs_one(client):
    assert tag(client).status_code == 200
    assert client.get("/model").status_code == 200


def test_a_key_is_compared_with_every_key_in_constant_time(keyed_client, monkeypatch):
    calls, original = [], hmac.compare_digest

    def compare_digest(a, b):
        calls.append(b)
        return original(a, b)

    monkeypatch.setattr("service.access.hmac.compare_digest", compare_digest)
    assert tag(keyed_client, **{"X-API-Key": KEYS[0]}).status_code == 200
    assert calls == [key.encode() for key in KEYS]  # not stopping at the first match


def test_the_document_states_the_keys_when_they_are_on(keyed_client, client):
    spec = keyed_client.get("/openapi.json").get_json()
    assert set(spec["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    assert "401" in spec["paths"]["/tag"]["post"]["responses"]
    assert spec["paths"]["/tag"]["post"]["security"] == [{"bearer": []}, {"apiKey": []}]
    assert "security" not in spec["paths"]["/healthz"]["get"]
    assert "401" not in client.get("/openapi.json").get_json()["paths"]["/tag"]["post"]["responses"]


# --- Rate limits -------------------------------------------------------------------------


def assert_rate_limited(response):
    assert_error(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) > 0


def test_each_key_has_its_own_limit_in_memory(make_app):
    client = make_app(api_keys=KEYS, rate_limit="3/minute").test_client()
    first, second = ({"X-API-Key": key} for key in KEYS)
    for _ in range(3):
        response = tag(client, **first)
        assert response.status_code == 200 and "Retry-After" not in response.headers
    assert_rate_limited(tag(client, **first))
    assert_rate_limited(tag(client, Authorization=f"Bearer {KEYS[0]}"))  # the same key
    assert tag(client, **second).status_code == 200
    # Refused requests are not counted against anyone; the probes are never limited.
    assert_error(tag(client, **{"X-API-Key": "wrong"}), 401, "unauthorized")
    for _ in range(5):
        assert client.get("/healthz").status_code == 200


def test_without_keys_the_limit_is_per_client_address(make_app):
    client = make_app(rate_limit="2/minute").test_client()
    assert [tag(client).status_code for _ in range(2)] == [200, 200]
    assert_rate_limited(tag(client))
    other = client.post("/tag", json=SENTENCE, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 200


def test_two_instances_share_the_limit_through_redis(make_app, redis_server):
    # Two apps stand for two workers or replicas on one Redis.
    one, two = (make_app(api_keys=KEYS, rate_limit="4/minute", redis_url=redis_server.url,
                         response_memo_max_bytes=0).test_client() for _ in range(2))
    key = {"X-API-Key": KEYS[0]}
    assert [tag(one, **key).status_code, tag(two, **key).status_code,
            tag(one, **key).status_code, tag(two, **key).status_code] == [200] * 4
    assert_rate_limited(tag(one, **key))
    assert_rate_limited(tag(two, **key))
    stored = b" ".join(redis_server.client().keys("*"))
    assert b"ner-rate" in stored and KEYS[0].encode() not in stored  # a digest, not the key


def test_a_dead_redis_does_not_fail_rate_limited_requests(make_app, redis_server):
    client = make_app(api_keys=KEYS, rate_limit="1000/minute", redis_url=redis_server.url,
                      response_memo_max_bytes=0).test_client()
    key = {"X-API-Key": KEYS[0]}
    assert tag(client, **key).status_code == 200
    redis_server.stop()
    for _ in range(3):
        response = tag(client, **key)
        assert response.status_code == 200, response.get_data(as_text=True)
    redis_server.start()
    assert tag(client, **key).status_code == 200


def test_a_slow_redis_does_not_fail_rate_limited_requests(make_app, redis_server):
    client = make_app(api_keys=KEYS, rate_limit="1000/minute", redis_url=redis_server.url,
                      redis_timeout_seconds=0.05, response_memo_max_bytes=0).test_client()
    key = {"X-API-Key": KEYS[0]}
    assert tag(client, **key).status_code == 200
    # Every client's commands now wait a second, far past the service's timeout.
    redis_server.client().execute_command("CLIENT", "PAUSE", 1000, "ALL")
    response = tag(client, **key)
    assert response.status_code == 200, response.get_data(as_text=True)


def test_rate_limit_and_keys_from_the_environment():
    config = Config.from_env({"API_KEYS": " a , b,,", "RATE_LIMIT": "100/second;5000/minute"})
    assert config.api_keys == ("a", "b") and config.rate_limit == "100/second;5000/minute"
    assert Config.from_env({}).api_keys == () and Config.from_env({}).rate_limit is None
    with pytest.raises(ConfigError, match="RATE_LIMIT"):
        Config.from_env({"RATE_LIMIT": "lots"})
