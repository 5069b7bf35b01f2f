"""The audit tool Clearsight ships: six domains, the questions and what each grade looks like.

Written for Clearsight in plain English. An authority can add its own version in the admin
screens; audits keep the version they were drawn with.
"""

NAME = "Case file audit"

DOMAINS: list[dict[str, object]] = [
    {
        "code": "voice-of-the-child",
        "title": "Voice of the child",
        "questions": [
            "Has the child been seen, and seen alone when that is right for them?",
            "Are the child's wishes, feelings and daily experience written down in their words "
            "or, for a young or non-verbal child, from careful observation?",
            "Can you see what difference the child's views made to decisions?",
        ],
        "descriptors": {
            "outstanding": "The child's experience is vivid on every page. Their views, in their "
                           "own words or drawings, visibly shape the plan, and they know what "
                           "has changed because of what they said.",
            "good": "The child is seen regularly and their views are recorded and considered in "
                    "assessment and planning. Direct work is purposeful.",
            "requires_improvement": "The child is seen, but their views are thin, out of date "
                                    "or recorded without showing how they affected decisions.",
            "inadequate": "The child is not seen often enough, or their views and lived "
                          "experience are missing, so risks to them may not be understood.",
        },
    },
    {
        "code": "assessment",
        "title": "Assessment",
        "questions": [
            "Is there a current assessment that explains what life is like for the child?",
            "Does it weigh risks against strengths, use the history and reach a clear "
            "analysis?",
            "Was it completed in time and updated when things changed?",
        ],
        "descriptors": {
            "outstanding": "Assessments are timely, analytical and alive to change. History and "
                           "research inform them and they lead directly to the right help.",
            "good": "Assessments are up to date, draw on the family's history and on other "
                    "agencies, and reach a clear view of need and risk.",
            "requires_improvement": "Assessments describe the family but analysis is limited, "
                                    "or they are late or not updated after events.",
            "inadequate": "There is no current assessment, or it misses significant risks, so "
                          "the child's needs are not understood.",
        },
    },
    {
        "code": "quality-of-plans",
        "title": "Quality of plans",
        "questions": [
            "Does the plan follow from the assessment and say what must change, by whom and "
            "by when?",
            "Is it written so that the child and family can understand it?",
            "Is progress reviewed, and is drift challenged?",
        ],
        "descriptors": {
            "outstanding": "Plans are specific, measurable and owned by the family and the "
                           "network. Progress is clear and the child's circumstances improve.",
            "good": "Plans are clear about what needs to change and are reviewed on time. "
                    "Actions are mostly completed.",
            "requires_improvement": "Plans exist but are general, not reviewed as they should "
                                    "be, or some actions drift.",
            "inadequate": "There is no plan, or the plan does not address the risks, and the "
                          "child is left in unchanged circumstances.",
        },
    },
    {
        "code": "partnership-working",
        "title": "Partnership working",
        "questions": [
            "Are the right agencies involved, and do they share information in good time?",
            "Do meetings happen with the right people and lead to action?",
            "Is professional disagreement raised and resolved?",
        ],
        "descriptors": {
            "outstanding": "Agencies work as one team around the child, share information "
                           "promptly and challenge each other constructively.",
            "good": "The relevant agencies are involved, attend meetings and contribute to "
                    "assessment and plans.",
            "requires_improvement": "Some agencies are missing or contribute little, and "
                                    "information is shared late.",
            "inadequate": "Agencies work apart, key information is not shared, and the child "
                          "may be at risk as a result.",
        },
    },
    {
        "code": "management-oversight",
        "title": "Supervision and management oversight",
        "questions": [
            "Is supervision regular and recorded on the child's file?",
            "Does the manager's direction show reflection and clear decisions with reasons?",
            "Are decisions followed up?",
        ],
        "descriptors": {
            "outstanding": "Reflective supervision is regular and evident. Managers give clear, "
                           "reasoned direction that moves the work forward.",
            "good": "Supervision is regular, decisions are recorded with reasons and actions "
                    "are followed up.",
            "requires_improvement": "Supervision happens but is irregular or a list of tasks, "
                                    "with little reflection or follow-up.",
            "inadequate": "There is little or no management oversight, or decisions are not "
                          "recorded, and drift goes unchallenged.",
        },
    },
    {
        "code": "embracing-diversity",
        "title": "Embracing diversity",
        "questions": [
            "Are the child's identity and characteristics recorded: age, disability, "
            "ethnicity, faith, language, sex, sexuality, culture?",
            "Do assessment and plans respond to them?",
            "Is an interpreter or advocate used where needed?",
        ],
        "descriptors": {
            "outstanding": "The child's identity is understood in depth and shapes every part "
                           "of the work, including how the family is engaged.",
            "good": "Identity and diversity are recorded and considered in assessment and "
                    "plans.",
            "requires_improvement": "Diversity is recorded but not explored, or has little "
                                    "effect on the help offered.",
            "inadequate": "Diversity is not recorded or is ignored, and needs arising from it "
                          "go unmet.",
        },
    },
]
