"""The response memo: whole POST /tag responses by the exact bytes of the request body."""

from __future__ import annotations

import hashlib
import threading
from typing import NamedTuple

from cachetools import LRUCache


class MemoEntry(NamedTuple):
    """A remembered response: its body, and what the metrics count when it is replayed."""

    body: bytes
    sentences: int
    tokens: int


class ResponseMemo:
    """Whole POST /tag responses by the exact bytes of the request body, in one worker.

    Not a second copy of the sentence cache: the sentence cache holds the model's
    output per sentence, in Redis or in process, and every request still has to be
    parsed, validated, tokenized, looked up and encoded against it. The memo is a
    near cache in front of all that, for clients that send the very same body again:
    a digest of the body finds the finished response. With Redis it also saves the
    round trip. An answer depends only on the body and the model, so it never goes
    stale; the model's checksum is in the key all the same.

    A thread-safe LRU (gthread runs several threads per worker) of at most `max_bytes`:
    the responses plus an estimate of each entry's own bookkeeping.
    """

    # What an entry costs besides its body's bytes: the key, the entry tuple, the body's
    # object header and the LRU's own slots, as tracemalloc counts them in CPython 3.11.
    ENTRY_OVERHEAD_BYTES = 350

    def __init__(self, max_bytes: int, namespace: str):
        self.max_bytes = max_bytes
        self._hash = hashlib.blake2b(namespace.encode(), digest_size=16)
        self._entries: LRUCache[bytes, MemoEntry] = LRUCache(max_bytes, getsizeof=self._size)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        return self._entries.currsize

    def key(self, body: bytes) -> bytes:
        digest = self._hash.copy()
        digest.update(body)
        return digest.digest()

    def _size(self, entry: MemoEntry) -> int:
        return len(entry.body) + self.ENTRY_OVERHEAD_BYTES

    def get(self, key: bytes) -> MemoEntry | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: bytes, entry: MemoEntry) -> None:
        if self._size(entry) > self.max_bytes:
            return  # bigger than the whole memo: keeping it would evict everything else
        with self._lock:
            self._entries[key] = entry  # two threads may answer the same body: stored once
