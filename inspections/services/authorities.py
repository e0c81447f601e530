"""Which authority a document is about, through the authority register.

Every printed name ("City of Bradford Metropolitan District Council", "Bradford",
"Bradford Children and Families Trust") resolves to one register entry, and
through it to one LocalAuthority, created from the entry on first import. A
name the register does not know is an error with suggestions: an authority is
never created from a name alone. Authorities added by hand (with their aliases)
are matched too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from inspections import register
from inspections.models import LocalAuthority, RegisteredAuthority


class ReportImportError(Exception):
    """A document could not be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Resolved:
    entry: RegisteredAuthority | None
    authority: LocalAuthority | None
    provider: str = ""

    @property
    def name(self) -> str:
        return self.entry.short_name if self.entry else self.authority.name

    @property
    def la_code(self) -> str:
        return self.entry.la_code if self.entry else ""


def _index() -> tuple[register.NameIndex, dict[RegisteredAuthority, LocalAuthority]]:
    """The names of every register entry and authority, and the authorities made by
    hand (not yet linked) under a name or alias of one entry, by that entry."""
    index = register.NameIndex()
    for entry in RegisteredAuthority.objects.all():
        index.add(entry, entry.names, entry.providers)
    hand_made: dict[RegisteredAuthority, LocalAuthority] = {}
    # Aliases live in a JSON list, which SQLite cannot search portably; there are
    # at most a few hundred authorities, so compare in Python.
    for authority in LocalAuthority.objects.select_related("register"):
        target = authority.register
        if target is None:
            # One made by hand under a register name (or with one as an alias) becomes
            # that entry on first import, rather than a second authority beside it.
            target = _entry_named(index, [authority.name, *authority.aliases])
            if target is not None:
                hand_made.setdefault(target, authority)
            else:
                target = authority
        index.add(target, [authority.name, *authority.aliases], label=_label(target))
    return index, hand_made


def _entry_named(index: register.NameIndex, names: list[str]) -> RegisteredAuthority | None:
    """The one register entry these names find (providers aside), or None."""
    found = set()
    for name in names:
        match = index.find(name)
        if match and len(match.targets) == 1 and not match.provider:
            (target,) = match.targets
            if isinstance(target, RegisteredAuthority):
                found.add(target)
    return found.pop() if len(found) == 1 else None


def authority_lookup(name: str, context: str = "") -> Resolved:
    """The register entry (or hand-made authority) a printed name refers to; saves nothing.

    ``context`` is other text of the document (its title), used when the name is
    that of a trust serving several authorities.
    """
    name = " ".join(name.split())
    if not name:
        raise ReportImportError("The document does not say which local authority it is about.")
    index, hand_made = _index()
    match = index.find(name)
    if match is None:
        hint = index.suggestions(name)
        did_you_mean = f" Did you mean {' or '.join(repr(h) for h in hint)}?" if hint else ""
        raise ReportImportError(
            f"'{name}' is not an English local authority in the register.{did_you_mean} "
            "If it is another name for one, add it to that authority's aliases in the admin."
        )
    targets = match.targets
    if len(targets) > 1:
        chosen = index.find_in(context, targets)
        if chosen is None:
            served = ", ".join(sorted(_label(t) for t in targets))
            raise ReportImportError(
                f"'{name}' serves more than one authority ({served}) and the document does "
                "not say which one it is about; correct the authority before importing."
            )
        targets = (chosen,)
    (target,) = targets
    if isinstance(target, RegisteredAuthority):
        authority = LocalAuthority.objects.filter(register=target).first()
        return Resolved(target, authority or hand_made.get(target), match.provider)
    return Resolved(None, target, match.provider)


def _label(target) -> str:
    return target.short_name if isinstance(target, RegisteredAuthority) else target.name


def authority_resolve(name: str, context: str = "") -> tuple[LocalAuthority, str]:
    """The authority a printed name refers to and the provider it named ('' if none).

    The LocalAuthority of a register entry is created from the entry on first
    sight, or linked when an authority made by hand has one of the entry's names
    as its name or an alias: importing never makes a second authority beside it.
    """
    found = authority_lookup(name, context)
    authority, entry = found.authority, found.entry
    if entry is None or (authority is not None and authority.register_id == entry.pk):
        return authority, found.provider
    if authority is None:
        authority = LocalAuthority(name=entry.short_name)
    authority.register = entry
    authority.save()
    return authority, found.provider


@transaction.atomic
def register_load(
    *, entries: Iterable[register.Entry] | None = None, model=RegisteredAuthority
) -> tuple[int, int]:
    """Add or update every register entry from the data file; (created, updated).

    Aliases an admin added are kept. ``model`` lets a migration pass its historical model.
    """
    created = updated = 0
    existing = {row.la_code: row for row in model.objects.all()}
    for entry in entries if entries is not None else register.load_entries():
        row = existing.get(entry.la_code) or model(la_code=entry.la_code)
        kept = [a for a in (row.aliases or []) if a not in entry.aliases]
        values = {
            "short_name": entry.short_name,
            "official_name": entry.official_name,
            "aliases": [*entry.aliases, *kept],
            "ons_code": entry.ons_code,
            "ofsted_urn": entry.ofsted_urn,
            "region": entry.region,
            "la_type": entry.la_type,
            "statistical_neighbours": list(entry.statistical_neighbours),
            "providers": list(entry.providers),
            "ended": entry.ended,
            "successors": list(entry.successors),
        }
        if row.pk and all(getattr(row, k) == v for k, v in values.items()):
            continue
        for key, value in values.items():
            setattr(row, key, value)
        created += row.pk is None
        updated += row.pk is not None
        row.save()
    return created, updated
