"""The campaign pages through the Django test client: making a campaign from accepted
matches, the lists, the workflow buttons, editing, roles and stale pages."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from campaigns.domain import TRANSITIONS, Budget, CampaignStatus
from campaigns.repository import CampaignRepository, ClaimRepository
from campaigns.services import campaign_transition
from matches.domain import MatchStatus
from matches.repository import MatchRepository
from tests.campaigns.factories import STORE, accepted_deals, stored_campaign

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]


def url(name, campaign=None, creator_id=None, **query):
    kwargs = {}
    if campaign is not None:
        kwargs["campaign_id"] = campaign.campaign_id
    if creator_id is not None:
        kwargs["creator_id"] = creator_id
    address = reverse(f"admin:campaigns_campaign_{name}", kwargs=kwargs or None)
    return address + ("?" + urlencode(query) if query else "")


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def stored(campaign):
    return CampaignRepository().find(campaign.campaign_id, consistent=True)


def create_form(deals, **extra):
    data = {
        "store": STORE,
        "name": "겨울 체험단",
        "campaign_type": "visit_review",
        "budget_total": "1,000,000",
        "budget_spent": "0",
        "start_date": "2026-12-01",
        "end_date": "2026-12-31",
        "visit_date": "2026-12-05",
        "posting_deadline": "2026-12-20",
    }
    for deal in deals:
        key = deal.match_id
        data.update(
            {
                f"pick_{key}": "on",
                f"fee_{key}": "150,000원",
                f"deliverables_{key}": "블로그 리뷰 1편",
                f"coupon_code_{key}": f"WINTER{deal.match_score}",
                f"status_{key}": "confirmed",
                f"content_urls_{key}": "",
            }
        )
    data.update(extra)
    return data


# --- making one ---------------------------------------------------------------------------


def test_new_campaign_starts_from_the_stores_with_accepted_matches(client_as):
    accepted_deals(2, names=["김요리", "박맛집"])
    body = client_as("editor").get(url("add"))
    assert body.status_code == 200
    choices = body.context["stores"]
    assert [(s.store_id, s.accepted) for s in choices] == [(STORE, 2)]
    assert f"?store={STORE}" in body.content.decode()


def test_a_campaign_is_made_from_the_chosen_accepted_matches(client_as):
    deals = accepted_deals(3, names=["김요리", "박맛집", "이카페"])
    client = client_as("editor")
    page = client.get(url("add", store=STORE))
    assert [c.match.creator_name for c in page.context["form"].candidates] == [
        "김요리",
        "박맛집",
        "이카페",
    ]
    response = client.post(url("add"), create_form(deals[:2]), follow=True)
    assert response.status_code == 200, text_of(response)
    campaign = response.context["campaign"]
    assert campaign.status is CampaignStatus.DRAFT
    assert campaign.budget == Budget(total=1_000_000, spent=0)
    assert [m.creator_name for m in campaign.creators] == ["김요리", "박맛집"]
    member = campaign.creators[0]
    assert (member.fee, member.deliverables, member.coupon_code, member.status.value) == (
        150_000,
        "블로그 리뷰 1편",
        "WINTER90",
        "confirmed",
    )
    assert [(m.name, m.date) for m in campaign.timeline.milestones] == [
        ("visit", dt.date(2026, 12, 5)),
        ("posting_deadline", dt.date(2026, 12, 20)),
    ]
    assert "Visit date" in text_of(response) and "Posting deadline" in text_of(response)
    claims = ClaimRepository().claims_of([d.match_id for d in deals])
    assert set(claims) == {deals[0].match_id, deals[1].match_id}


def test_a_match_in_an_unfinished_campaign_cannot_join_another(client_as):
    deals = accepted_deals(2, names=["김요리", "박맛집"])
    client = client_as("editor")
    first = client.post(url("add"), create_form(deals[:1], name="첫 캠페인"), follow=True)
    assert first.context["campaign"].name == "첫 캠페인"
    # The page no longer offers the taken match, and says where it is.
    page = client.get(url("add", store=STORE))
    assert [c.match.match_id for c in page.context["form"].candidates] == [deals[1].match_id]
    assert "김요리 — in “첫 캠페인”" in text_of(page)
    # A page opened before, posting it anyway, is refused with the reason; nothing written.
    from campaigns.domain import CampaignError, CampaignType
    from campaigns.services import CampaignDetails, MemberInput, campaign_create

    details = CampaignDetails(
        name="둘째",
        campaign_type=CampaignType.VISIT_REVIEW,
        budget_total=1,
        budget_spent=0,
        start_date=dt.date(2026, 12, 1),
        end_date=dt.date(2026, 12, 2),
    )
    with pytest.raises(CampaignError, match="김요리 is already in the campaign “첫 캠페인”"):
        campaign_create(
            store_id=STORE,
            details=details,
            members=[MemberInput(deals[0].match_id), MemberInput(deals[1].match_id)],
            actor="kim",
        )
    assert CampaignRepository().by_store(STORE).items[0].name == "첫 캠페인"
    assert deals[1].match_id not in ClaimRepository().claims_of([deals[1].match_id])


def test_cancelling_frees_the_match_for_another_campaign(client_as):
    deal = accepted_deals(1)[0]
    client = client_as("editor")
    first = client.post(url("add"), create_form([deal]), follow=True).context["campaign"]
    campaign_transition(campaign_id=first.campaign_id, to_status="CANCELLED", actor="kim")
    assert ClaimRepository().claims_of([deal.match_id]) == {}
    second = client.post(url("add"), create_form([deal], name="다시"), follow=True)
    assert second.context["campaign"].name == "다시"
    assert MatchRepository().find(deal.match_id).status is MatchStatus.ACCEPTED


def test_only_accepted_matches_of_the_store_are_offered_and_accepted(client_as):
    accepted = accepted_deals(1)[0]
    from tests.matches.factories import stored_match

    talking = stored_match(store_id=STORE, creator_id="c-talk", status=MatchStatus.NEGOTIATING)
    client = client_as("editor")
    page = client.get(url("add", store=STORE))
    assert [c.match.match_id for c in page.context["form"].candidates] == [accepted.match_id]
    # A forged row for a match that is not accepted is not a field of the form: ignored,
    # and with nothing else picked the form asks for a match.
    data = create_form([])
    data[f"pick_{talking.match_id}"] = "on"
    response = client.post(url("add"), data)
    assert response.status_code == 200
    assert "Choose at least one accepted match." in text_of(response)
    assert CampaignRepository().by_store(STORE).items == []


def test_the_create_form_lists_every_problem_and_writes_nothing(client_as):
    deal = accepted_deals(1)[0]
    data = create_form(
        [deal],
        name="",
        budget_total="-5",
        end_date="2026-11-01",
        **{f"content_urls_{deal.match_id}": "http://insecure.example/post\njavascript:alert(1)"},
    )
    client = client_as("editor")
    response = client.post(url("add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"name", "budget_total", "end_date"}
    assert CampaignRepository().by_store(STORE).items == []
    fixed = create_form([deal], **{f"content_urls_{deal.match_id}": "http://insecure.example/post"})
    response = client.post(url("add"), fixed)
    assert "is not a content URL" in text_of(response)
    assert CampaignRepository().by_store(STORE).items == []


def test_viewers_cannot_create_or_move_campaigns(client_as):
    campaign = stored_campaign(store_id=STORE)
    viewer = client_as("viewer")
    assert viewer.get(url("add")).status_code == 403
    assert viewer.get(url("add", store=STORE)).status_code == 403
    moved = viewer.post(url("transition", campaign), {"to": "SCHEDULED", "version": 1})
    assert moved.status_code == 403
    assert viewer.get(url("change", campaign)).status_code == 403
    detail = viewer.get(url("detail", campaign))
    assert detail.status_code == 200
    assert 'id="transition-form"' not in detail.content.decode()
    assert stored(campaign).status is CampaignStatus.DRAFT


# --- lists --------------------------------------------------------------------------------


def test_the_list_shows_a_status_by_start_date(client_as):
    later = stored_campaign(status=CampaignStatus.ACTIVE, name="Later", start=dt.date(2027, 2, 1))
    sooner = stored_campaign(status=CampaignStatus.ACTIVE, name="Sooner", start=dt.date(2027, 1, 1))
    draft = stored_campaign(name="Draft")
    client = client_as("viewer")
    active = client.get(url("changelist"))
    assert [r.campaign_id for r in active.context["page"].items] == [
        sooner.campaign_id,
        later.campaign_id,
    ]
    assert "Active campaigns, earliest start first" in text_of(active)
    drafts = client.get(url("changelist", status="DRAFT"))
    assert [r.campaign_id for r in drafts.context["page"].items] == [draft.campaign_id]


def test_the_store_page_lists_its_campaigns_in_one_panel(client_as):
    from stores import services as store_services
    from tests.stores import pages

    store = store_services.store_import_html(html=pages.home_page("31000001"), actor="t").profile
    mine = stored_campaign(store_id=store.store_id, name="우리 가게 캠페인")
    stored_campaign(store_id=STORE, name="다른 가게 캠페인")
    page = client_as("editor").get(
        reverse("admin:stores_store_detail", kwargs={"store_id": store.store_id})
    )
    panel = BeautifulSoup(page.content, "html.parser").select_one("#store-campaigns")
    assert [a.get_text() for a in panel.select("th.field-name a")] == ["우리 가게 캠페인"]
    assert url("detail", mine) in str(panel)
    assert f"{url('add')}?store={store.store_id}" in str(panel)


# --- the workflow on the page --------------------------------------------------------------


def test_the_page_offers_exactly_the_allowed_steps_and_each_one_works(client_as):
    client = client_as("editor")
    for start in CampaignStatus:
        campaign = stored_campaign(status=start)
        page = client.get(url("detail", campaign))
        offered = [status for status, _label in page.context["transitions"]]
        assert offered == list(TRANSITIONS[start])
        for target in CampaignStatus:
            fresh = stored_campaign(status=start)
            response = client.post(
                url("transition", fresh),
                {"to": target.value, "version": fresh.version, "note": "사장님 요청"},
                follow=True,
            )
            after = stored(fresh)
            if target in TRANSITIONS[start]:
                assert after.status is target
                assert after.status_history[-1].note == "사장님 요청"
                assert f"The campaign is now “{target.label}”." in messages_of(response)
            else:
                assert after.version == fresh.version
                assert any("cannot go from" in m for m in messages_of(response))


def test_a_stale_page_is_told_to_reload_and_never_overwrites(client_as):
    campaign = stored_campaign()
    client = client_as("editor")
    client.get(url("detail", campaign))
    campaign_transition(campaign_id=campaign.campaign_id, to_status="SCHEDULED", actor="lee")
    response = client.post(
        url("transition", campaign),
        {"to": "CANCELLED", "version": campaign.version},
        follow=True,
    )
    assert any("changed by someone else" in m and "reload" in m for m in messages_of(response))
    assert stored(campaign).status is CampaignStatus.SCHEDULED


def test_completing_from_the_page_refuses_while_a_match_is_unsettled(client_as):
    ok = accepted_deals(1, names=["김요리"])[0]
    from tests.matches.factories import stored_match

    late = stored_match(
        store_id=STORE,
        creator_id="c-late",
        creator_name="늦은 크리에이터",
        status=MatchStatus.NEGOTIATING,
    )
    campaign = stored_campaign(store_id=STORE, status=CampaignStatus.ACTIVE, creators=[ok, late])
    response = client_as("editor").post(
        url("transition", campaign), {"to": "COMPLETED", "version": 1}, follow=True
    )
    assert any("늦은 크리에이터" in m and "not accepted" in m for m in messages_of(response))
    assert stored(campaign).status is CampaignStatus.ACTIVE


# --- editing ------------------------------------------------------------------------------


def rendered_form(response, form_id="campaign_form") -> dict:
    """What a browser would post from the page's form, as it came."""
    form = BeautifulSoup(response.content, "html.parser").select_one(f"form#{form_id}")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[field["name"]] = chosen.get("value", "") if chosen else ""
        elif field.name == "textarea":
            data[field["name"]] = field.get_text()
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[field["name"]] = field.get("value", "on")
        else:
            data[field["name"]] = field.get("value", "")
    return data


