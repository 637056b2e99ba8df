"""Tier 1: the client side, against canned responses (no network, no server).

Contenders per operation, all on botocore clients answered by the same canned bodies:
- raw: boto3's low-level client + bench/handcodec.py (the floor, 1.00x)
- td+pydantic: raw + TypeDeserializer + Match.model_validate (get and the 20-item page; the
  issue's reference point)
- repository: marketing.dynamo's Repository (what the console uses)
- resource: boto3's resource layer `Table` (plain dicts out, its natural shape)
- pynamodb: PynamoDB models (its client runs with parameter validation off)
"""

import datetime as dt

import boto3
from boto3.dynamodb.conditions import Attr, Key
from boto3.dynamodb.types import TypeDeserializer
from botocore.config import Config

from bench import handcodec
from bench.canned import CannedResponses
from bench.models import (
    PREFIX,
    REGION,
    STORE_INDEX,
    TABLE,
    Match,
    MatchRepository,
    make_match,
    pynamodb_model,
)
from bench.stats import Summary, interleaved
from marketing.dynamo.client import CLIENT_MODES, get_client
from marketing.dynamo.config import DynamoConfig, configure, get_config

ENDPOINT = "http://canned.bench.invalid:8000"
QUERY_SIZES = (20, 50)
BATCH_SIZE = 100


