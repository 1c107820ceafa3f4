"""A fake Slack Web API on loopback that records every call and answers as Slack does.

Point a ``WebClient`` (or the bot, through ``SLACK_API_URL``) at
:attr:`FakeSlackAPI.api_url`. Each call is recorded as an :class:`ApiCall`; the
answers follow Slack's documented behaviour for the methods the bot uses
(token checks, channel membership, Block Kit limits, view limits), and a test
can script failures per method: rate limits with ``Retry-After``, HTTP 5xx,
slow answers, or any Slack error code.

    with FakeSlackAPI() as slack:
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)
        client.chat_postMessage(channel="C000TEAM", text="Hello")
        assert slack.messages("C000TEAM")[0]["text"] == "Hello"

Slack does not reject a message that has ``blocks`` but no ``text`` (the
fallback used in notifications and by screen readers); its SDKs log a warning
instead. The fake mirrors that: the call succeeds and a ``missing_text``
:class:`ApiWarning` is recorded for tests to assert on.

Posts to a slash command's or an action's ``response_url`` (see
:meth:`FakeSlackAPI.response_url`) are recorded as calls to the pseudo-method
``"response_url"``.

The app's granted scopes (``scopes=``) are sent back on every Web API answer in
``X-OAuth-Scopes``, as Slack does, and a method that needs a scope the app lacks
answers ``missing_scope`` (reading a channel's history without
``channels:history``, for instance).

Several workspaces and the OAuth install: the fake starts with one workspace
(:data:`TEAM_ID`, whose bot token is ``bot_token``); :meth:`FakeSlackAPI.add_workspace`
adds more, and :meth:`FakeSlackAPI.register_app` an app with a client id and
secret. ``GET /oauth/v2/authorize`` (Slack's "Allow" page, answered at once as
if the person allowed it) redirects to the app's redirect URL with a code, and
``oauth.v2.access`` swaps that code for a new bot token of the workspace. Each
call records which token it used (:attr:`ApiCall.token`, :attr:`ApiCall.team`);
a workspace's channels refuse the tokens of other workspaces
(``channel_not_found``, as Slack answers), and :meth:`FakeSlackAPI.uninstall`
revokes a workspace's tokens (``token_revoked``).

    slack.register_app("1111.2222", CLIENT_SECRET, "https://scrbot.example.org/slack/oauth_redirect")
    slack.add_workspace("T000ALPHA", "Alpha (test)", channels={"C000ALPHA": "alpha-learning"})
"""

from __future__ import annotations

import base64
import itertools
import json
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.fakes.block_kit import check_blocks, check_view
from tests.fakes.credentials import APP_TOKEN, BOT_TOKEN

TEAM_ID = "T000TEST"
BOT_USER_ID = "U000SCRBOT"
BOT_ID = "B000SCRBOT"
APP_ID = "A000TEST"

#: Channels that exist in the fake workspace: id -> name.
DEFAULT_CHANNELS = {
    "C000TEAM": "team-learning",
    "C000DIGEST": "weekly-learning",
    "C000OTHER": "elsewhere",
}
#: Channels the bot has been added to.
DEFAULT_MEMBERSHIP = frozenset({"C000TEAM", "C000DIGEST"})
#: People in the fake workspace: id -> (name, tz).
DEFAULT_USERS = {
    "U000LEAD": ("Team Lead (test)", "Europe/London"),
    "U000PRAC": ("Practitioner (test)", "Europe/London"),
    "U000ADMIN": ("Learning Lead (test)", "Europe/London"),
}

#: Methods that need the app-level token (xapp-) rather than the bot token.
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})
#: The bot scopes an app made from deploy/manifest.yml has, with the optional
#: ``channels:history`` added by the workspace's admin.
DEFAULT_SCOPES = frozenset(
    {
        "commands",
        "chat:write",
        "app_mentions:read",
        "im:history",
        "channels:history",
        "channels:read",
        "groups:read",
        "assistant:write",
    }
)
#: Used up by a scripted failure only after this many calls: as good as always.
ALWAYS = 1_000_000
#: Slack's limits on the assistant pane's suggested prompts.
MAX_SUGGESTED_PROMPTS = 4
#: Methods called with the app's client id and secret instead of a token.
CLIENT_METHODS = frozenset({"oauth.v2.access"})
#: How long an OAuth code may be swapped for a token (Slack: 10 minutes).
CODE_LIFETIME = 600.0
MAX_MESSAGE_TEXT = 40_000


