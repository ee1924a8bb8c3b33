"""Driving the dashboard in a real browser (Debian's chromium through Playwright), for the browser
test and benchmarks/bench_dashboard.py: start a server, open a page, wait until it has rendered."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def missing() -> str | None:
    """Why a browser test cannot run here (None when it can)."""
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


MARKER = "KB_TEST_SERVER"  # set in every server a test starts: tests/conftest.py finds any left running by it


def marked_processes() -> list[int]:
    """The processes still running that a server of this test run started (found by their environment)."""
    mark = f"{MARKER}={os.getpid()}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if mark in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                pass
    return sorted(found)


def wait_healthy(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the server `{' '.join(map(str, process.args))}` did not start (exit {process.poll()})")
        time.sleep(0.2)


def start(command: list[str], env: dict | None = None, **options) -> subprocess.Popen:
    """Start a server process in a session of its own, marked so that the suite can tell it left nothing behind."""
    return subprocess.Popen(command, env={**os.environ, **(env or {}), MARKER: str(os.getpid())}, cwd=REPO,
                            start_new_session=True, **options)


def stop(process: subprocess.Popen) -> None:
    """Stop a server as a user would (SIGTERM), then anything left in its session."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def server(command: list[str], port: int, env: dict | None = None, timeout: float = 60) -> Iterator[str]:
    """Run a Streamlit server until the block ends; yields its base URL once /_stcore/health answers."""
    with open(os.devnull, "w") as log:
        process = start(command, env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, process, timeout)
            yield base
        finally:
            stop(process)


def dashboard_server(db: Path | str, port: int) -> contextlib.AbstractContextManager[str]:
    """`kb dashboard` itself, as a user starts it."""
    kb = shutil.which("kb", path=str(Path(sys.executable).parent)) or "kb"
    return server([kb, "dashboard", "--db", str(db), "--port", str(port), "--host", "127.0.0.1"], port)


def streamlit_server(script: Path, port: int) -> contextlib.AbstractContextManager[str]:
    return server([sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
                   "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none"], port)


@contextlib.contextmanager
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


RENDERED = """([title, charts, footer]) => {
  const h1 = [...document.querySelectorAll('h1')].map(e => e.innerText.trim());
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  const plots = document.querySelectorAll('.js-plotly-plot .main-svg').length;
  const stale = document.querySelector('[data-stale="true"]');
  const skeleton = document.querySelector('[data-testid="stSkeleton"]');
  const done = !footer || [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .some(e => e.innerText.startsWith(footer));
  return h1.includes(title) && done && !running && !stale && !skeleton && plots >= charts;
}"""


def render(page, url: str, title: str, charts: int = 0, footer: str | None = "Read from",
           timeout_ms: int = 90_000) -> float:
    """Open `url` and wait until the page shows `title` and its footer (the last element every
    dashboard page writes), has `charts` plotly charts drawn and nothing is running, stale or still
    a skeleton; returns the seconds it took."""
    start = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    shown(page, title, charts, footer, timeout_ms)
    return time.perf_counter() - start


def shown(page, title: str, charts: int = 0, footer: str | None = "Read from", timeout_ms: int = 90_000) -> None:
    """Wait until the page in the tab (after a click, back or forward) has rendered as `render` waits."""
    page.wait_for_timeout(100)  # the navigation or rerun the action started leaves the browser first
    page.wait_for_function(RENDERED, arg=[title, charts, footer], timeout=timeout_ms, polling=50)


POINT = """([chart, data]) => {
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const gd = plots[chart];
  if (!gd || !gd._fullData) return null;
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const area = gd.querySelector('.nsewdrag').getBoundingClientRect();
  for (const trace of gd._fullData) {
    const ids = trace.customdata || [];
    for (let i = 0; i < ids.length; i++) {
      const id = Array.isArray(ids[i]) ? ids[i][0] : ids[i];
      if (String(id) === data) {
        const x = xa.d2p(trace.x[i]), y = ya.d2p(trace.y[i]);
        return [area.left + x, area.top + y];
      }
    }
  }
  return null;
}"""


