"""A small YouTube Data API v3 client: resolution, channel and video statistics, quota."""
