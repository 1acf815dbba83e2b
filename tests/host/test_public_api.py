"""What a host needs is exported from ``pixcore`` and results serialise as JSON."""

from __future__ import annotations

import dataclasses
import json

import pytest

import pixcore
from pixcore.lifecycle import commands
from pixcore.lifecycle.results import CertificationResult, ReadOnlyDict

HOST_NAMES = (
    "SessionService", "Joined", "PluginHost", "create_plugin_manager", "MemoryStorePlugin",
    "FolderAttachments", "EventStore", "CandidateIdentity", "CertificationResult",
    "results_json", "CreateSession", "EnrolCandidate", "ImportCandidates", "NoteStartTime",
    "JoinSession", "RecordAnswer", "FileIssueReport", "ConfirmEndScreen", "EndTest",
    "Finalise", "JuryAct", "Publish", "SupplyCompetences", "VerifiedIdentity", "AnswerStatus", "AbortReason", "JuryAction",
)  # fmt: skip


def test_the_host_names_are_exported() -> None:
    missing = [name for name in HOST_NAMES if name not in pixcore.__all__]
    assert missing == []
    assert all(getattr(pixcore, name) is not None for name in pixcore.__all__)
    assert set(commands.__all__) <= set(pixcore.__all__)  # every command a host issues


def result(pix: dict[str, int]) -> CertificationResult:
    return CertificationResult(
        certification_number=7, candidate_id="c-7", status="validated", reason=None,
        pix=sum(pix.values()), reproducibility=90, end_screen="seen",
        end_screen_pending=False, competence_pix=ReadOnlyDict(pix),
    )  # fmt: skip


def test_results_serialise_with_asdict_and_json() -> None:
    value = result({"1.1": 17, "2.3": 40})
    data = dataclasses.asdict(value)
    assert data["competence_pix"] == {"1.1": 17, "2.3": 40}
    decoded = json.loads(pixcore.results_json([value, result({})]))
    assert decoded[0]["competence_levels"] == {"1.1": 2, "2.3": 5}
    assert decoded[0] == json.loads(json.dumps(value.to_dict()))
    assert decoded[1]["competence_pix"] == {}


def test_a_result_stays_read_only() -> None:
    value = result({"1.1": 17})
    for change in (
        lambda m: m.__setitem__("1.1", 0), lambda m: m.pop("1.1"), lambda m: m.update(x=1),
        lambda m: m.clear(), lambda m: m.setdefault("x", 1), lambda m: m.popitem(),
        lambda m: m.__delitem__("1.1"),
    ):  # fmt: skip
        with pytest.raises(TypeError):
            change(value.competence_pix)
    assert value.competence_pix == {"1.1": 17}
    assert CertificationResult(1, "c", "started", None, 0, 0, "none", False).competence_pix == {}


@pytest.mark.parametrize(
    ("results", "indent", "argument"),
    [("abc", None, "results"), ({"a": 1}, None, "results"), ([object()], None, "results"),
     (iter([result({})] * 3), True, "indent"), ([], 9, "indent"), ([], -1, "indent"),
     ([dataclasses.replace(result({}), reason={1})], None, "results")],
)  # fmt: skip
def test_results_json_refuses_anything_but_results(
    results: object, indent: object, argument: str
) -> None:
    with pytest.raises(pixcore.InvalidInputError) as info:
        pixcore.results_json(results, indent=indent)  # type: ignore[arg-type]
    assert (info.value.code, dict(info.value.meta)) == (
        "ARGUMENT_NOT_VALID",
        {"argument": argument},
    )
