"""Passwords never reach the screen: in the userinfo (with `@` or `:` in them), in query
parameters, in `uxlab info`, in errors naming a store, and in what sync prints."""

from __future__ import annotations

import string
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from tests.conftest import Cli
from uxlab.store.urls import display_url, parse_url, store_url

PLAIN = string.ascii_lowercase + string.digits
# Any printable text, and the characters that mean something in a URL more often than chance.
secrets = st.text(
    st.one_of(
        st.sampled_from("@:/?#%&=+ "),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    min_size=4,
    max_size=30,
)
names = st.text(PLAIN, min_size=1, max_size=12)
parameters = st.lists(
    st.tuples(
        st.sampled_from(["password", "sslpassword", "PASSWORD", "sslmode", "application_name"]),
        secrets,
    ),
    max_size=4,
)


@given(
    user=names,
    password=secrets,
    host=st.from_regex(r"[a-z][a-z0-9]{0,10}(\.[a-z]{2,5})?", fullmatch=True),
    port=st.integers(1, 65535),
    database=names,
    query=parameters,
)
@example(user="u", password="SEC@RET", host="host", port=5432, database="x", query=[])
@example(user="u", password="SEC:R@E/T?#%", host="h", port=1, database="x", query=[])
@example(user="u", password="p", host="h", port=1, database="x", query=[("password", "S@E:C")])
def test_rendered_urls_never_show_a_password(
    user: str, password: str, host: str, port: int, database: str, query: list[tuple[str, str]]
) -> None:
    encoded = "&".join(f"{key}={quote_plus(value)}" for key, value in query)
    raw = f"postgresql://{user}:{password}@{host}:{port}/{database}" + (
        f"?{encoded}" if encoded else ""
    )
    # Everything else the URL shows is plain text; a secret that is part of it proves nothing.
    hidden = [password, unquote(password)] + [
        value for key, value in query if "password" in key.lower()
    ]
    others = f"postgresql+psycopg://{user}:***@{host}:{port}/{database}?" + "&".join(
        f"{key}={value} {quote_plus(value, safe='/')}"
        for key, value in query
        if "password" not in key.lower()
    )
    assume(not any(secret in others for secret in hidden))

    url = store_url(raw)
    # The last `@` ends the userinfo: what follows it is the host, whatever the password holds.
    assert (url.username, url.host, url.port, url.database) == (user, host, port, database)
    assert url.password == unquote(password.replace("@", "%40"))
    for shown in (display_url(url), display_url(raw)):
        for secret in hidden:
            assert secret not in shown
    assert display_url(url).startswith(f"postgresql+psycopg://{user}:***@{host}:{port}/{database}")


@given(
    user=st.none() | names,
    host=st.none() | names,
    database=st.none() | names,
    query=parameters.filter(bool),
)
@example(user="u", host="h", database=None, query=[("password", "S@E:C")])
def test_password_parameters_are_masked_with_an_at_sign_left_in_them(
    user: str | None, host: str | None, database: str | None, query: list[tuple[str, str]]
) -> None:
    # Percent-encoded only where the query needs it: `@`, `:`, `/` and `?` left as typed.
    encoded = "&".join(f"{key}={quote_plus(value, safe='@:/?')}" for key, value in query)
    at = f"{user}@" if user else ""
    raw = f"postgresql://{at}{host or ''}{f'/{database}' if database else ''}?{encoded}"
    hidden = [value for key, value in query if "password" in key.lower()]
    others = raw.replace(encoded, "") + " ".join(
        f"{key}={value} {quote_plus(value, safe='/')}"
        for key, value in query
        if "password" not in key.lower()
    )
    assume(hidden and not any(secret in others for secret in hidden))

    url = parse_url(raw)
    assert (url.username, url.host, url.database) == (user or None, host or None, database)
    assert sorted(url.query) == sorted({key for key, _ in query})
    for shown in (display_url(url), display_url(raw)):
        for secret in hidden:
            assert secret not in shown


@given(st.text())
def test_any_text_renders_without_an_error(text: str) -> None:
    display_url(text)
    display_url(f"postgresql://{text}")


@given(password=secrets, port=st.from_regex(r"[0-9]{0,3}[a-z:][a-z0-9:]{0,4}", fullmatch=True))
def test_an_unparseable_url_is_masked_too(password: str, port: str) -> None:
    raw = f"postgresql://ana:{password}@db:{port}/x?sslpassword={quote(password)}"
    assume(password not in f"postgresql://ana:***@db:{port}/x?sslpassword=***")
    with pytest.raises(ValueError):
        parse_url(raw)
    assert display_url(raw) == f"postgresql://ana:***@db:{port}/x?sslpassword=***"


def test_a_password_with_an_at_sign_is_taken_whole() -> None:
    url = parse_url("postgresql://u:SEC@RET@host/x")
    assert (url.password, url.host) == ("SEC@RET", "host")
    assert display_url(url) == "postgresql://u:***@host/x"
    # Percent-encoded, as before.
    assert parse_url("postgresql://u:SEC%40RET@host/x").password == "SEC@RET"


def test_other_query_parameters_are_shown() -> None:
    shown = display_url("postgresql://u@host/x?sslmode=require&password=SECRET&host=/run/pg")
    assert shown == "postgresql://u@host/x?sslmode=require&password=***&host=/run/pg"


# Port 1 on this machine refuses connections at once: an unreachable store, quickly.
UNREACHABLE = [
    "postgresql://u@127.0.0.1:1/x?password=Hush1234",
    "postgresql://u@127.0.0.1:1/x?sslpassword=Hush1234&sslmode=require",
    "postgresql://u:Hush@1234@127.0.0.1:1/x",
    "postgresql://u:Hush:1234@127.0.0.1:1/x",
    "postgresql://u:Hu/sh?12#34@127.0.0.1:1/x",
]


def _no_secret(output: str) -> None:
    for part in ("Hush", "1234", "Hu/sh", "12#34"):
        assert part not in output


@pytest.mark.parametrize("url", UNREACHABLE)
def test_info_masks_every_password(url: str) -> None:
    result = Cli(str(Path("elsewhere.db").resolve()))("info", "--db", url)
    _no_secret(result.stdout + result.stderr)
    assert "store      postgresql+psycopg://u" in result.stdout
    assert "@127.0.0.1:1/x" in result.stdout
    assert "cannot open the store at postgresql+psycopg://u" in result.stdout


@pytest.mark.parametrize("url", UNREACHABLE)
def test_an_unreachable_store_is_named_without_its_password(url: str) -> None:
    result = Cli(url)("session", "list", code=1)
    _no_secret(result.stdout + result.stderr)
    assert result.stderr.startswith("Error: cannot open the store at postgresql+psycopg://u")
    assert "127.0.0.1:1/x" in result.stderr


def test_an_unparseable_url_is_named_without_its_password() -> None:
    result = Cli("postgresql://u:Hush@1234@db:port/x?password=Hush1234")("info", code=1)
    _no_secret(result.stdout + result.stderr)
    assert result.stderr == "Error: not a database URL: postgresql://u:***@db:port/x?password=***\n"


def test_sync_names_its_target_without_the_password(tmp_path: Path) -> None:
    uxlab = Cli(str(tmp_path / "here.db"))
    uxlab("init")
    result = uxlab("sync", "--to", UNREACHABLE[2], code=1)
    _no_secret(result.stdout + result.stderr)
    assert "cannot open the store at postgresql+psycopg://u:***@127.0.0.1:1/x" in result.stderr
