"""Where the DynamoDB core reads its settings from.

The core never imports Django: the Django app calls `configure()` once at start-up
(marketing.apps), and tests may call it again with their own values.
"""

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class DynamoConfig:
    endpoint_url: str | None = "http://127.0.0.1:8001"
    region: str = "ap-northeast-2"
    table_prefix: str = "dot-marketing-"
    # Keys the HMAC of pagination cursors; derived from the application secret.
    cursor_secret: bytes = b"development-only"
    uses_embedded_server: bool = True

    @staticmethod
    def derive_cursor_secret(application_secret: str) -> bytes:
        return hashlib.sha256(b"dot-marketing/cursor/" + application_secret.encode()).digest()


_config = DynamoConfig()


def configure(config: DynamoConfig) -> None:
    global _config
    _config = config
    from marketing.dynamo import client

    client.clear_client_cache()


def get_config() -> DynamoConfig:
    return _config
