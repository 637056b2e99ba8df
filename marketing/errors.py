"""The one base of errors whose message is meant for the user who asked.

A service raises a subclass (an unreadable Naver page, an unknown category, a YouTube
quota that is spent) when a request cannot be done as asked; the console shows `str()` of
it as a form error or a message, and commands print it as their error. Anything else that
escapes a view is a bug or an outage, and is handled as one.
"""


class UserError(Exception):
    """A request that cannot be done as asked; `str(error)` says why, for the user."""