def test_editing_details_is_version_checked(client_as):
    campaign = stored_campaign()
    client = client_as("editor")
    data = rendered_form(client.get(url("change", campaign)))
    assert data["version"] == "1"
    data.update(name="새 이름", budget_total="2,000,000", budget_spent="2500000")
    response = client.post(url("change", campaign), data, follow=True)
    assert response.context["campaign"].name == "새 이름"
    assert "Over budget by 500,000 won" in text_of(response)
    again = client.post(url("change", campaign), {**data, "name": "옛 페이지"})
    assert "changed by someone else" in text_of(again)
    assert stored(campaign).name == "새 이름"


def test_figures_per_creator_keep_the_totals_summed(client_as):
    deals = accepted_deals(2, names=["김요리", "박맛집"])
    campaign = stored_campaign(store_id=STORE, creators=deals)
    client = client_as("editor")
    first, second = deals
    version = campaign.version
    for deal, views, visits in ((first, "1,000", "30"), (second, "500", "")):
        response = client.post(
            url("member_figures", campaign, deal.creator_id),
            {"version": version, "views": views, "likes": "10", "visits": visits},
            follow=True,
        )
        version = response.context["campaign"].version
    totals = stored(campaign).performance.totals
    assert (totals.views, totals.likes, totals.visits, totals.revenue) == (1500, 20, 30, None)
    # The page shows the totals and the formula with its inputs.
    page = client.get(url("detail", campaign))
    derived = BeautifulSoup(page.content, "html.parser").select_one("#derived")
    assert "spend ÷ views \u00d7 1,000" in derived.get_text()
    # Negative or fractional figures are refused, nothing written.
    bad = client.post(
        url("member_figures", campaign, first.creator_id), {"version": version, "views": "-3"}
    )
    assert bad.context["form"].errors
    assert stored(campaign).version == version


