"""The WSGI application type shared by the test doubles."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

    WSGIApp: TypeAlias = WSGIApplication
else:
    WSGIApp = object

__all__ = ["WSGIApp"]
