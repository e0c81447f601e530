"""Sentences about the visit itself, not about children's services.

"This visit was carried out in line with…", "Inspectors looked at…",
"Inspectors considered a range of evidence…": every letter has them, they
mention many of a finding's words ("children in need", "care leavers",
"quality assurance"), and they say nothing about how things are. They are
never indexed, quoted or read for a verdict.
"""

from __future__ import annotations

import re

_METHOD = re.compile(
    r"^(?:"
    r"this (?:focused )?visit was (?:carried out|conducted|undertaken)"
    r"|this (?:letter|report) (?:summarises|sets out|describes)"
    r"|this (?:was|is) the (?:first|second|third|fourth|fifth|\w+th) (?:focused |monitoring )?visit"
    r"|(?:the )?inspectors? (?:also )?(?:looked at|considered|reviewed|spoke|used|evaluated"
    r"|scrutinised|examined|sampled|were|observed|tracked)"
    r"|(?:her|his) majesty's (?:chief )?inspectors?"
    r"|the lead inspector"
    r"|ofsted will take"
    r"|the delivery model was adapted"
    r"|areas? covered by (?:the|this) visit"
    r")\b",
    re.IGNORECASE,
)


def is_method_sentence(sentence: str) -> bool:
    return bool(_METHOD.match(sentence.strip(" \u2018\u2019'\"")))


def about_services(said: list[str]) -> list[str]:
    """A passage's sentences less those about the visit itself; none when most are."""
    method = [is_method_sentence(s) for s in said]
    if sum(method) * 2 > len(said):
        return []
    return [s for s, m in zip(said, method, strict=True) if not m]
