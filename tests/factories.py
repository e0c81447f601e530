"""factory_boy factories for the inspections and tracker records."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from inspections.models import (
    AreaState,
    Document,
    DocumentKind,
    Finding,
    FindingArea,
    FindingState,
    FrameworkEra,
    Judgement,
    JudgementArea,
    LocalAuthority,
    Paragraph,
    SourceList,
)
from inspections.references import label_date, reference_label
from tracker.models import Action, Evidence, EvidenceKind, Membership, ProgressUpdate
from tracker.statuses import Status


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Authority {n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    authority = factory.SubFactory(LocalAuthorityFactory)
    kind = DocumentKind.ILACS
    title = factory.LazyAttribute(lambda d: f"Inspection of {d.authority.name} children's services")
    visit_start = datetime.date(2024, 6, 3)
    visit_end = datetime.date(2024, 6, 14)
    published_date = datetime.date(2024, 7, 26)
    source_filename = factory.Sequence(lambda n: f"report-{n}.txt")
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    reference_label = factory.LazyAttribute(lambda d: reference_label(label_date(d), taken=()))


class JudgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judgement

    document = factory.SubFactory(DocumentFactory)
    area = "Overall effectiveness"
    grade = "Good"
    order = factory.Sequence(lambda n: n + 1)


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    document = factory.SubFactory(DocumentFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.SelfAttribute("order")
    text = factory.Sequence(lambda n: f"Paragraph {n} of the report.")


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding
        skip_postgeneration_save = True

    document = factory.SubFactory(DocumentFactory)
    source_list = SourceList.WHAT_NEEDS_TO_IMPROVE
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Finding {n} of the report.")
    state = FindingState.CONFIRMED

    @factory.post_generation
    def judgement_area(self, create, extracted, **kwargs):
        """``judgement_area="leaders"``: the area of the document's era whose name has those
        words, suggested unless ``judgement_area__state`` says otherwise."""
        if not (create and extracted):
            return
        area = JudgementArea.objects.get(
            era=FrameworkEra.objects.for_document(self.document), name__icontains=extracted
        )
        FindingArea.objects.create(
            finding=self, judgement_area=area, state=kwargs.get("state", AreaState.SUGGESTED)
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.gov.uk")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=name)[0])

    @factory.post_generation
    def authorities(self, create, extracted, **kwargs):
        for authority in extracted or ():
            Membership.objects.get_or_create(user=self, authority=authority)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    authority = factory.SubFactory(LocalAuthorityFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    finding = factory.SubFactory(FindingFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    description = factory.Sequence(lambda n: f"Steps planned for action {n}.")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    status = Status.NOT_STARTED


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SelfAttribute("action.owner")
    text = factory.Sequence(lambda n: f"Progress update {n}.")


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    action = factory.SubFactory(ActionFactory)
    kind = EvidenceKind.NOTE
    note = factory.Sequence(lambda n: f"Evidence note {n}.")
    added_by = factory.SelfAttribute("action.owner")
