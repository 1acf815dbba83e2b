"""File formats around the core: what schools upload and what pixcore writes out.

Candidate lists (:mod:`pixcore.formats.importing`: Pix's ODS template and CSV), the
school's results CSV (:mod:`pixcore.formats.export`) and the ``evaluate`` session
document (:mod:`pixcore.formats.evaluate`). The pure core never imports this package.
"""
