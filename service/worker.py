"""The gunicorn worker the service runs (deploy/gunicorn.conf.py names it).

gunicorn's gthread worker, changed where it failed under attack or in operation:

- **A connection gets a thread only once its request head has arrived.** gthread hands
  every new connection to a thread that blocks reading the headers, so a few clients that
  send half a request hold every thread, and /healthz goes unanswered. Here the worker's
  main loop reads request heads without blocking, beside the kept-alive connections it
  already watches; a head still incomplete after HEADER_TIMEOUT is answered 408 and closed.
  The threads only run requests whose head is complete.
- **The workers share one listening socket, evenly.** A worker takes a new connection only
  with a thread free, and every REQUESTS_PER_CONNECTION answers on a connection one says
  "Connection: close", so kept-alive connections drift to the less busy worker.
- **gunicorn's own errors are our JSON error.** gunicorn answers a request line over its
  limit, too many headers, two Content-Lengths and the like itself, before any app sees
  them, with an HTML page (gunicorn.util.write_error, whose only caller is the worker's
  handle_error). It writes the service's error body instead, with the same status.
- **Closing waits for the client in the main loop, not blocking it.** gthread's graceful
  close waited there, up to 2 s, for the client to close its side.
- **A stop drains.** When the whole server stops (SIGTERM to the master; see
  service/lifecycle.py), each worker goes on accepting and answering for DRAIN_SECONDS,
  every answer with "Connection: close", while /readyz answers 503. Then it lets no new
  connection in, goes on accepting for lifecycle.HANDSHAKE_SECONDS the connections whose
  handshake was under way, takes those the kernel queued, answers them and exits: nothing a
  client sent is reset, unless its handshake's last ACK was lost for longer than that. A
  reload (SIGHUP) stops old workers without draining: the new ones listen on the same socket.
"""

from __future__ import annotations

import ctypes
import errno
import selectors
import socket
import struct
import time
from collections import deque
from functools import partial

from gunicorn import util
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.gthread import TConn, ThreadWorker

from service import lifecycle
from service.config import ServerConfig
from service.errors import error_body, http_error_code
from service.responses import encode_json

# The most a request head may take (request line and headers): our clients send a few
# hundred bytes; the bound is what a slow client can make a worker hold for it.
MAX_HEAD_BYTES = 16 * 1024
HEAD_END = b"\r\n\r\n"
# Requests over one kept-alive connection before the answer says "Connection: close".
REQUESTS_PER_CONNECTION = 100
# How long a closed connection waits for the client to close its side (gthread's own wait).
CLOSE_LINGER_SECONDS = 2.0


def write_json_error(sock, status: int, reason: str, message: str) -> None:
    """gunicorn.util.write_error's job (same arguments), with our JSON error body."""
    body = encode_json(error_body(http_error_code(status, reason), (message or reason)[:300]))
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


util.write_error = write_json_error


# Classic BPF socket filters (struct sock_filter: code, jt, jf, k). On a TCP socket the
# program sees each segment from its TCP header on, so byte 13 holds the flags.
_LOAD_FLAGS = (0x30, 0, 0, 13)                   # BPF_LD | BPF_B | BPF_ABS: A = flags
_SYN, _ACK = 0x02, 0x10
_DROP, _KEEP = (0x06, 0, 0, 0), (0x06, 0, 0, 0xFFFFFFFF)  # BPF_RET | BPF_K: bytes kept
# "Drop a segment that opens a connection (SYN without ACK), keep the rest." On a listening
# socket no new connection completes its handshake (the client gets "connection refused"
# once the socket is closed), while a handshake already under way still completes: the
# client's last ACK, and the request it sends right behind it, reach the listening socket
# too. Dropping everything lost those: the client had connected, the server never had.
REFUSE_NEW_CONNECTIONS = [_LOAD_FLAGS,
                          (0x54, 0, 0, _SYN | _ACK),  # BPF_ALU | BPF_AND | BPF_K
                          (0x15, 0, 1, _SYN),         # BPF_JMP | BPF_JEQ | BPF_K
                          _DROP, _KEEP]
_SO_ATTACH_FILTER = getattr(socket, "SO_ATTACH_FILTER", 26)


def attach_socket_filter(sock: socket.socket, program: list[tuple[int, int, int, int]]) -> bool:
    """Run `program` (classic BPF) on every packet that reaches `sock` (Linux); False where
    that cannot be done."""
    code = ctypes.create_string_buffer(
        b"".join(struct.pack("HBBI", *instruction) for instruction in program))
    # struct sock_fprog: the number of instructions and a pointer to them.
    fprog = struct.pack("HP", len(program), ctypes.addressof(code))
    try:
        sock.setsockopt(socket.SOL_SOCKET, _SO_ATTACH_FILTER, fprog)
    except OSError:
        return False
    return True


