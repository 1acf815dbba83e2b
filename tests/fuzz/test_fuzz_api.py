"""Fuzz every function of ``pixcore.__all__`` with junk and near-valid arguments.

Left out: the host wiring (``create_plugin_manager``, ``PluginHost``, ``hookimpl``,
``hookspec``), which takes plugin objects by design, and the model classes, whose
constructors raise pydantic's ``ValidationError`` as documented (with inputs hidden:
``tests/unit/test_edges_personal_data.py``).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from fuzzing import call_keeps_the_contract, fuzz_settings, junk, sentinels
from hypothesis import given
from hypothesis import strategies as st

import pixcore
from pixcore.lifecycle.results import CertificationResult, ReadOnlyDict
from pixcore.referential import Referential
from pixcore.rules.durable import durable_available
from pixcore.testing import strategies as pst

REFERENTIAL = Referential.load()
CANDIDATE_KEYS = ("last_name", "first_name", "sex", "birth_date", "birth_country", "birth_city",
                  "birth_postal_code", "birth_insee_code", "birth_department_code", "extra_time",
                  "external_id", "email", "result_recipient_email", "billing_mode", "division")  # fmt: skip
REPORT_KEYS = ("certification_number", "category", "subcategory", "question_number",
               "description", "incident_report_attachment")  # fmt: skip

moments = st.datetimes(timezones=st.timezones()) | st.datetimes() | junk
extra = st.decimals(min_value=0, max_value=10, places=2) | junk
mappings = st.dictionaries(st.sampled_from(CANDIDATE_KEYS) | st.text(max_size=6), junk | sentinels)
candidates = st.builds(lambda data: _candidate_or_none(data), pst.candidate_data(REFERENTIAL))
engines = st.none() | st.just(pixcore.PURE_ENGINE) | junk


def _candidate_or_none(data: dict[str, Any]) -> object:
    try:
        return pixcore.validate_candidate(data, referential=REFERENTIAL)
    except pixcore.PixcoreError:
        return None


results = st.builds(
    CertificationResult, certification_number=st.integers(1, 10**8) | junk,
    candidate_id=st.text(max_size=8) | junk, status=st.sampled_from(["validated", "error"]),
    reason=st.none() | st.text(max_size=8) | junk, pix=st.integers(0, 1024) | junk,
    reproducibility=st.integers(0, 100), end_screen=st.text(max_size=6), end_screen_pending=st.booleans(),
    competence_pix=st.dictionaries(st.text(max_size=4), st.integers(0, 64)).map(ReadOnlyDict),
)  # fmt: skip


def _maybe_junk(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return strategy | junk


CALLS: dict[str, st.SearchStrategy[Callable[[], Any]]] = {
    "results_json": st.builds(
        lambda r, i: lambda: pixcore.results_json(r, indent=i),
        st.lists(results | junk, max_size=3) | st.iterables(results, max_size=3) | junk,
        st.none() | st.integers(-2, 12) | junk),
    "check_eligibility": st.builds(
        lambda p, e: lambda: pixcore.check_eligibility(p, engine=e),
        _maybe_junk(st.dictionaries(st.text(max_size=5), st.integers() | junk)), engines),
    "allowed_duration": st.builds(lambda x: lambda: pixcore.allowed_duration(x), extra),
    "deadline": st.builds(lambda a, x, b: lambda: pixcore.deadline(a, x, b), moments, extra,
                          st.none() | moments),
    "is_time_over": st.builds(lambda a, b, e: lambda: pixcore.is_time_over(a, b, engine=e),
                              moments, moments, engines),
    "check_answer_allowed": st.builds(
        lambda s, a, b: lambda: pixcore.check_answer_allowed(s, deadline_at=a, now=b),
        st.sampled_from(["ok", "aband"]) | junk, moments, moments),
    "to_extra_time": st.builds(lambda x: lambda: pixcore.to_extra_time(x), extra),
    "extra_time_from_csv": st.builds(lambda x: lambda: pixcore.extra_time_from_csv(x),
                                     st.text(max_size=12) | junk),
    "extra_time_from_ods": st.builds(lambda x: lambda: pixcore.extra_time_from_ods(x),
                                     st.text(max_size=12) | junk),
    "generate_access_code": st.builds(
        lambda f: lambda: pixcore.generate_access_code(f),
        junk | st.builds(lambda v: (lambda n: v), junk) | st.just(lambda n: n - 1)),
    "is_valid_access_code": st.builds(lambda x: lambda: pixcore.is_valid_access_code(x),
                                      pst.access_codes() | junk),
    "check_session_access": st.builds(
        lambda s, n, c: lambda: pixcore.check_session_access(s, session_number=n, access_code=c),
        _maybe_junk(pst.sessions()), junk, _maybe_junk(pst.access_codes())),
    "normalize_name": st.builds(lambda x: lambda: pixcore.normalize_name(x),
                                st.text() | sentinels | junk),
    "match_candidates": st.builds(
        lambda e, f, n, b: lambda: pixcore.match_candidates(e, f, n, b),
        st.lists(candidates | junk, max_size=3) | junk, sentinels | junk, sentinels | junk,
        st.dates() | junk),
    "find_candidate": st.builds(
        lambda e, f, n, b: lambda: pixcore.find_candidate(e, f, n, b),
        st.lists(candidates | junk, max_size=3) | junk, sentinels | junk, sentinels | junk,
        st.dates() | junk),
    "ensure_not_enrolled": st.builds(
        lambda e, c: lambda: pixcore.ensure_not_enrolled(e, c),
        st.lists(candidates, max_size=3) | junk, candidates | junk),
    "validate_candidate": st.builds(
        lambda d, r: lambda: pixcore.validate_candidate(d, referential=r),
        _maybe_junk(mappings | pst.candidate_data(REFERENTIAL)),
        st.just(REFERENTIAL) | junk),
    "validate_issue_report": st.builds(
        lambda d, f, n: lambda: pixcore.validate_issue_report(
            d, filed_by=f, certification_numbers=n),
        _maybe_junk(st.dictionaries(st.sampled_from(REPORT_KEYS), junk | sentinels)
                    | pst.issue_report_data()),
        st.sampled_from(["invigilator", "referent", "candidate"]) | junk,
        st.none() | st.sets(st.integers(1, 200)) | junk),
    "end_screen_decision": st.builds(
        lambda c, x, p: lambda: pixcore.end_screen_decision(c, x, policy=p),
        _maybe_junk(pst.certification_courses()), junk, st.none() | junk),
}  # fmt: skip

EXCLUDED = {"create_plugin_manager", "hookimpl", "hookspec"}


def test_every_public_function_is_fuzzed() -> None:
    functions = {
        name for name in pixcore.__all__
        if inspect.isfunction(getattr(pixcore, name))
    }  # fmt: skip
    assert functions - EXCLUDED == set(CALLS)


@pytest.mark.parametrize("name", sorted(CALLS))
@fuzz_settings(examples=40)
@given(data=st.data())
def test_public_functions_keep_the_contract(name: str, data: st.DataObject) -> None:
    call = data.draw(CALLS[name], label=name)
    call_keeps_the_contract(call)


@pytest.mark.skipif(not durable_available(), reason="durable_rules absent: pure engine only")
def test_the_durable_engine_is_not_needed_for_the_contract() -> None:
    """The fuzzed calls run on the default engine; engine= junk is refused before use."""
    result = call_keeps_the_contract(lambda: pixcore.check_eligibility({}, engine="x"))  # type: ignore[arg-type]
    assert isinstance(result, pixcore.PixcoreError) and result.code == "ARGUMENT_NOT_VALID"


def test_a_moment_at_the_calendars_end_keeps_the_contract() -> None:
    end = dt.datetime.max.replace(tzinfo=dt.UTC)
    result = call_keeps_the_contract(lambda: pixcore.deadline(end, None))
    assert isinstance(result, pixcore.PixcoreError)
