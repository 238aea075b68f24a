"""Deployment settings (issue 15, finding 13): GARRISON_HTTPS turns on what `check --deploy`
asks for behind an HTTPS reverse proxy (HSTS, the redirect to HTTPS, secure cookies), a bad value
stops start-up naming the variable, and sessions end after a configurable idle time.

Settings are read once per process, so each case runs `manage.py` in a subprocess with its own
environment; the renewal of sessions is checked in this process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from garrison.settings import PROJECT_DIR

DEPLOY_WARNINGS = ("security.W004", "security.W008", "security.W012", "security.W016")


def manage(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {
        key: value
        for key, value in os.environ.items()
        # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE (Playwright), which check --deploy refuses
        if not key.startswith("GARRISON_")
        and key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environ.update(
        GARRISON_DATA_DIR=str(tmp_path),
        GARRISON_DEBUG="off",
        GARRISON_SECRET_KEY="k3y-for-the-deploy-check-" + "Zq7wX2pL9mR4tV8n" * 3,
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_warns_without_https_and_not_with_garrison_https_on(tmp_path):
    plain = manage(tmp_path, "check", "--deploy")
    assert all(code in plain.stderr + plain.stdout for code in DEPLOY_WARNINGS), plain.stderr
    https = manage(tmp_path, "check", "--deploy", GARRISON_HTTPS="on")
    output = https.stdout + https.stderr
    assert https.returncode == 0, output
    assert not [code for code in DEPLOY_WARNINGS if code in output], output
    assert "System check identified no issues" in output, output


@pytest.mark.parametrize(
    "name,value", [("GARRISON_HTTPS", "maybe"), ("GARRISON_SESSION_IDLE_MINUTES", "8h")]
)
def test_it_refuses_a_bad_value_naming_the_variable(tmp_path, name, value):
    answer = manage(tmp_path, "check", **{name: value})
    assert answer.returncode != 0
    assert "ImproperlyConfigured" in answer.stderr and f"{name}={value!r}" in answer.stderr


def test_it_ends_idle_sessions_after_the_configured_time(tmp_path):
    show = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_AGE, s.SECURE_PROXY_SSL_HEADER)"
    )
    default = manage(tmp_path, "shell", "-c", show)
    assert default.stdout.splitlines()[-1] == "28800 None", default.stderr
    short = manage(
        tmp_path, "shell", "-c", show, GARRISON_SESSION_IDLE_MINUTES="30", GARRISON_HTTPS="on"
    )
    assert short.stdout.splitlines()[-1] == "1800 ('HTTP_X_FORWARDED_PROTO', 'https')", short.stderr


@pytest.mark.django_db
def test_it_renews_a_used_session_at_most_every_few_minutes(settings, monkeypatch, commune_a_staff):
    """A session ends SESSION_COOKIE_AGE after the last request: requests renew it (a write that
    moves its expiry), but not more often than every `renew_every()` seconds."""
    from django.contrib.sessions.models import Session

    from garrison.core import sessions
    from tests.conftest import client_for

    settings.SESSION_COOKIE_AGE = 600  # renewed at most every 60 seconds
    clock = [1_000_000.0]
    monkeypatch.setattr(sessions.time, "time", lambda: clock[0])
    client = client_for(commune_a_staff)
    key = client.session.session_key
    assert client.session[sessions.SEEN] == 1_000_000  # stamped at sign-in

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    signed_in = expiry()
    clock[0] += 30
    assert client.get("/").status_code == 200
    assert client.session[sessions.SEEN] == 1_000_000 and expiry() == signed_in  # no write
    clock[0] += 31
    assert client.get("/").status_code == 200
    assert client.session[sessions.SEEN] == 1_000_061 and expiry() > signed_in  # renewed


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_without_inline_scripts(commune_a_staff):
    from tests.conftest import client_for

    policy = client_for(commune_a_staff).get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"


def test_it_has_no_inline_script_in_any_template():
    """The policy allows scripts from the site only: a template's inline <script> would not run
    (JSON data in <script type="application/json"> is not a script)."""
    import re

    inline = []
    for template in sorted((PROJECT_DIR / "garrison").rglob("*.html")):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text(encoding="utf-8")):
            if "src=" not in tag and "application/json" not in tag:
                inline.append(f"{template.relative_to(PROJECT_DIR)}: {tag}")
    assert not inline, inline


def test_probes_are_answered_over_plain_http_behind_the_https_redirect(tmp_path):
    """A load balancer or systemd probes gunicorn directly, without X-Forwarded-Proto: /healthz
    answers there while pages still redirect to HTTPS; with DEBUG off static files are named
    by the hashed manifest (served for ever), by their plain names until one is collected."""
    probe = (
        "from django.conf import settings as s; from django.test import Client;"
        "c = Client(HTTP_HOST='127.0.0.1');"
        "print(c.get('/healthz').status_code, c.get('/accounts/login/').status_code,"
        " s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[-1],"
        " __import__('django.templatetags.static').templatetags.static.static('garrison/x.css'))"
    )
    answer = manage(tmp_path, "shell", "-c", probe, GARRISON_HTTPS="on")
    assert answer.stdout.splitlines()[-1] == (
        "200 301 ManifestStaticFilesStorage /static/garrison/x.css"
    ), answer.stderr


def _variables(text: str) -> dict[str, str]:
    """{variable: default} of the rows of a Markdown table that start with a variable's name."""
    import re

    rows = re.finditer(r"^\| `?([A-Z][A-Z0-9_]+)`? \| ([^|]*)\|", text, re.MULTILINE)
    return {row.group(1): row.group(2).strip() for row in rows}


def test_the_operations_guide_lists_every_variable_the_code_reads_with_its_default():
    """docs/operations.md is what an administrator configures from: every variable the settings
    and the gunicorn configuration read is in its tables, with the default the settings'
    docstring gives (the guide once said 50,000 rows where the code allowed a million)."""
    import re

    import garrison.settings as settings_module

    source = (PROJECT_DIR / "garrison" / "settings.py").read_text(encoding="utf-8")
    gunicorn = (PROJECT_DIR / "garrison" / "gunicorn_conf.py").read_text(encoding="utf-8")
    guide = _variables((PROJECT_DIR / "docs" / "operations.md").read_text(encoding="utf-8"))
    documented = _variables(settings_module.__doc__ or "")
    read = set(re.findall(r"""(?:environ\.get|env_[a-z]+)\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    read |= set(re.findall(r"""environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""", gunicorn))
    read = {name for name in read if name.startswith(("GARRISON_", "DATABASE_"))}
    assert read - set(guide) == set(), "variables the code reads that the guide omits"
    assert read & set(documented) - {"DATABASE_URL"}, "the settings' docstring lists none"
    differing = {
        name: (default, guide[name])
        for name, default in documented.items()
        if name in guide and guide[name] != default
    }
    assert differing == {}, "defaults that differ: (settings' docstring, guide)"
