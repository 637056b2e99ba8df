"""The time outreach rules are judged by (quiet hours, due sends, consent age).

One function, so tests can move the clock for pages and commands alike.
"""

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
