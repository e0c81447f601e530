"""How the sentences of a later document's passage lean on each other: one that refers
back to the sentence before, one saying what leaders know is left to do, and one that
names things only as examples."""

from __future__ import annotations

import re

# "…, for example in child protection planning": what follows illustrates the clause before.
EXAMPLE = re.compile(r"\b(?:for example|for instance|such as|e\.g\.|including)\b", re.IGNORECASE)

# "This inevitably limits …", "These improvements are, however, …": a sentence
# opening on what was just said is about it.
# So is one whose contrast opens on it: "Reflective discussions are held, although
# these are not consistently well documented."
ANAPHORA = re.compile(
    r"^(?:this|these|such)\b|[,;]\s*(?:although|but|though|while|whilst|however,?)\s+"
    r"(?:this|these)\b",
    re.IGNORECASE,
)
ACKNOWLEDGED = re.compile(
    r"\b(?:leaders|managers|the local authority|the council)\b[^.;]{0,40}?\b"
    r"(?:acknowledge|recognise|recognize|know|are aware|understand)s?\b[^.]*\b"
    r"(?:more to do|further (?:work|improvement|development)|more work|still (?:need|to))",
    re.IGNORECASE,
)


def refers_back(sentence: str) -> bool:
    """Whether a sentence is about what the one before it said ("This inevitably limits …")."""
    return ANAPHORA.search(sentence) is not None


def acknowledges_more_to_do(sentence: str) -> bool:
    """Whether a sentence says leaders know there is more to do."""
    return ACKNOWLEDGED.search(sentence) is not None


def before_example(sentence: str) -> str | None:
    """The words before "for example" (or "such as", "including" …); None without one."""
    marker = EXAMPLE.search(sentence)
    return None if marker is None else sentence[: marker.start()]
