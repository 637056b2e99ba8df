"""Operations (issue 13): whole-table backup export, restore and migration; the health
report, the scheduled jobs and the deployment template.

Backup and migration handle raw DynamoDB AttributeValue dicts on purpose: they must carry
every attribute exactly as stored, which the pydantic models would not.
"""
