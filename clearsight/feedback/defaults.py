"""The surveys Clearsight ships with: one adult and one child-friendly survey for each survey
point, and the phrases that raise a safety alert.

Installed by migration 0002 and by `manage.py load_default_surveys` (which adds what is missing
and never changes a survey an authority has edited: a survey that exists is left alone). Question
codes stay the same between the adult and child versions and between survey points, so results
can be put side by side. Written for Clearsight in plain words.
"""

from typing import Any

# Question codes the analysis pages know by name.
SHARE_VIEWS = "share_views"
UNDERSTOOD_WHY = "understood_why"
NEEDS_MET = "needs_met"
WORKED_TOGETHER = "worked_together"
LISTENED_TO = "listened_to"
KNEW_WHAT_NEXT = "knew_what_next"
OVERALL = "overall"
WHAT_HELPED = "what_helped"
COMMENTS = "comments"
EH_SCORE = "eh_score"

YES = ["yes"]

_ADULT: dict[str, dict[str, Any]] = {
    SHARE_VIEWS: {"kind": "yes_no", "text": "Were you able to tell us what you thought?",
                  "positive": YES},
    UNDERSTOOD_WHY: {"kind": "yes_no",
                     "text": "Did you understand why a social worker was working with your family?",
                     "positive": YES},
    NEEDS_MET: {"kind": "single", "text": "How much of the help your family needed did you get?",
                "choices": [["all", "All of it"], ["most", "Most of it"], ["some", "Some of it"],
                            ["none", "None of it"]],
                "positive": ["all", "most"]},
    WORKED_TOGETHER: {"kind": "single",
                      "text": "How well did the different people helping your family work "
                              "together?",
                      "choices": [["very_well", "Very well"], ["fairly_well", "Fairly well"],
                                  ["not_well", "Not well"], ["not_sure", "I do not know"]],
                      "positive": ["very_well", "fairly_well"]},
    LISTENED_TO: {"kind": "yes_no", "text": "Did you feel listened to and treated with respect?",
                  "positive": YES},
    KNEW_WHAT_NEXT: {"kind": "yes_no", "text": "Did you know what would happen next?",
                     "positive": YES},
    WHAT_HELPED: {"kind": "multiple", "text": "What helped most?",
                  "hint": "Choose all that apply.", "required": False,
                  "choices": [["visits", "Visits from the worker"],
                              ["plan", "Having a clear plan"],
                              ["meetings", "Meetings with everyone together"],
                              ["other_services", "Being put in touch with other services"],
                              ["nothing", "Nothing helped"]]},
    OVERALL: {"kind": "scale", "text": "Overall, how good was the help you got?",
              "scale": (1, 5, "Very poor", "Very good"), "positive": ["4", "5"]},
    COMMENTS: {"kind": "text", "text": "Is there anything else you want to tell us?",
               "hint": "For example, what we did well or what we should change.",
               "required": False},
    EH_SCORE: {"kind": "scale", "text": "How well are things going for your family right now?",
               "hint": "1 means things are very hard. 10 means things are going really well.",
               "scale": (1, 10, "Very hard", "Really well")},
}

_CHILD: dict[str, dict[str, Any]] = {
    SHARE_VIEWS: {"kind": "yes_no", "text": "Did you get to say what you think?",
                  "positive": YES},
    UNDERSTOOD_WHY: {"kind": "yes_no", "text": "Did you know why you had a social worker?",
                     "positive": YES},
    NEEDS_MET: {"kind": "single", "text": "Did we help with the things you needed?",
                "choices": [["all", "Yes, with all of them"], ["most", "With most of them"],
                            ["some", "With some of them"], ["none", "No"]],
                "positive": ["all", "most"]},
    LISTENED_TO: {"kind": "yes_no", "text": "Did people listen to you and treat you well?",
                  "positive": YES},
    KNEW_WHAT_NEXT: {"kind": "yes_no", "text": "Did you know what was going to happen?",
                     "positive": YES},
    OVERALL: {"kind": "scale", "text": "How would you score us?",
              "hint": "1 is not good at all. 5 is really good.",
              "scale": (1, 5, "Not good", "Really good"), "positive": ["4", "5"]},
    COMMENTS: {"kind": "text", "text": "Is there anything else you want to tell us?",
               "required": False},
    EH_SCORE: {"kind": "scale", "text": "How are things at home right now?",
               "hint": "1 means really bad. 10 means really good.",
               "scale": (1, 10, "Really bad", "Really good")},
}

