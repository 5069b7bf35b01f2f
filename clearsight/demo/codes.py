"""National code lists and the exact column headers the Demoshire files use.

Facts from ../shared/docs/data-standards.md: section 1 (Ofsted Annex A, 2024 template), section 2
(SSDA903) and section 3 (CIN census). The generator draws only from these lists, the file writers
label values with them, and the tests check the files against them.
"""

# ------------------------------------------------------------------ shared DfE codes

ETHNICITIES = (
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)
REFERRAL_SOURCES = (
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B",
    "5C", "6", "7", "8", "9", "10",
)  # 5D (early help) exists in the CIN census but not in the Annex A template, so unused here
PRIMARY_NEEDS = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0")
CLOSURE_REASONS = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")
ABUSE_CATEGORIES = ("NEG", "PHY", "SAB", "EMO", "MUL")
DISABILITIES = ("NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON",
                "AUT", "DDA")
ASSESSMENT_FACTORS = (
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C",
    "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A",
    "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
)

# ------------------------------------------------------------------ SSDA903

SSDA903_COLUMNS = {
    "header.csv": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes.csv": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                     "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "uasc.csv": ("CHILD", "SEX", "DOB", "DUC"),
    "reviews.csv": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "oc2.csv": ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
                "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
    "oc3.csv": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1.csv": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                "SEX_ADOPTR", "LS_ADOPTR"),
    "placed_for_adoption.csv": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                                "REASON_PLACED_CEASED"),
    "missing.csv": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "prev_perm.csv": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "sw_episodes.csv": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}
RNE = ("S", "L", "P", "T", "B", "U")
LEGAL_STATUSES = ("C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3")
CATEGORIES_OF_NEED_903 = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
# Placement types the generator uses: valid in every collection year from 2019-20 to 2026-27
# (it avoids H5 and P2, which the 2025-26 list drops, Z11-Z14, which the Annex A template does
# not have yet, and Z1), except K3 (supported accommodation), valid from 2024-25: the generator
# uses it only for placements that start on or after 1 April 2024, which no earlier return
# holds.
PLACEMENT_TYPES = ("A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5",
                   "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6")
PLACEMENT_PROVIDERS = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
REASONS_CEASED = ("X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46",
                  "E47", "E48", "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8")
REASONS_PLACE_CHANGE = ("CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD",
                        "LAREQ", "PLACE", "CUSTOD", "OTHER")
REVIEW_CODES = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
MISSING_TYPES = ("M", "A")
SDQ_REASONS = ("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5")
IN_TOUCH = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
ACTIVITIES = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")
ACCOMMODATION_TYPES = ("B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X",
                       "Y", "Z")
ACCOMMODATION = (*(f"{letter}{digit}" for letter in ACCOMMODATION_TYPES for digit in "12"),
                 "0")
PREVIOUS_PERMANENCE = ("P1", "P2", "P3", "P4", "Z1")
SEX_ADOPTER = ("M1", "F1", "MM", "FF", "MF")
LS_ADOPTER = ("L0", "L11", "L12", "L2", "L3", "L4")
REASONS_PLACED_CEASED = ("RD1", "RD2", "RD3", "RD4")
SW_REASONS = ("MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN",
              "SWDIED", "OTHERS")


SSDA903_SEX_LETTERS_FROM = 2025  # SEX is 1/2 up to 2023-24 and M/F/U from 2024-25
SSDA903_TABLE_YEARS = {"sw_episodes.csv": 2024}  # tables that start in a collection year


def sex_903(sex: str, year_ending: int) -> str:
    """SSDA903 SEX: 1/2 up to the 2023-24 return, M/F/U from 2024-25."""
    if year_ending >= SSDA903_SEX_LETTERS_FROM:
        return sex
    return {"M": "1", "F": "2"}.get(sex, "")


def ssda903_tables(year_ending: int) -> list[str]:
    """The SSDA903 tables (file names) of a collection year: sw_episodes from 2023-24."""
    return [name for name in SSDA903_COLUMNS
            if year_ending >= SSDA903_TABLE_YEARS.get(name, year_ending)]


# ------------------------------------------------------------------ CIN census

CIN_SEX_FROM = 2025  # ChildIdentifiers has Sex (M/F/U) from 2024-25, GenderCurrent before

# ------------------------------------------------------------------ population

# DfE's ONS mid-year population estimates file (ons_mid-year_population_estimates_2012_to_2024):
# its columns, and the values of a local authority row. Demoshire's codes are made up.
POPULATION_COLUMNS = ("time_period", "time_identifier", "geographic_level", "country_code",
                      "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
                      "la_name", "age_group", "population_estimate")
