"""Find a page's scripts and meta tags in one pass over its text, without building a tree.

The place parser needs two things from a page: the script that assigns
`window.__APOLLO_STATE__` and a few og meta tags. A tree of every tag (BeautifulSoup
on html.parser) took tens of seconds and hundreds of MB for a 7.9 MB page of tags; this
pass takes a fraction of a second and keeps only what is asked for (bench/RESULTS.md).

It reads tags the way html.parser does where it matters: comments are skipped, script
and style contents are raw text up to their end tag (a `<meta` inside them is no tag),
quoted attribute values may hold `>`, attribute names are lower-cased and values
unescaped. The pass is linear (possessive and lazy patterns, no backtracking search),
and a start tag left open stops it: the rest of the page is inside that tag.
"""

import html as html_entities
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# The rest of a start tag after its name, quoted values included.
_TAG_REST = r"""[^>"']*+(?:(?:"[^"]*+"|'[^']*+')[^>"']*+)*+>"""
_TOKEN = re.compile(
    r"<!--(?:.*?-->|.*)"
    r"|<(?P<raw>script|style)(?=[\s/>])" + _TAG_REST + r"(?P<body>.*?)(?:</\s*(?P=raw)\s*>|\Z)"
    r"|<meta(?=[\s/>])(?P<meta>" + _TAG_REST + ")"
    r"|<(?P<open>script|style|meta)(?=[\s/>])",
    re.IGNORECASE | re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s/>="'][^\s/>=]*)(?:\s*=+\s*("[^"]*"|'[^']*'|[^\s>"'][^\s>]*))?""")


@dataclass(frozen=True)
class Script:
    """A script element's text, as a span of the page (no copy of it is made)."""

    start: int
    end: int


def scan(page: str, meta_keys: Iterable[str]) -> Iterator[Script | dict[str, str | None]]:
    """Each script (a Script span) and the attributes of each meta tag whose text mentions
    one of `meta_keys`, in page order. Other meta tags are passed over unread."""
    wanted = re.compile("|".join(re.escape(key) for key in meta_keys), re.IGNORECASE)
    for token in _TOKEN.finditer(page):
        kind = token.lastgroup
        if kind == "body":
            if token.group("raw").lower() == "script":
                yield Script(token.start("body"), token.end("body"))
        elif kind == "meta":
            text = token.group("meta")
            if wanted.search(text):
                yield _attributes(text[:-1])
        elif kind == "open":
            return


def _attributes(text: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(text):
        value = match.group(2)
        if value is not None:
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            value = html_entities.unescape(value)
        found[match.group(1).lower()] = value  # a repeated attribute: the last one wins
    return found
