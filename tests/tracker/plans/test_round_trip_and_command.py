"""The board pack this product exports reads back as the same plan; the command line import."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tracker.board_pack import write_board_pack
from tracker.models import Action, ProgressUpdate
from tracker.plans.models import PlanImport
from tracker.plans.service import Decisions, plan_import, plan_preview

pytestmark = pytest.mark.django_db


def _import(data, filename, authority, manager, decisions=None):
    preview = plan_preview(data=data, filename=filename, authority=authority, user=manager)
    return plan_import(preview=preview, user=manager, decisions=decisions or Decisions())


def _pack(authority, manager) -> bytes:
    out = io.BytesIO()
    write_board_pack(out, user=manager, authority=authority)
    return out.getvalue()


def _plan_rows(pack: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(pack), read_only=True)["Action plan"].values)


@pytest.fixture
def imported(plan_a, authority, manager, owner, other_owner):
    preview = plan_preview(data=plan_a, filename="plan-a.xlsx", authority=authority, user=manager)
    decisions = Decisions(owners={preview.unmatched_owners[0].key: other_owner.pk})
    plan_import(preview=preview, user=manager, decisions=decisions)


def test_the_exported_pack_imports_back_to_the_same_plan(imported, authority, manager):
    pack = _pack(authority, manager)
    before = _plan_rows(pack)
    assert len(before) == 5

    result = _import(pack, "board-pack.xlsx", authority, manager)
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == 4

    ProgressUpdate.objects.all().delete()
    Action.objects.all().delete()
    result = _import(pack, "board-pack.xlsx", authority, manager)
    assert result.created == 4
    assert _plan_rows(_pack(authority, manager)) == before


def test_command_dry_run_saves_nothing_and_lists_what_to_decide(
    tmp_path, plan_a, authority, manager, owner
):
    path = tmp_path / "plan-a.xlsx"
    path.write_bytes(plan_a)
    out = StringIO()
    call_command("import_plan", str(path), "--authority", authority.code, "--dry-run", stdout=out)
    assert "Owner not found: 'Pat Jones (interim)' (rows [6])" in out.getvalue()
    assert "Dry run: nothing was saved." in out.getvalue()
    assert not Action.objects.exists()

    with pytest.raises(CommandError, match="Nothing was saved. Choose who owns"):
        call_command("import_plan", str(path), "--authority", authority.code, stdout=StringIO())
    assert not Action.objects.exists()


def test_command_imports_as_the_named_manager(tmp_path, plan_a, authority, manager, owner):
    path = tmp_path / "plan-a.xlsx"
    path.write_bytes(plan_a)
    out = StringIO()
    call_command(
        "import_plan",
        str(path),
        "--authority",
        authority.name,
        "--as-user",
        manager.username,
        "--unassigned",
        stdout=out,
    )
    assert "Plan imported: 4 actions added" in out.getvalue()
    assert PlanImport.objects.get().imported_by == manager
    assert Action.objects.filter(owner__isnull=True).count() == 2
    assert {h.history_user for h in Action.history.all()} == {manager}
