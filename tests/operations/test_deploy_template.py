"""The emitted CloudFormation templates pass cfn-lint (offline), and run every job."""

import json
from io import StringIO

import pytest
from cfnlint.api import lint_all
from django.core.management import call_command, get_commands

from marketing.operations.jobs import JOBS


def _emitted(*args) -> dict:
    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    "command", [("deploy_template",), ("dynamodb_tables", "template")], ids=" ".join
)
def test_every_emitted_template_passes_cfn_lint(command):
    template = _emitted(*command)
    problems = lint_all(json.dumps(template))
    # Errors and warnings, as the cfn-lint command reports them (informational notes aside).
    assert [str(p) for p in problems if p.rule.id[0] in "EW"] == []


def test_the_deployment_runs_the_web_console_every_job_and_the_consumer():
    resources = _emitted("deploy_template")["Resources"]
    by_type: dict[str, list[dict]] = {}
    for resource in resources.values():
        by_type.setdefault(resource["Type"], []).append(resource["Properties"])
    schedules = {s["Name"]["Fn::Sub"]: s for s in by_type["AWS::Scheduler::Schedule"]}
    scheduled = [job for job in JOBS if not job.long_running]
    assert set(schedules) == {f"${{TablePrefix}}{job.name}" for job in scheduled}
    for job in scheduled:
        schedule = schedules[f"${{TablePrefix}}{job.name}"]
        assert schedule["ScheduleExpression"] == job.schedule
        assert schedule["ScheduleExpressionTimezone"] == "Asia/Seoul"
        task = resources[schedule["Target"]["EcsParameters"]["TaskDefinitionArn"]["Ref"]]
        container = task["Properties"]["ContainerDefinitions"][0]
        assert container["Command"] == ["python", "manage.py", *job.command]
    services = by_type["AWS::ECS::Service"]
    commands = [
        resources[s["TaskDefinition"]["Ref"]]["Properties"]["ContainerDefinitions"][0]["Command"]
        for s in services
    ]
    assert ["python", "manage.py", "consume_streams"] in commands
    assert any(command[0] == "gunicorn" for command in commands)
    consumer = next(s for s, c in zip(services, commands, strict=True) if "consume_streams" in c)
    assert consumer["DesiredCount"] == 1
    assert consumer["DeploymentConfiguration"]["MaximumPercent"] == 100  # never two at once
    alarms = {a["AlarmName"]["Fn::Sub"]: a for a in by_type["AWS::CloudWatch::Alarm"]}
    assert alarms["${TablePrefix}read-latency-p99"]["Threshold"] == 50
    assert alarms["${TablePrefix}write-latency-p99"]["Threshold"] == 100
    assert alarms["${TablePrefix}error-rate"]["Threshold"] == 0.1


def test_the_job_list_names_commands_that_exist():
    existing = set(get_commands())
    for job in JOBS:
        assert job.command[0] in existing, job.name
    out = StringIO()
    call_command("deploy_template", "--jobs", stdout=out)
    assert "run-matching\tcron(0 5 * * ? *)\tmanage.py run_matching --all" in out.getvalue()