POPULATION_TIME_IDENTIFIER = "Reporting year"
POPULATION_AGE_GROUP = "Children aged 0 to 17 years"
ENGLAND_CODE = "E92000001"
REGION_CODE, REGION_NAME = "E12000005", "West Midlands"
NEW_LA_CODE = "E06009999"  # invented, like the LA number 999

# ------------------------------------------------------------------ Ofsted Annex A (2024)

ANNEX_A_COMMON = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age")
ANNEX_A_HEADERS: dict[str, tuple[str, ...]] = {
    "List 1": (*ANNEX_A_COMMON, "Date of Contact", "Contact Source"),
    "List 2": (*ANNEX_A_COMMON, "Assessment start date", "Assessment completion date",
               "Organisation completing assessment"),
    "List 3": (*ANNEX_A_COMMON, "Date of Referral", "Referral Source", "Referral NFA?",
               "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"),
    "List 4": (*ANNEX_A_COMMON, "Does the Child have a Disability",
               "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
               "Continuous Assessment Date of Authorisation",
               "Was the child assessed as requiring LA children's social care support?",
               "Allocated Team", "Allocated Worker"),
    "List 5": (*ANNEX_A_COMMON, "Does the Child have a Disability",
               "Strategy discussion initiating Section 47 Enquiry Start Date",
               "Was an Initial Child Protection Conference deemed unnecessary?",
               "Date of Initial Child Protection Conference",
               "Did the Initial Child Protection Conference Result in a Child Protection Plan",
               "Number of Section 47 Enquiries in the last 12 months",
               "Number of ICPCs in the last 12 months", "Allocated Team", "Allocated Worker"),
    "List 6": (*ANNEX_A_COMMON, "Does the Child have a Disability", "CIN Start Date",
               "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date",
               "Reason for Closure", "Case Status", "Allocated Team", "Allocated Worker"),
    "List 7": (*ANNEX_A_COMMON, "Does the Child have a Disability",
               "Child Protection Plan Start Date", "Initial Category of Abuse",
               "Latest Category of Abuse", "Date of the Last Statutory Visit",
               "Was the Child Seen Alone?", "Date of latest review conference",
               "Child Protection Plan End Date",
               "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
               "Six Months (Y/N)",
               "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"),
    "List 8": (*ANNEX_A_COMMON,
               "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
               "Does the Child have a Disability", "Date Started to be Looked After",
               "Child's Category of Need",
               "Is this a second or subsequent period of being a Looked After Child within the "
               "last 12 months (Y/N)",
               "Start date of current legal status", "Child's Legal Status",
               "Date of Latest Statutory Review", "Date of Last Social Work Visit",
               "What is the permanence plan for this child?",
               "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment",
               "Date of Last Dental Check", "Number of Placements in the Last 12 months",
               "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
               "Start Date of Most Recent Placement", "Placement Type", "Placement Provider",
               "Placement postcode", "URN of Placement", "Placement Location",
               "LA of Placement",
               "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement "
               "in the last 12 months",
               "Number of Episodes the Child has been \u2018Absent\u2019 from their Placement "
               "in the last 12 months",
               "Was the child offered a Return Interview after their last missing episode (Y/N)?",
               "Did the child accept a Return Interview after their last missing episode (Y/N)?",
               "Allocated Team", "Allocated Worker"),
    "List 9": (*ANNEX_A_COMMON,
               "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
               "Does the Child have a Disability", "Allocated Team", "Allocated Worker",
               "Allocated Personal Advisor", "Eligibility Category",
               "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact",
               "Type of Accommodation", "Suitability of Accommodation", "Activity Status"),
    "List 10": ("Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth",
                "Age of Child (Years)", "Does the Child have a Disability",
                "Date the Child Entered Care",
                "Date of Decision that Child Should be Placed for Adoption",
                "Date of Placement Order", "Date of Matching Child and Prospective Adopters",
                "Date Placed for Adoption", "Date of Adoption Order",
                "Date of Decision that Child Should No Longer be Placed for Adoption",
                "Reason Why Child No Longer Placed for Adoption",
                "Date the child was placed for fostering in FFA or concurrent planning "
                "placement"),
    "List 11": ("Individual adopter identifier", "Family identifier", "Gender", "Ethnicity",
                "Disability", "Is the (prospective) adopter fostering for adoption?",
                "Date enquiry received", "Date Stage 1 started", "Date Stage 1 ended",
                "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted",
                "Date application approved", "Date adopter matched with child(ren)",
                "Date child/children placed with adopter(s)", "No. of children placed",
                "Date of Adoption Order", "Date of leaving adoption process",
                "Reason for leaving adoption process"),
}


