"""Downloadable audit documents: the monthly managers' briefing as Word and as a tagged PDF,
both built from the same `Briefing` the page shows (selectors.managers_briefing)."""

from typing import Any

from django.template.loader import render_to_string

from clearsight.audits.selectors import Briefing
from clearsight.core.documents import docx_bytes, docx_table, html_to_pdf


def _pct(value: float | None) -> str:
    return "c" if value is None else f"{value:.0f}%"


def _change(value: float | None) -> str:
    if value is None:
        return "not shown"
    return f"{value:+.0f} points"


def briefing_title(briefing: Briefing) -> str:
    return f"Case audit briefing for managers: {briefing.month:%B %Y}"


def briefing_docx(briefing: Briefing) -> bytes:
    from docx import Document  # python-docx

    document: Any = Document()
    document.core_properties.title = briefing_title(briefing)
    document.core_properties.language = "en-GB"
    document.add_heading(briefing_title(briefing), level=1)
    document.add_paragraph(
        "Authority-wide figures. To protect children's privacy, counts from 1 to 4 are shown "
        "as \"c\", and so are the percentages built on them.")
    document.add_heading("Compliance", level=2)
    docx_table(document, ["Measure", "Number"], [
        ("Audits due this month", briefing.due),
        ("Finished", briefing.completed),
        ("Finished by the deadline", briefing.on_time),
        ("Late or not finished", briefing.late),
        ("Share finished on time", _pct(briefing.on_time_percent))])
    document.add_heading("Grades", level=2)
    document.add_paragraph(f"{briefing.graded} audits were graded and finished this month.")
    docx_table(document, ["Grade", "Audits", "Share", f"Share in {briefing.previous:%B}",
                          "Change"],
               [(row.grade, row.count, _pct(row.percent), _pct(row.previous_percent),
                 _change(row.change)) for row in briefing.grades])
    document.add_heading("Moderation", level=2)
    document.add_paragraph(f"{briefing.moderated} audits were moderated "
                           f"({_pct(briefing.moderation_percent)} of those finished).")
    document.add_heading("Themes", level=2)
    for heading, rows in (("Strengths", briefing.strengths),
                          ("Areas for development", briefing.development)):
        document.add_heading(heading, level=3)
        if rows:
            docx_table(document, ["Theme", "Audits"], [(r.theme, r.audits) for r in rows])
        else:
            document.add_paragraph("No theme was tagged.")
    document.add_heading("Good practice", level=2)
    if not briefing.exemplars:
        document.add_paragraph("No exemplar was added to the library this month.")
    for exemplar in briefing.exemplars:
        document.add_heading(exemplar.title, level=3)
        document.add_paragraph(f"{exemplar.domain}"
                               + (f"; themes: {', '.join(exemplar.themes)}"
                                  if exemplar.themes else ""))
        document.add_paragraph(exemplar.summary)
    document.add_heading("Areas to develop", level=2)
    if briefing.domains_to_develop:
        docx_table(document, ["Domain", "Graded", "Requires improvement or inadequate",
                              "Share"],
                   [(r.domain, r.graded, r.below_good, _pct(r.percent))
                    for r in briefing.domains_to_develop])
    else:
        document.add_paragraph("No domain grades this month.")
    document.add_heading("Escalations", level=2)
    document.add_paragraph(f"Inadequate audits still escalated at the end of the month: "
                           f"{briefing.escalations_open}. Of these, 6-week reviews overdue: "
                           f"{briefing.reviews_overdue}.")
    return docx_bytes(document)


def briefing_pdf(briefing: Briefing) -> bytes:
    html = render_to_string("audits/print/briefing.html",
                            {"briefing": briefing, "title": briefing_title(briefing)})
    return html_to_pdf(html)
