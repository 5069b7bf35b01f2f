"""GOV.UK Notify: the one place Clearsight talks to it (ruff bans the client elsewhere).

Notify sends from templates. Clearsight uses one email template whose body is `((body))` and
subject `((subject))`, set in NOTIFY_EMAIL_TEMPLATE_ID, so Django's ordinary `send_mail` works
unchanged: set NOTIFY_API_KEY and email goes through Notify instead of SMTP.
"""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import HTTPError  # noqa: TID251
from notifications_python_client.notifications import NotificationsAPIClient  # noqa: TID251

logger = logging.getLogger(__name__)


def notify_client() -> NotificationsAPIClient:
    return NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)


class NotifyEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        client = notify_client()
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    client.send_email_notification(
                        email_address=address,
                        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                except HTTPError:
                    # Never log the address or body: they may identify a family.
                    logger.exception("GOV.UK Notify refused an email")
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        return sent


def send_text_message(*, phone_number: str, template_id: str,
                      personalisation: dict[str, str]) -> None:
    """Send a text message through Notify (surveys to families, later issues)."""
    notify_client().send_sms_notification(
        phone_number=phone_number, template_id=template_id, personalisation=personalisation
    )
