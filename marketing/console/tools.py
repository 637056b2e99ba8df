"""Object-tool buttons and the cursor pager: what the shared partials render."""

from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class ObjectTool:
    """A button in a page's object tools (admin/console/_object_tools.html).

    A link by default; `post` makes it a one-button form (CSRF included). `style` is the
    admin's icon class (addlink, changelink, deletelink); `permission` hides the button
    from users without it (the view itself checks again on the server).
    """

    label: str
    url: str
    permission: str | None = None
    post: bool = False
    style: str = ""
    element_id: str = ""
    external: bool = False  # another site: opens in a new tab, no referrer


@dataclass(frozen=True)
class Pager:
    """Links to the first and next page of a cursor-paginated list, keeping the filters."""

    first_url: str | None
    next_url: str | None

    @classmethod
    def for_page(cls, query: QueryDict, next_cursor: str | None, *, param="cursor") -> "Pager":
        kept = query.copy()
        on_first_page = not any(kept.pop(param, []))
        first = None if on_first_page else "?" + kept.urlencode()
        following = None
        if next_cursor:
            kept[param] = next_cursor
            following = "?" + kept.urlencode()
        return cls(first_url=first, next_url=following)
