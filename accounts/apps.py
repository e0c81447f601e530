from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Sign-in"

    def ready(self):
        from accounts import checks  # noqa: F401 - registers the deploy checks
