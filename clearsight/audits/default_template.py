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


# ------------------------------------------------------------------ multi-agency audits

# A second tool, for audits done with partners (police, health, education, early help): how
# the agencies around the child worked together. Drawn for thematic or multi-agency audits.
MULTI_AGENCY_NAME = "Multi-agency case audit"

MULTI_AGENCY_DOMAINS: list[dict[str, object]] = [
    {
        "code": "information-sharing",
        "title": "Sharing information between agencies",
        "questions": [
            "Did each agency share what it knew about the child promptly, and with the "
            "right people?",
            "Were concerns passed on when they arose, not only at meetings?",
            "Was consent sought, or the reason for sharing without it recorded?",
        ],
        "descriptors": {
            "outstanding": "Agencies share what they know quickly and proactively, check "
                           "what others hold, and the record shows one joined-up picture of "
                           "the child.",
            "good": "Information is shared in good time and recorded, and consent or the "
                    "reason for sharing without it is clear.",
            "requires_improvement": "Information reaches the right people, but late or only "
                                    "when asked, so parts of the picture were missing for a "
                                    "time.",
            "inadequate": "Important information was held by one agency and not shared, "
                          "leaving the child exposed to risks others could have acted on.",
        },
    },
    {
        "code": "joint-assessment",
        "title": "Understanding the child together",
        "questions": [
            "Did every agency that knows the child contribute to the assessment?",
            "Do agencies agree about the risks and needs, and were differences talked "
            "through?",
        ],
        "descriptors": {
            "outstanding": "Each agency's knowledge shapes a shared analysis; disagreements "
                           "are explored openly and resolved with the child in mind.",
            "good": "Partners contribute to the assessment and broadly share an "
                    "understanding of the child's needs and risks.",
            "requires_improvement": "Contributions are patchy, or agencies hold different "
                                    "views of risk that nobody has brought together.",
            "inadequate": "The assessment rests on one agency's view; partners' knowledge "
                          "is missing or ignored.",
        },
    },
    {
        "code": "joint-planning",
        "title": "Planning and reviewing together",
        "questions": [
            "Does the plan say what each agency will do, by when, and how everyone will "
            "know it worked?",
            "Do partners attend meetings, send reports and do what they agreed?",
        ],
        "descriptors": {
            "outstanding": "One plan that every agency owns; actions are specific, done on "
                           "time and reviewed together, and the child can see the difference.",
            "good": "The plan names each agency's part, and partners attend, report and "
                    "follow through.",
            "requires_improvement": "Partners are named in the plan but their actions are "
                                    "vague, or attendance and follow-through are uneven.",
            "inadequate": "Planning is left to one agency, or agreed actions by partners are "
                          "not done and nobody notices.",
        },
    },
    {
        "code": "escalation-and-challenge",
        "title": "Professional challenge and escalation",
        "questions": [
            "When agencies disagreed, or progress stalled, did anyone challenge it?",
            "Was the escalation policy used where it should have been, and did it help?",
        ],
        "descriptors": {
            "outstanding": "Respectful challenge is routine; disagreements are escalated "
                           "early and resolved quickly, with the outcome recorded.",
            "good": "Concerns about another agency's work are raised and resolved, using "
                    "escalation when needed.",
            "requires_improvement": "Disagreements are noticed but not pursued, so drift "
                                    "continues longer than it should.",
            "inadequate": "Unsafe decisions or drift go unchallenged between agencies.",
        },
    },
    {
        "code": "child-and-family-voice",
        "title": "The child and family's experience of the partnership",
        "questions": [
            "Does the child (and family) know who is helping and why, and did they have to "
            "tell their story more than once?",
            "Did agencies act on what the child said to any one of them?",
        ],
        "descriptors": {
            "outstanding": "The child and family experience one team around them; what they "
                           "tell one agency is heard and acted on by all.",
            "good": "The family knows who is involved and why, and agencies respond to what "
                    "the child says.",
            "requires_improvement": "The family meets many professionals with little sense "
                                    "of how they fit together.",
            "inadequate": "The child's views, told to one agency, were not passed on or acted "
                          "on.",
        },
    },
    {
        "code": "partnership-oversight",
        "title": "Oversight across agencies",
        "questions": [
            "Did managers in each agency know about the case and check its progress?",
            "Were lessons for the partnership noted and passed on?",
        ],
        "descriptors": {
            "outstanding": "Managers in each agency oversee the work together, and learning "
                           "reaches the safeguarding partnership.",
            "good": "Each agency's managers oversee their part, and decisions are shared.",
            "requires_improvement": "Oversight happens inside agencies but not across them.",
            "inadequate": "No manager in any agency has grip of the case.",
        },
    },
]
