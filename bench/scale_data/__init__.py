"""Fill an empty database with a synthetic national picture, for benchmarks and load tests.

    python manage.py generate_scale_data                        # about 150 authorities, 10 years
    python manage.py generate_scale_data --authorities 2 --seed 7   # a small one

Authorities have invented, real-looking names; each follows a path through
the inspection framework over the years (full inspections, then monitoring
visits while inadequate, focused visits and the odd joint targeted area
inspection otherwise), with judgements, numbered paragraphs, findings of each
list, recurring themes, follow-ups at later visits, and actions whose
history, progress updates and evidence tell the story of the plan up to
``--until`` (today by default). Everything is written with ``bulk_create`` in
batches inside one transaction, so it takes minutes, not hours; the same
``--seed`` and ``--until`` give the same data. History rows are written for
actions and evidence only; the other audited records (findings, themes and
their members, follow-ups, memberships, progress updates, people) start with
no history.

Safety: it only fills a database that has no authorities yet, and refuses
otherwise, so it can never mix invented records into real ones. Every
generated person shares one published password, so like ``load_demo_plan``
it refuses to run unless DEBUG or TESTING is on (or ``--force``).

This is a development tool, not part of the deployable app: the Django app
``bench.scale_data`` (which holds the command) is installed only when the
``DEV_TOOLS`` setting is on, by default when DEBUG or TESTING is
(config/settings.py). Documents get their reference labels by the import's
own rule (``inspections.services``); the words come from ``vocabulary``, which
the benchmarks share.

- ``base``: options, counts and small helpers; ``vocabulary``: the words;
- ``generator``: authorities, people, documents, paragraphs and findings;
- ``followups``: themes and follow-ups; ``plans``: actions and their stories.
"""

from bench.scale_data.base import DEFAULT_PASSWORD, NATIONAL_MANAGER, SCALE_ADMIN

__all__ = ["DEFAULT_PASSWORD", "NATIONAL_MANAGER", "SCALE_ADMIN"]