class ClientTier:
    def __init__(self):
        self.previous_config = get_config()
        configure(DynamoConfig(endpoint_url=ENDPOINT, region=REGION, table_prefix=PREFIX))
        self.canned = CannedResponses()
        self.repo = MatchRepository()
        # The floor: a plain boto3 client as its users have it (parameter validation on);
        # ours (client.py) turns validation off, so the difference is ours to claim.
        self.client = boto3.session.Session().client(
            "dynamodb",
            endpoint_url=ENDPOINT,
            region_name=REGION,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=CLIENT_MODES["interactive"].merge(Config(parameter_validation=True)),
        )
        self.canned.attach(self.client.meta.events)
        self.canned.attach(get_client().meta.events)
        session = boto3.session.Session()
        self.resource = session.resource(
            "dynamodb",
            endpoint_url=ENDPOINT,
            region_name=REGION,
            aws_access_key_id="local",
            aws_secret_access_key="local",
            config=CLIENT_MODES["interactive"],
        )
        self.table = self.resource.Table(TABLE)
        self.canned.attach(self.resource.meta.client.meta.events)
        self.PMatch = pynamodb_model(ENDPOINT)
        self.canned.attach(self.PMatch._get_connection().connection.client.meta.events)
        self.deserializer = TypeDeserializer()

        self.items = [make_match(n, store=0) for n in range(BATCH_SIZE)]
        self.raw_items = [self.repo._encode(m) for m in self.items]
        self.keys = [MatchRepository.key(m) for m in self.items]

    def close(self):
        configure(self.previous_config)

    # --- operations -------------------------------------------------------------------

    def get_contenders(self):
        raw = self.raw_items[0]
        pk, sk = self.keys[0]
        self.canned.set("GetItem", {"Item": raw})
        client, table, PMatch, td = self.client, self.table, self.PMatch, self.deserializer

        def raw_get():
            response = client.get_item(TableName=TABLE, Key={"PK": {"S": pk}, "SK": {"S": sk}})
            return handcodec.decode_item(response["Item"])

        def td_get():
            response = client.get_item(TableName=TABLE, Key={"PK": {"S": pk}, "SK": {"S": sk}})
            data = {k: td.deserialize(v) for k, v in response["Item"].items()}
            return Match.model_validate(data)

        return {
            "raw": raw_get,
            "td+pydantic": td_get,
            "repository": lambda: self.repo.get(pk, sk),
            "resource": lambda: table.get_item(Key={"PK": pk, "SK": sk})["Item"],
            "pynamodb": lambda: PMatch.get(pk, sk),
        }

    def put_contenders(self):
        item = self.items[0]
        plain = handcodec.decode_item(self.raw_items[0])
        self.canned.set("PutItem", {})
        client, table = self.client, self.table
        expected = item.version
        pitem = self.PMatch.from_raw_data(self.raw_items[0])

        def now() -> str:
            return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")[:-6] + "Z"

        def raw_put():
            new = {**plain, "version": expected + 1, "updatedAt": now(), "updatedBy": "bench"}
            client.put_item(
                TableName=TABLE,
                Item=handcodec.encode_item(new),
                ConditionExpression="#v = :v",
                ExpressionAttributeNames={"#v": "version"},
                ExpressionAttributeValues={":v": {"N": str(expected)}},
            )

        def resource_put():
            new = {**plain, "version": expected + 1, "updatedAt": now(), "updatedBy": "bench"}
            table.put_item(Item=new, ConditionExpression=Attr("version").eq(expected))

        def pynamodb_put():
            pitem.version = expected
            pitem.updatedAt = now()
            pitem.updatedBy = "bench"
            pitem.save()

        return {
            "raw": raw_put,
            "repository": lambda: self.repo.put(item, expected_version=expected, actor="bench"),
            "resource": resource_put,
            "pynamodb": pynamodb_put,
        }

    def query_contenders(self, size: int):
        last = self.raw_items[size - 1]
        self.canned.set(
            "Query",
            {
                "Items": self.raw_items[:size],
                "Count": size,
                "ScannedCount": size,
                "LastEvaluatedKey": {k: last[k] for k in ("PK", "SK", "GSI4PK", "GSI4SK")},
            },
        )
        client, table, PMatch, td = self.client, self.table, self.PMatch, self.deserializer
        partition = "STORE#s0000"

        def raw_query():
            response = client.query(
                TableName=TABLE,
                IndexName=STORE_INDEX,
                KeyConditionExpression="#k = :k",
                ExpressionAttributeNames={"#k": "GSI4PK"},
                ExpressionAttributeValues={":k": {"S": partition}},
                ScanIndexForward=False,
                Limit=size,
            )
            items = [handcodec.decode_item(i) for i in response["Items"]]
            return items, response.get("LastEvaluatedKey")

        def td_query():
            response = client.query(
                TableName=TABLE,
                IndexName=STORE_INDEX,
                KeyConditionExpression="#k = :k",
                ExpressionAttributeNames={"#k": "GSI4PK"},
                ExpressionAttributeValues={":k": {"S": partition}},
                ScanIndexForward=False,
                Limit=size,
            )
            items = [
                Match.model_validate({k: td.deserialize(v) for k, v in i.items()})
                for i in response["Items"]
            ]
            return items, response.get("LastEvaluatedKey")

        def resource_query():
            return table.query(
                IndexName=STORE_INDEX,
                KeyConditionExpression=Key("GSI4PK").eq(partition),
                ScanIndexForward=False,
                Limit=size,
            )["Items"]

        contenders = {
            "raw": raw_query,
            "td+pydantic": td_query,
            "repository": lambda: self.repo.for_store("s0000", limit=size),
            "resource": resource_query,
            "pynamodb": lambda: list(
                PMatch.store_index.query(partition, limit=size, scan_index_forward=False)
            ),
        }
        if size != QUERY_SIZES[0]:
            del contenders["td+pydantic"]  # the reference point is the 20-item page
        return contenders

    def batch_get_contenders(self):
        self.canned.set(
            "BatchGetItem", {"Responses": {TABLE: self.raw_items}, "UnprocessedKeys": {}}
        )
        client, resource, PMatch = self.client, self.resource, self.PMatch
        keys = self.keys
        raw_keys = [{"PK": {"S": pk}, "SK": {"S": sk}} for pk, sk in keys]
        plain_keys = [{"PK": pk, "SK": sk} for pk, sk in keys]

        def raw_batch():
            response = client.batch_get_item(RequestItems={TABLE: {"Keys": raw_keys}})
            assert not response.get("UnprocessedKeys")
            return [handcodec.decode_item(i) for i in response["Responses"][TABLE]]

        def resource_batch():
            response = resource.batch_get_item(RequestItems={TABLE: {"Keys": plain_keys}})
            return response["Responses"][TABLE]

        return {
            "raw": raw_batch,
            "repository": lambda: self.repo.batch_get(keys),
            "resource": resource_batch,
            "pynamodb": lambda: list(PMatch.batch_get(keys)),
        }


def run(*, samples: int, warmup: int, log=print) -> dict:
    """{"ops": {op: {contender: Summary}}, "items": {op: items per call}}."""
    tier = ClientTier()
    try:
        plan = [
            ("get", 1, tier.get_contenders),
            ("put (versioned)", 1, tier.put_contenders),
            *[(f"query {n}", n, lambda n=n: tier.query_contenders(n)) for n in QUERY_SIZES],
            (f"batch get {BATCH_SIZE}", BATCH_SIZE, tier.batch_get_contenders),
        ]
        ops: dict[str, dict[str, Summary]] = {}
        items: dict[str, int] = {}
        for name, count, contenders in plan:
            log(f"  client tier: {name} ({samples} samples per contender)")
            ops[name] = interleaved(contenders(), samples=samples, warmup=warmup)
            items[name] = count
        return {"ops": ops, "items": items, "samples": samples, "warmup": warmup}
    finally:
        tier.close()
