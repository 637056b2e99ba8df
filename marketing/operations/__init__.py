"""Operations on whole tables: backup export, restore and migration (issue 13).

Raw DynamoDB AttributeValue dicts are handled here on purpose: a backup or a migration
must carry every attribute exactly as stored, which the pydantic models would not.
"""
