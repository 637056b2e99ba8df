"""The load tier's staff user, for locust (`locust -f bench/staff_walk.py`; the tier runs it).

Each simulated user logs in with its own account through the login form, waits until every
user has, then walks the console as staff do, one click per step with the think time
between: the overview, the store list and then one of its filters (category, city, city
and district, price level, in turn), a store's page, the creator list, a search by a name
from it, a creator's page, the match work queue, a match's page and a step of its workflow
(a form post, as the page's button sends it), the campaign list and a campaign's dashboard.

Every request is written to BENCH_LOAD_RECORD as a JSON line (page, milliseconds, status,
the DynamoDB calls and time the response's Server-Timing header reports, error); after
BENCH_LOAD_REQUESTS of them the run stops. Loopback only: the tier passes 127.0.0.1.

Production runs behind a TLS-terminating proxy: each request says so (X-Forwarded-Proto),
and the console's Secure cookies are kept as plain ones, to travel over the loopback leg.
"""

import json
import os
import random
import re
import time
from urllib.parse import quote, urlsplit

import gevent
from locust import HttpUser, SequentialTaskSet, between, constant, events, task

ACCOUNTS = os.environ["BENCH_LOAD_ACCOUNTS"].split(",")
PASSWORD = os.environ["BENCH_LOAD_PASSWORD"]
REQUESTS = int(os.environ["BENCH_LOAD_REQUESTS"])
RECORD = os.environ["BENCH_LOAD_RECORD"]
THINK = tuple(float(s) for s in os.environ.get("BENCH_LOAD_THINK", "0,0").split(","))
SEED = int(os.environ.get("BENCH_LOAD_SEED", "14"))

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
STORE_LINK = re.compile(rf'href="/stores/store/({UUID})/"')
CREATOR_LINK = re.compile(rf'href="/creators/creator/({UUID})/">([^<]+)</a>')
MATCH_LINK = re.compile(rf'href="/matches/match/({UUID})/"')
CAMPAIGN_LINK = re.compile(rf'href="/campaigns/campaign/({UUID})/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMING = re.compile(r'dynamodb;dur=([\d.]+);desc="(\d+) calls"')
STORE_FILTERS = ("category", "city", "district", "price level")


def _datalist(html: str, field: str) -> list[str]:
    found = re.search(rf'<datalist id="[^"]*{field}[^"]*">(.*?)</datalist>', html, re.S)
    return re.findall(r'<option value="([^"]+)"', found.group(1)) if found else []


def _select(html: str, name: str) -> list[str]:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    values = re.findall(r'<option value="([^"]+)"', found.group(1)) if found else []
    return [value for value in values if value]


class _Recorder:
    def __init__(self):
        self.out = open(RECORD, "a", encoding="utf-8")  # noqa: SIM115 - closed at quit
        self.count = 0
        self.stopping = False

    def write(self, row: dict) -> None:
        self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.count += not row["warm_up"]

    def close(self) -> None:
        self.out.close()


recorder: _Recorder | None = None
runner_environment = None
started = 0
signed_in: set[str] = set()
warmed: set[str] = set()
WARM_UP = "warm-up: "  # a page name's prefix during each user's first, unmeasured walk


@events.init.add_listener
def _open_record(environment, **_):
    global recorder, runner_environment
    recorder, runner_environment = _Recorder(), environment


@events.quitting.add_listener
def _close_record(environment, **_):
    if recorder is not None:
        recorder.close()


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, **_):
    if recorder is None or name == "log in" or recorder.stopping:
        return
    timing = TIMING.search(response.headers.get("Server-Timing", "")) if response else None
    warm_up = name.startswith(WARM_UP)
    recorder.write(
        {
            "page": name.removeprefix(WARM_UP),
            "warm_up": warm_up,
            "t": time.time(),
            "ms": round(response_time, 3),
            "status": getattr(response, "status_code", None),
            "calls": int(timing.group(2)) if timing else None,
            "db_ms": float(timing.group(1)) if timing else None,
            "error": None if exception is None else f"{type(exception).__name__}: {exception}",
        }
    )
    if recorder.count >= REQUESTS:
        recorder.stopping = True
        gevent.spawn(runner_environment.runner.quit)


