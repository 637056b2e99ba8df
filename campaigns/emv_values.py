"""CAMPAIGN_EMV_VALUES: the won one view and one engagement are worth, per platform.

Written `platform=per view/per engagement`, comma-separated:
`youtube=30/500,instagram=20/400,tiktok=10/300,default=10/300`. `default` prices a
platform not listed and must be there. Read by marketing/settings.py, so no Django here.
"""

import re

DEFAULT = "youtube=30/500,instagram=20/400,tiktok=10/300,default=10/300"
_ENTRY = re.compile(r"\s*([a-z_]+)\s*=\s*(\d{1,9})\s*/\s*(\d{1,9})\s*")


class BadEmvValues(ValueError):
    pass


def parse_emv_values(text: str) -> dict[str, dict[str, int]]:
    values: dict[str, dict[str, int]] = {}
    for entry in (text or DEFAULT).split(","):
        found = _ENTRY.fullmatch(entry)
        if found is None:
            raise BadEmvValues(
                f"CAMPAIGN_EMV_VALUES: {entry.strip()!r} is not platform=per view/per engagement "
                "in whole won (e.g. youtube=30/500)."
            )
        platform, view, engagement = found.groups()
        if platform in values:
            raise BadEmvValues(f"CAMPAIGN_EMV_VALUES: {platform} is given twice.")
        values[platform] = {"view": int(view), "engagement": int(engagement)}
    if "default" not in values:
        raise BadEmvValues("CAMPAIGN_EMV_VALUES needs a default=<per view>/<per engagement> entry.")
    return values
