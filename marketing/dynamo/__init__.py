"""The DynamoDB core: clients, table specs, keys, serde, repositories. No Django imports."""
