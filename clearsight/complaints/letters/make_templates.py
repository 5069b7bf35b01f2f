"""Write the default letter templates (run once; the .docx files are kept in the repository).

`uv run python -m clearsight.complaints.letters.make_templates` writes stage1_outcome.docx and
stage1_outcome_child.docx next to this file. They are ordinary Word documents with docxtpl
(Jinja) placeholders: a council edits them in Word and puts its copies in
`VAR_DIR/letters/`, which is read first (see letters/__init__.py).
"""

from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def _document() -> Any:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(12)
    return document


def adult() -> None:
    d = _document()
    d.add_paragraph("{{ authority }} Children's Services")
    d.add_paragraph("{{ today }}")
    d.add_paragraph("Our reference: {{ reference }}")
    d.add_paragraph("Dear {{ complainant }},")
    d.add_heading("Your complaint: our stage 1 response", level=1)
    d.add_paragraph(
        "Thank you for your complaint, which we received on {{ received }}. {{ officer }}, a "
        "quality assurance officer who does not work with your family, has looked into it. "
        "This letter tells you what we found about each point you raised and what we will do "
        "next.")
    d.add_heading("What we looked at and what we found", level=2)
    d.add_paragraph("{%p for point in points %}")
    d.add_paragraph("Point {{ point.number }}: {{ point.text }}")
    d.add_paragraph("What we found: {{ point.finding }}")
    d.add_paragraph("Our decision: this point is {{ point.outcome }}.")
    d.add_paragraph("{%p endfor %}")
    d.add_heading("Our overall decision", level=2)
    d.add_paragraph("Overall, your complaint is {{ overall }}. {{ summary }}")
    d.add_paragraph("{%p if actions %}")
    d.add_heading("What we will do", level=2)
    d.add_paragraph("{%p for action in actions %}")
    d.add_paragraph("{{ action }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p endif %}")
    d.add_heading("If you are not happy with this response", level=2)
    d.add_paragraph(
        "If you are still unhappy, please tell the complaints team within 20 working days of "
        "this letter, by {{ escalate_by }}. They will talk to you about the next step, which "
        "may be a meeting to try to settle things (mediation) or an independent investigation "
        "(stage 2).")
    d.add_paragraph("Yours sincerely,")
    d.add_paragraph("{{ officer }}")
    d.add_paragraph("Quality assurance officer")
    d.save(HERE / "stage1_outcome.docx")


def child() -> None:
    d = _document()
    for style_name in ("Normal",):
        d.styles[style_name].font.size = Pt(14)
    d.add_paragraph("{{ today }}")
    d.add_paragraph("Hello {{ complainant }},")
    d.add_heading("What happened with your complaint", level=1)
    d.add_paragraph(
        "Thank you for telling us you were not happy. It was right to tell us. My name is "
        "{{ officer }}. I do not work with you or your family, and my job was to look at what "
        "you told us.")
    d.add_heading("What you told us and what I found", level=2)
    d.add_paragraph("{%p for point in points %}")
    d.add_paragraph("You told us: {{ point.text }}")
    d.add_paragraph("What I found: {{ point.finding }}")
    d.add_paragraph("So I decided this was {{ point.outcome_child }}.")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p if actions %}")
    d.add_heading("What will change", level=2)
    d.add_paragraph("{%p for action in actions %}")
    d.add_paragraph("{{ action }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p endif %}")
    d.add_heading("If you are still not happy", level=2)
    d.add_paragraph(
        "You can tell us by {{ escalate_by }}. An advocate is someone who can help you say "
        "what you want to say. You can have one for free: just ask me or the complaints team. "
        "I can also meet you to go through this letter together.")
    d.add_paragraph("From {{ officer }}")
    d.save(HERE / "stage1_outcome_child.docx")


if __name__ == "__main__":
    adult()
    child()
