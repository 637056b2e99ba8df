import pytest

from creators.crypto import generate_key_spec


@pytest.fixture(autouse=True)
def audit_settings(settings):
    from django.utils import translation

    from matches.outreach.address_hmac import generate_key_spec as hmac_key_spec

    settings.CONSOLE_ENCRYPTION_KEYS = generate_key_spec("k1")
    settings.CONSOLE_CONTACT_HMAC_KEYS = hmac_key_spec("h1")
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield settings


@pytest.fixture
def consume():
    """consume() -> a fresh consumer (as after a restart) read until nothing is new."""
    from audit.consumer import StreamConsumer

    def run():
        consumer = StreamConsumer()
        while consumer.poll(rediscover_every=0):
            pass
        return consumer.stats

    return run
