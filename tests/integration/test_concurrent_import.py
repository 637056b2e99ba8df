"""#10.7: twenty staff importing the same new place at once, through the web console on
the embedded server: every request gets a page (no 500) and the place is one store."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import Client

from stores.domain import store_id_for
from stores.repository import DirectoryRepository, StoreRepository
from tests.stores import pages

pytestmark = [pytest.mark.integration]

IMPORTERS = 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_imports_end_as_one_store(live_server, live_dynamo, make_staff):
    staff = Client()
    staff.force_login(make_staff("editor", username="many-hands"))
    session_id = staff.cookies["sessionid"].value
    html = pages.home_page("31000444", name="동시 국밥").encode()
    url = f"{live_server.url}/stores/store/import/"

    def import_once(_n):
        with requests.Session() as browser:
            browser.cookies.set("sessionid", session_id)
            browser.cookies.set("django_language", "en")
            form = browser.get(url, timeout=30)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
            response = browser.post(
                url,
                data={"csrfmiddlewaretoken": token},
                files={"html_file": ("saved.html", html, "text/html")},
                headers={"Referer": url},
                timeout=60,
            )
            return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=IMPORTERS) as pool:
        results = list(pool.map(import_once, range(IMPORTERS)))

    assert [status for status, _text in results] == [200] * IMPORTERS  # redirects followed
    imported = sum("imported from the saved page" in text for _status, text in results)
    assert imported >= 1
    for _status, text in results:  # every page says what happened, in words
        said = re.findall(r'class="(?:errornote|errorlist|success)[^>]*>(.*?)<', text, re.S)
        assert "imported from the saved page" in text or "at the same time" in text, said
    store_id = store_id_for("31000444")
    assert DirectoryRepository().find(store_id).store_name == "동시 국밥"
    history = StoreRepository().profile_history(store_id, limit=50).items
    assert len(history) == imported
    assert [p.ttl is None for p in history].count(True) == 1  # one latest profile
