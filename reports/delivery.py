"""Sending reports by e-mail (smtplib), with the ``smtp_*`` settings.

``smtp_ssl`` connects with implicit TLS (port 465); ``smtp_starttls`` upgrades a plain
connection (port 587) and refuses to continue if the server cannot; the password is read
from its ``SecretStr`` only to log in and never printed.
"""

from __future__ import annotations

import mimetypes
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

from pulso.errors import ConfigError, PulsoError
from pulso.settings import Settings


class DeliveryError(PulsoError):
    """The report could not be sent (server unreachable, refused, TLS unavailable)."""


def build_message(
    *, sender: str, recipients: Sequence[str], subject: str, body: str, files: Sequence[Path]
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message.set_content(body)
    for path in files:
        kind, _ = mimetypes.guess_type(path.name)
        if path.suffix == ".xlsx":
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maintype, subtype = (kind or "application/octet-stream").split("/", 1)
        message.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    return message


def check_delivery(settings: Settings, recipients: Sequence[str] | None = None) -> list[str]:
    """The recipients, or the configuration error that would stop the sending: checked
    before a report is computed and written, so a missing setting costs nothing."""
    recipients = list(recipients or settings.report_recipients)
    if not recipients:
        raise ConfigError.of("err.delivery.no_recipients")
    if settings.smtp_ssl and settings.smtp_starttls:
        raise ConfigError.of("err.delivery.ssl_and_starttls")
    return recipients


def send_report(
    *,
    settings: Settings,
    subject: str,
    body: str,
    files: Sequence[Path],
    recipients: Sequence[str] | None = None,
    timeout: float = 30.0,
) -> list[str]:
    """Send ``files`` to ``recipients`` (default: ``report_recipients``); returns them."""
    recipients = check_delivery(settings, recipients)
    message = build_message(
        sender=settings.smtp_sender, recipients=recipients, subject=subject, body=body, files=files
    )
    host, port = settings.smtp_host, settings.smtp_port
    context = ssl.create_default_context()
    try:
        if settings.smtp_ssl:
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            client.ehlo()
            if settings.smtp_starttls:
                if not client.has_extn("starttls"):
                    raise DeliveryError(f"SMTP server {host}:{port} does not offer STARTTLS")
                client.starttls(context=context)
                client.ehlo()
            if settings.smtp_username:
                password = settings.require_secret("smtp_password")
                client.login(settings.smtp_username, password)
            refused = client.send_message(message)
    except DeliveryError:
        raise
    except smtplib.SMTPAuthenticationError:
        raise DeliveryError(f"SMTP server {host}:{port} refused the login") from None
    except (smtplib.SMTPException, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DeliveryError(f"cannot send through {host}:{port}: {reason}") from None
    if refused:
        raise DeliveryError(f"recipients refused: {', '.join(sorted(refused))}")
    return recipients
