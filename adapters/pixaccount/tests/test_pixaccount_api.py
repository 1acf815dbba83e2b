"""The curated public API: sorted ``__all__``, a docstring on every public name."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pixcore_pixaccount
import pixcore_pixaccount.testing
import pytest
from pixcore_pixaccount import OidcBackend, PixAccountError, PixApiPasswordBackend

MODULES = sorted(
    name
    for package in (pixcore_pixaccount, pixcore_pixaccount.testing)
    for _, name, _ in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
)


def test_all_is_sorted_and_complete() -> None:
    exported = pixcore_pixaccount.__all__
    assert exported == sorted(exported, key=lambda name: (not name.isupper(), name))
    for name in exported:
        assert getattr(pixcore_pixaccount, name) is not None


@pytest.mark.parametrize("module_name", MODULES)
def test_public_names_have_docstrings(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__doc__
    for name in getattr(module, "__all__", []):
        value = getattr(module, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), f"{module_name}.{name}"
        if inspect.isclass(value):
            for attr, member in vars(value).items():
                if not attr.startswith("_") and inspect.isfunction(member):
                    assert inspect.getdoc(member), f"{module_name}.{name}.{attr}"


def test_wrong_argument_types_are_coded_errors(
    backend: PixApiPasswordBackend, oidc_backend: OidcBackend
) -> None:
    _, pending = oidc_backend.begin_login()
    calls = {
        "login": lambda: backend.login(None, None),  # type: ignore[arg-type]
        "refresh": lambda: backend.refresh(None),  # type: ignore[arg-type]
        "logout": lambda: backend.logout("session"),  # type: ignore[arg-type]
        "oidc params": lambda: oidc_backend.complete_login(None, pending),  # type: ignore[arg-type]
        "oidc pending": lambda: oidc_backend.complete_login({}, None),  # type: ignore[arg-type]
        "oidc state": lambda: oidc_backend.complete_login({"state": [1]}, pending),  # type: ignore[dict-item]
        "oidc code": lambda: oidc_backend.complete_login(
            {"state": pending.state, "code": ["c"]},  # type: ignore[dict-item]
            pending,
        ),
    }
    codes = {}
    for name, call in calls.items():
        with pytest.raises(PixAccountError) as info:
            call()
        codes[name] = info.value.code
    assert codes == {
        "login": "MISSING_OR_INVALID_CREDENTIALS",
        "refresh": "RELOGIN_REQUIRED",
        "logout": "RELOGIN_REQUIRED",
        "oidc params": "OIDC_STATE_MISMATCH",
        "oidc pending": "OIDC_STATE_MISMATCH",
        "oidc state": "OIDC_STATE_MISMATCH",
        "oidc code": "OIDC_PROVIDER_ERROR",
    }
