import pytest


@pytest.fixture
def english(settings):
    """Page tests read English messages; Korean rendering has tests of its own."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
