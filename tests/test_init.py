"""``pulso init`` in an empty folder, then import, score, serve and log in with no PULSO_*
variable set; a second ``init`` keeps the secrets; ``--config`` / ``PULSO_CONFIG``;
``pulso config show`` and ``rotate-secret``; a database path that cannot be opened is one
line naming it."""

from __future__ import annotations

import os
import stat
import tomllib

import pytest

from tests.test_disqus_export import EXPORT

PASSWORD = "una-contraseña-larga"


@pytest.fixture
def bare_env(monkeypatch, tmp_path):
    """No PULSO_* variable at all, working directory an empty folder."""
    for name in list(os.environ):
        if name.startswith("PULSO_"):
            monkeypatch.delenv(name)
    folder = tmp_path / "equipo"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _init(cli, monkeypatch, *args: str):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    return cli(["init", *args, "--admin", "ana", "--password-stdin"])


def test_init_import_score_serve_and_log_in(cli, monkeypatch, bare_env):
    code, out, err = _init(cli, monkeypatch)
    assert code == 0, err
    config = bare_env / "pulso.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    values = tomllib.loads(config.read_text(encoding="utf-8"))
    assert values["database_url"] == f"sqlite:///{bare_env / 'pulso.db'}"
    assert len(values["author_key_secret"]) >= 40 and len(values["web_session_secret"]) >= 40
    assert "configuración creada" in out and "administrador ana creado" in out
    assert "pulso serve" in out and "pulso check" in out
    for secret in (values["author_key_secret"], values["web_session_secret"]):
        assert secret not in out + err

    (bare_env / "consulta.xml").write_text(EXPORT, encoding="utf-8")
    code, out, err = cli(["import", "disqus-export", "consulta.xml"])
    assert code == 0, err
    code, out, err = cli(["extract", "score"])
    assert code == 0, err
    assert "comentarios puntuados con el modelo" in out

    from fastapi.testclient import TestClient

    from pulso.settings import get_settings
    from pulso.web.app import create_app
    from tests.web_client import login

    # What `pulso serve` builds, from the settings every command reads (the file found in
    # the working directory).
    get_settings.cache_clear()
    app = create_app(get_settings())
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        answer = login(client, "ana", PASSWORD)
        assert answer.status_code == 303, answer.text
        assert client.get("/").status_code == 200

    # A second init changes nothing: the same file, byte for byte, and the same admin.
    before = config.read_bytes()
    code, out, err = _init(cli, monkeypatch)
    assert code == 0, err
    assert config.read_bytes() == before
    assert "no se cambió nada" in out and "ya hay un administrador (ana)" in out


def test_every_command_finds_the_file(cli, monkeypatch, bare_env, tmp_path):
    elsewhere = tmp_path / "otra"
    code, _, err = _init(cli, monkeypatch, str(elsewhere))
    assert code == 0, err
    path = elsewhere / "pulso.toml"
    # From a folder without a pulso.toml: --config, or PULSO_CONFIG.
    code, out, err = cli(["--config", str(path), "db", "current"])
    assert code == 0, err
    assert "actual: 0" in out
    assert "PULSO_CONFIG" not in os.environ
    code, out, err = cli(["db", "current"], {"PULSO_CONFIG": str(path)})
    assert code == 0 and "actual: 0" in out
    # An environment variable still wins over the file.
    code, out, err = cli(
        ["--config", str(path), "config", "show"], {"PULSO_TIMEZONE": "America/Guatemala"}
    )
    assert "timezone = America/Guatemala  (variable de entorno)" in out
    assert "author_key_secret = ********  (archivo)" in out
    secret = tomllib.loads(path.read_text(encoding="utf-8"))["author_key_secret"]
    assert secret not in out


def test_rotate_secret(cli, monkeypatch, bare_env):
    assert _init(cli, monkeypatch)[0] == 0
    config = bare_env / "pulso.toml"
    first = tomllib.loads(config.read_text(encoding="utf-8"))
    code, out, err = cli(["config", "rotate-secret", "web_session_secret"])
    assert code == 0, err
    second = tomllib.loads(config.read_text(encoding="utf-8"))
    assert second["web_session_secret"] != first["web_session_secret"]
    assert second["author_key_secret"] == first["author_key_secret"]
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    # No keyed hash stored yet: the author key may be rotated.
    assert cli(["config", "rotate-secret", "author_key_secret"])[0] == 0
    (bare_env / "consulta.xml").write_text(EXPORT, encoding="utf-8")
    assert cli(["import", "disqus-export", "consulta.xml"])[0] == 0
    kept = tomllib.loads(config.read_text(encoding="utf-8"))["author_key_secret"]
    code, _, err = cli(["config", "rotate-secret", "author_key_secret"])
    assert code == 1 and "--force" in err and len(err.strip().splitlines()) == 1
    assert tomllib.loads(config.read_text(encoding="utf-8"))["author_key_secret"] == kept
    code, out, err = cli(["config", "rotate-secret", "author_key_secret", "--force"])
    assert code == 0, err
    assert "huérfanas" in out
    assert tomllib.loads(config.read_text(encoding="utf-8"))["author_key_secret"] != kept


def test_a_database_that_cannot_be_opened_is_one_line_naming_it(cli, bare_env):
    for command in (["consultation", "list"], ["serve"], ["db", "upgrade"]):
        code, out, err = cli(command, {"PULSO_DATABASE_URL": "sqlite:////no/such/folder/p.db"})
        assert code == 1
        assert err.strip().splitlines() == [
            "error: no se puede crear la base de datos /no/such/folder/p.db: "
            "la carpeta /no/such/folder no existe"
        ]


def test_serve_without_a_session_secret_is_one_line(cli, bare_env):
    code, _, err = cli(["serve"], {"PULSO_DATABASE_URL": f"sqlite:///{bare_env / 'p.db'}"})
    assert code == 1
    assert err.strip() == "error: falta PULSO_WEB_SESSION_SECRET"


def test_a_missing_config_file_is_one_line(cli, bare_env):
    code, _, err = cli(["db", "current"], {"PULSO_CONFIG": str(bare_env / "nada.toml")})
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "nada.toml no existe" in err


def test_pulso_serve_starts_from_the_file_alone(cli, monkeypatch, bare_env):
    """A real ``pulso serve`` process, started in the folder with no PULSO_* variable,
    answers the login page and lets the admin in."""
    import re
    import subprocess
    import sys
    import time
    from pathlib import Path

    import requests

    from tests.web_server import free_port

    assert _init(cli, monkeypatch)[0] == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULSO_")}
    port = free_port()
    pulso = Path(sys.executable).with_name("pulso")
    server = subprocess.Popen(
        [str(pulso), "serve", "--port", str(port), "--workers", "1", "--no-scheduler"],
        cwd=bare_env,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                form = requests.get(f"{base}/login", timeout=2)
                break
            except requests.ConnectionError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "pulso serve did not answer"
                time.sleep(0.3)
        with requests.Session() as session:
            form = session.get(f"{base}/login", timeout=5)
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
            answer = session.post(
                f"{base}/login",
                data={"username": "ana", "password": PASSWORD, "csrf_token": token, "next": "/"},
                allow_redirects=False,
                timeout=5,
            )
            assert answer.status_code == 303
            assert session.get(f"{base}/", timeout=30).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
