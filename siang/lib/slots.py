"""Host-wide slots: at most a few processes of this machine doing one kind of heavy work at once.

Production's sync workers serve one request each: if every worker is decoding photos, the
citizen form waits for them all. A slot is an exclusive lock (flock) on one of `count` files
under SLOTS_DIR; the kernel releases it when its holder closes it or dies, so a killed worker
never keeps one. Each app server counts its own slots, as each has its own processors.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


@contextmanager
def slot(kind: str, count: int) -> Iterator[bool]:
    """True while holding one of `count` slots of `kind`; False at once when all are taken."""
    folder = Path(settings.SLOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        handle = (folder / f"{kind}-{number}.lock").open("ab")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        return
    yield False
