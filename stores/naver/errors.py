"""What can go wrong between a pasted link and a parsed place; each says what to do."""

from django.utils.translation import gettext_lazy as _

from marketing.errors import UserError


class ScrapeError(UserError):
    """Base of every intake error. `message` is safe to show to staff."""

    default_message = _("The Naver place could not be read.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class InvalidPlaceUrl(ScrapeError):
    default_message = _(
        "Not a Naver place link. Accepted: m.place.naver.com/<type>/<id>, "
        "pcmap.place.naver.com/<type>/<id>, map.naver.com/p/entry/place/<id>, "
        "map.naver.com/p/search/<query>/place/<id>, map.naver.com/v5/…/place/<id>, "
        "naver.me/<code> or a numeric place id."
    )


class UnsafeUrl(ScrapeError):
    """The URL (or a redirect hop) leaves Naver, uses a bad scheme or a private address."""

    default_message = _("The link leads outside Naver's public place pages and was not followed.")


class FetchFailed(ScrapeError):
    default_message = _("Naver did not answer; try again later or import a saved page.")


class ResponseTooLarge(FetchFailed):
    default_message = _("The page is larger than the size limit and was not read.")


class Blocked(ScrapeError):
    default_message = _(
        "Naver has temporarily blocked requests (“service use restricted”). "
        "Wait a while, or save the page in a browser and use “Import saved page”."
    )


class SavedBlockPage(Blocked):
    """An uploaded "saved page" is Naver's block page, not the place's own page."""

    default_message = _(
        "This file is Naver's “service use restricted” page, not the place's page: Naver "
        "was blocking the browser too when it was saved. Open the place again once the "
        "block is lifted (usually within the hour), then save and import that page."
    )


class PlaceNotFound(ScrapeError):
    default_message = _("Naver says this place does not exist (page not found).")


class ParseError(ScrapeError):
    default_message = _("The page is not a Naver place page that can be read.")
