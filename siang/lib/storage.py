"""Where private files live: never under MEDIA_URL, only served through a view that checks access.

Local files under MEDIA_ROOT/private by default; an S3-compatible bucket (django-storages) when
S3_BUCKET is set, so every app server reads what any other stored.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


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


def private_backend() -> Storage:
    """The storage private files use now: the bucket when S3_BUCKET is set, local files otherwise."""
    if settings.S3_BUCKET:
        from storages.backends.s3 import S3Storage

        options = {**settings.S3_OPTIONS, "bucket_name": settings.S3_BUCKET, "location": "private"}
        return S3Storage(**options)
    return PrivateFileStorage()


class StorageUnavailable(Exception):
    """The file store (the S3 endpoint, or the local disk) did not take or give a file."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "The file store cannot be reached right now, so nothing was saved. "
                "Send the form again in a few minutes."
            )
        )


def _storage_errors() -> tuple[type[BaseException], ...]:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # django-storages' S3 backend not installed: local files only
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)


class PrivateStorage(Storage):
    """A model field's storage, choosing its backend at each use (a field's storage is made once,
    when the model is loaded; the settings, and the tests, decide later)."""

    def backend(self) -> Storage:
        return private_backend()

    @contextlib.contextmanager
    def _reached(self, name: str) -> Iterator[Storage]:
        try:
            yield self.backend()
        except FileNotFoundError:
            raise
        except _storage_errors() as error:
            logger.warning("storage failed on %s: %s", name, error)
            raise StorageUnavailable from error

    def _open(self, name: str, mode: str = "rb") -> Any:
        with self._reached(name) as backend:
            return backend.open(name, mode)

    def _save(self, name: str, content: Any) -> str:
        with self._reached(name) as backend:
            return backend.save(name, content)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        with self._reached(name) as backend:
            return backend.get_available_name(name, max_length=max_length)

    def delete(self, name: str) -> None:
        with self._reached(name) as backend:
            backend.delete(name)

    def exists(self, name: str) -> bool:
        with self._reached(name) as backend:
            return backend.exists(name)

    def size(self, name: str) -> int:
        with self._reached(name) as backend:
            return backend.size(name)

    def path(self, name: str) -> str:
        return self.backend().path(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        with self._reached(path) as backend:
            return backend.listdir(path)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view that checks access.")


def private_storage() -> Storage:
    return PrivateStorage()


def serve_private(
    file: FieldFile, *, filename: str, as_attachment: bool = True, content_type: str | None = None
) -> HttpResponseBase:
    """The file, to a person the calling view has already checked (and audited): streamed from
    local storage, or a redirect to a URL of the bucket signed for S3_SIGNED_URL_SECONDS."""
    name = file.name or ""
    storage = file.storage.backend() if isinstance(file.storage, PrivateStorage) else file.storage
    if not isinstance(storage, FileSystemStorage):
        disposition = "attachment" if as_attachment else "inline"
        parameters = {"ResponseContentDisposition": f"{disposition}; filename*=UTF-8''{quote(filename)}"}
        if content_type:
            parameters["ResponseContentType"] = content_type
        url = storage.url(name, parameters=parameters, expire=settings.S3_SIGNED_URL_SECONDS)  # type: ignore[call-arg]
        response: HttpResponseBase = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            storage.open(name, "rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    response["Cache-Control"] = "private, no-store"
    return response
