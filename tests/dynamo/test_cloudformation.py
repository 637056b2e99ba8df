"""The CloudFormation template says the same as tables.py, and alarms on what matters."""

import json

import pytest

from marketing.dynamo.cloudformation import build_template, render
from marketing.dynamo.tables import TABLES, create_table_request


@pytest.fixture(scope="module")
def template() -> dict:
    return json.loads(render(build_template()))


def resources_of_type(template: dict, kind: str) -> dict:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == kind}


def tables_by_key(template: dict) -> dict[str, dict]:
    tables = resources_of_type(template, "AWS::DynamoDB::Table")
    return {
        r["Properties"]["TableName"]["Fn::Sub"].removeprefix("${TablePrefix}"): r["Properties"]
        for r in tables.values()
    }


def test_tables_keys_indexes_and_attributes_equal_the_specs(template):
    tables = tables_by_key(template)
    assert set(tables) == set(TABLES)
    for key, spec in TABLES.items():
        properties = tables[key]
        request = create_table_request(spec, "")
        assert properties["BillingMode"] == "PAY_PER_REQUEST"
        assert properties["KeySchema"] == request["KeySchema"]
        assert properties["AttributeDefinitions"] == request["AttributeDefinitions"]
        assert properties["GlobalSecondaryIndexes"] == request["GlobalSecondaryIndexes"]
        assert [g["IndexName"] for g in properties["GlobalSecondaryIndexes"]] == [
            i.name for i in spec.indexes
        ]
        if key == "audit":  # read from the four domain tables' streams; none of its own
            assert "StreamSpecification" not in properties
        else:
            assert properties["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
        assert properties["PointInTimeRecoverySpecification"] == {
            "PointInTimeRecoveryEnabled": True
        }
        assert properties["SSESpecification"] == {"SSEEnabled": True}


def test_ttl_only_on_stores_matches_and_audit(template):
    tables = tables_by_key(template)
    with_ttl = {key for key, p in tables.items() if "TimeToLiveSpecification" in p}
    assert with_ttl == {"stores", "matches", "audit"}
    assert tables["matches"]["TimeToLiveSpecification"] == {
        "AttributeName": "ttl",
        "Enabled": True,
    }


def test_table_prefix_parameter_defaults_to_the_console_prefix(template):
    assert template["Parameters"]["TablePrefix"]["Default"] == "dot-marketing-"


def test_throttle_alarms_for_every_table_and_index(template):
    alarms = resources_of_type(template, "AWS::CloudWatch::Alarm").values()
    throttles = {
        (
            a["Properties"]["MetricName"],
            tuple(
                d["Value"] if isinstance(d["Value"], str) else d["Value"]["Ref"]
                for d in a["Properties"]["Dimensions"]
            ),
        )
        for a in alarms
        if a["Properties"].get("MetricName", "").endswith("ThrottleEvents")
    }
    expected = set()
    for key, spec in TABLES.items():
        table_id = key.capitalize() + "Table"
        for metric in ("ReadThrottleEvents", "WriteThrottleEvents"):
            expected.add((metric, (table_id,)))
            expected |= {(metric, (table_id, index.name)) for index in spec.indexes}
    assert throttles == expected


def test_one_account_user_errors_alarm_and_system_errors_per_table(template):
    alarms = resources_of_type(template, "AWS::CloudWatch::Alarm").values()
    user_errors = [a for a in alarms if a["Properties"].get("MetricName") == "UserErrors"]
    assert len(user_errors) == 1
    assert "Dimensions" not in user_errors[0]["Properties"]

    system_tables = set()
    for alarm in alarms:
        for metric in alarm["Properties"].get("Metrics", []):
            stat = metric.get("MetricStat")
            if stat and stat["Metric"]["MetricName"] == "SystemErrors":
                system_tables.add(stat["Metric"]["Dimensions"][0]["Value"]["Ref"])
    assert system_tables == {key.capitalize() + "Table" for key in TABLES}


def test_alarm_actions_only_when_a_topic_is_given(template):
    assert template["Parameters"]["AlarmTopicArn"]["Default"] == ""
    condition = next(iter(template["Conditions"]))
    for alarm in resources_of_type(template, "AWS::CloudWatch::Alarm").values():
        actions = alarm["Properties"]["AlarmActions"]["Fn::If"]
        assert actions[0] == condition
        assert actions[2] == {"Ref": "AWS::NoValue"}


def test_outputs_name_and_stream_of_every_table(template):
    outputs = template["Outputs"]
    for key in TABLES:
        table_id = key.capitalize() + "Table"
        assert outputs[f"{table_id}Name"]["Value"] == {"Ref": table_id}
        if key == "audit":
            assert f"{table_id}StreamArn" not in outputs
        else:
            stream = outputs[f"{table_id}StreamArn"]["Value"]
            assert stream == {"Fn::GetAtt": [table_id, "StreamArn"]}


def test_template_passes_cfn_lint(template, tmp_path):
    api = pytest.importorskip("cfnlint.api")
    path = tmp_path / "tables.json"
    path.write_text(json.dumps(template))
    matches = api.lint_file(path)
    assert [str(m) for m in matches] == []
