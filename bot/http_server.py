"""The bot's HTTP endpoint as deployed by default: Slack's requests in, Bolt's answers out.

``POST /slack/events`` takes slash commands, events and interactivity (one Request
URL for all three); ``GET /healthz`` answers 200 once the app (and so the search
index) is loaded and 503 before, and, for a Socket Mode bot, 503 again while it
has been cut off from Slack for too long (the ``health`` check given to
:meth:`SlackHTTPServer.attach`); when the app installs itself with OAuth,
``GET /slack/install`` and ``GET /slack/oauth_redirect`` run Bolt's install flow;
anything else is 404. The handler is a pure
translation between ``http.server`` and Bolt's ``BoltRequest``/``BoltResponse``,
in the manner of bolt-python's Flask adapter.

    server = SlackHTTPServer(("0.0.0.0", 3000))      # listening; /healthz says 503
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.attach(build_app(settings))              # /healthz now says 200

Why not ``App.start()``, and why ``process_before_response=True``
-----------------------------------------------------------------
Measured on this 2-core machine with a bare app answering one slash command
(``benchmarks/http_load.py --compare-bolt-dev``), 10 concurrent clients:

* ``App.start()`` with Bolt's defaults: ~80 req/s, p50 ~70 ms, p99 ~1.7 s,
  a few dozen requests stalled 1-3 s.
* the same with ``process_before_response=True``: ~1,550 req/s, p50 ~3 ms,
  p99 ~15 ms, but still a few dozen requests stalled 1-2 s.

Three things in Bolt's development server and listener runner cause this:

1. ``App.start()`` serves with a plain ``http.server.HTTPServer``: one request
   at a time, on one thread, over HTTP/1.0 (a new TCP connection per request).
2. Its listen backlog is socketserver's default ``request_queue_size = 5``.
   When more clients connect than the backlog holds while the single thread is
   busy, Linux drops the extra SYNs and the client retransmits after its initial
   1 s RTO: those are the ~1 s (and ~2 s on a second drop) stalls. With a
   backlog of 128 they vanish (p99 91 ms at the same ~90 req/s).
3. With ``process_before_response=False`` (the default) the listener runs on
   the ``listener_executor`` thread pool and the request thread waits for
   ``ack()`` in a ``time.sleep(0.01)`` polling loop
   (``ThreadListenerRunner.run``), so every request costs at least ~10 ms; on
   a single-threaded server that caps throughput near 100 req/s and queues the
   rest (p50 = 8 clients x ~11 ms). Worse, the listener *itself* (ack
   included) waits for a free worker in that pool (5 threads by default): with
   five slow handlers in flight, a sixth request cannot even ack and Bolt
   answers 404 after ``ack_timeout`` (3 s) - measured, not theorised.

So the server here is a ``ThreadingHTTPServer`` (a thread per connection), with
a backlog of 128, HTTP/1.1 keep-alive, and Nagle's algorithm off (the handler
writes headers and body separately; with keep-alive, Nagle plus the client's
delayed ACK held every answer back: 44 ms a request, against 0.2 ms without).
The app is built with
``process_before_response=True``: the listener's ``ack`` runs on the request
thread and its answer is the HTTP response with no polling. Slow work (posting
to channels, opening DMs, anything calling Slack's Web API more than once)
goes into Bolt *lazy listeners* (``lazy=[...]``), which run on the listener
executor after the ack has been sent, so Slack always gets its answer well
within 3 s however slow the work is.

As deployed (``scrbot serve --http``, 10 clients, benchmarks/http_load.py, the
load generator on the same 2 cores): ``/scr help`` ~1,250-1,300 req/s with p99
~14 ms, so the transport, Bolt and our middleware cost under 1 ms a request.
Lookups of the realistic mix (dev and eval sets with typos, rewordings and
hostile input, about half never asked before) run at ~720-780 req/s with p50
~12 ms and p99 ~39-43 ms; the same topics asked over and over, ~850-970 req/s
with p99 ~27-32 ms. The search engine works a new lookup out in ~0.23 ms and
gives a repeated one from memory in ~7 us, so a lookup now costs mostly the
building and sending of its answer; under the GIL, with 10 clients each
waiting, latency is about 10 / throughput. Lookups get faster with the engine
and the answer, not with a different server.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

log = logging.getLogger(__name__)

#: The one Request URL for commands, events and interactivity.
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
#: Slack's own payloads are far smaller; anything bigger is not from Slack.
MAX_BODY_BYTES = 1_000_000


class SlackHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server for one Bolt app, ready once :meth:`attach` is called.

    ``events_path=None`` serves only ``/healthz`` (Socket Mode deployments).
    """

    daemon_threads = True
    #: socketserver's default of 5 drops connections under bursts (see the module docs).
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        *,
        app: App | None = None,
        events_path: str | None = EVENTS_PATH,
    ) -> None:
        self.app: App | None = None
        self.events_path = events_path
        self.health: Callable[[], bool] | None = None
        self._ready = app is not None
        self._closing = False
        self._in_flight = 0
        self._idle = threading.Condition()
        super().__init__(address, SlackRequestHandler)
        if app is not None:
            self.attach(app)

    @property
    def port(self) -> int:
        """The port actually listened on (useful when asked for port 0)."""
        return self.server_address[1]

    @property
    def ready(self) -> bool:
        """Whether the app is loaded, so ``/healthz`` answers 200."""
        return self._ready

    def attach(
        self, app: App | None, *, ready: bool = True, health: Callable[[], bool] | None = None
    ) -> None:
        """Serve ``app`` from now on; ``attach(None)`` marks a Socket Mode bot ready.

        ``health``, when given, is asked on each ``/healthz`` once ready: False makes
        it answer 503 (a Socket Mode bot cut off from Slack for too long).
        """
        self.app = app
        self.health = health
        self._ready = ready

    def drain(self, timeout: float = 3.0) -> bool:
        """Stop taking requests and wait up to ``timeout`` for those in progress.

        Call after :meth:`shutdown`. Returns False if some were still running.
        Three seconds is Slack's own limit for an answer, so waiting longer buys nothing.
        """
        with self._idle:
            self._closing = True
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    def _begin(self) -> bool:
        with self._idle:
            if self._closing:
                return False
            self._in_flight += 1
            return True

    def _end(self) -> None:
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()


