"""Pieces of the gunicorn worker (service/worker.py) on plain sockets; the worker at work,
under gunicorn, is tests/service/test_server_faults.py's."""

from __future__ import annotations

import socket

import pytest

from service.worker import attach_socket_filter, refuse_new_connections

# Keep only segments with SYN set: a client's SYN gets its SYN-ACK, and the client counts
# itself connected, but its last ACK and what it sends next never reach the server.
KEEP_ONLY_SYN = [(0x30, 0, 0, 13), (0x54, 0, 0, 0x02), (0x15, 1, 0, 0x02),
                 (0x06, 0, 0, 0), (0x06, 0, 0, 0xFFFFFFFF)]


def test_a_refusing_socket_lets_no_new_connection_in_but_keeps_those_queued():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        address = listener.getsockname()
        queued = socket.create_connection(address, timeout=10)
        assert refuse_new_connections(listener)
        with pytest.raises(socket.timeout):  # its SYN is dropped: no handshake, no answer
            socket.create_connection(address, timeout=1).close()
        accepted, _ = listener.accept()
        with queued, accepted:
            queued.sendall(b"ping")
            assert accepted.recv(4) == b"ping"


@pytest.mark.parametrize("host, family", [("127.0.0.1", socket.AF_INET),
                                          ("::1", socket.AF_INET6)])
def test_a_handshake_under_way_when_the_socket_starts_refusing_still_completes(host, family):
    try:
        listener = socket.create_server((host, 0), family=family)
    except OSError as error:
        pytest.skip(f"no {host} to listen on here: {error}")
    with listener:
        assert attach_socket_filter(listener, KEEP_ONLY_SYN)
        client = socket.create_connection(listener.getsockname()[:2], timeout=10)
        with client:
            client.sendall(b"ping")  # a request sent right behind the handshake
            listener.settimeout(0.5)
            with pytest.raises(socket.timeout):  # the handshake is still under way
                listener.accept()
            assert refuse_new_connections(listener)
            listener.settimeout(10)
            # The client's resent request, or the server's resent SYN-ACK, ends the handshake.
            accepted, _ = listener.accept()
            with accepted:
                accepted.settimeout(10)
                assert accepted.recv(4) == b"ping"
