"""What can go wrong talking to the YouTube Data API, each with a message that says why."""

from django.utils.translation import gettext_lazy as _

from marketing.errors import UserError


class YouTubeError(UserError):
    """Base of the client's errors; str() is a message for staff."""

    default_message = _("The YouTube API call failed.")

    def __init__(self, message=None, *, status: int | None = None, reason: str | None = None):
        self.status = status
        self.reason = reason
        super().__init__(str(message or self.default_message))


class QuotaExceeded(YouTubeError):
    """YouTube refused the call: the project's daily quota is used up."""

    default_message = _(
        "YouTube's daily quota for this API key is used up (quotaExceeded). "
        "It resets at midnight Pacific time; the next sync carries on from here."
    )


class QuotaBudgetExhausted(YouTubeError):
    """Our own daily budget (YOUTUBE_DAILY_QUOTA) would be exceeded by the next call."""

    default_message = _(
        "The daily YouTube quota budget (YOUTUBE_DAILY_QUOTA) is spent; "
        "the next run carries on from here."
    )


class KeyInvalid(YouTubeError):
    default_message = _("YouTube rejected the API key (keyInvalid). Check YOUTUBE_API_KEY.")


class KeyMissing(YouTubeError):
    default_message = _("No YouTube API key is configured. Set YOUTUBE_API_KEY.")


class ApiNotEnabled(YouTubeError):
    default_message = _(
        "The YouTube Data API v3 is not enabled for this key's Google Cloud project "
        "(accessNotConfigured). Enable it in the Google Cloud console."
    )


class ChannelNotFound(YouTubeError):
    default_message = _("YouTube has no such channel.")


class BadInput(YouTubeError):
    default_message = _("Give a YouTube channel id (UC…), a handle (@name) or a channel URL.")


class Unavailable(YouTubeError):
    """Network failure or 5xx after every retry."""

    default_message = _("YouTube did not answer; try again later.")