def point_position(page, data: str, chart: int = 0) -> tuple[float, float]:
    """Where on the screen the chart's point carrying `data` (its customdata) is drawn, for a real mouse click."""
    found = page.evaluate(POINT, [chart, data])
    if found is None:
        raise AssertionError(f"no point {data!r} in chart {chart}")
    return found[0], found[1]


def wait_query(page, name: str, value: str | None = "", timeout_ms: int = 30_000) -> None:
    """Wait until the address shows `?name=value` (value "": any value; None: no such parameter): the callback
    of a click or a choice has run. Streamlit pushes these history entries itself; read from the document."""
    page.wait_for_function("""([name, value]) => {
        const found = new URLSearchParams(document.location.search).get(name);
        return value === null ? found === null : (value === "" ? found !== null : found === value); }""",
                           arg=[name, value], timeout=timeout_ms, polling=50)


ALL_POINTS = """([chart, prefix]) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')][chart];
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const area = gd.querySelector('.nsewdrag').getBoundingClientRect();
  const points = [];
  gd._fullData.forEach((trace) => {
    if (trace.visible !== true || !trace.customdata) return;
    const sizes = trace.marker && trace.marker.size;
    trace.customdata.forEach((id, i) => {
      const size = Array.isArray(sizes) ? sizes[i] : (sizes || 6);
      const x = area.left + xa.d2p(trace.x[i]), y = area.top + ya.d2p(trace.y[i]);
      const seen = x > area.left + 20 && x < area.right - 20 && y > area.top + 20 && y < area.bottom - 20;
      if (String(id).startsWith(prefix)) points.push([String(id), x, y, size / 2, seen]);
    });
  });
  return points;
}"""


def all_points(page, prefix: str = "", chart: int = 0) -> list[tuple[str, float, float, float, bool]]:
    """Every point of the chart whose customdata starts with `prefix`: (customdata, x, y, radius, well inside
    the plot area), in screen pixels."""
    return [tuple(p) for p in page.evaluate(ALL_POINTS, [chart, prefix])]


def free_points(page, prefix: str = "work:", chart: int = 0) -> list[tuple[str, float, float]]:
    """The chart's points (customdata starting with `prefix`) well inside the plot area whose marker no other
    marker touches: where a click can only mean that point. [(customdata, x, y)] in screen pixels."""
    points = all_points(page, "", chart)
    return [(d, x, y) for d, x, y, r, seen in points if d.startswith(prefix) and seen
            and all(o is p or ((x - o[1]) ** 2 + (y - o[2]) ** 2) ** 0.5 > r + o[3] + 4
                    for p in [(d, x, y, r, seen)] for o in points if o[0] != d)]


SLICES = """(chart) => {
  // a point inside each sector: the bounding box's grid points tested against the sector's own outline
  const gd = [...document.querySelectorAll('.js-plotly-plot')][chart];
  return [...gd.querySelectorAll('g.slice')].filter(s => s.__data__ && s.__data__.data).map(s => {
    const path = s.querySelector('path.surface'), box = path.getBBox(), ctm = path.getScreenCTM();
    for (let fy = 0.5, k = 0; k < 9; k++, fy = 0.5 + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.1) {
      for (let fx = 0.5, j = 0; j < 9; j++, fx = 0.5 + (j % 2 ? 1 : -1) * Math.ceil(j / 2) * 0.1) {
        const p = new DOMPoint(box.x + box.width * fx, box.y + box.height * fy);
        if (path.isPointInFill(p)) {
          const at = p.matrixTransform(ctm);
          return [String(s.__data__.data.data.id), at.x, at.y];
        }
      }
    }
    return null;
  }).filter(Boolean);
}"""


def slice_points(page, chart: int = 0) -> list[tuple[str, float, float]]:
    """A sunburst's sectors: (id, x, y) with (x, y) the middle of the sector on the screen, for a real click."""
    return [tuple(p) for p in page.evaluate(SLICES, chart)]