def refuse_new_connections(listener: socket.socket) -> bool:
    """Let no new connection into `listener`, but finish the handshakes under way (Linux);
    False where that cannot be done."""
    return attach_socket_filter(listener, REFUSE_NEW_CONNECTIONS)


class Connection(TConn):
    """gthread's connection, whose graceful close waits for the client in the worker's main
    loop instead of blocking it: gthread's waited there for the client's FIN, up to 2 s,
    holding up every other connection of the worker meanwhile."""

    def __init__(self, worker: "Worker", *args):
        super().__init__(*args)
        self.worker = worker

    def close(self, graceful=False):
        if graceful:
            self.worker.linger(self)
        else:
            super().close()


class Worker(ThreadWorker):

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        settings = ServerConfig.from_env()
        self.header_timeout = settings.header_timeout_seconds
        self.drain_seconds = settings.drain_seconds
        # Connections whose request head is still arriving, by deadline (oldest first).
        self.heads: deque[TConn] = deque()
        # Connections answered and half-closed, waiting for the client to close too.
        self.lingering: deque[TConn] = deque()
        self.drain_ends: float | None = None  # set while a stop drains
        self.accepting_ends: float | None = None  # set once the drain refuses new connections
        self.requests_in_threads = 0  # handed to the thread pool, not yet finished

    # --- sharing the listening socket -----------------------------------------------

    def run(self):
        self.defer_accept(True)
        super().run()

    def defer_accept(self, defer: bool) -> None:
        """With `defer`, the kernel offers a connection to accept() only once its first bytes
        have arrived: a burst of connections is not all taken by the first worker to wake,
        before their requests show how busy it is."""
        for listener in self.sockets:
            if listener.family in (socket.AF_INET, socket.AF_INET6):
                listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, int(defer))

    def set_accept_enabled(self, enabled):
        # Take new connections only with a thread free. The workers share one listening
        # socket, and the kernel wakes them all for each connection; without this the
        # first to wake took most of a burst of connections, and kept them.
        super().set_accept_enabled(enabled and self.requests_in_threads < self.cfg.threads)

    def enqueue_req(self, conn):
        self.requests_in_threads += 1
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self.requests_in_threads -= 1
        super().finish_request(conn, fs)

    # --- request heads, read in the main loop -----------------------------------------

    def accept(self, listener) -> bool:
        try:
            sock, client = listener.accept()
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.ECONNABORTED):
                return False
            raise
        self.nr_conns += 1
        self.wait_for_head(Connection(self, self.cfg, sock, client, listener.getsockname()))
        return True

    def on_client_socket_readable(self, conn, client):
        # A kept-alive connection's next request: its head is awaited like a new one's.
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self.wait_for_head(conn)

    def wait_for_head(self, conn: TConn) -> None:
        conn.head = bytearray()
        conn.refusal = None  # the error to answer instead, for a head we will not parse
        conn.timeout = time.monotonic() + self.header_timeout
        outcome = self.read_head(conn)  # often all there already
        if outcome == "awaited":
            self.heads.append(conn)
            self.poller.register(conn.sock, selectors.EVENT_READ,
                                 partial(self.on_head_readable, conn))
        else:
            self.move_on(conn, outcome)

    def on_head_readable(self, conn: TConn, sock) -> None:
        outcome = self.read_head(conn)
        if outcome != "awaited":
            self.poller.unregister(sock)  # before a thread or a close takes the socket
            self.heads.remove(conn)
            self.move_on(conn, outcome)

    def read_head(self, conn: TConn) -> str:
        """Take what has arrived: the head is "awaited" still, "complete", "too long", or the
        client has "gone"."""
        try:
            data = conn.sock.recv(65536)
        except BlockingIOError:
            return "awaited"
        except OSError:
            data = b""
        if not data:
            return "gone"
        searched = max(len(conn.head) - len(HEAD_END) + 1, 0)
        conn.head += data
        head_end = conn.head.find(HEAD_END, searched)
        if head_end < 0:
            return "too long" if len(conn.head) > MAX_HEAD_BYTES else "awaited"
        return "too long" if head_end + len(HEAD_END) > MAX_HEAD_BYTES else "complete"

    def move_on(self, conn: TConn, outcome: str) -> None:
        if outcome == "complete":
            conn.data_ready = True  # the thread must not wait for data: it is here
            self.enqueue_req(conn)
        elif outcome == "too long":
            self.refuse_head(conn)
        else:
            self.close_connection(conn)

    def refuse_head(self, conn: TConn) -> None:
        """414 for a request line over gunicorn's limit, 431 for a head over ours. Answered
        in a thread, which closes the connection gracefully: the client may still be sending
        its head, and closing on unread bytes would reset the connection, answer and all."""
        line_limit = self.cfg.limit_request_line
        if line_limit and conn.head.find(b"\r\n", 0, line_limit + 2) < 0:
            conn.refusal = LimitRequestLine(len(conn.head), line_limit)
        else:
            conn.refusal = LimitRequestHeaders(f"Request head over {MAX_HEAD_BYTES} bytes")
        self.enqueue_req(conn)

    def close_connection(self, conn: TConn) -> None:
        self.nr_conns -= 1
        conn.close()

    def linger(self, conn: TConn) -> None:
        """Close after the answer: our FIN now, the socket once the client closes its side
        (closing it on bytes the client still sends would reset the connection, and the
        answer with it), or after CLOSE_LINGER_SECONDS."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            util.close(conn.sock)
            return
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + CLOSE_LINGER_SECONDS
        self.lingering.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ,
                             partial(self.on_lingering_readable, conn))

    def on_lingering_readable(self, conn: TConn, sock) -> None:
        try:
            if sock.recv(65536):
                return  # still sending: read and dropped until it closes
        except BlockingIOError:
            return
        except OSError:
            pass
        self.poller.unregister(sock)
        self.lingering.remove(conn)
        util.close(sock)

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        while self.lingering and self.lingering[0].timeout <= now:
            conn = self.lingering.popleft()
            self.poller.unregister(conn.sock)
            util.close(conn.sock)
        while self.heads and self.heads[0].timeout <= now:
            conn = self.heads.popleft()
            self.poller.unregister(conn.sock)
            if conn.head:  # a request began: say why it ends
                try:
                    util.write_error(conn.sock, 408, "Request Timeout",
                                     f"The request head did not arrive within "
                                     f"{self.header_timeout:g} s.")
                except OSError:
                    pass
            self.close_connection(conn)
        if self.alive and self.drain_ends is not None and now >= self.drain_ends:
            self.end_drain(now)

    def handle(self, conn: TConn):
        """In a thread: the bytes the main loop read go back in front of the parser's input."""
        conn.sock.setblocking(True)
        if conn.refusal is not None:
            self.handle_error(None, conn.sock, conn.client, conn.refusal)
            return False  # gthread then closes the connection gracefully
        conn.init()
        conn.parser.unreader.unread(bytes(conn.head))
        conn.head = bytearray()
        return super().handle(conn)

    # --- stopping -------------------------------------------------------------------

    def handle_exit(self, sig, frame):
        """SIGTERM: when the whole server stops, drain first; otherwise stop as gthread does."""
        if (self.alive and self.drain_ends is None and self.drain_seconds > 0
                and lifecycle.server_stopping.is_set()):
            self.log.info("Draining for %g s", self.drain_seconds)
            self.drain_ends = time.monotonic() + self.drain_seconds
            # Connections complete their handshake at once again: one deferred until its
            # request arrived would be lost if that came after the socket stopped listening.
            self.defer_accept(False)
            return
        super().handle_exit(sig, frame)

    def _cap_keepalive(self, deadline):
        # gthread, stopping, gives kept-alive connections a short linger for a request
        # already on its way; connections whose head is still arriving get no longer.
        super()._cap_keepalive(deadline)
        for conn in self.heads:  # by deadline: one cap for all keeps the order
            conn.timeout = min(conn.timeout, deadline)

    def handle_request(self, req, conn):
        conn.requests = getattr(conn, "requests", 0) + 1
        if self.drain_ends is not None:
            # The client's next request goes over a new connection: to another replica
            # once the load balancer has seen /readyz.
            req.force_close()
        elif conn.requests >= REQUESTS_PER_CONNECTION:
            # Kept-alive connections stay with the worker that took them, however busy it
            # is; now and then each is closed, and the client's new connection goes to a
            # worker with a thread free (like nginx's keepalive_requests).
            req.force_close()
        return super().handle_request(req, conn)

    def wait_for_and_dispatch_events(self, timeout):
        # gthread's loop waits up to a second for events; a stop's deadlines are kept to
        # the moment, so a drain takes DRAIN_SECONDS and HANDSHAKE_SECONDS, not a second
        # more each on an idle worker.
        upcoming = self.drain_ends if self.accepting_ends is None else self.accepting_ends
        if upcoming is not None and self.alive:
            timeout = min(timeout, max(upcoming - time.monotonic(), 0.0))
        super().wait_for_and_dispatch_events(timeout)

    def end_drain(self, now: float) -> None:
        """First refuse new connections, and go on accepting the handshakes under way; after
        lifecycle.HANDSHAKE_SECONDS take every connection the kernel queued and stop."""
        if self.accepting_ends is None:
            for listener in self.sockets:
                refuse_new_connections(listener)
            self.accepting_ends = now + lifecycle.HANDSHAKE_SECONDS
        elif now >= self.accepting_ends:
            for listener in self.sockets:
                while self.accept(listener):
                    pass
            self.alive = False  # gthread's own graceful stop from here