def _lettered(codes: tuple[str, ...]) -> dict[str, str]:
    return {code: f"{chr(ord('a') + i)}) {code}" for i, code in enumerate(codes)}


AA_GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
AA_ETHNICITY = _lettered(ETHNICITIES)
_SOURCE_GROUPS = {
    "1": "Individual", "2A": "Schools", "2B": "Education services", "3": "Health services",
    "4": "Housing", "5": "LA services", "6": "Police", "7": "Other legal agency", "8": "Other",
    "9": "Anonymous", "10": "Unknown",
}


def _source_label(index: int, code: str) -> str:
    group = _SOURCE_GROUPS.get(code) or _SOURCE_GROUPS[code[0]]
    return f"{chr(ord('a') + index)}) {code}: {group}"


AA_SOURCE = {code: _source_label(i, code) for i, code in enumerate(REFERRAL_SOURCES)}
AA_YES, AA_NO = "a) Yes", "b) No"
AA_PRIMARY_NEED = {
    "N1": "N1 - Abuse or neglect", "N2": "N2 - Child's disability",
    "N3": "N3 - Parental disability or illness", "N4": "N4 - Family in acute stress",
    "N5": "N5 - Family dysfunction", "N6": "N6 - Socially unacceptable behaviour",
    "N7": "N7 - Low income", "N8": "N8 - Absent parenting",
    "N9": "N9 - Cases other than children in need", "N0": "N0 - Not stated",
}
AA_CLOSURE_REASON = {
    "RC1": "RC1 - Adopted", "RC2": "RC2 - Died", "RC3": "RC3 - Child arrangements order",
    "RC4": "RC4 - Special guardianship order",
    "RC5": "RC5 - Transferred to services of another local authority",
    "RC6": "RC6 - Transferred to adult social care services",
    "RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
    "RC8": "RC8 - Case closed after assessment, no further action",
    "RC9": "RC9 - Case closed after assessment, referred to early help",
}
AA_CASE_STATUS = {
    "cla": "a) Looked after child", "cp": "b) Child Protection plan",
    "cin": "c) Child in need plan", "assessment": "d) Open assessment",
    "closed": "e) Closed episode",
}
AA_ABUSE = {"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse",
            "EMO": "d) Emotional abuse", "MUL": "e) Multiple/not recommended"}
