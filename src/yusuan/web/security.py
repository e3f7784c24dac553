"""Who may use the server, and from which pages.

On 127.0.0.1 only this machine's users reach the server. On another address (``--host 0.0.0.0``)
anyone on the network may, so ``yusuan serve`` refuses to start there without an access token
(``--token`` or ``YUSUAN_TOKEN``); every request must then carry it, as ``Authorization: Bearer`` or
as the password of HTTP basic authentication (which is how a browser asks for it).

A browser sends its stored basic-auth password with any request, also one a page of another site
makes it send. State-changing requests are therefore refused when the browser says they come from
another site (``Origin``, ``Sec-Fetch-Site``), and the HTML upload form carries a CSRF token signed by
this server, valid for a day.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import time

# Shorter tokens can be guessed by anyone who may try many; 16 characters of a password generator are
# about 95 bits.
MIN_TOKEN_LENGTH = 16
CSRF_SECONDS = 24 * 3600
CSRF_FIELD = "csrf_token"

# Every page: scripts and styles only from this server's own files (the templates have no inline
# script or style; chart data is a JSON block, not a script), no plug-ins, never inside a frame.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    """Whether a server listening on ``host`` is reachable from this machine only."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to any address
        return False


def token_problem(token: str) -> str | None:
    """Why ``token`` is not fit to protect a server, or None."""
    if len(token) < MIN_TOKEN_LENGTH:
        return (f"访问令牌太短（{len(token)} 个字符，至少 {MIN_TOKEN_LENGTH} 个）；可以用 "
                "python3 -c \"import secrets; print(secrets.token_urlsafe(24))\" 生成一个")
    if not token.isascii() or not token.isprintable() or " " in token:
        return "访问令牌只能由英文字母、数字和符号组成（不含空格）"
    return None


def presented_token(authorization: str | None) -> str | None:
    """The token an ``Authorization`` header carries: a bearer token, or basic auth's password."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        return value.strip()
    if scheme == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2]
    return None


def token_matches(presented: str | None, token: str) -> bool:
    # compared in constant time: how long a wrong guess takes says nothing of the right one
    return presented is not None and hmac.compare_digest(presented.encode(), token.encode())


def cross_site(origin: str | None, fetch_site: str | None, host: str) -> str | None:
    """The other site a state-changing request came from, or None when it came from this server's pages
    or from no page at all (a script, curl)."""
    from urllib.parse import urlsplit

    if origin and origin != "null" and urlsplit(origin).netloc != host:
        return origin
    if origin == "null":  # a sandboxed frame or a local file: no page of this server
        return "null"
    if fetch_site in ("cross-site", "same-site"):
        return fetch_site
    return None


class Csrf:
    """Tokens for the HTML forms: a time and its HMAC under a secret made when the server starts."""

    def __init__(self, secret: bytes | None = None):
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, stamp: str) -> str:
        return hmac.new(self._secret, stamp.encode(), hashlib.sha256).hexdigest()

    def issue(self, now: float | None = None) -> str:
        stamp = str(int(now if now is not None else time.time()))
        return f"{stamp}.{self._sign(stamp)}"

    def valid(self, token: str | None, now: float | None = None) -> bool:
        if not token or "." not in token:
            return False
        stamp, _, signature = token.partition(".")
        if not stamp.isdigit() or not hmac.compare_digest(signature, self._sign(stamp)):
            return False
        age = (now if now is not None else time.time()) - int(stamp)
        return 0 <= age <= CSRF_SECONDS
