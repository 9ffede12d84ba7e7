"""Whether the whole server is stopping: set in gunicorn's master, seen by every worker.

A stop (SIGTERM to the master) drains: /readyz answers 503 at once, so load balancers stop
sending, while the workers go on serving for DRAIN_SECONDS (service/worker.py). A reload
(SIGHUP) or one worker's exit is no stop: the other workers keep listening.
"""

from __future__ import annotations

import mmap

# After the drain, how long a worker still accepts the connections whose handshake was under
# way when it stopped letting new ones in (service/worker.py). A handshake completes within a
# round trip; one whose last ACK was lost completes when the client resends its request
# (Linux: 200 ms or more later) or the server its SYN-ACK (1 s later), so this is best
# effort for those.
HANDSHAKE_SECONDS = 1.0


class SharedFlag:
    """One byte of anonymous shared memory, made in the master before the workers fork:
    a worker reads what the master writes, without a file or a pipe."""

    def __init__(self):
        self._byte = mmap.mmap(-1, 1)  # MAP_SHARED | MAP_ANONYMOUS: shared across fork

    def set(self) -> None:
        self._byte[0] = 1

    def is_set(self) -> bool:
        return self._byte[0] == 1


server_stopping = SharedFlag()