def test_taking_a_creator_out_frees_their_match_and_their_figures_leave_the_totals(client_as):
    deals = accepted_deals(2)
    client = client_as("editor")
    campaign = client.post(url("add"), create_form(deals), follow=True).context["campaign"]
    gone = deals[1]
    client.post(
        url("member_figures", campaign, gone.creator_id),
        {"version": campaign.version, "views": "700"},
    )
    current = stored(campaign)
    confirm = client.get(url("member_remove", campaign, gone.creator_id))
    assert confirm.status_code == 200
    client.post(url("member_remove", campaign, gone.creator_id), {"version": current.version})
    after = stored(campaign)
    assert [m.creator_id for m in after.creators] == [deals[0].creator_id]
    assert after.performance.totals.views is None
    assert ClaimRepository().claims_of([gone.match_id]) == {}


# --- safety -------------------------------------------------------------------------------

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_names_with_markup_render_as_text(client_as):
    deal = accepted_deals(1, names=[XSS])[0]
    client = client_as("editor")
    campaign = client.post(url("add"), create_form([deal], name=XSS), follow=True).context[
        "campaign"
    ]
    pages = [
        client.get(url("detail", campaign)),
        client.get(url("changelist", status="DRAFT")),
        client.get(url("add", store=STORE)),
        client.get(url("member_change", campaign, deal.creator_id)),
    ]
    for page in pages:
        body = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body


