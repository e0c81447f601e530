"""The authority register: loaded by migration, and every document resolves to one entry."""

import pytest
from django.core.management import call_command

from inspections import register
from inspections.models import Document, LocalAuthority, RegisteredAuthority
from inspections.services import ReportImportError, authority_lookup, register_load, report_import

pytestmark = pytest.mark.django_db


def letter(title: str, addressee: str = "Bradford") -> bytes:
    """A short focused-visit letter written for these tests, titled ``title``."""
    return f"""
3 March 2025

Director of Children's Services
{addressee}

Dear Director

{title}

This letter summarises the findings of the focused visit to {addressee} children's
services on 4 and 5 February 2025. His Majesty's Inspectors for this visit were
Pat Quinn, HMI, and Sol Reyes, HMI.

Inspectors looked at the local authority's arrangements for care leavers.

What needs to improve in this area of social work practice?

 The timeliness of pathway plans for care leavers.

Yours sincerely

Pat Quinn
His Majesty's Inspector
""".encode()


def test_the_register_is_loaded_with_codes_regions_neighbours_and_providers():
    bradford = RegisteredAuthority.objects.get(la_code="380")
    assert bradford.short_name == "Bradford"
    assert bradford.ons_code == "E08000032"
    assert bradford.ofsted_urn == "80449"
    assert bradford.region == "Yorkshire and the Humber"
    assert len(bradford.statistical_neighbours) == 10
    assert "Bradford Children and Families Trust" in bradford.providers
    cumbria = RegisteredAuthority.objects.get(short_name="Cumbria")
    assert (cumbria.ended, cumbria.successors) == (2023, ["942", "943"])
    assert RegisteredAuthority.objects.count() == len(register.load_entries()) == 156


def test_loading_again_changes_nothing_and_keeps_aliases_an_admin_added():
    entry = RegisteredAuthority.objects.get(la_code="380")
    entry.aliases = [*entry.aliases, "Bradford District"]
    entry.save()

    assert register_load() == (0, 0)
    call_command("load_authority_register", verbosity=0)

    assert "Bradford District" in RegisteredAuthority.objects.get(la_code="380").aliases


@pytest.mark.parametrize(
    ("title", "provider"),
    [
        ("Focused visit to City of Bradford Metropolitan District Council children's services", ""),
        ("Focused visit to Bradford children's services", ""),
        (
            "Focused visit to Bradford Children and Families Trust's children's services",
            "Bradford Children and Families Trust",
        ),
    ],
)
def test_every_name_of_an_authority_imports_to_its_one_entry(title, provider):
    document = report_import(data=letter(title), filename="letter.txt").document

    assert document.authority.register.la_code == "380"
    assert document.authority.name == "Bradford"
    assert document.delivered_by == provider


def test_three_names_make_one_authority():
    for number, title in enumerate(
        [
            "Focused visit to City of Bradford Metropolitan District Council children's services",
            "Focused visit to Bradford children's services",
            "Focused visit to Bradford Children and Families Trust's children's services",
        ]
    ):
        data = letter(title).replace(b"2025", str(2021 + number).encode())
        report_import(data=data, filename=f"letter-{number}.txt")

    assert list(LocalAuthority.objects.values_list("name", flat=True)) == ["Bradford"]
    assert Document.objects.count() == 3


def test_an_unknown_name_is_refused_with_a_suggestion_and_nothing_saved():
    with pytest.raises(ReportImportError) as error:
        report_import(
            data=letter("Focused visit to Bradfrod children's services", "Bradfrod"),
            filename="letter.txt",
        )

    assert "'Bradfrod' is not an English local authority in the register" in str(error.value)
    assert "Did you mean 'Bradford'" in str(error.value)
    assert not LocalAuthority.objects.exists()
    assert not Document.objects.exists()


def test_a_trust_serving_several_authorities_needs_the_authority_named_too():
    with pytest.raises(ReportImportError, match="serves more than one authority"):
        authority_lookup("Achieving for Children")

    found = authority_lookup(
        "Achieving for Children",
        context="Inspection of Achieving for Children, Richmond upon Thames children's services",
    )
    assert (found.name, found.provider) == ("Richmond upon Thames", "Achieving for Children")


def test_an_authority_made_by_hand_is_linked_to_its_entry_on_first_import():
    made = LocalAuthority.objects.create(name="Bradford", aliases=["Bradford District"])

    document = report_import(
        data=letter("Focused visit to Bradford District children's services", "Bradford District"),
        filename="letter.txt",
    ).document

    made.refresh_from_db()
    assert document.authority == made
    assert made.register.la_code == "380"


def test_an_authority_outside_the_register_is_still_found_by_its_aliases():
    made = LocalAuthority.objects.create(name="Testshire", aliases=["Testshire Borough"])

    assert authority_lookup("Testshire Borough Council").authority == made


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("Kingston upon Hull City Council", "810"),
        ("Bristol City Council", "801"),
        ("London Borough of Hammersmith & Fulham", "205"),
        ("Durham County Council", "840"),
        ("St. Helens", "342"),
        ("Norfolk Council", "926"),
        ("Bedford Borough Council", "822"),
        ("Slough Children First", "871"),
        ("Tameside metropolitan", "357"),
        ("Tameside Metropolitan Borough", "357"),
    ],
)
def test_printed_forms_find_their_entry(printed, code):
    assert authority_lookup(printed).la_code == code


@pytest.mark.parametrize(
    ("made", "aliases"),
    [
        ("Bradford District", ["Bradford"]),
        ("Bradford Children's Social Care", ["City of Bradford Metropolitan District Council"]),
    ],
)
def test_an_authority_made_by_hand_under_another_name_is_found_by_its_alias(made, aliases):
    authority = LocalAuthority.objects.create(name=made, aliases=aliases)

    document = report_import(
        data=letter("Focused visit to Bradford children's services"), filename="letter.txt"
    ).document

    assert document.authority == authority
    assert LocalAuthority.objects.count() == 1
    authority.refresh_from_db()
    assert authority.register.la_code == "380"


def test_importing_for_an_authority_already_linked_never_makes_a_second_one():
    first = report_import(
        data=letter("Focused visit to Bradford children's services"), filename="one.txt"
    ).document
    first.authority.name = "Bradford (children's services)"
    first.authority.save()

    data = letter(
        "Focused visit to City of Bradford Metropolitan District Council children's services"
    ).replace(b"2025", b"2023")
    second = report_import(data=data, filename="two.txt").document

    assert second.authority == first.authority
    assert LocalAuthority.objects.count() == 1
