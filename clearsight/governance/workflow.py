"""Governance packs: the kinds of pack, the states of one being made, and who may do what.

A pack moves through an explicit transition table, (state, step) -> next state; every move is
recorded as a `PackEvent` row. Packs are made by the job queue, so the steps are taken by the
system, not by people: people request a pack (which queues it) and read it.
"""

from django.db import models

from clearsight.organisation.roles import Role

# Those who run quality assurance and the improvement plan request packs (framework.md: QA
# officers write the reports; senior leaders take them to the board).
PACK_REQUESTERS = frozenset(
    {Role.QA_OFFICER, Role.HEAD_OF_SERVICE, Role.SERVICE_DIRECTOR, Role.PRINCIPAL_SOCIAL_WORKER}
)
# Packs hold aggregates only, small numbers suppressed: improvement board members and
# scrutiny councillors read them, and so do the managers and analysts who prepare for boards.
PACK_READERS = PACK_REQUESTERS | {Role.BOARD_MEMBER, Role.SERVICE_MANAGER,
                                  Role.PERFORMANCE_ANALYST}


class PackKind(models.TextChoices):
    BOARD = "board", "Six-weekly improvement board pack"
    QUARTERLY = "quarterly", "Quarterly quality assurance report"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class PackStep(models.TextChoices):
    START = "start", "Started"
    FINISH = "finish", "Finished"
    FAIL = "fail", "Failed"
    RETRY = "retry", "Queued again"


PACK_TRANSITIONS: dict[tuple[str, str], str] = {
    (PackStatus.QUEUED, PackStep.START): PackStatus.RUNNING,
    (PackStatus.RUNNING, PackStep.FINISH): PackStatus.DONE,
    (PackStatus.QUEUED, PackStep.FAIL): PackStatus.FAILED,
    (PackStatus.RUNNING, PackStep.FAIL): PackStatus.FAILED,
    (PackStatus.FAILED, PackStep.RETRY): PackStatus.QUEUED,
}


class TransitionError(Exception):
    """The step is not allowed from this state."""


def pack_next(state: str, step: str) -> str:
    try:
        return PACK_TRANSITIONS[(state, step)]
    except KeyError:
        raise TransitionError(f"A pack that is {state} cannot take the step {step!r}.") \
            from None
