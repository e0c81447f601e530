"""An authority's URL name and short code, made from its name."""

from __future__ import annotations

import unicodedata

from django.utils.text import slugify

# Letters that Unicode does not decompose into a plain letter and a mark.
TRANSLITERATE = str.maketrans(
    {
        "Æ": "AE",
        "æ": "ae",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Þ": "Th",
        "þ": "th",
        "Œ": "OE",
        "œ": "oe",
    }
)


def authority_slug(name: str, *, taken) -> str:
    """A URL name for an authority: never empty, and not one of ``taken`` (a queryset).

    "ÆØ" would slug to nothing and "St. Evilton" to the slug of "St Evilton"; the first
    becomes "aeo", the second "st-evilton-2".
    """
    base = slugify(unicodedata.normalize("NFKD", name.translate(TRANSLITERATE)))[:180]
    base = base.strip("-") or "authority"
    slug, number = base, 2
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if len(words) == 1:
        return words[0][:3].upper()
    return "".join(
        w[0] for w in words if w.lower() not in {"of", "and", "the", "upon", "on"}
    ).upper()
