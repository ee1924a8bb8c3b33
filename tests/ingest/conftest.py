"""Fixtures of the reader and enrichment tests."""

import pytest

from tests.fake_openalex import FakeOpenAlex


@pytest.fixture
def fake():
    """Start loopback OpenAlex servers (`fake(works, **options)`); all are stopped after the test."""
    servers = []

    def start(works, **kw) -> FakeOpenAlex:
        server = FakeOpenAlex(works, **kw).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
