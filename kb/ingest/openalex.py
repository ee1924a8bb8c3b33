"""Talking to OpenAlex: queries built with pyalex, sent by a polite, fault-tolerant transport.

pyalex (0.21) composes the query strings (`filter_or`, `search_filter`, quoting) but builds
every URL on a hard-coded https://api.openalex.org and opens a new session per call; so kb
takes pyalex's path and query and sends them to the configured base URL through one
keep-alive session with an adaptive rate limit (it starts at the documented rate, halves on a
429 and recovers step by step after successes), timeouts, retries with exponential backoff and
jitter (honouring Retry-After in seconds or as an HTTP date) and a clean stop when the daily
budget is spent. Every request sent is counted, with its cost, whether it succeeded or not; a
stop (Ctrl-C, a spent budget) sends nothing more. The API key goes in
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
MAX_URL_BYTES = 4000  # OpenAlex refuses URLs over 4094 bytes as sent (percent-encoded)
DOCUMENTED_RATE = 100.0  # requests per second OpenAlex allows (since its 2026 pricing, key or not)
COST_USD = {"singleton": 0.0, "list": 0.0001, "search": 0.001}
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class OpenAlexConfig:
    base_url: str = DEFAULT_URL
    api_key: str | None = field(default=None, repr=False)
    email: str | None = field(default=None, repr=False)
    rate: float | None = None  # requests per second, all workers together; None: the documented rate
    workers: int = 4
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 1.0  # first retry waits about this long, then doubles
    max_wait: float = 120.0  # a Retry-After longer than this means the budget is spent

    @property
    def effective_rate(self) -> float:
        """The starting rate: `rate` when given, else OpenAlex's documented per-second limit (a 429 then
        slows the client down)."""
        return self.rate if self.rate is not None else DOCUMENTED_RATE

    def check(self) -> None:
        """Invalid settings are usage errors (one line, exit 2)."""
        from kb.errors import UsageError

        if self.workers < 1:
            raise UsageError(f"--workers must be at least 1 (got {self.workers})")
        if self.rate is not None and self.rate <= 0:
            raise UsageError(f"--rate must be more than 0 requests per second (got {self.rate:g})")
        if self.timeout <= 0:
            raise UsageError(f"--timeout must be more than 0 seconds (got {self.timeout:g})")

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
        return self.status in (401, 403) or isinstance(self, (BudgetExhausted, Unreachable))


class Unreachable(OpenAlexError):
    """No connection to OpenAlex can be made at all (no network, an unknown host, nothing listening) and
    nothing has answered in this run: stop at once instead of retrying every request."""


def _cannot_connect(exc) -> str | None:
    """Why no connection could be opened at all (refused, unknown host, unreachable network), or None for a
    failure after connecting (a dropped or timed-out reply), which is worth retrying."""
    from urllib3.exceptions import NameResolutionError, NewConnectionError

    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, NameResolutionError):
        return "the host name does not resolve"
    if isinstance(reason, NewConnectionError):
        return str(reason).rsplit(": ", 1)[-1] or "the connection was refused"
    return None


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


class Stopped(OpenAlexError):
    """The run was stopped (Ctrl-C, or another request's fatal error): nothing more is sent."""

    def __init__(self):
        super().__init__("stopped; answers received so far are kept")


class RateLimiter:
    """At most `rate` request starts per second across threads, adapting to the server: a 429 halves the
    rate (and a Retry-After pauses every thread), each success raises it by a tenth again, up to the
    starting rate."""

    def __init__(self, rate: float, stopping: threading.Event | None = None):
        self.ceiling = self.rate = rate
        self.floor = min(rate, 2.0)
        self.lock = threading.Lock()
        self.next_at = 0.0
        self.stopping = stopping or threading.Event()

    def wait(self) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_at)
            self.next_at = start + 1.0 / self.rate
        if start > now:
            self.stopping.wait(start - now)

    def slow_down(self, pause: float | None = None) -> None:
        with self.lock:
            self.rate = max(self.floor, self.rate / 2)
            if pause:
                self.next_at = max(self.next_at, time.monotonic() + pause)

    def speed_up(self) -> None:
        with self.lock:
            self.rate = min(self.ceiling, self.rate * 1.1)