def test_the_dashboard_is_linked_once_its_page_exists(client_as):
    from django.urls import NoReverseMatch

    from campaigns import slots

    campaign = stored_campaign()

    class View:
        def url(self, action, **kwargs):
            if action != "dashboard":
                raise NoReverseMatch(action)
            return f"/campaigns/campaign/{kwargs['campaign_id']}/dashboard/"

    class Before:
        def url(self, action, **kwargs):
            raise NoReverseMatch(action)

    tool = slots.dashboard_tool(View(), campaign)
    assert tool.url.endswith(f"{campaign.campaign_id}/dashboard/")
    assert slots.dashboard_tool(Before(), campaign) is None
    page = client_as("viewer").get(url("detail", campaign))
    assert page.status_code == 200
    slot = BeautifulSoup(page.content, "html.parser").select_one("#campaign-dashboard")
    assert slot["data-slot"] == "dashboard"


def test_a_creators_terms_are_edited_from_the_page_as_it_came(client_as):
    deal = accepted_deals(1, names=["김요리"])[0]
    campaign = stored_campaign(creators=[deal])
    client = client_as("editor")
    terms_page = client.get(url("member_change", campaign, deal.creator_id))
    data = rendered_form(terms_page)
    data.update(
        fee="200,000",
        coupon_code="KIM20",
        status="posted",
        content_urls="https://www.instagram.com/p/Cabc/\nhttps://youtu.be/vid00000001\n",
    )
    response = client.post(url("member_change", campaign, deal.creator_id), data, follow=True)
    member = stored(campaign).creators[0]
    assert (member.fee, member.coupon_code, member.status.value) == (200_000, "KIM20", "posted")
    assert member.content_urls == [
        "https://www.instagram.com/p/Cabc/",
        "https://youtu.be/vid00000001",
    ]
    assert "김요리's terms were updated." in messages_of(response)
    figures = rendered_form(client.get(url("member_figures", campaign, deal.creator_id)))
    figures.update(views="1,234", coupon_redemptions="7")
    client.post(url("member_figures", campaign, deal.creator_id), figures)
    after = stored(campaign)
    assert after.creators[0].figures.coupon_redemptions == 7
    assert after.performance.totals.views == 1234


def test_more_accepted_matches_can_join_an_unfinished_campaign(client_as):
    deals = accepted_deals(2, names=["김요리", "박맛집"])
    client = client_as("editor")
    campaign = client.post(url("add"), create_form(deals[:1]), follow=True).context["campaign"]
    page = client.get(url("members_add", campaign))
    data = rendered_form(page)
    assert [c.match.creator_name for c in page.context["form"].candidates] == ["박맛집"]
    data[f"pick_{deals[1].match_id}"] = "on"
    data[f"fee_{deals[1].match_id}"] = "90000"
    client.post(url("members_add", campaign), data)
    after = stored(campaign)
    assert [m.creator_name for m in after.creators] == ["김요리", "박맛집"]
    assert set(ClaimRepository().claims_of([d.match_id for d in deals])) == {
        d.match_id for d in deals
    }
    campaign_transition(campaign_id=campaign.campaign_id, to_status="CANCELLED", actor="kim")
    assert client.get(url("members_add", campaign)).status_code == 200
    refused = client.post(url("members_add", campaign), data)
    assert "can no longer change" in text_of(refused)