class SlackRequestHandler(BaseHTTPRequestHandler):
    """Translates one HTTP request into a ``BoltRequest`` and the ``BoltResponse`` back."""

    server: SlackHTTPServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    #: Close keep-alive connections idle this long, so threads are not held forever.
    timeout = 75
    server_version = "scrbot"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path, _, query = self.path.partition("?")
        if path == HEALTH_PATH:
            health = self.server.health
            if not self.server.ready:
                self._send(503, {"status": "starting"}, {"Retry-After": "1"})
            elif health is not None and not health():
                self._send(503, {"status": "disconnected"}, {"Retry-After": "5"})
            else:
                self._send(200, {"status": "ok"})
            return
        app = self.server.app
        flow = app.oauth_flow if app is not None and self.server.events_path else None
        if flow is not None and path in (flow.install_path, flow.redirect_uri_path):
            request = BoltRequest(body="", query=query, headers=self._headers())
            try:
                if path == flow.install_path:
                    response = flow.handle_installation(request)
                else:
                    response = flow.handle_callback(request)
            except Exception:
                log.exception("Could not handle an install request.")
                response = BoltResponse(status=500, body="")
            self._send_bolt(response)
            return
        self._send(404, {"error": "not_found"})

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        path, _, query = self.path.partition("?")
        if self.server.events_path is None or path != self.server.events_path:
            self._discard_body()
            self._send(404, {"error": "not_found"})
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            self._send(411, {"error": "length_required"})
            return
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True
            self._send(413, {"error": "payload_too_large"})
            return
        raw = self.rfile.read(int(length))
        app = self.server.app
        if app is None or not self.server._begin():
            self._send(503, {"error": "starting"}, {"Retry-After": "1"})
            return
        try:
            response = self._dispatch(app, raw, query)
        finally:
            self.server._end()
        self._send_bolt(response)

    def _dispatch(self, app: App, raw: bytes, query: str) -> BoltResponse:
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return BoltResponse(status=400, body="")
        try:
            return app.dispatch(BoltRequest(body=body, query=query, headers=self._headers()))
        except Exception:
            # Bolt turns listener errors into responses itself; this is the last
            # guard so a bug never kills the connection thread. No body logged:
            # it holds what someone typed.
            log.exception("Could not handle a request from Slack.")
            return BoltResponse(status=500, body="")

    def _headers(self) -> dict[str, str | Sequence[str]]:
        headers: dict[str, str | Sequence[str]] = {}
        for name in self.headers.keys():  # noqa: SIM118 - Message.keys() repeats names
            headers.setdefault(name.lower(), list(self.headers.get_all(name) or []))
        return headers

    def _send_bolt(self, response: BoltResponse) -> None:
        body = response.body if isinstance(response.body, str) else json.dumps(response.body)
        payload = body.encode("utf-8")
        self.send_response(response.status)
        for name, values in response.headers.items():
            if name.lower() == "content-length":
                continue
            for value in [values] if isinstance(values, str) else values:
                self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(payload)))
        if self.server._closing:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(payload)

    def _send(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        payload = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _discard_body(self) -> None:
        length = self.headers.get("Content-Length", "")
        if length.isdigit() and int(length) <= MAX_BODY_BYTES:
            self.rfile.read(int(length))
        else:
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Access lines go to the debug log: method, path and status only, never a body."""
        log.debug("%s - " + format, self.address_string(), *args)
