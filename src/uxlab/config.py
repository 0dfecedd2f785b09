"""Where uxlab keeps things: the store URL and the protocol folder, and how to override them."""

from __future__ import annotations

from pathlib import Path

DB_ENV = "UXLAB_DB"
PROTOCOLS_ENV = "UXLAB_PROTOCOLS"


def data_dir() -> Path:
    """uxlab's per-user data folder (`~/.local/share/uxlab` on Linux; XDG_DATA_HOME moves it)."""
    import platformdirs  # only when it is needed: keeps it off `uxlab log --db …`

    return Path(platformdirs.user_data_dir("uxlab", appauthor=False))


def default_store() -> str:
    """The per-user SQLite store in the platform's data folder."""
    return str(data_dir() / "uxlab.db")


def default_protocols_dir() -> Path:
    return Path("protocols")


AUTHOR_ENV = "UXLAB_AUTHOR"


def default_author() -> str:
    """Who is logging: the login name, unless UXLAB_AUTHOR or --author says otherwise."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "moderator"
