from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = "Improvement tracker"

    def ready(self):
        from inspections.signals import import_notes
        from tracker.access import import_note
        from tracker.roles import grant_admin_permissions

        post_migrate.connect(grant_admin_permissions, sender=self)
        import_notes.connect(import_note, dispatch_uid="tracker.access.import_note")
