"""``pulso report ...``: files, e-mail to a local SMTP server, errors, and the HTML in a
headless browser when one is installed."""

from __future__ import annotations

import email
import json
import shutil
import socket
import subprocess
from email import policy

import pytest
from aiosmtpd.controller import Controller

from pulso.db.engine import make_engine, transaction
from tests.report_sample import write_sample


@pytest.fixture
def sample_url(migrated_url):
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        write_sample(session)
    engine.dispose()
    return migrated_url


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port to check it started
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def test_weekly_and_consultation_commands(cli, sample_url, tmp_path):
    env = {"PULSO_DATABASE_URL": sample_url}
    out = tmp_path / "out"
    code, stdout, err = cli(
        ["report", "weekly", "--week", "2018-W26", "--consultation", "pan-prueba",
         "--format", "json,csv", "--format", "pdf", "--out", str(out)],
        env,
    )  # fmt: skip
    assert code == 0, err
    names = {line.rsplit("/", 1)[-1] for line in stdout.split()}
    assert {"weekly-2018-W26.es.json", "weekly-2018-W26.es.pdf",
            "weekly-2018-W26.es.posts.csv"} <= names  # fmt: skip
    # The same week for one campaign: its own files, the consultation's report stays.
    code, stdout, err = cli(
        ["report", "weekly", "--week", "2018-W26", "--campaign", "consulta-2018",
         "--format", "json", "--out", str(out)],
        env,
    )  # fmt: skip
    assert code == 0, err
    assert stdout.split()[-1].endswith("weekly-2018-W26-consulta-2018.es.json")
    campaign = json.loads((out / "weekly-2018-W26-consulta-2018.es.json").read_text())
    assert campaign["scope"]["campaign"] == "consulta-2018"
    whole = json.loads((out / "weekly-2018-W26.es.json").read_text())
    assert whole["scope"]["campaign"] is None
    code, stdout, err = cli(
        ["report", "consultation", "--consultation", "pan-prueba", "--format", "html,xlsx",
         "--lang", "en", "--out", str(out)],
        env,
    )  # fmt: skip
    assert code == 0, err
    assert (out / "consultation-pan-prueba.en.html").exists()
    assert (out / "consultation-pan-prueba.en.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["weekly", "--week", "2018-26"], "is not an ISO week like 2018-W26"),
        (["weekly", "--week", "2018-W26", "--format", "docx"], "unknown format 'docx'"),
        (["weekly", "--campaign", "nope"], "no campaign 'nope'"),
        (["consultation", "--consultation", "nope"], "no consultation 'nope'"),
    ],
)
def test_user_errors_are_one_line(cli, sample_url, tmp_path, args, message):
    out = tmp_path / "out"
    env = {"PULSO_DATABASE_URL": sample_url, "PULSO_LANGUAGE": "en"}
    code, _, err = cli(["report", *args, "--out", str(out)], env)
    assert code == 1
    assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()  # nothing half-written


def test_weekly_email_sends_pdf_and_xlsx(cli, sample_url, tmp_path, smtp_server):
    inbox, port = smtp_server
    env = {
        "PULSO_DATABASE_URL": sample_url,
        "PULSO_SMTP_HOST": "127.0.0.1",
        "PULSO_SMTP_PORT": str(port),
        "PULSO_SMTP_SENDER": "pulso@spta.example",
        "PULSO_REPORT_RECIPIENTS": "director@spta.example, prensa@spta.example",
    }
    code, out, err = cli(
        ["report", "weekly", "--week", "2018-W26", "--consultation", "pan-prueba", "--email",
         "--out", str(tmp_path)],
        env,
    )  # fmt: skip
    assert code == 0, err
    assert "enviado a 2 destinatario(s)" in out
    assert len(inbox.messages) == 1
    sender, recipients, content = inbox.messages[0]
    assert sender == "pulso@spta.example"
    assert recipients == ["director@spta.example", "prensa@spta.example"]
    message = email.message_from_bytes(content, policy=policy.default)
    assert "Informe semanal" in message["Subject"] and "2018-W26" in message["Subject"]
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attachments) == {"weekly-2018-W26.es.pdf", "weekly-2018-W26.es.xlsx"}
    pdf = attachments["weekly-2018-W26.es.pdf"].get_content()
    assert pdf.startswith(b"%PDF") and pdf == (tmp_path / "weekly-2018-W26.es.pdf").read_bytes()


def test_starttls_is_required_when_asked(cli, sample_url, tmp_path, smtp_server):
    _, port = smtp_server
    env = {
        "PULSO_DATABASE_URL": sample_url,
        "PULSO_SMTP_HOST": "127.0.0.1",
        "PULSO_SMTP_PORT": str(port),
        "PULSO_SMTP_STARTTLS": "true",
        "PULSO_REPORT_RECIPIENTS": "director@spta.example",
    }
    code, _, err = cli(
        ["report", "weekly", "--week", "2018-W26", "--email", "--out", str(tmp_path)], env
    )
    assert code == 1
    assert err.strip() == f"error: SMTP server 127.0.0.1:{port} does not offer STARTTLS"


def test_email_without_recipients_is_a_config_error(cli, sample_url, tmp_path):
    out = tmp_path / "out"
    code, _, err = cli(
        ["report", "weekly", "--week", "2018-W26", "--email", "--out", str(out)],
        {"PULSO_DATABASE_URL": sample_url, "PULSO_REPORT_RECIPIENTS": ""},
    )
    assert code == 1 and err == "error: no hay destinatarios: defina PULSO_REPORT_RECIPIENTS\n"
    assert not out.exists()  # checked before anything was computed or written


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_html_in_a_headless_browser(cli, sample_url, tmp_path):
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser (chromium) installed: the HTML was not rendered")
    code, _, err = cli(
        ["report", "weekly", "--week", "2018-W26", "--consultation", "pan-prueba",
         "--out", str(tmp_path)],
        {"PULSO_DATABASE_URL": sample_url},
    )  # fmt: skip
    assert code == 0, err
    page = tmp_path / "weekly-2018-W26.es.html"
    common = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--allow-file-access-from-files",
    ]
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert dom.returncode == 0, dom.stderr[-500:]
    assert "Informe semanal de redes sociales" in dom.stdout
    assert dom.stdout.count("<img") == 4
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=900,2400", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_user_errors_are_spanish_by_default(cli, sample_url, tmp_path):
    env = {"PULSO_DATABASE_URL": sample_url}
    code, _, err = cli(["report", "weekly", "--week", "2018-26", "--out", str(tmp_path)], env)
    assert (code, err) == (1, "error: campo 'week': '2018-26' no es una semana ISO como 2018-W26\n")
