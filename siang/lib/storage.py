"""Where private files live: never under MEDIA_URL, only served through a view that checks access."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private, read at each use so tests can move MEDIA_ROOT."""

    @property
    def base_location(self) -> str:
        return os.path.join(settings.MEDIA_ROOT, "private")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view that checks access.")


def private_storage() -> PrivateFileStorage:
    return PrivateFileStorage()