@dataclass
class ApiCall:
    """One request the fake received, as the bot sent it."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    response: Any = None
    received_at: float = field(default_factory=time.monotonic)
    #: The workspace whose token the call used (None: no token, or one Slack refused).
    team: str | None = None

    @property
    def token(self) -> str | None:
        """The token the call was made with (bearer header or ``token`` parameter)."""
        return _token_of(self.params, self.headers)

    @property
    def ok(self) -> bool:
        """Whether Slack would have accepted the call."""
        return (
            self.status == 200 and isinstance(self.response, dict) and bool(self.response.get("ok"))
        )

    @property
    def error(self) -> str | None:
        """Slack's error code, if the call failed."""
        if isinstance(self.response, dict):
            return self.response.get("error")
        return None

    def json_param(self, name: str) -> Any:
        """A parameter that Slack takes as JSON (``blocks``, ``view``), decoded."""
        value = self.params.get(name)
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class Workspace:
    """One Slack workspace in the fake: its team, and its bot user."""

    team_id: str
    name: str
    enterprise_id: str | None = None
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID


@dataclass
class OAuthApp:
    """A Slack app that installs itself with OAuth: its credentials and redirect URL."""

    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: tuple[str, ...] = ()


@dataclass
class ApiWarning:
    """Something Slack accepts but its SDKs warn about (e.g. blocks without ``text``)."""

    method: str
    warning: str
    channel: str | None


@dataclass
class _Script:
    """One scripted misbehaviour for a method, used ``times`` times."""

    kind: str  # "ratelimit" | "status" | "error" | "delay" | "processed_then_status"
    times: int
    retry_after: int = 1
    status: int = 500
    error: str = ""
    seconds: float = 0.0


class SlackApiError(Exception):
    """A Slack error answer raised inside the fake's method handlers."""

    def __init__(self, error: str, messages: list[str] | None = None, **extra: Any):
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.extra = extra


