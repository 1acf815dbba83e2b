"""Typst, the typesetter behind every document: a template plus JSON data gives a PDF.

Templates are the ``.typ`` files of ``templates/``, shipped as package data; the data
goes in as one JSON text (``sys.inputs.data``) and is printed as text, never read as
markup. Only the fonts embedded in the ``typst`` package are used (Libertinus Serif,
DejaVu Sans Mono; system fonts are ignored), and the PDF's date is the one given, so
the same state always gives the same bytes. Before compiling, every string of the data
is checked against the session's access code: a document never shows it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import threading
from collections.abc import Mapping
from pathlib import Path

import typst

from pixcore.errors import PixcoreError, RefusedError
from pixcore.formats.documents._text import strings_in

__all__ = ["TEMPLATES", "DocumentRenderError", "compile_pdf"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The folder of the ``.typ`` templates (the Typst project root)."""

_local = threading.local()


class DocumentRenderError(PixcoreError, RuntimeError):
    """Typst could not typeset a document (code ``DOCUMENT_RENDER_FAILED``): a bug."""

    default_code = "DOCUMENT_RENDER_FAILED"


@functools.cache
def _fonts() -> typst.Fonts:
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)


def _compiler(template: str) -> typst.Compiler:
    """One compiler per template and thread (Typst reuses its layout caches across calls)."""
    compilers: dict[str, typst.Compiler] = _local.__dict__.setdefault("compilers", {})
    if template not in compilers:
        compilers[template] = typst.Compiler(
            TEMPLATES / f"{template}.typ",
            root=TEMPLATES,
            font_paths=_fonts(),
            ignore_system_fonts=True,
        )
    return compilers[template]


def _refuse_access_code(data: Mapping[str, object], access_code: str) -> None:
    secret = access_code.casefold()
    if any(secret in text.casefold() for text in strings_in(data)):
        raise RefusedError("DOCUMENT_WOULD_SHOW_ACCESS_CODE")


def compile_pdf(
    template: str, data: Mapping[str, object], *, access_code: str, when: dt.datetime
) -> bytes:
    """Typeset ``templates/<template>.typ`` with ``data``; return the PDF's bytes.

    :param access_code: the session's access code: refused anywhere in ``data``.
    :param when: the PDF's creation date (from the state, for reproducible bytes).
    :raises RefusedError: ``DOCUMENT_WOULD_SHOW_ACCESS_CODE``.
    :raises DocumentRenderError: Typst failed or warned (a template bug).
    """
    _refuse_access_code(data, access_code)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    try:
        pdf, warnings = _compiler(template).compile_with_warnings(
            format="pdf", sys_inputs={"data": text}, timestamp=when.astimezone(dt.UTC)
        )
    except typst.TypstError:
        raise DocumentRenderError(meta={"name": template}) from None
    if warnings or not isinstance(pdf, bytes):
        raise DocumentRenderError(meta={"name": template})
    return pdf
