"""The documents a school prints for a Pix certification session, as PDF bytes.

Rendered from a session's state (:class:`~pixcore.lifecycle.state.SessionState`) and
the school's details (:class:`~pixcore.models.school.SchoolDetails`, which hosts supply
through the ``pixcore_school_details`` hook). Typeset by Typst from the readable
templates of ``templates/`` with the fonts embedded in the ``typst`` package; the same
state always gives the same bytes. No document shows the session's access code, and a
document about one pupil carries no other pupil's data. See ``docs/documents.md``.

==========================  ==============================================  ==========
document                    function                                        procedure
==========================  ==============================================  ==========
PV de session               :func:`render_pv_session`                       BEF-8
candidate notice            :func:`render_notice` (``pix``/``gar``,          DAY-3
                            ``print``/``projection``)
instructions to read aloud  :func:`render_instructions`                     DAY-7
PV d'incident template      :func:`render_incident_report`                  DAY-12
convocations                :func:`render_convocation`,                     BEF-3/4
                            :func:`iter_convocations`
results attestations        :func:`render_attestation`,                     AFT-5
                            :func:`iter_attestations`
per-class summary           :func:`render_class_summary`                    AFT-6
==========================  ==============================================  ==========
"""

from pixcore.formats.documents._engine import DocumentRenderError
from pixcore.formats.documents.convocations import iter_convocations, render_convocation
from pixcore.formats.documents.kit import (
    NoticeLayout,
    NoticeVersion,
    render_incident_report,
    render_instructions,
    render_notice,
)
from pixcore.formats.documents.pv import (
    PV_ROWS_FIRST_PAGE,
    PV_ROWS_PER_PAGE,
    PvCheck,
    check_pv_code,
    pv_check_code,
    pv_fingerprint,
    pv_page_count,
    pv_rows,
    render_pv_session,
)
from pixcore.formats.documents.results import (
    COMPETENCE_NAMES,
    iter_attestations,
    render_attestation,
    render_class_summary,
)
from pixcore.formats.documents.wording import DEFAULT_WORDING
from pixcore.models.school import SchoolDetails

__all__ = [
    "COMPETENCE_NAMES",
    "DEFAULT_WORDING",
    "PV_ROWS_FIRST_PAGE",
    "PV_ROWS_PER_PAGE",
    "DocumentRenderError",
    "NoticeLayout",
    "NoticeVersion",
    "PvCheck",
    "SchoolDetails",
    "check_pv_code",
    "iter_attestations",
    "iter_convocations",
    "pv_check_code",
    "pv_fingerprint",
    "pv_page_count",
    "pv_rows",
    "render_attestation",
    "render_class_summary",
    "render_convocation",
    "render_incident_report",
    "render_instructions",
    "render_notice",
    "render_pv_session",
]