class FakeSlackAPI:
    """A Slack Web API server on 127.0.0.1 (a free port), recording every call."""

    def __init__(
        self,
        *,
        bot_token: str = BOT_TOKEN,
        app_token: str = APP_TOKEN,
        channels: dict[str, str] | None = None,
        member_of: Iterable[str] = DEFAULT_MEMBERSHIP,
        users: dict[str, tuple[str, str]] | None = None,
        scopes: Iterable[str] = DEFAULT_SCOPES,
    ):
        self.bot_token = bot_token
        self.scopes = set(scopes)
        self.app_token = app_token
        self.channels = dict(channels or DEFAULT_CHANNELS)
        self.member_of = set(member_of)
        self.users = dict(users or DEFAULT_USERS)
        self.workspaces: dict[str, Workspace] = {TEAM_ID: Workspace(TEAM_ID, "Fictional Test Team")}
        #: Live bot tokens -> the workspace each belongs to.
        self.tokens: dict[str, str] = {bot_token: TEAM_ID}
        self.revoked: set[str] = set()
        #: Channels that belong to one workspace (others answer every workspace's token).
        self.channel_teams: dict[str, str] = {}
        self.oauth_apps: dict[str, OAuthApp] = {}
        #: OAuth codes handed out by the "Allow" page: code -> (client id, team, issued at).
        self._codes: dict[str, tuple[str, str, float]] = {}
        #: The workspace of the call being answered (set under the lock).
        self._team: str | None = None
        self.socket_mode_url: Callable[[], str] | str | None = None
        #: Slack's clock (seconds since 1970) for message timestamps; a test that
        #: moves time by hand points it at its own clock.
        self.clock: Callable[[], float] = time.time
        self.calls: list[ApiCall] = []
        self.warnings: list[ApiWarning] = []
        self.ephemerals: list[dict[str, Any]] = []
        self.home_views: dict[str, dict[str, Any]] = {}
        #: The assistant pane's threads: (channel, thread_ts) -> what the app set
        #: (``suggested_prompts``, ``status``, ``title``).
        self.assistant_threads: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
        self._history: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._views: dict[str, dict[str, Any]] = {}
        self._scripts: dict[str, list[_Script]] = defaultdict(list)
        self._response_urls: dict[str, tuple[str, str]] = {}
        self._changed = threading.Condition()
        self._lock = threading.RLock()
        self._ts_counter = itertools.count(1)
        self._id_counter = itertools.count(1)
        self._last_ts = 0.0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> FakeSlackAPI:
        """Start serving on a free loopback port."""
        self._server = _Server(("127.0.0.1", 0), _Handler, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlackAPI:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The server's root, e.g. ``http://127.0.0.1:50123/``."""
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def api_url(self) -> str:
        """The Web API base URL to give ``WebClient(base_url=...)`` or ``SLACK_API_URL``."""
        return self.url + "api/"

    # -- scripting ---------------------------------------------------------

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """Answer ``method`` with HTTP 429 ``ratelimited`` and ``Retry-After`` ``times`` times."""
        self._script(method, _Script("ratelimit", times, retry_after=retry_after))

    def fail_with_status(self, method: str, status: int = 500, *, times: int = 1) -> None:
        """Answer ``method`` with an HTTP error status (500, 503…) ``times`` times."""
        self._script(method, _Script("status", times, status=status))

    def fail_with_error(self, method: str, error: str, *, times: int = 1) -> None:
        """Answer ``method`` with ``{"ok": false, "error": error}`` ``times`` times."""
        self._script(method, _Script("error", times, error=error))

    def delay(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Answer ``method`` only after ``seconds`` (to provoke client timeouts)."""
        self._script(method, _Script("delay", times, seconds=seconds))

    def fail_after_processing(self, method: str, status: int = 500, *, times: int = 1) -> None:
        """Do what ``method`` asks (post the message…), then answer with an HTTP error
        status, as Slack sometimes does: the caller cannot tell it worked."""
        self._script(method, _Script("processed_then_status", times, status=status))

    def slow_down_everything(self, seconds: float) -> None:
        """Answer every method (and every ``response_url``) only after ``seconds``."""
        self.delay("*", seconds, times=ALWAYS)

    def rate_limit_everything(self, *, retry_after: int = 30) -> None:
        """Answer every method (and every ``response_url``) with 429 and ``Retry-After``."""
        self.rate_limit("*", retry_after=retry_after, times=ALWAYS)

    def clear_scripts(self) -> None:
        """Forget every scripted failure: Slack answers normally again."""
        with self._lock:
            self._scripts.clear()

    def _script(self, method: str, script: _Script) -> None:
        with self._lock:
            self._scripts[method].append(script)

    def _next_script(self, method: str) -> _Script | None:
        with self._lock:
            for key in (method, "*"):
                queue = self._scripts.get(key)
                if queue:
                    script = queue[0]
                    script.times -= 1
                    if script.times <= 0:
                        queue.pop(0)
                    return script
        return None

    # -- workspaces and the OAuth install -----------------------------------

    def add_workspace(
        self,
        team_id: str,
        name: str,
        *,
        enterprise_id: str | None = None,
        channels: dict[str, str] | None = None,
        member_of: Iterable[str] | None = None,
    ) -> Workspace:
        """Add a workspace with its own channels (the bot is a member of ``member_of``,
        by default all of them). It has no bot token until the app is installed."""
        workspace = Workspace(
            team_id,
            name,
            enterprise_id=enterprise_id,
            bot_user_id="U" + team_id[1:] + "BOT",
            bot_id="B" + team_id[1:] + "BOT",
        )
        with self._lock:
            self.workspaces[team_id] = workspace
            for channel, channel_name in (channels or {}).items():
                self.channels[channel] = channel_name
                self.channel_teams[channel] = team_id
            self.member_of.update(channels or {} if member_of is None else member_of)
        return workspace

    def register_app(
        self,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        scopes: Iterable[str] = (),
    ) -> OAuthApp:
        """Register an app that installs with OAuth (as its settings page would)."""
        app = OAuthApp(client_id, client_secret, redirect_uri, tuple(scopes))
        with self._lock:
            self.oauth_apps[client_id] = app
        return app

    @property
    def authorize_url(self) -> str:
        """Slack's "Allow" page, ``https://slack.com/oauth/v2/authorize`` in Slack."""
        return self.url + "oauth/v2/authorize"

    def tokens_of(self, team_id: str) -> list[str]:
        """The live bot tokens of a workspace, oldest first."""
        with self._lock:
            return [token for token, team in self.tokens.items() if team == team_id]

    def uninstall(self, team_id: str) -> list[str]:
        """The workspace removes the app: its tokens stop working. Returns them."""
        with self._lock:
            gone = self.tokens_of(team_id)
            for token in gone:
                del self.tokens[token]
                self.revoked.add(token)
        return gone

    def _authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        """The person pressed "Allow": back to the app's redirect URL with a code."""
        app = self.oauth_apps.get(query.get("client_id", ""))
        if app is None:
            return 400, {}, "invalid_client_id"
        redirect_uri = query.get("redirect_uri") or app.redirect_uri
        if redirect_uri != app.redirect_uri:
            return 400, {}, "bad_redirect_uri"
        wanted = {s for s in query.get("scope", "").split(",") if s}
        if app.scopes and not wanted <= set(app.scopes):
            return 400, {}, "invalid_scope"
        team = query.get("team") or TEAM_ID
        if team not in self.workspaces:
            return 400, {}, "invalid_team"
        code = f"fictional-code-{secrets.token_hex(8)}"
        with self._lock:
            self._codes[code] = (app.client_id, team, time.monotonic())
        answer = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{redirect_uri}?{urlencode(answer)}"}, ""

    # -- workspace state ---------------------------------------------------

    def response_url(self, channel: str = "C000TEAM", user: str = "U000LEAD") -> str:
        """A fresh ``response_url`` for a command or action in ``channel`` by ``user``."""
        with self._lock:
            key = f"R{next(self._id_counter):06d}"
            self._response_urls[key] = (channel, user)
        return f"{self.url}response/{key}"

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """Messages in ``channel``, oldest first (what people in the channel see)."""
        with self._lock:
            return [dict(message) for message in self._history.get(channel, [])]

    def add_message(self, channel: str, text: str, *, user: str = "U000PRAC", **fields: Any) -> str:
        """Put a message into ``channel``'s history, as if already posted; returns its ts."""
        with self._lock:
            ts = self._new_ts()
            self._history[channel].append(
                {"type": "message", "user": user, "text": text, "ts": ts, **fields}
            )
        return ts

    def add_event_message(self, event: dict[str, Any]) -> None:
        """Put the message behind an ``app_mention`` or ``message`` event into its channel.

        In Slack the message someone wrote exists before the event arrives; replies
        in its thread and ``conversations.replies`` depend on that.
        """
        if event.get("type") not in ("app_mention", "message") or "channel" not in event:
            return
        fields = {k: event[k] for k in ("thread_ts",) if k in event}
        with self._lock:
            self._history[event["channel"]].append(
                {
                    "type": "message",
                    "user": event.get("user"),
                    "text": event.get("text", ""),
                    "ts": event["ts"],
                    **fields,
                }
            )

    def calls_to(self, method: str) -> list[ApiCall]:
        """The recorded calls to ``method``, oldest first."""
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        timeout: float = 5.0,
        where: Callable[[ApiCall], bool] | None = None,
    ) -> list[ApiCall]:
        """Wait until ``count`` calls to ``method`` (matching ``where``) have been answered."""

        def matching() -> list[ApiCall]:
            return [
                call
                for call in self.calls_to(method)
                if call.response is not None and (where is None or where(call))
            ]

        with self._changed:
            self._changed.wait_for(lambda: len(matching()) >= count, timeout=timeout)
        found = matching()
        if len(found) < count:
            seen = sorted({call.method for call in self.calls})
            raise AssertionError(
                f"expected {count} call(s) to {method}, got {len(found)} (methods called: {seen})"
            )
        return found

    def reset(self) -> None:
        """Forget calls, warnings, scripts and posted messages (channels stay)."""
        with self._lock:
            self.calls.clear()
            self.warnings.clear()
            self.ephemerals.clear()
            self.home_views.clear()
            self.assistant_threads.clear()
            self._history.clear()
            self._views.clear()
            self._scripts.clear()

    # -- request handling (called by the HTTP handler) ---------------------

    def _handle(
        self, method: str, params: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], Any, ApiCall]:
        call = ApiCall(method=method, params=params, headers=headers)
        with self._lock:
            call.team = self.tokens.get(call.token or "")
            self.calls.append(call)
        status, extra_headers, body = self._answer(method, params, headers)
        call.status, call.response = status, body
        with self._changed:
            self._changed.notify_all()
        return status, extra_headers, body, call

    def _answer(
        self, method: str, params: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        script = self._next_script(method)
        status, extra_headers, body = self._run_script(script, method, params, headers)
        if method != "response_url" and isinstance(body, dict):
            extra_headers = {"x-oauth-scopes": ",".join(sorted(self.scopes)), **extra_headers}
        return status, extra_headers, body

    def _run_script(
        self,
        script: _Script | None,
        method: str,
        params: dict[str, Any],
        headers: dict[str, str],
    ) -> tuple[int, dict[str, str], Any]:
        if script is not None and script.kind == "processed_then_status":
            self._answer_normally(method, params, headers)
            return script.status, {}, {"ok": False, "error": "fatal_error"}
        if script is not None:
            if script.kind == "ratelimit":
                retry = {"Retry-After": str(script.retry_after)}
                return 429, retry, {"ok": False, "error": "ratelimited"}
            if script.kind == "status":
                return script.status, {}, {"ok": False, "error": "fatal_error"}
            if script.kind == "error":
                return 200, {}, {"ok": False, "error": script.error}
            if script.kind == "delay":
                time.sleep(script.seconds)
        return self._answer_normally(method, params, headers)

    def _answer_normally(
        self, method: str, params: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        if method == "response_url":
            return self._post_to_response_url(params)
        handler = _METHODS.get(method)
        if handler is None:
            return 404, {}, {"ok": False, "error": "unknown_method", "req_method": method}
        if method in CLIENT_METHODS:
            auth_error = self._check_client(params, headers)
        else:
            auth_error = self._check_token(method, params, headers)
        if auth_error:
            return 200, {}, {"ok": False, "error": auth_error}
        try:
            with self._lock:
                self._team = self.tokens.get(_token_of(params, headers) or "")
                body = handler(self, params)
        except SlackApiError as failure:
            body = {"ok": False, "error": failure.error, **failure.extra}
            if failure.messages:
                body["response_metadata"] = {"messages": failure.messages}
        return 200, {}, body

    def _check_token(
        self, method: str, params: dict[str, Any], headers: dict[str, str]
    ) -> str | None:
        token = _token_of(params, headers)
        if not token:
            return "not_authed"
        if token in self.revoked:
            return "token_revoked"
        if token not in self.tokens and token != self.app_token:
            return "invalid_auth"
        wants_app_token = method in APP_TOKEN_METHODS
        if (token == self.app_token) != wants_app_token:
            return "not_allowed_token_type"
        return None

    def _require_scope(self, scope: str) -> None:
        if scope not in self.scopes:
            raise SlackApiError(
                "missing_scope", needed=scope, provided=",".join(sorted(self.scopes))
            )

    def _history_scope(self, channel: str) -> None:
        """Reading a conversation's messages needs the history scope for its kind."""
        if channel.startswith("D"):
            self._require_scope("im:history")
        elif channel.startswith("G"):
            self._require_scope("groups:history")
        else:
            self._require_scope("channels:history")

    def _check_client(self, params: dict[str, Any], headers: dict[str, str]) -> str | None:
        """``oauth.v2.access`` authenticates the app by its client id and secret, given
        as HTTP basic auth (as the SDKs send them) or as parameters."""
        client_id, client_secret = params.get("client_id"), params.get("client_secret")
        authorization = headers.get("authorization", "")
        if authorization.startswith("Basic "):
            try:
                decoded = base64.b64decode(authorization[len("Basic ") :]).decode("utf-8")
            except ValueError:
                return "invalid_client"
            client_id, _, client_secret = decoded.partition(":")
        app = self.oauth_apps.get(str(client_id or ""))
        if app is None:
            return "invalid_client_id"
        if not secrets.compare_digest(str(client_secret or ""), app.client_secret):
            return "bad_client_secret"
        params["client_id"] = client_id
        return None

    # -- helpers for the method handlers -----------------------------------

    @property
    def team(self) -> Workspace:
        """The workspace of the call being answered (by its token)."""
        return self.workspaces[self._team or TEAM_ID]

    def _new_ts(self) -> str:
        # Slack's ts is unique per channel and increases; keep it strictly increasing.
        now = max(self.clock(), self._last_ts + 0.000001)
        self._last_ts = now
        return f"{now:.6f}"

    def _conversation(self, params: dict[str, Any], *, must_be_member: bool = True) -> str:
        channel = params.get("channel")
        if not channel:
            raise SlackApiError("channel_not_found")
        if channel.startswith(("U", "W")) and channel[1:] and channel in self.users:
            return "D" + channel[1:]  # posting to a user id lands in the app's DM with them
        if channel.startswith("D"):
            return channel
        if channel not in self.channels:
            raise SlackApiError("channel_not_found")
        owner = self.channel_teams.get(channel)
        if owner is not None and owner != self._team:
            raise SlackApiError("channel_not_found")  # another workspace's channel
        if must_be_member and channel not in self.member_of:
            raise SlackApiError("not_in_channel")
        return channel

    def _message_content(
        self, method: str, params: dict[str, Any], channel: str | None
    ) -> dict[str, Any]:
        text = params.get("text")
        blocks = params.get("blocks")
        attachments = params.get("attachments")
        if isinstance(blocks, str):
            try:
                blocks = json.loads(blocks)
            except ValueError as error:
                raise SlackApiError(
                    "invalid_blocks_format", [f"[ERROR] blocks is not valid JSON: {error}"]
                ) from None
        if blocks is not None:
            problems = check_blocks(blocks)
            if problems:
                raise SlackApiError("invalid_blocks", problems)
        if not text and not blocks and not attachments:
            raise SlackApiError("no_text")
        if text and len(text) > MAX_MESSAGE_TEXT:
            raise SlackApiError("msg_too_long")
        if blocks and not text:
            self.warnings.append(ApiWarning(method, "missing_text", channel))
        content: dict[str, Any] = {"text": text or ""}
        if blocks is not None:
            content["blocks"] = blocks
        return content

    def _find_message(self, channel: str, ts: str | None) -> dict[str, Any]:
        for message in self._history.get(channel, []):
            if message["ts"] == ts:
                return message
        raise SlackApiError("message_not_found")

    def _view_params(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        if isinstance(view, str):
            try:
                view = json.loads(view)
            except ValueError:
                raise SlackApiError(
                    "invalid_arguments", ["[ERROR] view is not valid JSON"]
                ) from None
        problems = check_view(view)
        if problems:
            raise SlackApiError("invalid_arguments", problems)
        return view

    def _store_view(self, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
        view_id = view_id or f"V{next(self._id_counter):08d}"
        stored = {
            **view,
            "id": view_id,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "state": {"values": {}},
            "hash": f"{time.time():.6f}.{view_id}",
            "previous_view_id": None,
            "root_view_id": view_id,
        }
        self._views[view_id] = stored
        return stored

    def _post_to_response_url(self, params: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        key = params.get("_response_url_key", "")
        if key not in self._response_urls:
            return 404, {}, "invalid_response_url"
        channel, user = self._response_urls[key]
        try:
            with self._lock:
                content = self._message_content("response_url", params, channel)
                if params.get("delete_original"):
                    pass  # the original message is gone; nothing more to show
                elif params.get("response_type") == "in_channel":
                    self._history[channel].append(
                        {
                            "type": "message",
                            "user": BOT_USER_ID,
                            "bot_id": BOT_ID,
                            "ts": self._new_ts(),
                            **content,
                        }
                    )
                else:
                    self.ephemerals.append({"channel": channel, "user": user, **content})
        except SlackApiError as failure:
            return 400, {}, failure.error
        return 200, {}, "ok"


# -- Web API methods ---------------------------------------------------------


def _token_of(params: dict[str, Any], headers: dict[str, str]) -> str | None:
    authorization = headers.get("authorization", "")
    if authorization.startswith("Bearer "):
        return authorization[len("Bearer ") :]
    token = params.get("token")
    return str(token) if token else None


def _auth_test(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    workspace = fake.team
    return {
        "ok": True,
        "url": f"https://{workspace.team_id.lower()}.slack.invalid/",
        "team": workspace.name,
        "user": "scrbot",
        "team_id": workspace.team_id,
        "user_id": workspace.bot_user_id,
        "bot_id": workspace.bot_id,
        "enterprise_id": workspace.enterprise_id,
        "is_enterprise_install": False,
    }


def _oauth_v2_access(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    app = fake.oauth_apps[params["client_id"]]
    issued = fake._codes.pop(str(params.get("code") or ""), None)
    if issued is None or issued[0] != app.client_id:
        raise SlackApiError("invalid_code")
    if time.monotonic() - issued[2] > CODE_LIFETIME:
        raise SlackApiError("invalid_code")
    if params.get("redirect_uri") and params["redirect_uri"] != app.redirect_uri:
        raise SlackApiError("bad_redirect_uri")
    workspace = fake.workspaces[issued[1]]
    token = f"xoxb-fictional-{workspace.team_id.lower()}-{secrets.token_hex(12)}"
    fake.tokens[token] = workspace.team_id
    enterprise = workspace.enterprise_id
    return {
        "ok": True,
        "access_token": token,
        "token_type": "bot",
        "scope": ",".join(app.scopes),
        "bot_user_id": workspace.bot_user_id,
        "app_id": APP_ID,
        "team": {"id": workspace.team_id, "name": workspace.name},
        "enterprise": {"id": enterprise, "name": "Fictional Grid"} if enterprise else None,
        "authed_user": {"id": "U000ADMIN"},
        "is_enterprise_install": False,
    }


def _chat_post_message(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake._conversation(params)
    content = fake._message_content("chat.postMessage", params, channel)
    ts = fake._new_ts()
    message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts, **content}
    if params.get("thread_ts"):
        # Slack documents no error for an unknown thread_ts, so none is invented here.
        message["thread_ts"] = params["thread_ts"]
    if params.get("metadata"):
        metadata = params["metadata"]
        message["metadata"] = json.loads(metadata) if isinstance(metadata, str) else metadata
    fake._history[channel].append(message)
    return {"ok": True, "channel": channel, "ts": ts, "message": dict(message)}


def _chat_post_ephemeral(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake._conversation(params)
    user = params.get("user")
    if not user or user not in fake.users:
        raise SlackApiError("user_not_found")
    content = fake._message_content("chat.postEphemeral", params, channel)
    fake.ephemerals.append({"channel": channel, "user": user, **content})
    return {"ok": True, "message_ts": fake._new_ts()}


def _chat_update(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake._conversation(params)
    message = fake._find_message(channel, params.get("ts"))
    if message.get("bot_id") != BOT_ID:
        raise SlackApiError("cant_update_message")
    content = fake._message_content("chat.update", params, channel)
    message.pop("blocks", None)
    message.update(content)
    message["edited"] = {"user": BOT_USER_ID, "ts": fake._new_ts()}
    return {"ok": True, "channel": channel, "ts": message["ts"], "text": message["text"]}


def _chat_get_permalink(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake._conversation(params, must_be_member=False)
    message = fake._find_message(channel, params.get("message_ts"))
    digits = message["ts"].replace(".", "")
    link = f"https://fictional-test-team.slack.com/archives/{channel}/p{digits}"
    return {"ok": True, "channel": channel, "permalink": link}


def _conversations_history(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake._conversation(params)
    fake._history_scope(channel)
    newest_first = sorted(
        fake._history.get(channel, []), key=lambda m: float(m["ts"]), reverse=True
    )
    oldest, latest = float(params.get("oldest") or 0), params.get("latest")
    inclusive = str(params.get("inclusive", "0")) in ("1", "true", "True")

    def in_range(message: dict[str, Any]) -> bool:
        ts = float(message["ts"])
        above = ts >= oldest if inclusive else ts > oldest
        below = latest is None or (ts <= float(latest) if inclusive else ts < float(latest))
        return above and below

    # Thread replies stay in their thread, as in Slack.
    top_level = [m for m in newest_first if in_range(m) and m.get("thread_ts", m["ts"]) == m["ts"]]
    return _page(top_level, params, "messages")


def _conversations_replies(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake._conversation(params)
    fake._history_scope(channel)
    parent = fake._find_message(channel, params.get("ts"))
    thread = [parent] + [
        m
        for m in fake._history.get(channel, [])
        if m.get("thread_ts") == parent["ts"] and m["ts"] != parent["ts"]
    ]
    return _page(thread, params, "messages")


def _page(items: list[dict[str, Any]], params: dict[str, Any], key: str) -> dict[str, Any]:
    limit = int(params.get("limit") or 100)
    start = int(params.get("cursor") or 0)
    page = items[start : start + limit]
    has_more = start + limit < len(items)
    return {
        "ok": True,
        key: [dict(item) for item in page],
        "has_more": has_more,
        "response_metadata": {"next_cursor": str(start + limit) if has_more else ""},
    }


def _channel_info(fake: FakeSlackAPI, channel: str) -> dict[str, Any]:
    if channel.startswith("D"):
        return {"id": channel, "is_im": True, "is_channel": False, "user": "U" + channel[1:]}
    return {
        "id": channel,
        "name": fake.channels[channel],
        "is_channel": True,
        "is_im": False,
        "is_private": False,
        "is_archived": False,
        "is_member": channel in fake.member_of,
    }


def _conversations_info(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake._conversation(params, must_be_member=False)
    return {"ok": True, "channel": _channel_info(fake, channel)}


def _conversations_join(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    channel = fake._conversation(params, must_be_member=False)
    if channel.startswith("D"):
        raise SlackApiError("method_not_supported_for_channel_type")
    fake.member_of.add(channel)
    return {"ok": True, "channel": _channel_info(fake, channel)}


def _conversations_open(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    users = [user for user in str(params.get("users") or "").split(",") if user]
    if not users:
        raise SlackApiError("users_list_not_supplied")
    if len(users) > 1 or users[0] not in fake.users:
        raise SlackApiError("user_not_found")
    return {"ok": True, "channel": {"id": "D" + users[0][1:]}}


def _users_info(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    user = params.get("user")
    if user not in fake.users:
        raise SlackApiError("user_not_found")
    name, tz = fake.users[user]
    return {
        "ok": True,
        "user": {
            "id": user,
            "team_id": TEAM_ID,
            "name": name.split(" ")[0].lower(),
            "real_name": name,
            "tz": tz,
            "is_bot": False,
            "is_admin": user == "U000ADMIN",
            "profile": {"real_name": name, "display_name": name},
        },
    }


def _views_open(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    if not params.get("trigger_id") and not params.get("interactivity_pointer"):
        raise SlackApiError("invalid_arguments", ["[ERROR] missing required field: trigger_id"])
    view = fake._view_params(params)
    if view.get("type") != "modal":
        raise SlackApiError(
            "invalid_arguments", ["[ERROR] must be modal [json-pointer:/view/type]"]
        )
    return {"ok": True, "view": fake._store_view(view)}


def _views_push(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    # Slack checks the trigger and the view as for views.open (a stack holds at most 3).
    return _views_open(fake, params)


def _views_update(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    view_id = params.get("view_id")
    if not view_id and params.get("external_id"):
        view_id = next(
            (
                v["id"]
                for v in fake._views.values()
                if v.get("external_id") == params["external_id"]
            ),
            None,
        )
    if not view_id or view_id not in fake._views:
        raise SlackApiError("not_found")
    if params.get("hash") and params["hash"] != fake._views[view_id]["hash"]:
        raise SlackApiError("hash_conflict")
    view = fake._view_params(params)
    return {"ok": True, "view": fake._store_view(view, view_id)}


def _views_publish(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    user = params.get("user_id")
    if user not in fake.users:
        raise SlackApiError("user_not_found")
    view = fake._view_params(params)
    if view.get("type") != "home":
        raise SlackApiError("invalid_arguments", ["[ERROR] must be home [json-pointer:/view/type]"])
    stored = fake._store_view(view)
    fake.home_views[user] = stored
    return {"ok": True, "view": stored}


def _assistant_thread(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    """The assistant thread a call names; Slack's errors for a missing or wrong one."""
    fake._require_scope("assistant:write")
    channel, thread_ts = params.get("channel_id"), params.get("thread_ts")
    if not channel or not thread_ts:
        missing = "channel_id" if not channel else "thread_ts"
        raise SlackApiError("invalid_arguments", [f"[ERROR] missing required field: {missing}"])
    if not str(channel).startswith("D"):
        raise SlackApiError("channel_not_found")
    return fake.assistant_threads[(str(channel), str(thread_ts))]


def _assistant_set_suggested_prompts(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    thread = _assistant_thread(fake, params)
    prompts = params.get("prompts")
    if isinstance(prompts, str):
        prompts = json.loads(prompts)
    if not isinstance(prompts, list) or not 1 <= len(prompts) <= MAX_SUGGESTED_PROMPTS:
        raise SlackApiError(
            "invalid_arguments",
            [
                f"[ERROR] prompts must hold 1 to {MAX_SUGGESTED_PROMPTS} items "
                "[json-pointer:/prompts]"
            ],
        )
    for number, prompt in enumerate(prompts):
        if not isinstance(prompt, dict) or not prompt.get("title") or not prompt.get("message"):
            raise SlackApiError(
                "invalid_arguments",
                [f"[ERROR] a prompt needs a title and a message [json-pointer:/prompts/{number}]"],
            )
    thread["suggested_prompts"] = prompts
    if params.get("title"):
        thread["prompts_title"] = params["title"]
    return {"ok": True}


def _assistant_set_status(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    thread = _assistant_thread(fake, params)
    if "status" not in params:
        raise SlackApiError("invalid_arguments", ["[ERROR] missing required field: status"])
    thread["status"] = params["status"]
    thread.setdefault("statuses", []).append(params["status"])
    return {"ok": True}


def _assistant_set_title(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    thread = _assistant_thread(fake, params)
    if not params.get("title"):
        raise SlackApiError("invalid_arguments", ["[ERROR] missing required field: title"])
    thread["title"] = params["title"]
    return {"ok": True}


def _apps_connections_open(fake: FakeSlackAPI, params: dict[str, Any]) -> dict[str, Any]:
    source = fake.socket_mode_url
    if source is None:
        # Nothing is listening for Socket Mode in this test; Slack's answer when
        # Socket Mode is turned off for the app.
        raise SlackApiError("invalid_auth")
    url = source() if callable(source) else source
    return {"ok": True, "url": url}


_METHODS: dict[str, Callable[[FakeSlackAPI, dict[str, Any]], dict[str, Any]]] = {
    "auth.test": _auth_test,
    "oauth.v2.access": _oauth_v2_access,
    "chat.postMessage": _chat_post_message,
    "chat.postEphemeral": _chat_post_ephemeral,
    "chat.update": _chat_update,
    "chat.getPermalink": _chat_get_permalink,
    "conversations.history": _conversations_history,
    "conversations.replies": _conversations_replies,
    "conversations.info": _conversations_info,
    "conversations.join": _conversations_join,
    "conversations.open": _conversations_open,
    "users.info": _users_info,
    "views.open": _views_open,
    "views.push": _views_push,
    "views.update": _views_update,
    "views.publish": _views_publish,
    "apps.connections.open": _apps_connections_open,
    "assistant.threads.setSuggestedPrompts": _assistant_set_suggested_prompts,
    "assistant.threads.setStatus": _assistant_set_status,
    "assistant.threads.setTitle": _assistant_set_title,
}


# -- HTTP plumbing -----------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], handler: type, fake: FakeSlackAPI):
        self.fake = fake
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet; the calls are recorded instead."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve()

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self._serve()

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        content_type = headers.get("content-type", "")
        if raw and content_type.startswith("application/json"):
            try:
                body = json.loads(raw)
            except ValueError:
                self._send(200, {}, {"ok": False, "error": "invalid_json"})
                return
            params.update(body if isinstance(body, dict) else {})
        elif raw:
            params.update({k: v[-1] for k, v in parse_qs(raw.decode("utf-8")).items()})

        if parts.path == "/oauth/v2/authorize":
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            self._send(*self.server.fake._authorize(query))
            return
        if parts.path.startswith("/api/"):
            method = parts.path[len("/api/") :]
        elif parts.path.startswith("/response/"):
            method = "response_url"
            params["_response_url_key"] = parts.path[len("/response/") :]
        else:
            self._send(404, {}, "not found")
            return
        status, extra_headers, body, _call = self.server.fake._handle(method, params, headers)
        self._send(status, extra_headers, body)

    def _send(self, status: int, headers: dict[str, str], body: Any) -> None:
        if isinstance(body, str):
            payload, content_type = body.encode("utf-8"), "text/plain; charset=utf-8"
        else:
            payload, content_type = (
                json.dumps(body).encode("utf-8"),
                "application/json; charset=utf-8",
            )
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The caller went away (a process killed mid-call): Slack carries on regardless.
            self.close_connection = True