_JOURNEY = [SHARE_VIEWS, UNDERSTOOD_WHY, LISTENED_TO, KNEW_WHAT_NEXT, OVERALL, COMMENTS]
_CLOSURE_ADULT = [SHARE_VIEWS, UNDERSTOOD_WHY, NEEDS_MET, WORKED_TOGETHER, LISTENED_TO,
                  KNEW_WHAT_NEXT, WHAT_HELPED, OVERALL, COMMENTS]
_CLOSURE_CHILD = [SHARE_VIEWS, UNDERSTOOD_WHY, NEEDS_MET, LISTENED_TO, OVERALL, COMMENTS]

# (point, name, adult questions, child questions, adult introduction, child introduction)
SURVEYS: list[tuple[str, str, list[str], list[str], str, str]] = [
    ("closure", "When our work with your family ends", _CLOSURE_ADULT, _CLOSURE_CHILD,
     "Our work with your family has come to an end. Tell us how it went so we can get better.",
     "We have stopped working with you. We want to know what you thought."),
    ("cp_conference", "After a child protection conference", _JOURNEY, _JOURNEY,
     "You were at a child protection conference. Tell us how it went for you.",
     "There was a meeting about you. We want to know what you thought of it."),
    ("lac_review", "After a looked-after review", _JOURNEY, _JOURNEY,
     "There has been a review of the plan for a child in our care. Tell us how it went.",
     "There was a meeting to check your plan. We want to know what you thought."),
    ("return_home", "After a return-home interview", _JOURNEY, _JOURNEY,
     "Someone talked with your child after they had been missing. Tell us how it went.",
     "Someone talked with you after you were away from home. Was it OK?"),
    ("case_audit", "During a case audit", _CLOSURE_ADULT, _CLOSURE_CHILD,
     "We are checking the work we do with your family. Your views are part of that check.",
     "We are checking how well we are helping you. What you think matters."),
    ("early_help_start", "Early help: at the start", [EH_SCORE, COMMENTS], [EH_SCORE, COMMENTS],
     "We are starting to work with your family. Tell us how things are now, so that at the end "
     "we can see what changed.",
     "We are starting to help your family. Tell us how things are now."),
    ("early_help_end", "Early help: at the end", [EH_SCORE, NEEDS_MET, LISTENED_TO, COMMENTS],
     [EH_SCORE, NEEDS_MET, LISTENED_TO, COMMENTS],
     "Our early help work with your family is ending. Tell us how things are now and how the "
     "help went.",
     "We have finished helping your family. Tell us how things are now."),
]

SAFETY_PHRASES = [
    "not safe", "unsafe", "hurt me", "hurts me", "hits me", "hit me", "scared to go home",
    "afraid to go home", "abuse", "kill myself", "hurt myself", "self harm", "run away",
    "touched me", "in danger",
]


def install(*, survey_model: Any, version_model: Any, question_model: Any,
            phrase_model: Any, published_at: Any) -> int:
    """Add the default surveys that are missing (by code); return how many were added.

    Takes the model classes so that migrations can pass their historical models."""
    added = 0
    for point, name, adult, child, adult_intro, child_intro in SURVEYS:
        for audience, codes, texts, intro in (("adult", adult, _ADULT, adult_intro),
                                              ("child", child, _CHILD, child_intro)):
            code = f"{point}-{audience}".replace("_", "-")
            if survey_model.objects.filter(code=code).exists():
                continue
            label = name if audience == "adult" else f"{name} (for children and young people)"
            survey = survey_model.objects.create(code=code, name=label, point=point,
                                                 audience=audience)
            version = version_model.objects.create(survey=survey, number=1, introduction=intro,
                                                   published_at=published_at)
            for position, question_code in enumerate(codes, start=1):
                spec = texts[question_code]
                low, high, low_label, high_label = spec.get("scale", (None, None, "", ""))
                question_model.objects.create(
                    version=version, position=position, code=question_code, kind=spec["kind"],
                    text=spec["text"], hint=spec.get("hint", ""),
                    choices=spec.get("choices", []), positive=spec.get("positive", []),
                    scale_min=low, scale_max=high, scale_min_label=low_label,
                    scale_max_label=high_label, required=spec.get("required", True))
            added += 1
    for phrase in SAFETY_PHRASES:
        phrase_model.objects.get_or_create(phrase=phrase)
    return added
