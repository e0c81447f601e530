"""Send each person their daily email: their overdue actions and those due soon, and
what happened to their actions since their last email. One email per person per day.

Safe to run as often as you like (for example hourly from cron): a person gets
at most one daily email a day, recorded in ReminderSent. People who chose to
hear at once were emailed as things happened; their daily email holds their
reminders, and any notification whose email failed. Uses Django's email
backend (the console by default). Links in the email start with --base-url,
or the SITE_URL setting.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracker.notifications.daily import daily_send


class Command(BaseCommand):
    help = "Email each person their daily reminders and notifications (at most once a day)."

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
        run = daily_send(within_days=within_days, base_url=base_url)
        self.stdout.write(f"Sent {len(run.sent)} daily email(s).")
        if run.already_sent:
            self.stdout.write(f"Already emailed today: {', '.join(run.already_sent)}.")
        if run.skipped_no_email:
            self.stderr.write(f"No email address, not emailed: {', '.join(run.skipped_no_email)}.")
        if run.failed:
            raise CommandError(
                f"Could not send to {', '.join(run.failed)}; run the command again to retry them."
            )
