from django.apps import AppConfig


class ScaleDataConfig(AppConfig):
    """Development tools: the ``generate_scale_data`` command. Installed only with DEV_TOOLS."""

    name = "bench.scale_data"
    label = "scale_data"
    verbose_name = "Scale data (development only)"
