"""Email each action owner their overdue actions and those due soon: one email per owner.

Safe to run as often as you like (for example hourly from cron): an owner gets
at most one reminder a day, recorded in ReminderSent. Uses Django's email
backend (the console by default). Links in the email start with --base-url,
or the SITE_URL setting when there is one.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracker.services import reminders_send


class Command(BaseCommand):
    help = "Email each owner their overdue and due-soon actions (at most once a day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--within-days",
            type=int,
            default=None,
            help="Remind about actions due within this many days "
            f"(default {settings.REMINDER_WITHIN_DAYS}).",
        )
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Start of the links in the email, e.g. https://tracker.example.gov.uk",
        )

    def handle(self, *args, within_days, base_url, **options):
        run = reminders_send(within_days=within_days, base_url=base_url)
        self.stdout.write(f"Sent {len(run.sent)} reminder(s).")
        if run.already_sent:
            self.stdout.write(f"Already reminded today: {', '.join(run.already_sent)}.")
        if run.skipped_no_email:
            self.stderr.write(f"No email address, not reminded: {', '.join(run.skipped_no_email)}.")
        if run.failed:
            raise CommandError(
                f"Could not send to {', '.join(run.failed)}; run the command again to retry them."
            )
