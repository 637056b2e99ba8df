"""Putting one outreach message in the mail through Django's e-mail framework.

The backend comes from settings (EMAIL_URL): files under var/mail/ in development, SMTP
in production. What matters for "never send twice" is telling apart a message that
certainly did not go out (the server could not be reached, or answered with a refusal)
from one that may have (the server stopped answering after the message was handed over):
only the first may be tried again.
"""

import contextlib
import smtplib
from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

ONE_CLICK = "List-Unsubscribe=One-Click"  # RFC 8058's List-Unsubscribe-Post value


class NotSent(Exception):
    """The message certainly did not go out; it may be tried again."""


class MaybeSent(Exception):
    """The server stopped answering mid-send: the message may have gone out."""


@dataclass(frozen=True)
class Delivered:
    file_path: str | None  # the file the message went to, with the file backend


def new_message_id() -> str:
    domain = settings.OUTREACH_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def outreach_message(
    *, subject: str, body: str, to: str, message_id: str, one_click_url: str
) -> EmailMessage:
    """The message with its RFC 8058 one-click unsubscribe headers and its own Message-ID."""
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=f"{settings.OUTREACH_SENDER_NAME} <{settings.OUTREACH_FROM_EMAIL}>",
        to=[to],
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": ONE_CLICK,
        },
    )


def deliver(message: EmailMessage) -> Delivered:
    """Send one message; NotSent or MaybeSent when it did not certainly go out."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as exc:
        raise NotSent(_describe(exc)) from exc
    try:
        sent = connection.send_messages([message])
    except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as exc:
        raise NotSent(_describe(exc)) from exc  # the server answered: refused
    except (OSError, smtplib.SMTPException) as exc:
        raise MaybeSent(_describe(exc)) from exc
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    if not sent:
        raise NotSent("the mail backend sent nothing")
    return Delivered(file_path=getattr(connection, "_fname", None))


def _describe(exc: Exception) -> str:
    """What went wrong, without the message or any address in it."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__} {exc.smtp_code}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "SMTPRecipientsRefused"
    return type(exc).__name__
