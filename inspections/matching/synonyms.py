"""The domain vocabulary the matcher knows, kept as data.

Each concept is a label (shown to people in the reasons) and the phrasings that
mean it in Ofsted reports and council plans. A phrase found in a text becomes
the concept's token, so "RHI" in one document meets "return home interviews" in
another. Phrases are matched after tokenising and light stemming, so plurals and
"-ing" forms need not be listed; abbreviations are matched case-sensitively
(``CASE_SENSITIVE``) because "PA" or "CLA" in lower case are ordinary words.

To add a term: add a phrase to an existing concept, or a new concept; nothing
else changes.
"""

from __future__ import annotations

CONCEPTS: dict[str, tuple[str, ...]] = {
    "return home interviews": (
        "return home interview",
        "return home interviews",
        "return interview",
        "return-home interview",
        "RHI",
        "RHIs",
    ),
    "personal advisers": (
        "personal adviser",
        "personal advisor",
        "PA",
        "PAs",
    ),
    "care leavers over 21": (
        "post 21",
        "post-21",
        "over 21",
        "over 21s",
        "aged 21 to 25",
        "21 to 25",
        "beyond 21",
        "up to 25",
    ),
    "care leavers": (
        "care leaver",
        "leaving care",
        "left care",
        "care-experienced",
        "care experienced",
        "young people who have left care",
    ),
    "children in care": (
        "children in care",
        "child in care",
        "children looked after",
        "child looked after",
        "looked after children",
        "looked-after children",
        "looked after",
        "CLA",
        "LAC",
        "CiC",
    ),
    "pathway plans": (
        "pathway plan",
        "pathway planning",
    ),
    "management oversight": (
        "management oversight",
        "managerial oversight",
        "manager oversight",
        "managers' oversight",
        "oversight by managers",
        "oversight provided by managers",
        "oversight of their work",
        "supervision",
        "supervision records",
        "staff supervision",
        "management support",
    ),
    "health histories": (
        "health history",
        "health histories",
        "health passport",
        "health passports",
        "health information",
    ),
    "independent reviewing officers": (
        "independent reviewing officer",
        "IRO",
        "IROs",
    ),
    "multi-agency safeguarding hub": (
        "multi-agency safeguarding hub",
        "MASH",
        "front door",
    ),
    "designated officer": (
        "local authority designated officer",
        "designated officer",
        "LADO",
        "allegations against adults",
        "allegations against professionals",
        "allegations management",
    ),
    "education, employment and training": (
        "education, employment and training",
        "education, employment or training",
        "employment, education and training",
        "employment, education or training",
        "education employment and training",
        "EET",
        "NEET",
    ),
    "child sexual exploitation": (
        "child sexual exploitation",
        "CSE",
        "exploitation",
        "extra-familial harm",
    ),
    "missing children": (
        "missing from home",
        "missing from care",
        "go missing",
        "goes missing",
        "went missing",
        "missing episodes",
    ),
    "unaccompanied children": (
        "unaccompanied asylum-seeking children",
        "unaccompanied asylum seeking children",
        "unaccompanied children",
        "UASC",
    ),
    "mental health services": (
        "child and adolescent mental health services",
        "CAMHS",
        "mental health services",
        "mental health provision",
        "mental health",
    ),
    "staying put": ("staying put", "stay put"),
    "audits": ("audit", "auditing", "quality assurance"),
    "performance information": (
        "performance information",
        "management information",
        "performance data",
        "data dashboards",
    ),
    "child protection plans": ("child protection plan", "CP plan"),
    "children in need": ("child in need", "children in need", "CIN"),
    "pre-proceedings": ("pre-proceedings", "public law outline", "PLO"),
    "permanence": ("permanence", "permanency", "permanence planning"),
}

# Phrases that are only the concept when written in capitals.
CASE_SENSITIVE: frozenset[str] = frozenset(
    {
        "PA",
        "PAs",
        "CLA",
        "LAC",
        "CiC",
        "RHI",
        "RHIs",
        "IRO",
        "IROs",
        "MASH",
        "LADO",
        "EET",
        "NEET",
        "CSE",
        "UASC",
        "CAMHS",
        "PLO",
        "CIN",
    }
)
