"""The inbox: a user reads their own notifications only, newest first with the unread ones in
bold; opening one marks it read and follows its link; "mark all read"; the header shows the
unread count (one COUNT query)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.core.models import Notification
from garrison.core.notify import notify_users

pytestmark = pytest.mark.django_db


def note(user, text, url="/reporting/reports/", read=False):
    from django.utils import timezone

    return Notification.objects.create(
        user=user, text=text, url=url, read_at=timezone.now() if read else None
    )


def test_a_user_sees_their_own_notifications_newest_first_unread_in_bold(
    commune_a_staff, commune_b_staff, as_user
):
    old = note(commune_a_staff, "Báo cáo cũ đã đọc", read=True)
    new = note(commune_a_staff, "Báo cáo mới chưa đọc")
    note(commune_b_staff, "Thư của xã B")
    page = as_user(commune_a_staff).get("/inbox/").content.decode()
    assert "Thư của xã B" not in page
    assert page.index("Báo cáo mới chưa đọc") < page.index("Báo cáo cũ đã đọc")
    unread = re.search(rf'<a class="([^"]*)"[^>]*data-notification="{new.pk}"', page).group(1)
    read = re.search(rf'<a class="([^"]*)"[^>]*data-notification="{old.pk}"', page).group(1)
    assert "fw-bold" in unread and "fw-bold" not in read


def test_opening_a_notification_marks_it_read_and_follows_its_link(commune_a_staff, as_user):
    item = note(commune_a_staff, "Chỉ thị mới", url="/reporting/directives/")
    response = as_user(commune_a_staff).get(f"/inbox/{item.pk}/")
    assert response.status_code == 302 and response["Location"] == "/reporting/directives/"
    item.refresh_from_db()
    assert item.read_at is not None
    # opening it again keeps the first reading time; POST works too
    first = item.read_at
    assert as_user(commune_a_staff).post(f"/inbox/{item.pk}/").status_code == 302
    item.refresh_from_db()
    assert item.read_at == first


def test_a_link_to_another_site_is_not_followed(commune_a_staff, as_user):
    item = note(commune_a_staff, "Lạ", url="https://example.com/phish")
    response = as_user(commune_a_staff).get(f"/inbox/{item.pk}/")
    assert response["Location"] == "/inbox/"


def test_another_users_notification_answers_404_and_stays_unread(
    commune_a_staff, commune_b_staff, as_user
):
    theirs = note(commune_b_staff, "Của xã B")
    client = as_user(commune_a_staff)
    assert client.get(f"/inbox/{theirs.pk}/").status_code == 404
    assert client.post(f"/inbox/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_the_users_own(commune_a_staff, commune_b_staff, as_user):
    mine = [note(commune_a_staff, f"Tin {i}") for i in range(3)]
    theirs = note(commune_b_staff, "Của xã B")
    client = as_user(commune_a_staff)
    assert client.get("/inbox/read-all/").status_code == 405  # a change is a POST
    response = client.post("/inbox/read-all/", follow=True)
    assert "3 notifications marked read." in response.content.decode()
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_header_badge_counts_the_unread_in_one_query(commune_a_staff, commune_b_staff, as_user):
    notify_users([commune_a_staff.pk], "report", "Một")
    notify_users([commune_a_staff.pk], "report", "Hai")
    note(commune_a_staff, "Đã đọc", read=True)
    note(commune_b_staff, "Của xã B")
    client = as_user(commune_a_staff)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/inbox/").content.decode()
    badge = re.search(r'data-testid="inbox-badge">(\d+)<', page)
    assert badge and badge.group(1) == "2"
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if "core_notification" in q["sql"] and "read_at" in q["sql"] and "COUNT" in q["sql"]
    ]
    # one COUNT for the badge, though the page shows the figure twice (header and title)
    assert len(counts) == 1
    client.post("/inbox/read-all/")
    assert 'data-testid="inbox-badge"' not in client.get("/inbox/").content.decode()


def test_the_unread_filter_and_pages(commune_a_staff, as_user):
    for i in range(55):
        note(commune_a_staff, f"Tin số {i}", read=i % 2 == 0)
    client = as_user(commune_a_staff)
    first = client.get("/inbox/").content.decode()
    assert first.count("data-notification=") == 50 and "Page 1 of 2" in first
    assert client.get("/inbox/?page=2").content.decode().count("data-notification=") == 5
    unread = client.get("/inbox/?unread=1").content.decode()
    assert unread.count('data-unread="1"') == 27 and 'data-unread="0"' not in unread


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/inbox/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
