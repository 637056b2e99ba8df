"""Commands speak the console's language: Korean unless English is picked (#10.17)."""

from tests.manage_process import run_manage


def test_commands_speak_korean_by_default(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("platform,channel_id,channel_name\nmyspace,a,b\n", encoding="utf-8")
    result = run_manage("import_creators", str(path), DYNAMODB_ENDPOINT_URL="http://127.0.0.1:9")
    # No DynamoDB answers here: the how-to comes in Korean, as the rest would.
    assert result.returncode == 1
    assert "DynamoDB 엔드포인트가 응답하지 않았습니다" in result.stderr
    assert "No DynamoDB endpoint answered" not in result.stderr
