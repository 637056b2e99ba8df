"""The console's system checks: run by `manage.py check` (and --deploy), runserver, migrate."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from creators import crypto


@register(Tags.security)
def encryption_keys_check(app_configs, **kwargs):
    """CONSOLE_ENCRYPTION_KEYS parses: ids, base64, 32-byte keys, no repeats, not empty.

    Settings only read the value; a bad one is reported here, by name and without the
    key itself, rather than as a 500 on the first page that opens a contact.
    """
    return [
        Error(
            f"CONSOLE_ENCRYPTION_KEYS: {problem}",
            hint=(
                "Use `id:base64key` entries separated by commas, the current key first. "
                "Make a key with `python -m creators.crypto k1`."
            ),
            id="console.E001",
        )
        for problem in crypto.key_problems(settings.CONSOLE_ENCRYPTION_KEYS)
    ]
