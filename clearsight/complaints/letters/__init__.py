"""Stage 1 outcome letters, filled in from editable Word templates (docxtpl).

The default templates sit next to this file. A council edits them in Word (keeping the
{{ placeholders }}) and saves its copies as `VAR_DIR/letters/stage1_outcome.docx` and
`stage1_outcome_child.docx`; those are used when present. `make_templates.py` rebuilds the
defaults.
"""

from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from docxtpl import DocxTemplate

from clearsight.complaints.clocks import ESCALATION_WINDOW_DAYS, Calendar
from clearsight.complaints.models import Complaint, Outcome

HERE = Path(__file__).resolve().parent
ADULT = "stage1_outcome.docx"
CHILD = "stage1_outcome_child.docx"
CHILD_WORDS = {Outcome.UPHELD: "right: we got this wrong",
               Outcome.PARTLY_UPHELD: "partly right",
               Outcome.NOT_UPHELD: "not something we got wrong"}


def template_path(name: str) -> Path:
    override = Path(settings.VAR_DIR) / "letters" / name
    return override if override.exists() else HERE / name


def letter_context(complaint: Complaint, calendar: Calendar, authority: str) -> dict[str, Any]:
    responded = complaint.stage1_responded_on or complaint.received_on
    officer = complaint.qa_officer
    return {
        "authority": authority,
        "today": f"{responded:%-d %B %Y}",
        "reference": complaint.reference,
        "complainant": complaint.complainant_name,
        "received": f"{complaint.received_on:%-d %B %Y}",
        "officer": officer.display_name if officer else "The quality assurance team",
        "points": [{"number": point.number, "text": point.text, "finding": point.finding,
                    "outcome": Outcome(point.outcome).label.lower(),
                    "outcome_child": CHILD_WORDS[Outcome(point.outcome)]}
                   for point in complaint.points.all() if point.outcome],
        "overall": Outcome(complaint.overall_outcome).label.lower()
        if complaint.overall_outcome else "",
        "summary": complaint.response_summary,
        "actions": [item.action for item in complaint.learning_actions.all()],
        "escalate_by": f"{calendar.add_working_days(responded, ESCALATION_WINDOW_DAYS):%-d %B %Y}",
    }


def render_letter(complaint: Complaint, calendar: Calendar, *, for_child: bool,
                  authority: str) -> bytes:
    template = DocxTemplate(str(template_path(CHILD if for_child else ADULT)))
    template.render(letter_context(complaint, calendar, authority))
    out = BytesIO()
    template.save(out)
    return out.getvalue()
