"""Store URLs: what a user typed becomes a SQLAlchemy URL, and a URL is shown with its secrets
masked, wherever they are (the userinfo's password, password-like query parameters)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote_plus

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from uxlab.errors import UxlabError

MASK = "***"

# Query parameters that carry a secret (libpq's `password` and `sslpassword`, and the like);
# matched anywhere in the name, ignoring case.
_SECRET_PARAMETERS = ("password", "passwd", "pwd", "secret", "token")


def store_url(raw: str) -> URL:
    """The SQLAlchemy URL for what a user typed: a URL, or a path to an SQLite file."""
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser().resolve()))
    try:
        url = parse_url(raw)
    except (ArgumentError, ValueError):
        raise UxlabError(f"not a database URL: {display_url(raw)}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def parse_url(raw: str) -> URL:
    """`raw` parsed by SQLAlchemy, except that the last `@` of the userinfo separates the host.

    SQLAlchemy ends a password at its first `@`, so `u:SEC@RET@host` would be password `SEC`
    at host `RET@host`; a password with an `@` is taken whole here (percent-encoding it, `%40`,
    is the unambiguous way to write one). Raises ArgumentError or ValueError.
    """
    scheme, sep, rest = raw.partition("://")
    if sep:
        user, password, tail = _split_userinfo(rest)
        userinfo = ""
        if user is not None:
            userinfo = user.replace("@", "%40")
            if password is not None:
                userinfo += ":" + password.replace("@", "%40")
            userinfo += "@"
        # An `@` left in the path or the query would read to SQLAlchemy as ending a user name.
        raw = f"{scheme}://{userinfo}{tail.replace('@', '%40')}"
    return make_url(raw)


def display_url(url: URL | str) -> str:
    """The URL as it may be shown to a person: every password in it masked as `***`.

    Text that is not a URL uxlab can parse is masked too, generously: everything between the
    user name and the last `@`, and every password-like query parameter.
    """
    if isinstance(url, str):
        if "://" not in url:
            return url
        try:
            parsed = parse_url(url)
        except (ArgumentError, ValueError):
            return _display_text(url)
    else:
        parsed = url
    shown = parsed.set(query={}).render_as_string(hide_password=True)
    parameters = [
        f"{quote_plus(key)}={MASK if _is_secret(key) else quote_plus(value, safe='/')}"
        for key, value in _parameters(parsed)
    ]
    return f"{shown}?{'&'.join(parameters)}" if parameters else shown


def mask_secrets(text: str, url: URL) -> str:
    """`text` (a driver's error message, say) with every secret of `url` in it masked."""
    secrets = [str(url.password or "")]
    secrets += [value for key, value in _parameters(url) if _is_secret(key)]
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def _parameters(url: URL) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key, given in url.query.items()
        for value in ((given,) if isinstance(given, str) else given)
    ]


def _split_userinfo(rest: str) -> tuple[str | None, str | None, str]:
    """The user (None without a userinfo), the password (None without a `:`) and what follows
    the userinfo, in `rest`: the text after `://`."""
    userinfo, at, tail = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if at and not any(mark in user for mark in "/?#"):
        return user, password if colon else None, tail
    # The last `@` (if any) is in the path or the query: a userinfo ends before both.
    ends = [index for index in map(rest.find, "/?#") if index >= 0]
    userinfo, at, _host = rest[: min(ends, default=len(rest))].rpartition("@")
    if not at:
        return None, None, rest
    user, colon, password = userinfo.partition(":")
    return user, password if colon else None, rest[len(userinfo) + 1 :]


def _display_text(raw: str) -> str:
    scheme, _, rest = raw.partition("://")
    user, password, rest = _split_userinfo(rest)
    head = ""
    if user is not None:
        head = f"{user}:{MASK}@" if password is not None else f"{user}@"
    where, question, query = rest.partition("?")
    if question:
        parameters = []
        for parameter in query.split("&"):
            key, equals, _value = parameter.partition("=")
            parameters.append(f"{key}={MASK}" if equals and _is_secret(key) else parameter)
        where += "?" + "&".join(parameters)
    return f"{scheme}://{head}{where}"


def _is_secret(parameter: str) -> bool:
    name = parameter.lower()
    return any(word in name for word in _SECRET_PARAMETERS)