class StaffWalk(SequentialTaskSet):
    prefix = ""  # WARM_UP during the user's first walk

    def on_start(self):
        self.random = self.user.random
        self.filter_turn = self.random.randrange(len(STORE_FILTERS))
        self.stores: list[str] = []
        self.categories: list[str] = []
        self.cities: list[str] = []
        self.districts: tuple[str, list[str]] | None = None
        self.creators: list[tuple[str, str]] = []
        self.matches: list[str] = []
        self.transition: dict | None = None
        self.campaigns: list[str] = []

    def get(self, url: str, page: str) -> str:
        name = self.prefix + page
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
            self.user.keep_cookies()
            return r.text

    @task
    def overview(self):
        self.get("/", "overview")

    @task
    def store_list(self):
        html = self.get("/stores/store/", "store list")
        self.stores = STORE_LINK.findall(html) or self.stores
        self.categories = _datalist(html, "category") or self.categories
        self.cities = _select(html, "city") or self.cities

    @task
    def store_list_filtered(self):
        kind = STORE_FILTERS[self.filter_turn % len(STORE_FILTERS)]
        self.filter_turn += 1
        if kind == "district" and not self.districts:
            kind = "city"
        if kind == "category" and self.categories:
            query = "category=" + quote(self.random.choice(self.categories))
        elif kind == "district":
            city, districts = self.districts
            query = f"city={quote(city)}&district={quote(self.random.choice(districts))}"
        elif kind in ("city", "category") and self.cities:
            kind, city = "city", self.random.choice(self.cities)
            query = f"city={quote(city)}"
        else:
            kind, query = "price level", f"price_level={self.random.randint(1, 4)}"
        html = self.get(f"/stores/store/?{query}", f"store list: {kind}")
        self.stores = STORE_LINK.findall(html) or self.stores
        if kind == "city":
            districts = _datalist(html, "district")
            self.districts = (city, districts) if districts else self.districts

    @task
    def store_page(self):
        if self.stores:
            self.get(f"/stores/store/{self.random.choice(self.stores)}/", "store page")

    @task
    def creator_list(self):
        html = self.get("/creators/creator/", "creator list")
        self.creators = CREATOR_LINK.findall(html) or self.creators

    @task
    def creator_search(self):
        if self.creators:
            name = self.random.choice(self.creators)[1].strip()
            html = self.get(f"/creators/creator/?q={quote(name[:2])}", "creator search")
            self.creators = CREATOR_LINK.findall(html) or self.creators

    @task
    def creator_page(self):
        if self.creators:
            creator_id = self.random.choice(self.creators)[0]
            self.get(f"/creators/creator/{creator_id}/", "creator page")

    @task
    def match_queue(self):
        html = self.get("/matches/match/", "match queue")
        self.matches = MATCH_LINK.findall(html) or self.matches

    @task
    def match_page(self):
        self.transition = None
        if not self.matches:
            return
        match_id = self.random.choice(self.matches)
        html = self.get(f"/matches/match/{match_id}/", "match page")
        form = re.search(r'<form[^>]*id="transition-form".*?</form>', html, re.S)
        if form:
            version = re.search(r'name="version" value="(\d+)"', form.group(0))
            steps = re.findall(r'name="to" value="([A-Z]+)"', form.group(0))
            forward = [step for step in steps if step != "REJECTED"] or steps
            token = CSRF.search(form.group(0))
            if version and forward and token:
                self.transition = {
                    "url": f"/matches/match/{match_id}/transition/",
                    "data": {
                        "csrfmiddlewaretoken": token.group(1),
                        "version": version.group(1),
                        "to": forward[0],
                        "note": "전화로 연락함 (부하 측정)",
                    },
                }

    @task
    def match_transition(self):
        if not self.transition:
            return
        with self.client.post(
            self.transition["url"],
            data=self.transition["data"],
            name=self.prefix + "match transition (post)",
            headers={"Origin": self.user.origin, "Referer": self.user.origin + "/"},
            catch_response=True,
            allow_redirects=False,
        ) as r:
            self.user.keep_cookies()
            # The step's result (done, or refused because someone moved first) is a message
            # on the match page it redirects to.
            if r.status_code != 302 or "/matches/match/" not in r.headers.get("Location", ""):
                r.failure(f"status {r.status_code}, to {r.headers.get('Location')}")

    @task
    def campaign_list(self):
        html = self.get("/campaigns/campaign/", "campaign list")
        self.campaigns = CAMPAIGN_LINK.findall(html) or self.campaigns

    @task
    def campaign_dashboard(self):
        if self.campaigns:
            campaign_id = self.random.choice(self.campaigns)
            self.get(f"/campaigns/campaign/{campaign_id}/dashboard/", "campaign dashboard")


class StaffUser(HttpUser):
    tasks = [StaffWalk]
    wait_time = between(*THINK) if THINK[1] > 0 else constant(0)

    def on_start(self):
        global started
        number = started  # users start one after another (gevent): each its own account
        account = ACCOUNTS[number % len(ACCOUNTS)]
        self.random = random.Random(SEED * 1000 + number)
        parts = urlsplit(self.host)
        self.origin = f"https://{parts.netloc}"
        self.client.headers["X-Forwarded-Proto"] = "https"
        started += 1
        page = self.client.get("/login/", name="log in")
        self.keep_cookies()
        token = CSRF.search(page.text)
        response = self.client.post(
            "/login/?next=/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": account,
                "password": PASSWORD,
                "next": "/",
            },
            headers={"Origin": self.origin, "Referer": f"{self.origin}/login/"},
            name="log in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{account} could not log in: status {response.status_code}")
        self.keep_cookies()
        # Measured clicks start once every user is in (a log-in hashes a password: ~0.3 s
        # of a core, which would otherwise land on the first pages of the others).
        users = self.environment.parsed_options.num_users
        signed_in.add(account)
        while len(signed_in) < users:
            gevent.sleep(0.05)
        # Then one walk each, recorded apart: every gunicorn worker's first requests build
        # its DynamoDB clients and compile its templates (reported as the warm-up).
        walk = StaffWalk(self)
        walk.on_start()
        walk.prefix = WARM_UP
        for step in walk.tasks:
            step(walk)
        warmed.add(account)
        while len(warmed) < users:
            gevent.sleep(0.05)
        # Staff do not all click at the same instant: with think time, each user first
        # thinks (as between any two clicks), so the first measured clicks are spread too.
        gevent.sleep(self.wait_time())

    def keep_cookies(self) -> None:
        """The console's cookies are Secure (the proxy speaks TLS to browsers); requests'
        jar would not send them over the plain loopback leg, so they are kept as plain."""
        for cookie in self.client.cookies:
            cookie.secure = False
