"""Talking to OpenAlex: queries built with pyalex, sent by a polite, fault-tolerant transport.

pyalex (0.21) composes the query strings (`filter_or`, `search_filter`, quoting) but builds
every URL on a hard-coded https://api.openalex.org and opens a new session per call; so kb
takes pyalex's path and query and sends them to the configured base URL through one
keep-alive session with a rate limit, timeouts, retries with exponential backoff and jitter
(honouring Retry-After) and a clean stop when the daily budget is spent. The API key goes in
an `Authorization` header and the e-mail in `From`: neither is ever part of a URL, a log
line or the database.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from kb import __version__
from kb.errors import KbError

DEFAULT_URL = "https://api.openalex.org"
MAX_OR_VALUES = 100
MAX_URL_BYTES = 4000  # OpenAlex refuses URLs over about 4 KB
COST_USD = {"singleton": 0.0, "list": 0.0001, "search": 0.001}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class OpenAlexConfig:
    base_url: str = DEFAULT_URL
    api_key: str | None = field(default=None, repr=False)
    email: str | None = field(default=None, repr=False)
    rate: float | None = None  # requests per second, all workers together; None: 28 with a key, 8 without
    workers: int = 4
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 1.0  # first retry waits about this long, then doubles
    max_wait: float = 120.0  # a Retry-After longer than this means the budget is spent

    @property
    def effective_rate(self) -> float:
        """Under OpenAlex's per-second caps (10/s without a key, 30/s with a free one)."""
        if self.rate is not None:
            return self.rate
        return 28.0 if self.api_key else 8.0

    @classmethod
    def from_env(cls, **overrides) -> OpenAlexConfig:
        values = {
            "base_url": os.environ.get("KB_OPENALEX_URL") or DEFAULT_URL,
            "api_key": os.environ.get("KB_OPENALEX_API_KEY") or None,
            "email": os.environ.get("KB_OPENALEX_EMAIL") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


class OpenAlexError(KbError):
    """A request that failed for good (after retries, or a 4xx that must not be retried)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status

    @property
    def fatal(self) -> bool:
        """Nothing else can succeed either: a spent budget, or a missing/invalid/refused API key."""
        return self.status in (401, 403) or isinstance(self, BudgetExhausted)


class BudgetExhausted(OpenAlexError):
    """The daily budget is spent: stop, do not spin. It resets at midnight UTC."""

    def __init__(self, reset_seconds: float | None):
        now = datetime.now(timezone.utc)
        if reset_seconds is None:
            midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
            reset_seconds = (midnight - now).total_seconds()
        self.reset_at = now + timedelta(seconds=reset_seconds)
        hours, minutes = divmod(int(reset_seconds) // 60, 60)
        super().__init__(f"the OpenAlex daily budget is exhausted; it resets at {self.reset_at:%H:%M} UTC "
                         f"(in {hours} h {minutes} min). Run `kb enrich` again then: finished lookups are kept",
                         status=429)


@dataclass
class Response:
    url: str  # without credentials
    kind: str
    status: int
    body: str
    cost_usd: float

    def json(self) -> dict:
        return json.loads(self.body)


class RateLimiter:
    """At most `rate` request starts per second across threads."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.lock = threading.Lock()
        self.next_at = 0.0

    def wait(self) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_at)
            self.next_at = start + self.interval
        if start > now:
            time.sleep(start - now)