AA_LEGAL_STATUS = {
    "C1": "C1: ICO", "C2": "C2: FCO", "D1": "D1: Freeing order", "E1": "E1: Placement order",
    "V2": "V2: Single period under S20", "L1": "L1: Police protection LA accommodation",
    "L2": "L2: EPO", "L3": "L3: Child assessment order LA accommodation",
    "J1": "J1: Remanded to LA or youth detention", "J2": "J2: LA accommodation under PACE",
    "J3": "J3: Youth rehabilitation order", "V3": "V3: Short term breaks, episodes recorded",
    "V4": "V4: Short term breaks, agreements recorded",
}
AA_PERMANENCE = {
    "return": "a) Return to family", "adoption": "b) Adoption", "sgo": "c) SGO/CAO",
    "supported": "d) Supported living in the community",
    "residential": "e) Long-term residential placement", "fostering": "f) Long-term fostering",
    "other": "g) other",
}
AA_REASON_CEASED = {
    "E11": "a) E11: Adopted - application unopposed",
    "E12": "b) E12: Adopted - consent dispensed",
    "E2": "c) E2: Died",
    "E3": "d) E3: Care taken by another LA",
    "E4A": "e) E4A: Returned home to parents or other person with parental responsibility as "
           "part of care planning",
    "E4B": "f) E4B: Returned home to parents or other person with parental responsibility not "
           "as part of care planning",
    "E13": "g) E13: Parents, relatives or other with no parental responsibility",
    "E41": "h) E41: Residence order granted",
    "E45": "i) E45: Special Guardianship Orders - former foster carer - relative/friend",
    "E46": "j) E46: Special Guardianship Orders - former foster carer - other",
    "E47": "k) E47: Special Guardianship Orders - relative/friend",
    "E48": "l) E48: Special Guardianship Orders - other",
    "E5": "m) E5: Moved into independent living - supported",
    "E6": "n) E6: Moved into independent living - no support",
    "E7": "o) E7: Transferred to residential care funded by adult social services",
    "E9": "p) E9: Sentenced to custody",
    "E14": "q) E14: Accommodation on remand ended",
    "E15": "r) E15: Age assessment determined child was 18 or over",
    "E16": "s) E16: Child moved abroad",
    "E8": "t) E8: Care ceased for any other reason",
    "X1": "u) X1: CodeError",
    "E17": "v) E17: Aged 18+ and remained with current carers",
}
AA_PLACEMENT_TYPE = {
    "U1": "a) U1: Foster placement - relatives - long term",
    "U2": "b) U2: Foster placement - relatives - FFA",
    "U3": "c) U3: Foster placement - relatives - not long term or FFA",
    "U4": "d) U4: Foster placement - long term",
    "U5": "e) U5: Foster placement - FFA",
    "U6": "f) U6: Foster placement - not FFA",
    "A3": "g) A3: Placed for adoption - consent - with current foster carer",
    "A4": "h) A4: Placed for adoption - consent - not with current foster carer",
    "A5": "i) A5: Placed for adoption - placement order - with current foster carer",
    "A6": "j) A6: Placed for adoption - placement order - not with current foster carer",
    "P1": "k) P1: Placed with parents",
    "P2": "l) P2: Independent living",
    "P3": "m) P3: Residential employment",
    "H5": "n) H5: Residential accommodation",
    # The 2024 template has no K3: supported accommodation is shown as H5, the code it
    # replaced (semi-independent living not subject to children's homes regulations).
    "K3": "n) H5: Residential accommodation",
    "K1": "o) K1: Secure children's home",
    "K2": "p) K2: Children's home",
    "R1": "q) R1: Residential care home",
    "R2": "r) R2: NHS/health trust or other medical or nursing care",
    "R3": "s) R3: Family centre or mother and baby unit",
    "R5": "t) R5: Young offender institution",
    "S1": "u) S1: Residential school",
    "Z1": "v) Z1: Other placements",
    "T0": "w) T0: Temporary move",
    "T1": "x) T1: Temporary - hospital",
    "T2": "y) T2: Temporary - holiday",
    "T3": "z) T3: Temporary - foster carer on holiday",
    "T4": "zz) T4: Temporary - seven days or less",
}
AA_PROVIDER = {
    "PR0": "a) PR0: Parents/Parental responsibility", "PR1": "b) PR1: Own provision",
    "PR2": "c) PR2: Other LA provision", "PR3": "d) PR3: Other public provision",
    "PR4": "e) PR4: Private provision", "PR5": "f) PR5: Voluntary/third sector",
}
AA_LOCATION = {True: "a) In", False: "b) Out"}
AA_ELIGIBILITY = {"relevant": "a) Relevant child", "former": "b) Former relevant child",
                  "qualifying": "c) Qualifying care leaver", "eligible": "d) Eligible"}
AA_IN_TOUCH = {"YES": "a) Yes", "NO": "b) No", "DIED": "c) Died", "REFU": "d) Refu",
               "NREQ": "e) NREQ", "RHOM": "f) Rhom"}
AA_ACCOMMODATION = {
    "B": "B: Parents/relatives", "C": "C: Community home/residential care",
    "D": "D: Semi-independent, transitional accommodation and self-contained accommodation",
    "E": "E: Supported lodgings", "G": "G: Abroad", "H": "H: Deported",
    "K": "K: Ordinary lodgings, without formal support", "R": "R: Residence not known",
    "S": "S: No fixed abode/homeless", "T": "T: Foyers and similar supported accommodation",
    "U": "U: Independent living", "V": "V: Emergency accommodation",
    "W": "W: Bed and breakfast", "X": "X: In custody", "Y": "Y: Other accommodation",
    "Z": "Z: With former foster carers",
}
AA_SUITABILITY = {True: "a) Suitable", False: "b) Unsuitable"}
AA_ACTIVITY = {
    "F1": "F1: Full time in higher education", "P1": "P1: Part time in higher education",
    "F2": "F2: Full time in education other than higher",
    "P2": "P2: Part time in education other than higher",
    "F4": "F4: Full time in an apprenticeship", "P4": "P4: Part time in an apprenticeship",
    "F5": "F5: Full time in training or employment (not apprenticeship)",
    "P5": "P5: Part time in training or employment (not apprenticeship)",
    "G4": "G4: Not in education, employment or training - illness or disability",
    "G5": "G5: Not in education, employment or training - other",
    "G6": "G6: Not in education, employment or training - pregnancy or parenting",
}
AA_NO_LONGER_PLACED = {
    "RD1": "RD1 - The child's needs changed subsequent to the decision",
    "RD2": "RD2 - The Court did not make a placement order",
    "RD3": "RD3 - Prospective adopters could not be found",
    "RD4": "RD4 - Any other reason",
}
AA_LEFT_ADOPTION = {1: "1 - Adopter withdrew from process", 2: "2 - Process put on hold",
                    3: "3 - Application refused"}
