"""A CloudFormation template of the tables in marketing.dynamo.tables, with alarms.

No Django here: `python manage.py dynamodb_tables template` prints `build_template()`.
Table properties come from the same CreateTable request the create command sends, so
the template cannot drift from the specs.
"""

import json
from collections.abc import Iterable

from marketing.dynamo.tables import TABLES, TableSpec, create_table_request

DEFAULT_PREFIX = "dot-marketing-"
ALARM_PERIOD_SECONDS = 300
THROTTLE_THRESHOLD = 10  # throttled requests per period; a few are normal at bursts
SYSTEM_ERROR_THRESHOLD = 1
USER_ERROR_THRESHOLD = 50  # account-wide 4xx, includes every client's validation errors

# SystemErrors is only published per (TableName, Operation), so a per-table alarm
# sums the operations the application uses (CloudWatch allows 10 metrics per alarm).
SYSTEM_ERROR_OPERATIONS = (
    "GetItem",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "Scan",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactWriteItems",
)

HAS_TOPIC = "HasAlarmTopic"
NO_VALUE = {"Ref": "AWS::NoValue"}


def build_template(specs: Iterable[TableSpec] | None = None) -> dict:
    specs = list(TABLES.values()) if specs is None else list(specs)
    resources: dict = {}
    outputs: dict = {}
    for spec in specs:
        table_id = logical_id(spec)
        resources[table_id] = table_resource(spec)
        resources.update(table_alarms(spec, table_id))
        outputs[f"{table_id}Name"] = {
            "Description": f"Name of the {spec.key} table",
            "Value": {"Ref": table_id},
            "Export": {"Name": {"Fn::Sub": f"${{AWS::StackName}}-{table_id}Name"}},
        }
        if spec.stream_view_type:
            outputs[f"{table_id}StreamArn"] = {
                "Description": f"Stream of the {spec.key} table ({spec.stream_view_type})",
                "Value": {"Fn::GetAtt": [table_id, "StreamArn"]},
                "Export": {"Name": {"Fn::Sub": f"${{AWS::StackName}}-{table_id}StreamArn"}},
            }
    resources["UserErrorsAlarm"] = _alarm(
        name="user-errors",
        description="DynamoDB requests rejected as client errors (HTTP 400), whole account",
        metric={"MetricName": "UserErrors", "Statistic": "Sum"},
        threshold=USER_ERROR_THRESHOLD,
    )
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "dot-marketing DynamoDB tables (generated from marketing/dynamo/tables.py)",
        "Parameters": {
            "TablePrefix": {
                "Type": "String",
                "Default": DEFAULT_PREFIX,
                "Description": "Prefix of every table name (DYNAMODB_TABLE_PREFIX)",
            },
            "AlarmTopicArn": {
                "Type": "String",
                "Default": "",
                "Description": "SNS topic notified by the alarms; empty for no notifications",
            },
        },
        "Conditions": {HAS_TOPIC: {"Fn::Not": [{"Fn::Equals": [{"Ref": "AlarmTopicArn"}, ""]}]}},
        "Resources": resources,
        "Outputs": outputs,
    }


def render(template: dict) -> str:
    return json.dumps(template, indent=2) + "\n"


def logical_id(spec: TableSpec) -> str:
    return spec.key.capitalize() + "Table"


def table_resource(spec: TableSpec) -> dict:
    request = create_table_request(spec, prefix="")
    properties: dict = {
        "TableName": {"Fn::Sub": f"${{TablePrefix}}{spec.table_name('')}"},
        "BillingMode": request["BillingMode"],
        "KeySchema": request["KeySchema"],
        "AttributeDefinitions": request["AttributeDefinitions"],
    }
    if "GlobalSecondaryIndexes" in request:
        properties["GlobalSecondaryIndexes"] = request["GlobalSecondaryIndexes"]
    if spec.ttl_attribute:
        properties["TimeToLiveSpecification"] = {
            "AttributeName": spec.ttl_attribute,
            "Enabled": True,
        }
    if spec.stream_view_type:
        properties["StreamSpecification"] = {"StreamViewType": spec.stream_view_type}
    properties["PointInTimeRecoverySpecification"] = {
        "PointInTimeRecoveryEnabled": spec.point_in_time_recovery
    }
    properties["SSESpecification"] = {"SSEEnabled": spec.server_side_encryption}
    return {
        "Type": "AWS::DynamoDB::Table",
        # A stack deletion or replacement must never take the data with it.
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": properties,
    }


def table_alarms(spec: TableSpec, table_id: str) -> dict:
    table_dimension = {"Name": "TableName", "Value": {"Ref": table_id}}
    alarms: dict = {}
    targets = [(table_id, spec.key, [table_dimension])]
    for index in spec.indexes:
        index_dimension = {"Name": "GlobalSecondaryIndexName", "Value": index.name}
        targets.append(
            (
                table_id + _camel(index.name),
                f"{spec.key}/{index.name}",
                [table_dimension, index_dimension],
            )
        )
    for resource_prefix, label, dimensions in targets:
        for kind in ("Read", "Write"):
            alarms[f"{resource_prefix}{kind}ThrottleAlarm"] = _alarm(
                name=f"{label}-{kind.lower()}-throttles",
                description=f"{kind} requests throttled on {label}",
                metric={
                    "MetricName": f"{kind}ThrottleEvents",
                    "Dimensions": dimensions,
                    "Statistic": "Sum",
                },
                threshold=THROTTLE_THRESHOLD,
            )
    alarms[f"{table_id}SystemErrorsAlarm"] = _alarm(
        name=f"{spec.key}-system-errors",
        description=f"DynamoDB internal errors (HTTP 500) on {spec.key}",
        metrics=_system_error_metrics(table_dimension),
        threshold=SYSTEM_ERROR_THRESHOLD,
    )
    return alarms


def _system_error_metrics(table_dimension: dict) -> list[dict]:
    metrics: list[dict] = [
        {
            "Id": "total",
            "Expression": "SUM(FILL(METRICS(), 0))",
            "Label": "SystemErrors",
            "ReturnData": True,
        }
    ]
    for number, operation in enumerate(SYSTEM_ERROR_OPERATIONS):
        metrics.append(
            {
                "Id": f"op{number}",
                "ReturnData": False,
                "MetricStat": {
                    "Metric": {
                        "Namespace": "AWS/DynamoDB",
                        "MetricName": "SystemErrors",
                        "Dimensions": [table_dimension, {"Name": "Operation", "Value": operation}],
                    },
                    "Period": ALARM_PERIOD_SECONDS,
                    "Stat": "Sum",
                },
            }
        )
    return metrics


def _alarm(
    *,
    name: str,
    description: str,
    threshold: int,
    metric: dict | None = None,
    metrics: list[dict] | None = None,
) -> dict:
    properties: dict = {
        "AlarmName": {"Fn::Sub": f"${{TablePrefix}}{name.replace('/', '-')}"},
        "AlarmDescription": description,
        "EvaluationPeriods": 1,
        "Threshold": threshold,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "TreatMissingData": "notBreaching",
        "AlarmActions": {"Fn::If": [HAS_TOPIC, [{"Ref": "AlarmTopicArn"}], NO_VALUE]},
        "OKActions": {"Fn::If": [HAS_TOPIC, [{"Ref": "AlarmTopicArn"}], NO_VALUE]},
    }
    if metrics is not None:
        properties["Metrics"] = metrics
    else:
        properties.update(
            {"Namespace": "AWS/DynamoDB", "Period": ALARM_PERIOD_SECONDS, **(metric or {})}
        )
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": properties}


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))
