"""Disclosure check (공정거래위원회 「추천·보증 등에 관한 표시·광고 심사지침」).

A paid post must say so where a viewer sees it first:
- YouTube: a label in the title or the first line of the description (from videos.list's
  snippet). The API's `paidProductPlacementDetails` is readable only by the video's owner,
  so an API key cannot rely on it;
- Instagram, TikTok and any other site: the caption text staff paste, with the label in
  its first line.

Labels: `광고`, `유료 광고 포함`, `협찬` (also as hashtags, e.g. `#광고`, and with or without
spaces). Pure functions, no I/O.
"""

import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext as _

from campaigns.domain import CampaignError, ContentPlatform, Disclosure

# Longest first: "유료 광고 포함" is reported as itself, not as the "광고" inside it.
LABELS = ("유료 광고 포함", "광고", "협찬")
_SPACES = re.compile(r"\s+")
# "광고 아님", "협찬 없음", "노광고", "비광고": saying it is *not* paid is no disclosure.
_NEGATED = re.compile(
    r"(광고|협찬)(아님|아닙니다|아니에요|아니|없음|없는|없이|없습니다)|[비노무](광고|협찬)"
)
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}
INSTAGRAM_HOSTS = {"instagram.com", "www.instagram.com"}
TIKTOK_HOSTS = {"tiktok.com", "www.tiktok.com", "m.tiktok.com", "vm.tiktok.com"}
MAX_URL_LENGTH = 500


def first_line(text: str) -> str:
    """The first line that has any text in it, trimmed."""
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def label_in(text: str) -> str:
    """The disclosure label `text` carries ("" when none): spacing and width ignored."""
    squeezed = _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))
    squeezed = _NEGATED.sub(" ", squeezed)
    for label in LABELS:
        if label.replace(" ", "") in squeezed:
            return label
    return ""


def check_youtube(title: str, description: str) -> tuple[Disclosure, str]:
    """(disclosure, label found) of a video from its title and description."""
    label = label_in(title) or label_in(first_line(description))
    return (Disclosure.DISCLOSED if label else Disclosure.MISSING), label


def check_caption(caption: str) -> tuple[Disclosure, str]:
    """(disclosure, label found) of a caption staff pasted; unchecked while empty."""
    if not (caption or "").strip():
        return Disclosure.UNCHECKED, ""
    label = label_in(first_line(caption))
    return (Disclosure.DISCLOSED if label else Disclosure.MISSING), label


def content_url(text: str) -> str:
    """A content URL as staff may enter it: https on a public host, or CampaignError."""
    url = (text or "").strip()
    if len(url) > MAX_URL_LENGTH:
        raise CampaignError(
            _("A content URL is longer than %(n)d characters.") % {"n": MAX_URL_LENGTH}
        )
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise CampaignError(
            _("“%(url)s” is not a content URL: give the post's https:// address.") % {"url": url}
        )
    return url


def platform_of(url: str) -> ContentPlatform:
    host = (urlsplit(url).hostname or "").lower()
    if host in YOUTUBE_HOSTS:
        return ContentPlatform.YOUTUBE
    if host in INSTAGRAM_HOSTS:
        return ContentPlatform.INSTAGRAM
    if host in TIKTOK_HOSTS:
        return ContentPlatform.TIKTOK
    return ContentPlatform.OTHER


def youtube_video_id(url: str) -> str | None:
    """The video id of a YouTube watch, youtu.be, shorts, live or embed URL (else None)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host not in YOUTUBE_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if host == "youtu.be":
        candidate = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        candidate = (parse_qs(parts.query).get("v") or [""])[0]
    elif len(segments) >= 2 and segments[0] in ("shorts", "live", "embed", "v"):
        candidate = segments[1]
    else:
        candidate = ""
    return candidate if VIDEO_ID.fullmatch(candidate) else None
