"""The one-pass scan finds what a tree built by BeautifulSoup on html.parser finds.

The parser used to build that tree; the scan replaced it (issue #10, item 8), so the
tree is the reference here: the same script texts and the same og meta tags, on every
real capture and on generated pages full of the things a scanner gets wrong (comments,
tags inside scripts and styles, quoted `>`, entities, upper case, attribute order).
"""

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from stores.naver.page_scan import Script, scan
from stores.naver.parser import META_KEYS
from tests.realworld import captures
from tests.stores import pages


def by_tree(html: str) -> tuple[list[str], dict[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    scripts = [script.string or "" for script in soup.find_all("script")]
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        content = tag.get("content")
        if key in META_KEYS and isinstance(content, str) and key not in meta:
            meta[key] = content
    return scripts, meta


def by_scan(html: str) -> tuple[list[str], dict[str, str]]:
    scripts: list[str] = []
    meta: dict[str, str] = {}
    for found in scan(html, META_KEYS):
        if isinstance(found, Script):
            scripts.append(html[found.start : found.end])
            continue
        key = found.get("property") or found.get("name")
        content = found.get("content")
        if key in META_KEYS and isinstance(content, str) and key not in meta:
            meta[key] = content
    return scripts, meta


def test_every_real_capture_reads_the_same():
    for path in captures("naver", "*.html", expected=5):
        html = path.read_text(encoding="utf-8", errors="replace")
        assert by_scan(html) == by_tree(html), path.name


@pytest.mark.parametrize(
    "html",
    [
        pages.home_page(),
        pages.menu_list_page(),
        pages.meta_only_page(),
        pages.block_page(),
        pages.garbled_page(),
        pages.tag_flood_page(20_000),
    ],
)
def test_hand_made_pages_read_the_same(html):
    assert by_scan(html) == by_tree(html)


def test_a_start_tag_left_open_ends_the_scan():
    html = '<meta property="og:title" content="가게"><script src="x" '
    assert by_scan(html) == ([], {"og:title": "가게"})


# --- generated pages --------------------------------------------------------------------------

values = st.text(alphabet="가나 ab<>/&;=#'\"x", max_size=12)
quoted_value = values.map(lambda v: '"' + v.replace('"', "&quot;") + '"') | values.map(
    lambda v: "'" + v.replace("'", "&#39;") + "'"
)
bare_value = st.text(alphabet="가나abx:/.", min_size=1, max_size=8)
meta_key = st.sampled_from(["og:title", "og:description", "og:url", "viewport", "og:image"])
key_attribute = st.tuples(st.sampled_from(["property", "name", "PROPERTY", "Name"]), meta_key)


@st.composite
def meta_tag(draw) -> str:
    attribute, key = draw(key_attribute)
    content = draw(quoted_value | bare_value)
    parts = [f'{attribute}="{key}"', f"content={content}"]
    if draw(st.booleans()):
        parts.reverse()
    if draw(st.booleans()):
        parts.append('data-x="a > b"')
    name = draw(st.sampled_from(["meta", "META", "Meta"]))
    end = draw(st.sampled_from([">", " />", "/>"]))
    return f"<{name} " + " ".join(parts) + end


raw_text = st.text(alphabet="가 a<>/!-=\"'{}:;", max_size=20)
fragment = st.one_of(
    meta_tag(),
    st.builds(lambda t: f"<script>{t}</script>", raw_text | meta_tag()),
    st.builds(lambda t: f'<SCRIPT type="x">{t}</SCRIPT >', raw_text),
    st.builds(lambda t: f"<style>{t}</style>", raw_text | meta_tag()),
    st.builds(lambda t: f"<!-- {t} -->", raw_text | meta_tag()),
    st.builds(lambda t: f"<p>{t}</p>", st.text(alphabet="가 a>/&", max_size=10)),
    st.just("<title>제목</title>"),
    st.just('<div class="a>b">x</div>'),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(fragment, max_size=12))
def test_generated_pages_read_the_same(fragments):
    html = "<html><head>" + "".join(fragments) + "</head></html>"
    assert by_scan(html) == by_tree(html)
