"""Embedded local DynamoDB: moto's DynamoDB served on 127.0.0.1, serialised and made durable.

Run it with ``python -m marketing.localdb`` or ``python manage.py localdynamo``; drive it from
Python (tests, ``make run``) with :class:`marketing.localdb.process.LocalDynamoProcess`.
Nothing here imports Django, and importing the package itself imports nothing heavy.
"""
