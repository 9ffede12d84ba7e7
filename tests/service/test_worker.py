"""Pieces of the gunicorn worker (service/worker.py) on plain sockets; the worker at work,
under gunicorn, is tests/service/test_server_faults.py's."""

from __future__ import annotations

import socket

import pytest

from service.worker import refuse_new_connections


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
