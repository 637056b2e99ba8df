"""The console's system checks: run by `manage.py check` (and --deploy), runserver, migrate."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from creators import crypto
from marketing.client_ip import CONNECTION_ADDRESS


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


@register(Tags.security, deploy=True)
def client_address_check(app_configs, **kwargs):
    """Login lockouts by address need to know where the client's address comes from."""
    header = settings.CONSOLE_CLIENT_IP_HEADER
    if header and header != CONNECTION_ADDRESS and settings.CONSOLE_TRUSTED_PROXY_COUNT < 1:
        return [
            Error(
                "CONSOLE_TRUSTED_PROXY_COUNT must be 1 or more when CONSOLE_CLIENT_IP_HEADER "
                "names a header.",
                id="console.E002",
            )
        ]
    if header:
        return []
    return [
        Warning(
            "CONSOLE_CLIENT_IP_HEADER is not set: login lockouts take the client's address "
            "from the connection. Behind a proxy that is the proxy's address, so one "
            "client's failed log-ins would lock out everyone's.",
            hint=(
                "Behind a proxy, set CONSOLE_CLIENT_IP_HEADER=X-Forwarded-For (and "
                "CONSOLE_TRUSTED_PROXY_COUNT if more than one proxy appends to it). "
                f"Serving clients directly, set CONSOLE_CLIENT_IP_HEADER={CONNECTION_ADDRESS}."
            ),
            id="console.W001",
        )
    ]


@register(Tags.security)
def contact_hmac_keys_check(app_configs, **kwargs):
    """CONSOLE_CONTACT_HMAC_KEYS parses: ids, base64, 32 bytes or more, no repeats."""
    from matches.outreach import address_hmac

    return [
        Error(
            f"CONSOLE_CONTACT_HMAC_KEYS: {problem}",
            hint=(
                "Use `id:base64key` entries separated by commas, the current key first, and "
                "keep the old keys listed after it (the do-not-contact list is looked up "
                "with every key). Make a key with `python -m matches.outreach.address_hmac h1`."
            ),
            id="console.E003",
        )
        for problem in address_hmac.key_problems(settings.CONSOLE_CONTACT_HMAC_KEYS)
    ]


@register(Tags.compatibility, deploy=True)
def outreach_email_check(app_configs, **kwargs):
    """In production, outreach e-mail should go to a mail server, not to files."""
    if settings.EMAIL_URL:
        return []
    return [
        Warning(
            "EMAIL_URL is not set: outreach e-mail is written to files under "
            f"{settings.EMAIL_FILE_PATH} instead of being sent.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587.",
            id="console.W002",
        )
    ]


@register()
def match_weights_check(app_configs, **kwargs):
    """MATCH_WEIGHTS names every score component once, each 0-1, adding up to 1."""
    from matches.engine.weights import COMPONENTS, weight_problems

    return [
        Error(
            f"MATCH_WEIGHTS: {problem}",
            hint=(
                f"Give `name=weight` pairs for {', '.join(COMPONENTS)}, adding up to exactly 1 "
                "(see .env.example)."
            ),
            id="console.E004",
        )
        for problem in weight_problems()
    ]
