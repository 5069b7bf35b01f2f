"""Environment for the test run, loaded by pytest (`-p tests.environment`) before Django starts.

Tests use the same settings module as production; only these variables differ. DATABASE_URL is
left alone so .ci/run can point the suite at PostgreSQL.
"""

import os

TEST_ENVIRONMENT = {
    "SECRET_KEY": "test-only-not-a-secret-" + "x" * 40,
    "HTTPS": "false",
    "HUEY_IMMEDIATE": "true",
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    "EMAIL_URL": "consolemail://",
    "CLEARSIGHT_ENV_FILE": "",  # never pick up a developer's local .env
}
for name, value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(name, value)
