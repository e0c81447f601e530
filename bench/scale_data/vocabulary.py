"""The words synthetic plans are made of, shared by the scale data and the benchmarks.

Plain data and one function: nothing here needs Django, so a benchmark can
import it before setting Django up.
"""

from __future__ import annotations

import random

NAME_STARTS = (
    "Ash", "Bar", "Bram", "Brock", "Calder", "Chel", "Cole", "Dal", "Dun", "Eas", "Elm",
    "Fair", "Fen", "Glen", "Gran", "Hal", "Hart", "Hol", "Ing", "Kel", "Kings", "Lang",
    "Lid", "Mal", "Mar", "Mere", "Mill", "Nor", "Oak", "Pen", "Ris", "Rother", "Sal",
    "Sand", "Shel", "Stan", "Stow", "Thorn", "Tre", "Wal", "Wend", "Whit", "Wil", "Wyn",
)  # fmt: skip
NAME_ENDS = (
    "bridge", "brook", "bury", "by", "caster", "combe", "dale", "den", "field", "ford",
    "gate", "ham", "hampton", "ington", "leigh", "ley", "minster", "mouth", "ton", "well",
    "wick", "worth",
)  # fmt: skip
NAME_PREFIXES = ("North ", "South ", "East ", "West ")

FIRST_NAMES = (
    "Aisha", "Amir", "Beth", "Carys", "Chidi", "Dan", "Deepa", "Eleanor", "Femi", "Grace",
    "Hamza", "Imogen", "Jas", "Joel", "Kate", "Leon", "Maya", "Niamh", "Owen", "Priya",
    "Rhys", "Sana", "Tom", "Uma", "Vikram", "Wendy", "Yusuf", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Bennett", "Choudhury", "Davies", "Evans", "Fletcher", "Green", "Hughes",
    "Iqbal", "Jones", "Khan", "Lewis", "Morgan", "Nowak", "O'Brien", "Patel", "Quinn",
    "Roberts", "Singh", "Taylor", "Walker", "Young",
)  # fmt: skip
INSPECTORS = tuple(f"{f} {l}" for f in FIRST_NAMES[::3] for l in LAST_NAMES[::4])  # noqa: E741

TOPICS = (
    "return home interviews",
    "pathway plans",
    "management oversight",
    "staff supervision",
    "health histories",
    "personal advisers",
    "care leavers over 21",
    "child protection plans",
    "independent reviewing officers",
    "allegations against adults",
    "education, employment and training",
    "staying put arrangements",
    "transition planning",
    "case recording",
    "quality assurance and audit",
    "assessments of risk",
    "strategy meetings",
    "the front door",
    "children missing from education",
    "private fostering",
    "placement sufficiency",
    "permanence planning",
    "life-story work",
    "children's voices in plans",
)
ASPECTS = ("quality", "timeliness", "consistency", "take-up", "impact", "recording", "oversight")
FRAMES = (
    "The {aspect} of {topic}.",
    "The {aspect} and {aspect2} of {topic}.",
    "More work is needed to improve the {aspect} of {topic}.",
    "The {aspect} of {topic} remains too variable across teams.",
    "Leaders' understanding of the {aspect} of {topic}.",
)
SUGGESTED_FRAMES = (
    "{Topic} are not yet consistently {adjective}.",
    "The {aspect} of {topic} is not yet good enough.",
    "Leaders recognise that {topic} need further work.",
)
ADJECTIVES = ("timely", "effective", "up to date", "reviewed", "recorded", "purposeful")
PROSE = (
    "children", "families", "social workers", "managers", "leaders", "partners", "plans",
    "visits", "assessments", "the local authority", "are seen", "regularly", "timely",
    "in most cases", "however", "some", "consistently", "progress", "risk", "support",
    "the quality of", "is improving", "remains variable", "carefully", "well", "workers",
    "know children well", "caseloads", "are manageable", "and", "with", "for", "of",
    "oversight", "supervision", "records", "reflect", "their", "experiences", "needs",
)  # fmt: skip
ACTION_VERBS = (
    "Audit", "Review", "Introduce", "Embed", "Train managers on", "Report monthly on",
    "Redesign", "Strengthen", "Publish guidance on", "Commission a review of",
)  # fmt: skip
LEAD_ROLES = (
    "Head of Service, Children in Care",
    "Head of Service, Care Leavers",
    "Head of Service, Front Door",
    "Principal Social Worker",
    "Service Manager, Quality Assurance",
    "Director of Children's Services",
    "Head of Safeguarding",
)
GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
ILACS_AREAS = (
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
    "Overall effectiveness",
)
SIF_AREAS = (
    "Children who need help and protection",
    "Children looked after and achieving permanence",
    "Adoption performance",
    "Experiences and progress of care leavers",
    "Leadership, management and governance",
    "Overall effectiveness",
)


def finding_text(rng: random.Random, topic: str, *, suggested: bool = False) -> str:
    """A finding as inspectors word one: "The timeliness of pathway plans."."""
    frame = rng.choice(SUGGESTED_FRAMES if suggested else FRAMES)
    aspect, aspect2 = rng.sample(ASPECTS, 2)
    return frame.format(
        aspect=aspect,
        aspect2=aspect2,
        topic=topic,
        Topic=topic[:1].upper() + topic[1:],
        adjective=rng.choice(ADJECTIVES),
    )
