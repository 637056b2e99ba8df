"""Production logs: one JSON object a line, each with the request id; the id on the 500 page."""

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.test import Client, override_settings

from marketing.logging_config import build_logging
from marketing.request_id import HEADER
from tests.manage_process import run_manage

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def json_log():
    """The JSON logging of production, written to a buffer: json_log() -> parsed lines."""
    logging.config.dictConfig(build_logging("json", "INFO"))
    stream = io.StringIO()
    for handler in logging.getLogger().handlers:
        handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


@override_settings(ROOT_URLCONF="tests.operations.raising_urls", DEBUG=False)
def test_every_log_line_of_a_failing_request_and_its_500_page_carry_the_request_id(json_log):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", headers={HEADER: "req-0123456789"})
    assert response.status_code == 500
    assert response[HEADER] == "req-0123456789"
    page = response.content.decode()
    assert "req-0123456789" in page and "서버 오류" in page
    lines = json_log()
    assert {line["message"] for line in lines} >= {"about to fail", "Internal Server Error: /boom/"}
    assert all(line["request_id"] == "req-0123456789" for line in lines)
    failure = next(line for line in lines if line["message"].startswith("Internal Server Error"))
    assert failure["level"] == "ERROR" and "RuntimeError: boom" in failure["exc_info"]


@override_settings(ROOT_URLCONF="tests.operations.raising_urls")
@pytest.mark.parametrize("incoming", [None, "", "a b", "<script>", "x" * 129])
def test_a_missing_or_insane_request_id_is_replaced_by_a_generated_one(json_log, incoming):
    headers = {HEADER: incoming} if incoming is not None else {}
    response = Client().get("/fine/", headers=headers)
    generated = response[HEADER]
    assert generated != incoming and len(generated) == 32
    assert [line["request_id"] for line in json_log()] == [generated]


def test_production_settings_log_json_lines_and_development_plain_text():
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 50,
        "CONSOLE_ENCRYPTION_KEYS": "k1:" + "A" * 43 + "=",
        "CONSOLE_CONTACT_HMAC_KEYS": "h1:" + "B" * 43 + "=",
        "DYNAMODB_ENDPOINT_URL": "http://127.0.0.1:9",
    }
    code = "import logging; logging.getLogger('probe').warning('hello %s', 'json')"
    result = run_manage("shell", "-c", code, **production)
    (line,) = [json.loads(text) for text in result.stderr.splitlines() if "hello" in text]
    assert line["message"] == "hello json" and line["request_id"] == "-"
    result = run_manage("shell", "-c", code, DJANGO_DEBUG="true", LOG_FORMAT="text")
    assert "WARNING probe [-] hello json" in result.stderr


def test_embedded_metrics_go_out_as_the_lines_aws_key(json_log):
    from marketing.dynamo import metrics, metrics_emf

    figures = metrics.CallFigures(calls=2)
    figures.buckets[metrics.BUCKETS_MS.index(5)] = 2
    metrics_emf.publish({(29_000_000, "GetItem", "stores"): figures}, "dot-marketing-")
    (line,) = json_log()
    assert line["_aws"]["Timestamp"] == 29_000_000 * 60_000
    assert line["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "DotMarketing/DynamoDB"
    assert line["ReadLatency"] == {"Values": [5], "Counts": [2]}
    assert line["time"].endswith("+00:00") and "cloudwatch_metrics" not in line
