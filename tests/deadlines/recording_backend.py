"""An e-mail backend for the two-worker test: it stands in for the SMTP server, appending each
delivered Message-ID to a file (one line per delivery, so duplicates show), slowly."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        path = os.environ["LAGET_TEST_MAIL_LOG"]
        delay = float(os.environ.get("LAGET_TEST_MAIL_DELAY", "0"))
        for message in email_messages:
            time.sleep(delay)
            line = f"{message.extra_headers['Message-ID']}\n".encode()
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        return len(email_messages)
