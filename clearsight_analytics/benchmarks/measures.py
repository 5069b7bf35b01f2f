"""What a measure is, which way is better, and which LAIT measures the product ships.

Polarity comes from DfE: LAIT's data dictionary says "High" (a higher value is better), "Low"
(a lower value is better) or "-"/"NA" (neither: context decides). We keep DfE's word even where
data-standards.md section 4 reads a measure differently (for example it calls the CPP starts
rate contextual, LAIT says "Low"); a caller can pass its own polarity to any comparison. The
`ees:` measures declare their polarity in `ees.EES_MEASURES`, from data-standards.md section 4.

`REFERENCE_MEASURES` is every LAIT code that data-standards.md names in sections 4 and 5.2
(`RefBySource_*_%` expanded to the three LAIT publishes). The shipped reference files hold
these, for every area, from 2019 on.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Polarity(StrEnum):
    HIGH_IS_GOOD = "high is good"
    LOW_IS_GOOD = "low is good"
    NONE = "none"

    @classmethod
    def from_lait(cls, text: str) -> Polarity:
        """LAIT's dictionary word: "High", "Low", or anything else (no direction)."""
        word = text.strip().lower()
        if word == "high":
            return cls.HIGH_IS_GOOD
        if word == "low":
            return cls.LOW_IS_GOOD
        return cls.NONE


@dataclass(frozen=True)
class Measure:
    code: str  # LAIT Short Desc, or "ees:..."
    name: str  # DfE's wording
    polarity: Polarity
    source: str  # "LAIT", or the EES file's name without its years
    period: str  # what a year means: DfE's Year_Type for LAIT ("Financial Year"), ours for EES


# Every LAIT code named in data-standards.md sections 4 (KPI definitions) and 5.2 (benchmarks).
REFERENCE_MEASURES: Final[tuple[str, ...]] = (
    # 4.1 front door
    "CPP_Total_Rateper10,000", "ReReferral", "CIN_Refferals_NFA", "Referrals_AssessedNotNeed",
    "RefBySource_HealthServ_%", "RefBySource_Police_%", "RefBySource_Schl_%",
    "Continue_Assess_Comp",
    # 4.2 children in need and child protection
    "CIN", "CINTime2more", "Section_47", "ISCP_Conf", "CP_conf_15days",
    "10_ICPC", "15_ICPC", "20_ICPC", "21_ICPC",
    "CPP_rate", "CPP_Abuse_Rate", "DeRegCPR", "PrevRegCPR", "CPPlans2yrsActive", "CPPlans2yrs",
    "RevCP", "Work_Force_AvgNumCase_SW", "Work_Force_TO_Rate", "Work_Force_Vac_Rate",
    "Work_Force_Agecy_Rate",
    # 4.3 children looked after
    "LAC", "LAC_Start_Rate", "LAC_Cease_Rate", "Unacc_Asylmn_Seek_Childn%", "UASC_%_Starting",
    "LACStable_2016on", "LAC_LongStable%", "LAC_Foster_Placements",
    "LAC_SecHome_And_ChildHome", "LAC_Ind_SInd_Liv_Arr", "LAC_Parents_OR_Others",
    "LAC_Other_Place_Inc_Unreg", "LAC_Other_Res_Settings", "LACDistance", "LACHealth%",
    "LACDental%", "LACVaccinations%", "Emotional_LAC", "LAC_Convictions", "LACSubstance",
    "Children_missing", "Children_Away", "Stability_SocialWorker", "Stability_School",
    # 4.4 permanence
    "%_of LAC Adopted", "LAC_ceased_SGO%", "LAC_ceased_CAO%", "LAC_RetHome_CarePlan_%",
    "LAC_RetHome_Not_CarePlan_%", "CareApplications",
    # 4.5 care leavers
    "CareLeaverAcc", "CareLeaverEET", "CareLeaversNEET", "CareLeavers_LA_NotInTouch",
    "LAC_19_HE", "StayingPut",
)

REFERENCE_FROM_YEAR: Final = 2019
