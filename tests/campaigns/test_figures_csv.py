"""Performance figures from a CSV through the import page: a per-row preview, nothing
written on a file with a bad row, one version-checked write for a good one."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.repository import CampaignRepository
from campaigns.services import campaign_record_figures, checked_figures
from tests.campaigns.factories import accepted_deals, stored_campaign

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]


@pytest.fixture
def campaign():
    deals = accepted_deals(3, names=["김요리", "박맛집", "=HYPERLINK(1)"])
    return stored_campaign(
        creators=deals,
        members={
            deals[0].creator_id: {"coupon_code": "KIM10"},
            deals[1].creator_id: {"coupon_code": "PARK10"},
        },
    )


def import_url(campaign):
    return reverse("admin:campaigns_campaign_import", kwargs={"campaign_id": campaign.campaign_id})


def upload(client, campaign, text: str, encoding="utf-8"):
    data = text.encode(encoding)
    return client.post(
        import_url(campaign),
        {"file": SimpleUploadedFile("figures.csv", data, "text/csv"), "version": campaign.version},
    )


def stored(campaign):
    return CampaignRepository().find(campaign.campaign_id, consistent=True)


def rows_of(response):
    table = BeautifulSoup(response.content, "html.parser").select_one("#result_list")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    ]


def test_a_good_file_is_previewed_then_written_in_one_go(client_as, campaign):
    kim, _park, _third = campaign.creators
    text = (
        "creator,views,좋아요,comments,visits,revenue,coupon_redemptions\r\n"
        f'{kim.creator_id},"12,000",300,40,25,"1,500,000",12\r\n'
        "PARK10,8000,,,10,,3\r\n"
    )
    client = client_as("editor")
    preview = upload(client, campaign, text)
    assert preview.status_code == 200
    checked = preview.context["checked"]
    assert checked.ok and [row.member.creator_name for row in checked.rows] == ["김요리", "박맛집"]
    assert rows_of(preview)[0][-1] == "will be updated"
    assert stored(campaign).version == campaign.version  # a preview writes nothing
    apply_form = BeautifulSoup(preview.content, "html.parser").select_one("#apply-form")
    fields = {i["name"]: i.get("value", "") for i in apply_form.select("input[name]")}
    done = client.post(import_url(campaign), fields, follow=True)
    assert "Figures of 2 creator(s) imported" in " ".join(str(m) for m in done.context["messages"])
    after = stored(campaign)
    first, second, third = after.creators
    assert (first.figures.views, first.figures.likes, first.figures.revenue) == (
        12_000,
        300,
        1_500_000,
    )
    assert (second.figures.views, second.figures.likes, second.figures.coupon_redemptions) == (
        8000,
        None,
        3,
    )
    assert third.figures.views is None
    totals = after.performance.totals
    assert (totals.views, totals.visits, totals.coupon_redemptions) == (20_000, 35, 15)


def test_a_file_with_bad_rows_lists_every_problem_and_writes_nothing(client_as, campaign):
    text = (
        "creator,views,likes,revenue\r\n"
        "김요리,-5,10,\r\n"
        "nobody,100,,\r\n"
        "박맛집,1.5,abc,\r\n"
        "KIM10,100,,\r\n"  # the same creator as line 2, by coupon
        ",1,,\r\n"
    )
    client = client_as("editor")
    preview = upload(client, campaign, text)
    checked = preview.context["checked"]
    assert not checked.ok
    problems = {row.line: " ".join(row.errors) for row in checked.rows}
    assert "Views: “-5” is not a whole number" in problems[2]
    assert "“nobody” is not a creator of this campaign" in problems[3]
    assert "“1.5”" in problems[4] and "“abc”" in problems[4]
    assert "The same creator is on line 2" in problems[5]
    assert "The creator cell is empty" in problems[6]
    body = BeautifulSoup(preview.content, "html.parser")
    assert body.select_one("#apply-form") is None
    assert "nothing will be written" in body.get_text()
    # Forcing the apply step anyway is refused: nothing written.
    import base64

    forced = client.post(
        import_url(campaign),
        {
            "payload": base64.b64encode(text.encode()).decode(),
            "apply": "on",
            "version": campaign.version,
        },
    )
    assert "nothing was written" in forced.content.decode()
    assert stored(campaign).version == campaign.version


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("views,likes\r\n1,2\r\n", "The header needs a “creator” column"),
        ("creator,views,shares\r\n김요리,1,2\r\n", "Unknown column(s) shares"),
        ("creator\r\n김요리\r\n", "The file has no figure column"),
        ("creator,views\r\n", "The file has no rows"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(client_as, campaign, text, message):
    response = upload(client_as("editor"), campaign, text)
    assert message in response.content.decode()
    assert stored(campaign).version == campaign.version


def test_cp949_files_from_korean_excel_are_read(client_as, campaign):
    text = "creator,조회수\r\n김요리,777\r\n"
    preview = upload(client_as("editor"), campaign, text, encoding="cp949")
    assert preview.context["checked"].ok
    assert preview.context["checked"].encoding == "cp949"


def test_a_preview_made_before_someone_else_changed_the_campaign_is_refused(client_as, campaign):
    kim = campaign.creators[0]
    client = client_as("editor")
    preview = upload(client, campaign, "creator,views\r\n김요리,100\r\n")
    apply_form = BeautifulSoup(preview.content, "html.parser").select_one("#apply-form")
    fields = {i["name"]: i.get("value", "") for i in apply_form.select("input[name]")}
    campaign_record_figures(
        campaign_id=campaign.campaign_id,
        creator_id=kim.creator_id,
        figures=checked_figures({"views": 5}),
        expected_version=campaign.version,
        actor="lee",
    )
    refused = client.post(import_url(campaign), fields)
    assert "changed by someone else" in refused.content.decode()
    assert stored(campaign).creators[0].figures.views == 5


def test_the_template_lists_the_creators_with_formulas_neutralised(client_as, campaign):
    response = client_as("viewer").get(
        reverse(
            "admin:campaigns_campaign_import_template",
            kwargs={"campaign_id": campaign.campaign_id},
        )
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffcreator,creator_name,views,")
    assert "'=HYPERLINK(1)" in text
    assert campaign.creators[0].creator_id in text
