"""The register of English local authorities with children's services, and how a
printed name finds its entry. Plain Python, no Django: the importer, the
migration that loads the register and the parse-everything check share it.

The facts come from ``data/local-authorities.csv`` (a public table kept by the
``data-to-insight/ofsted-focused-visit-scrape-tool`` project, MIT licence), with
the corrections below: short names as councils and Ofsted print them, former
and alternative names, the GSS codes the table lacks for abolished authorities,
and which authorities were replaced by which. The table does not know the
trusts and companies that deliver some authorities' children's services; they
are listed here, each with the authorities it serves.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "local-authorities.csv"

# Short names where the table's ONS name is not what people call the authority.
SHORT_NAMES = {
    "822": "Bedford",
    "801": "Bristol",
    "810": "Hull",
    "342": "St Helens",
}
# Former and alternative names, by DfE LA code (the table's own "also known as"
# lists are added to these).
ALIASES = {
    "839": ("Bournemouth", "Bournemouth, Christchurch & Poole"),
    "810": ("Kingston upon Hull", "City of Kingston upon Hull"),
    "840": ("County Durham",),
    "342": ("St. Helens",),
    "811": ("East Riding",),
    "882": ("Southend",),
    "391": ("Newcastle",),
    "420": ("Scilly", "Council of the Isles of Scilly"),
    "201": ("City of London Corporation", "London Corporation"),
    "894": ("Telford", "Telford & Wrekin", "Telford-Wrekin"),
    "380": ("City of Bradford",),
    "850": ("Hants",),
}
# Authorities abolished since the table's names were fixed: (year, successors).
ENDED = {
    "909": (2023, ("942", "943")),  # Cumbria
    "928": (2021, ("940", "941")),  # Northamptonshire
    "836": (2019, ("839",)),  # Poole
}
MISSING_ONS_CODES = {"909": "E10000006", "928": "E10000021", "836": "E06000029"}

# Trusts and companies that deliver children's services for authorities (DfE LA codes).
PROVIDERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Achieving for Children", ("314", "318", "868")),
    ("Birmingham Children's Trust", ("330",)),
    ("Bradford Children and Families Trust", ("380",)),
    ("Brighter Futures for Children", ("870",)),
    ("Doncaster Children's Services Trust", ("371",)),
    ("Northamptonshire Children's Trust", ("928", "940", "941")),
    ("Sandwell Children's Trust", ("333",)),
    ("Slough Children First", ("871",)),
    ("Slough Children's Services Trust", ("871",)),
    ("Together for Children", ("394",)),
    ("Worcestershire Children First", ("885",)),
)


@dataclass(frozen=True)
class Entry:
    la_code: str
    short_name: str
    official_name: str
    aliases: tuple[str, ...]
    ons_code: str
    ofsted_urn: str
    region: str
    la_type: str
    statistical_neighbours: tuple[str, ...]
    providers: tuple[str, ...] = ()
    ended: int | None = None
    successors: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.short_name, self.official_name, *self.aliases)


def _list(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.strip("[] ").split(",") if p.strip())


def load_entries(path: Path = DATA) -> list[Entry]:
    """Every authority in the register, in the table's order."""
    providers: dict[str, list[str]] = {}
    for name, codes in PROVIDERS:
        for code in codes:
            providers.setdefault(code, []).append(name)
    entries = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["la_code"].strip()
            ons_name = row["local_authority_ons_name"].strip()
            short = SHORT_NAMES.get(code, ons_name)
            aliases = [*_list(row["also_known_as"]), *ALIASES.get(code, ())]
            if ons_name != short:
                aliases.append(ons_name)
            ended, successors = ENDED.get(code, (None, ()))
            entries.append(
                Entry(
                    la_code=code,
                    short_name=short,
                    official_name=ons_name,
                    aliases=tuple(dict.fromkeys(a for a in aliases if a != short)),
                    ons_code=row["la_code_new"].strip() or MISSING_ONS_CODES.get(code, ""),
                    ofsted_urn=row["urn"].strip(),
                    region=row["region_name"].strip(),
                    la_type=row["ons_la_type"].strip(),
                    statistical_neighbours=_list(row["stat_neighbours"]),
                    providers=tuple(providers.get(code, ())),
                    ended=ended,
                    successors=successors,
                )
            )
    return entries


_COUNCIL_WORDS_RE = re.compile(
    r"\b(?:the|london borough of|royal borough of|metropolitan borough of|borough of"
    r"|county borough of|county of|city and county of|city of|council of"
    r"|metropolitan district council|metropolitan borough council|metropolitan council"
    r"|borough council|county council|city council|district council|unitary council|council"
    r"|corporation|local authority|metropolitan district|metropolitan borough|metropolitan"
    r"|borough)\b"
)


def name_key(name: str) -> str:
    """How two printings of one name compare: case, '&', punctuation and council words aside."""
    text = name.casefold().replace("&", " and ").replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[.,'()]", "", text).replace("-", " ")
    stripped = " ".join(_COUNCIL_WORDS_RE.sub(" ", text).split())
    return stripped or " ".join(text.split())


@dataclass(frozen=True)
class Match:
    """What a printed name refers to: the target(s) and the provider it named, if any."""

    targets: tuple[object, ...]
    provider: str = ""


@dataclass
class NameIndex:
    """Names of authorities (any objects) and of their providers, found by ``name_key``."""

    names: dict[str, list[object]] = field(default_factory=dict)
    providers: dict[str, tuple[str, list[object]]] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)

    def add(
        self,
        target: object,
        names: Sequence[str],
        providers: Iterable[str] = (),
        label: str | None = None,
    ) -> None:
        """Index ``names`` of ``target``; suggestions show ``label`` (default: the first name)."""
        for name in names:
            key = name_key(name)
            if key and target not in self.names.setdefault(key, []):
                self.names[key].append(target)
                self.printed.setdefault(key, label or names[0])
        for provider in providers:
            key = name_key(provider)
            entry = self.providers.setdefault(key, (provider, []))
            if target not in entry[1]:
                entry[1].append(target)
            self.printed.setdefault(key, provider)

    def find(self, name: str) -> Match | None:
        key = name_key(name)
        if key in self.names:
            return Match(tuple(self.names[key]))
        if key in self.providers:
            provider, targets = self.providers[key]
            return Match(tuple(targets), provider)
        return None

    def find_in(self, text: str, among: Sequence[object]) -> object | None:
        """The one of ``among`` whose name appears in ``text`` (for a trust serving several)."""
        words = f" {name_key(text)} "
        hits = [
            target
            for key, targets in self.names.items()
            for target in targets
            if target in among and f" {key} " in words
        ]
        unique = list(dict.fromkeys(hits))
        return unique[0] if len(unique) == 1 else None

    def suggestions(self, name: str, limit: int = 3) -> list[str]:
        keys = difflib.get_close_matches(
            name_key(name), list(self.printed), n=limit * 3, cutoff=0.6
        )
        return list(dict.fromkeys(self.printed[k] for k in keys))[:limit]
