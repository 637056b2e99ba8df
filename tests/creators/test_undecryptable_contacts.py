"""#10.1: a contact sealed with a key that is no longer configured is shown as such and
survives every save (the change form, a re-add, a CSV re-import)."""

import pytest
from django.urls import reverse

from creators import crypto, services
from creators.domain import Statistics
from creators.repository import CreatorRepository

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]


@pytest.fixture
def creator_sealed_with_k1(settings):
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("k1")
    creator = services.creator_add_manual(
        platform="instagram",
        channel_id="keyed.kim",
        channel_name="Keyed Kim",
        statistics=Statistics(subscribers=5000),
        contact={"email": "kim@example.com", "phone": "010-1111-2222"},
        actor="t",
    )
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("k2")  # k1 is gone
    return creator


def stored_contact(creator):
    return CreatorRepository().channels_of(creator.creator_id)[0].contact


def test_the_page_says_which_key_the_contact_needs(client_as, creator_sealed_with_k1):
    url = reverse("admin:creators_creator_detail", args=[creator_sealed_with_k1.creator_id])
    client = client_as("editor")
    client.cookies["django_language"] = "en"
    body = client.get(url).content.decode()
    assert "encrypted with key `k1`, which is not configured" in body
    assert creator_sealed_with_k1.contact["email"] not in body  # never the ciphertext


def test_saving_the_change_form_keeps_the_contact_it_cannot_read(client_as, creator_sealed_with_k1):
    before = stored_contact(creator_sealed_with_k1)
    url = reverse("admin:creators_creator_change", args=[creator_sealed_with_k1.creator_id])
    client = client_as("editor")
    form = client.get(url).context["form"]
    assert form.fields["email"].disabled and form.fields["phone"].disabled
    response = client.post(
        url,
        {
            "categories": ["travel"],
            "status": "active",
            "version": creator_sealed_with_k1.version,
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    (channel,) = CreatorRepository().channels_of(creator_sealed_with_k1.creator_id)
    assert channel.categories == ["travel"] and channel.contact == before


def test_re_adding_or_re_importing_never_rewrites_it(creator_sealed_with_k1):
    before = stored_contact(creator_sealed_with_k1)
    services.creator_add_manual(
        platform="instagram",
        channel_id="keyed.kim",
        channel_name="Keyed Kim",
        statistics=Statistics(subscribers=5100),
        contact={"email": "new@example.com"},
        actor="t",
    )
    data = b"platform,channel_id,channel_name,email\ninstagram,keyed.kim,Keyed Kim,x@y.kr\n"
    services.creators_import(data=data, actor="t", for_real=True)
    assert stored_contact(creator_sealed_with_k1) == before
