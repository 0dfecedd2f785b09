"""`uxlab init`, `db upgrade`, `db current`, `info` through the real command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.conftest import Cli
from uxlab.cli.main import cli
from uxlab.store.revision import SCHEMA_REVISION


def test_init_creates_store_and_starter_protocol(uxlab: Cli, isolated: Path) -> None:
    result = uxlab("init")
    assert f"(schema {SCHEMA_REVISION})" in result.stdout
    assert "Created the store" in result.stdout
    starter = isolated / "protocols" / "checkout-form.yaml"
    assert starter.read_text("utf-8").startswith("# A two-variant")
    starter.write_text(starter.read_text("utf-8") + "# mine\n", "utf-8")

    again = uxlab("init")
    assert "is up to date" in again.stdout
    assert "Kept protocols/checkout-form.yaml" in again.stdout
    assert starter.read_text("utf-8").endswith("# mine\n")


def test_db_current_and_upgrade(uxlab: Cli, db_url: str) -> None:
    if "://" in db_url:  # a server database exists before uxlab makes its tables in it
        assert uxlab("db", "current").stdout.strip() == "empty (run `uxlab init`)"
        assert "from schema empty to" in uxlab("db", "upgrade").stdout
    else:  # an SQLite store is made only by `uxlab init`, never by accident
        assert "run `uxlab init`" in uxlab("db", "current", code=1).stderr
        assert "run `uxlab init`" in uxlab("db", "upgrade", code=1).stderr
        uxlab("init")
    assert uxlab("db", "current").stdout.strip() == f"{SCHEMA_REVISION} (head)"
    assert "up to date" in uxlab("db", "upgrade").stdout


def test_commands_on_a_missing_store_fail_cleanly(isolated: Path) -> None:
    uxlab = Cli(str(isolated / "none.db"))
    for args in (["protocol", "list"], ["db", "current"], ["db", "upgrade"]):
        result = uxlab(*args, code=1)
        assert result.stderr.startswith("Error: no uxlab store at sqlite:///")
        assert result.stderr.count("\n") == 1
    assert not (isolated / "none.db").exists()


def test_default_store_lives_in_the_user_data_folder(isolated: Path) -> None:
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert (isolated / "xdg-data" / "uxlab" / "uxlab.db").is_file()
    info = CliRunner().invoke(cli, ["info"])
    assert f"store      sqlite:///{isolated}/xdg-data/uxlab/uxlab.db" in info.stdout


def test_info_names_store_schema_protocols_and_version(uxlab: Cli) -> None:
    before = uxlab("info").stdout
    assert "run `uxlab init`" in before
    uxlab("init")
    lines = dict(line.split(None, 1) for line in uxlab("info").stdout.splitlines())
    assert lines["uxlab"]
    assert lines["schema"] == f"{SCHEMA_REVISION} (head)"
    assert lines["protocols"].endswith("protocols (1 file)")


def test_info_masks_the_password_of_an_unreachable_server() -> None:
    uxlab = Cli("postgresql://ana:s3cret@127.0.0.1:1/uxlab?connect_timeout=3")
    result = uxlab("info")
    assert "store      postgresql+psycopg://ana:***@127.0.0.1:1/uxlab" in result.stdout
    assert "cannot open the store" in result.stdout
    assert "s3cret" not in result.output


def test_unreachable_server_exits_1_with_one_line() -> None:
    result = Cli("postgresql://ana:s3cret@127.0.0.1:1/uxlab?connect_timeout=3")(
        "protocol", "list", code=1
    )
    assert result.stderr.startswith("Error: cannot open the store at postgresql+psycopg://ana:***@")
    assert "s3cret" not in result.output