def query_path(builder) -> str:
    """Path and query of a pyalex query object (`Works().filter_or(doi=[...])`), host dropped."""
    parts = urlsplit(builder.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def request_kind(path: str) -> str:
    """How OpenAlex prices a request: singleton (free), list, or search."""
    route, _, query = path.partition("?")
    if not query and route.count("/") >= 2:
        return "singleton"
    if "search=" in query or ".search:" in query:
        return "search"
    return "list"


class OpenAlexClient:
    def __init__(self, config: OpenAlexConfig):
        import requests

        self.config = config
        self.base = config.base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"kb/{__version__} (literature knowledge base)"
        if config.api_key:
            self.session.headers["Authorization"] = f"Bearer {config.api_key}"
        if config.email:
            self.session.headers["From"] = config.email
        adapter = requests.adapters.HTTPAdapter(pool_connections=config.workers, pool_maxsize=config.workers)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.limiter = RateLimiter(config.effective_rate)
        self.budget_spent: BudgetExhausted | None = None
        self.stats_lock = threading.Lock()
        self.requests_by_kind: dict[str, int] = {}
        self.cost_usd = 0.0

    def close(self) -> None:
        self.session.close()

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        return self.config.backoff * (2 ** attempt) * (0.5 + random.random() / 2)

    def get(self, path: str) -> Response | None:
        """GET a path (`/works?filter=...`). None for 404; raises OpenAlexError or BudgetExhausted."""
        import requests

        if self.budget_spent:
            raise self.budget_spent
        url = f"{self.base}{path}"
        kind = request_kind(path)
        last_problem = "no attempt"
        for attempt in range(self.config.retries + 1):
            self.limiter.wait()
            retry_after: float | None = None
            try:
                reply = self.session.get(url, timeout=self.config.timeout)
                body = reply.text
            except (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                last_problem = f"{exc.__class__.__name__}"
            else:
                self._count(kind, reply)
                if reply.status_code == 404:
                    return None
                if reply.status_code == 200:
                    try:
                        json.loads(body)
                    except ValueError:
                        last_problem = "a truncated or malformed JSON body"
                    else:
                        return Response(path, kind, 200, body, self._cost(kind, reply))
                elif reply.status_code in RETRY_STATUSES:
                    retry_after = _retry_after(reply)
                    if reply.status_code == 429 and _budget_spent(reply, retry_after, self.config.max_wait):
                        self.budget_spent = BudgetExhausted(_reset_seconds(reply))
                        raise self.budget_spent
                    last_problem = f"HTTP {reply.status_code}"
                else:
                    hint = "; check the API key (--api-key / KB_OPENALEX_API_KEY)" \
                        if reply.status_code in (401, 403) else ""
                    raise OpenAlexError(f"OpenAlex refused {path[:120]}: HTTP {reply.status_code} "
                                        f"{_error_message(body)}{hint}", reply.status_code)
            if attempt < self.config.retries:
                time.sleep(self._backoff(attempt, retry_after))
        raise OpenAlexError(f"OpenAlex did not answer {path[:120]} after {self.config.retries + 1} attempts "
                            f"({last_problem})")

    def _count(self, kind: str, reply) -> None:
        with self.stats_lock:
            self.requests_by_kind[kind] = self.requests_by_kind.get(kind, 0) + 1
            if reply.status_code == 200 or reply.status_code == 400:
                self.cost_usd += self._cost(kind, reply)

    @staticmethod
    def _cost(kind: str, reply) -> float:
        header = reply.headers.get("X-RateLimit-Cost-USD") or reply.headers.get("x-ratelimit-cost-usd")
        try:
            return float(header) if header is not None else COST_USD[kind]
        except ValueError:
            return COST_USD[kind]


def _retry_after(reply) -> float | None:
    value = reply.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _budget_spent(reply, retry_after: float | None, max_wait: float) -> bool:
    remaining = reply.headers.get("X-RateLimit-Remaining-USD") or reply.headers.get("X-RateLimit-Remaining")
    try:
        if remaining is not None and float(remaining) <= 0:
            return True
    except ValueError:
        pass
    if retry_after is not None and retry_after > max_wait:
        return True
    text = reply.text.lower()
    return "daily" in text and "budget" in text


def _reset_seconds(reply) -> float | None:
    value = reply.headers.get("X-RateLimit-Reset")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _error_message(body: str) -> str:
    try:
        data = json.loads(body)
        return f"{data.get('error', '')}: {data.get('message', '')}".strip(": ")[:300]
    except ValueError:
        return "(non-JSON body)"