def query_path(builder) -> str:
    """Path and query of a pyalex query object (`Works().filter_or(doi=[...])`), host dropped."""
    parts = urlsplit(builder.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sent_length(base_url: str, path: str) -> int:
    """The URL's length as the HTTP client sends it (`|` goes out as `%7C`)."""
    from requests import Request

    return len(Request("GET", base_url.rstrip("/") + path).prepare().url)


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
        self.stopping = threading.Event()
        self.limiter = RateLimiter(config.effective_rate, self.stopping)
        self.budget_spent: BudgetExhausted | None = None
        self.answered = False  # a reply came in this run: a failed connection after that is transient
        self.stats_lock = threading.Lock()
        self.requests_by_kind: dict[str, int] = {}
        self.cost_usd = 0.0

    def close(self) -> None:
        self.session.close()

    def stop(self) -> None:
        """Send nothing more: waiting threads wake up and give up."""
        self.stopping.set()

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
            if self.stopping.is_set():
                raise Stopped()
            retry_after: float | None = None
            try:
                reply = self.session.get(url, timeout=self.config.timeout)
                body = reply.text
            except (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                if not self.answered and _cannot_connect(exc) and attempt >= 1:
                    raise Unreachable(f"cannot reach OpenAlex at {self.base} ({_cannot_connect(exc)}); check the "
                                      "network connection or --openalex-url (KB_OPENALEX_URL), or pass --offline "
                                      "to use what the cache holds") from None
                last_problem = f"{exc.__class__.__name__}"
                if not _cannot_connect(exc):
                    self._count_sent(kind)  # the server may have done (and charged) the work
            else:
                self.answered = True
                self._count(kind, reply)
                if reply.status_code == 404:
                    return None
                if reply.status_code == 200:
                    try:
                        json.loads(body)
                    except ValueError:
                        last_problem = "a truncated or malformed JSON body"
                    else:
                        self.limiter.speed_up()
                        return Response(path, kind, 200, body, self._cost(kind, reply))
                elif reply.status_code in RETRY_STATUSES:
                    retry_after = _retry_after(reply)
                    if reply.status_code == 429 and _budget_spent(reply, retry_after, self.config.max_wait):
                        self.budget_spent = BudgetExhausted(_reset_seconds(reply))
                        raise self.budget_spent
                    if reply.status_code == 429:
                        self.limiter.slow_down(retry_after)
                    last_problem = f"HTTP {reply.status_code}"
                else:
                    hint = "; check the API key (--api-key / KB_OPENALEX_API_KEY)" \
                        if reply.status_code in (401, 403) else ""
                    raise OpenAlexError(f"OpenAlex refused {path[:120]}: HTTP {reply.status_code} "
                                        f"{_error_message(body)}{hint}", reply.status_code)
            if attempt < self.config.retries and self.stopping.wait(self._backoff(attempt, retry_after)):
                raise Stopped()
        raise OpenAlexError(f"OpenAlex did not answer {path[:120]} after {self.config.retries + 1} attempts "
                            f"({last_problem})")

    def _count(self, kind: str, reply) -> None:
        """Count an answered request, at the cost the server states (else the price list's, for a 200 or 400)."""
        stated = reply.headers.get("X-RateLimit-Cost-USD") or reply.headers.get("x-ratelimit-cost-usd")
        with self.stats_lock:
            self.requests_by_kind[kind] = self.requests_by_kind.get(kind, 0) + 1
            if stated is not None or reply.status_code in (200, 400):
                self.cost_usd += self._cost(kind, reply)

    def _count_sent(self, kind: str) -> None:
        """Count a request that got no answer (a timeout, a reset) at its listed price."""
        with self.stats_lock:
            self.requests_by_kind[kind] = self.requests_by_kind.get(kind, 0) + 1
            self.cost_usd += COST_USD[kind]

    @staticmethod
    def _cost(kind: str, reply) -> float:
        header = reply.headers.get("X-RateLimit-Cost-USD") or reply.headers.get("x-ratelimit-cost-usd")
        try:
            return float(header) if header is not None else COST_USD[kind]
        except ValueError:
            return COST_USD[kind]


def _retry_after(reply) -> float | None:
    """Retry-After in seconds, or as an HTTP date (RFC 9110), as seconds from now."""
    value = reply.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


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
