import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.mail import send_mail

from clearsight.core.jobs import run_once_per_period
from clearsight.core.models import ScheduledRun
from clearsight.core.tasks import send_email

pytestmark = pytest.mark.django_db


def test_a_period_runs_once_however_often_the_job_fires():
    calls = []

    def work() -> str:
        calls.append(1)
        return "drew 40 cases"

    first = run_once_per_period(job="audit-sample", period="2026-12", work=work)
    second = run_once_per_period(job="audit-sample", period="2026-12", work=work)
    assert first is not None
    assert first.outcome == "drew 40 cases"
    assert second is None
    assert len(calls) == 1


def test_a_failed_run_is_released_so_the_next_day_catches_up():
    def broken() -> str:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        run_once_per_period(job="audit-sample", period="2027-01", work=broken)
    assert not ScheduledRun.objects.exists()
    assert run_once_per_period(job="audit-sample", period="2027-01", work=lambda: "ok")


def test_email_task_sends_through_the_configured_backend():
    send_email(subject="Audit due", body="An audit is due on 30 November.", to=["tm@example.org"])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Audit due"


class FakeNotify(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        FakeNotify.received.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "body": json.loads(self.rfile.read(length)),
            }
        )
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": str(uuid.uuid4())}).encode())

    def log_message(self, *args):
        pass


def test_notify_backend_posts_to_notify_with_subject_and_body(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    service_id, secret = uuid.uuid4(), uuid.uuid4()
    settings.NOTIFY_API_KEY = f"test-{service_id}-{secret}"
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "11111111-2222-3333-4444-555555555555"
    settings.EMAIL_BACKEND = "clearsight.core.notify.NotifyEmailBackend"
    FakeNotify.received.clear()
    try:
        sent = send_mail("Audit due", "Body text", None, ["a@example.org", "b@example.org"])
    finally:
        server.shutdown()
    assert sent == 2
    assert [r["path"] for r in FakeNotify.received] == ["/v2/notifications/email"] * 2
    first = FakeNotify.received[0]
    assert first["authorization"].startswith("Bearer ")
    assert first["body"]["email_address"] == "a@example.org"
    assert first["body"]["personalisation"] == {"subject": "Audit due", "body": "Body text"}


def test_text_messages_go_to_notify_with_their_template(settings):
    from clearsight.core.notify import send_text_message

    server = HTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_API_KEY = f"test-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    FakeNotify.received.clear()
    try:
        send_text_message(phone_number="07700900123", template_id="t-1",
                          personalisation={"code": "ABCD1234"})
    finally:
        server.shutdown()
    (request,) = FakeNotify.received
    assert request["path"] == "/v2/notifications/sms"
    assert request["body"]["phone_number"] == "07700900123"
    assert request["body"]["template_id"] == "t-1"
    assert request["body"]["personalisation"] == {"code": "ABCD1234"}
