"""Demo data of the reports coming up from the communes of Điện Biên (see reporting.py for the
directives going down).

The province's monthly report form BC-QSĐP/T (version 1 published in May 2026: figures computed
from the registers, typed figures, a text, two blocking rules and a warning) and the communes'
returns for June to October 2026 — most approved on time, some late, a few returned with a reason
and submitted again, some missing, a few left as drafts; October's partly still awaiting the
province's decision — and November's under way in some communes (not due until 05/12/2026).
Xã Na Son made every month on time, October approved, and has not started November (the browser
test makes it); Phường Mường Thanh was late in August, had September returned once, and has a
November draft. The communes without a Commander lag. Rows are written with bulk_create; the
computed figures are read with one query per indicator and month (`Indicator.values`), never per
commune. Invented and deterministic, like the rest of the demo.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation

from garrison.accounts.models import User
from garrison.commands.models import MilitaryCommand
from garrison.core.indicators import get_indicator
from garrison.reporting.models import (
    FormField,
    FormRule,
    FormVersion,
    ReportForm,
    Submission,
    SubmissionEvent,
)
from garrison.reporting.returns import periods, rules
from garrison.reporting.returns.services import rule_message, version_problems

from .dienbien_data import NEVER_COMMANDED, VACATED, local_moment

FORM_CODE = "BC-QSĐP/T"
FORM_NAME = "Báo cáo tháng công tác quân sự, quốc phòng"
FORM_DESCRIPTION = (
    "Ban Chỉ huy Quân sự xã, phường, đặc khu báo cáo kết quả công tác quân sự, quốc phòng của "
    "tháng về Bộ Chỉ huy Quân sự tỉnh (qua Phòng Tham mưu) chậm nhất ngày 05 tháng sau. Các "
    "chỉ tiêu mục I lấy tự động từ sổ đăng ký của hệ thống, không nhập tay; nếu số liệu chưa "
    "đúng, cập nhật sổ đăng ký rồi làm mới báo cáo."
)
PUBLISHED_ON = datetime.date(2026, 5, 20)
FORCES = "I. Lực lượng (tự động từ sổ đăng ký)"
READINESS = "II. Sẵn sàng chiến đấu, tuần tra, xử lý vụ việc"
EDUCATION = "III. Giáo dục quốc phòng và an ninh, tuyên truyền"
SUMMARY = "IV. Đánh giá chung"
# section, key, label, kind, unit, indicator, required, help text
FIELDS = [
    (FORCES, "militia_strength", "Quân số dân quân tự vệ", "number", "người", "militia.strength",
     True, ""),
    (FORCES, "militia_trained", "Dân quân đã hoàn thành huấn luyện năm", "number", "người",
     "militia.trained", True, ""),
    (FORCES, "reservists", "Quân nhân dự bị đã đăng ký", "number", "người", "reserve.registered",
     True, ""),
    (FORCES, "commander_filled", "Có Chỉ huy trưởng (1 có, 0 không)", "number", "",
     "command.commander_filled", True, ""),
    (FORCES, "enlisted", "Công dân nhập ngũ (đợt tuyển quân hiện hành)", "number", "người",
     "enlistment.enlisted", True, ""),
    (READINESS, "patrols", "Số lượt tuần tra, canh gác", "number", "lượt", "", True,
     "Kể cả tuần tra phối hợp với Công an xã, Đồn Biên phòng."),
    (READINESS, "militia_on_patrol", "Lượt dân quân tham gia tuần tra", "number", "lượt người",
     "", True, ""),
    (READINESS, "incidents", "Số vụ việc xảy ra trên địa bàn", "number", "vụ", "", True,
     "Cháy rừng, thiên tai, sự cố, vi phạm an ninh trật tự cần lực lượng xử lý."),
    (READINESS, "incidents_handled", "Số vụ việc đã tham gia xử lý", "number", "vụ", "", True,
     ""),
    (EDUCATION, "defence_education", "Số người được bồi dưỡng kiến thức quốc phòng, an ninh",
     "number", "người", "", True, "Đối tượng 4 và người dân được tuyên truyền tập trung."),
    (EDUCATION, "propaganda_sessions", "Số buổi tuyên truyền Luật Nghĩa vụ quân sự, Luật Dân "
     "quân tự vệ", "number", "buổi", "", True, ""),
    (SUMMARY, "general_situation", "Tình hình chung trên địa bàn", "text", "", "", True, ""),
    (SUMMARY, "proposals", "Đề xuất, kiến nghị", "text", "", "", False, ""),
]  # fmt: skip
# left, op, right field, right value, severity, message
RULES = [
    ("militia_trained", "<=", "militia_strength", None, rules.BLOCK,
     "Số dân quân hoàn thành huấn luyện không thể lớn hơn quân số dân quân."),
    ("incidents_handled", "<=", "incidents", None, rules.BLOCK,
     "Số vụ việc đã xử lý không thể lớn hơn số vụ việc xảy ra."),
    ("patrols", ">=", "", 4, rules.WARN,
     "Theo kế hoạch, mỗi tháng tổ chức ít nhất 4 lượt tuần tra, canh gác; nêu lý do ở mục IV."),
]  # fmt: skip
REPORT_MONTHS = [datetime.date(2026, month, 1) for month in range(6, 11)]  # June–October
IN_PROGRESS = datetime.date(2026, 11, 1)  # November: not due until 05/12/2026
# outcome of a month's return: shares for a steady commune and for one that lags
STEADY = {"on_time": 0.86, "late": 0.08, "returned": 0.03, "missing": 0.015, "draft": 0.015}
LAGGING = {"on_time": 0.5, "late": 0.27, "returned": 0.07, "missing": 0.09, "draft": 0.07}
LAGGING_SHARE = 0.15  # of the communes with a Commander (those without one always lag)
OCTOBER_AWAITING = 0.2  # October returns the province has not decided yet
NOVEMBER_STARTED = 0.3  # communes with a November draft so far
#: fixed outcomes of the demo accounts' communes (and a missing October return)
REPORT_FIXED = {
    "Xã Na Son": dict.fromkeys((f"2026-{m:02d}" for m in range(6, 11)), "on_time"),
    "Phường Mường Thanh": {
        "2026-06": "on_time",
        "2026-07": "on_time",
        "2026-08": "late",
        "2026-09": "returned",
        "2026-10": "on_time",
    },
    "Xã Sáng Nhè": {"2026-10": "missing"},
}
NOVEMBER_FIXED = {"Xã Na Son": False, "Phường Mường Thanh": True}
#: why the province returned a report, and the field the commune then corrected
RETURN_REASONS = [
    (
        "Số lượt tuần tra chưa khớp với sổ nhật ký tuần tra, canh gác; đề nghị kiểm tra, báo cáo "
        "lại.",
        "patrols",
    ),
    (
        "Mục IV chưa đánh giá được tình hình địa bàn, chưa nêu kết quả phối hợp với Công an xã; "
        "đề nghị bổ sung.",
        "general_situation",
    ),
    (
        "Số vụ việc xảy ra chưa thống nhất với báo cáo của Công an xã; đề nghị rà soát.",
        "incidents",
    ),
    (
        "Số người được bồi dưỡng kiến thức quốc phòng, an ninh chưa có danh sách kèm theo; đề "
        "nghị bổ sung.",
        "defence_education",
    ),
]
COORDINATION = " Đã phối hợp Công an xã giải quyết dứt điểm các vụ việc phát sinh trong tháng."
SITUATIONS = [
    "Tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn ổn định. Duy trì nghiêm "
    "chế độ trực sẵn sàng chiến đấu, trực chỉ huy; phối hợp Công an xã tuần tra {patrols} lượt.",
    "Mưa lớn kéo dài gây sạt lở cục bộ tại {village}; Ban Chỉ huy Quân sự huy động {helpers} "
    "lượt dân quân giúp nhân dân di dời tài sản, khắc phục hậu quả, không có thiệt hại về người.",
    "Tổ chức huấn luyện dân quân theo kế hoạch năm; duy trì trực dân quân thường trực 100% quân "
    "số; tình hình địa bàn cơ bản ổn định, không phát sinh vụ việc phức tạp.",
    "Phối hợp Đồn Biên phòng, Công an xã tuần tra khu vực biên giới {patrols} lượt; nắm chắc "
    "tình hình, không để xảy ra xuất nhập cảnh trái phép qua địa bàn.",
    "Tham gia tuyên truyền Luật Nghĩa vụ quân sự tại {village}; rà soát công dân trong độ tuổi "
    "sẵn sàng nhập ngũ; tình hình địa bàn ổn định.",
]
PROPOSALS = [
    "Đề nghị Bộ Chỉ huy Quân sự tỉnh bổ sung trang phục dân quân cho trung đội cơ động.",
    "Đề nghị tăng cường bảo đảm phương tiện, vật chất phục vụ phòng chống thiên tai, tìm kiếm cứu "
    "nạn.",
    "Đề nghị sớm bố trí Chỉ huy trưởng Ban Chỉ huy Quân sự xã.",
    "Đề nghị mở lớp bồi dưỡng nghiệp vụ cho trợ lý Ban Chỉ huy Quân sự.",
]


def _when(day: datetime.date, rng, first_hour: int, last_hour: int) -> datetime.datetime:
    """A time on `day` between first_hour:00 and last_hour:59, never later than now."""
    at = local_moment(day, rng.randint(first_hour, last_hour), rng.randint(0, 59))
    return min(at, timezone.now())


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _make_form(province) -> tuple[ReportForm, FormVersion]:
    """The monthly form with version 1 published (an earlier demo form of the same code goes,
    with its returns: `--reset` regenerates them)."""
    old = ReportForm.objects.filter(province=province, code=FORM_CODE)
    SubmissionEvent.objects.filter(submission__form__in=old).delete()
    Submission.objects.filter(form__in=old).delete()
    old.delete()
    form = ReportForm.objects.create(
        province=province,
        code=FORM_CODE,
        name=FORM_NAME,
        period_type=periods.MONTH,
        due_days=5,
        description=FORM_DESCRIPTION,
    )
    version = FormVersion.objects.create(
        form=form,
        number=1,
        published_at=local_moment(PUBLISHED_ON, 10, 15),
        note="Ban hành theo Kế hoạch số 35/KH-BCH ngày 20/5/2026",
    )
    FormField.objects.bulk_create(
        FormField(
            form_version=version,
            section=section,
            order=(n + 1) * 10,
            key=key,
            label=label,
            kind=kind,
            unit=unit,
            indicator=indicator,
            required=required,
            help_text=help_text,
        )
        for n, (section, key, label, kind, unit, indicator, required, help_text) in enumerate(
            FIELDS
        )
    )
    FormRule.objects.bulk_create(
        FormRule(
            form_version=version,
            left=left,
            op=op,
            right_field=right_field,
            right_value=right_value,
            severity=severity,
            message=message,
        )
        for left, op, right_field, right_value, severity, message in RULES
    )
    problems = version_problems(version)
    if problems:
        raise RuntimeError(f"the demo report form cannot be published: {problems}")
    return form, version


class _Figures:
    """The computed fields of every commune for a day: one query per indicator, and the links
    to the rows behind each figure (the command pages' keys read once)."""

    def __init__(self, version: FormVersion, communes) -> None:
        self.ids = [c.pk for c in communes]
        indicators = [(f.key, get_indicator(f.indicator)) for f in version.fields.all()]
        self.fields = [(key, indicator) for key, indicator in indicators if indicator]
        self.commands = dict(
            MilitaryCommand.objects.filter(commune_id__in=self.ids, level="commune").values_list(
                "commune_id", "pk"
            )
        )

    def _url(self, indicator, commune_id: int, on: datetime.date) -> str:
        if indicator.code.startswith("command."):  # its list_url would query per commune
            pk = self.commands.get(commune_id)
            return reverse("commands:command_detail", kwargs={"pk": pk}) if pk else ""
        return (indicator.list_url(commune_id, on) if indicator.list_url else None) or ""

    def on(self, day: datetime.date) -> dict[int, tuple[dict, dict]]:
        """{commune id: (values, sources)} as the registers stood on `day`."""
        result: dict[int, tuple[dict, dict]] = {pk: ({}, {}) for pk in self.ids}
        for key, indicator in self.fields:
            label, source = str(indicator.label), str(indicator.source)
            for commune_id, value in indicator.values(self.ids, day).items():
                values, sources = result[commune_id]
                values[key] = value
                sources[key] = {
                    "indicator": indicator.code,
                    "label": label,
                    "source": source,
                    "as_of": day.isoformat(),
                    "value": value,
                    "url": self._url(indicator, commune_id, day),
                }
        return result


def _typed(rng, commune, villages: list[str], complete: bool = True) -> dict[str, Any]:
    """The figures and texts a commune types for a month (a draft: some left empty)."""
    patrols = rng.randint(8, 20) if commune.is_border else rng.randint(4, 14)
    if rng.random() < 0.06:
        patrols = rng.randint(1, 3)  # breaks the warning rule
    incidents = rng.choices([0, 1, 2, 3, 4], weights=[40, 30, 15, 10, 5])[0]
    values: dict[str, Any] = {
        "patrols": patrols,
        "militia_on_patrol": patrols * rng.randint(3, 6),
        "incidents": incidents,
        "incidents_handled": incidents if rng.random() < 0.85 else max(0, incidents - 1),
        "defence_education": rng.choice([0, 0, rng.randint(15, 140)]),
        "propaganda_sessions": rng.randint(1, 4),
        "general_situation": rng.choice(SITUATIONS).format(
            patrols=patrols,
            village=rng.choice(villages),
            helpers=rng.randint(12, 60),
        ),
        "proposals": rng.choice(PROPOSALS) if rng.random() < 0.3 else None,
    }
    if not complete:  # a draft: the commune stopped part way
        for key in ("incidents_handled", "defence_education", "propaganda_sessions"):
            if rng.random() < 0.6:
                values[key] = None
        values["general_situation"] = None
    return values


def _return_outcome(rng, shares: dict[str, float]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


class _Returns:
    """The returns being generated (bulk-created at the end) with their history lines."""

    def __init__(self, rng, form, version, actor, today: datetime.date) -> None:
        self.rng, self.form, self.version, self.actor, self.today = rng, form, version, actor, today
        self.rules = version.rule_specs()
        self.labels = {s["key"]: s["label"] for s in version.field_specs()}
        self.submissions: list[Submission] = []
        #: per submission: (at, actor id, action, note, changes)
        self.histories: list[list[tuple]] = []
        self.counts = dict.fromkeys(
            ("on_time", "late", "returned", "missing", "draft", "awaiting", "november"), 0
        )

    def add(self, submission: Submission, history: list[tuple]) -> None:
        submission.version = len(history)  # one save per line
        self.submissions.append(submission)
        self.histories.append(history)

    def warnings(self, values: dict) -> list[str]:
        broken = rules.broken_rules(values, self.rules)
        if any(o.blocking for o in broken):
            raise RuntimeError(f"a demo return breaks a blocking rule: {values}")
        return [rule_message(o, self.labels) for o in broken]

    def draft(self, base: dict, computed: tuple, typed: dict, user_id, day: datetime.date):
        """A return started on `day` and left as a draft."""
        values, sources = computed
        created = _when(day, self.rng, 7, 10)
        history = [(created, user_id, SubmissionEvent.Action.CREATED, "", {})]
        history += _saved(created + datetime.timedelta(hours=1), user_id, typed)
        self.add(Submission(**base, values={**typed, **values}, sources=sources), history)

    def made(self, base, computed, typed, user_id, outcome, submit_day, awaiting: bool) -> None:
        """A return submitted on `submit_day`; returned once (then, unless `awaiting`, corrected
        and submitted again) when `outcome` is "returned"; approved unless `awaiting` or the
        decision would fall after today."""
        rng, actor = self.rng, self.actor
        values, sources = computed
        created = _when(submit_day - _days(rng.randint(0, 2)), rng, 7, 10)
        first_submitted = _when(submit_day, rng, 14, 16)
        history = [(created, user_id, SubmissionEvent.Action.CREATED, "", {})]
        history += _saved(_when(submit_day, rng, 11, 13), user_id, typed)
        history.append((first_submitted, user_id, SubmissionEvent.Action.SUBMITTED, "", {}))
        submission = Submission(
            **base,
            values={**typed, **values},
            sources=sources,
            warnings=self.warnings({**typed, **values}),
            first_submitted_at=first_submitted,
            submitted_at=first_submitted,
            submitted_by_id=user_id,
        )
        decide_day = submit_day + _days(rng.randint(1, 4))
        if outcome == "returned":
            returned_at = _when(decide_day, rng, 8, 16)
            reason, key = rng.choice(RETURN_REASONS)
            history.append((returned_at, actor.pk, SubmissionEvent.Action.RETURNED, reason, {}))
            submission.decided_at, submission.decided_by_id = returned_at, actor.pk
            if awaiting or returned_at.date() >= self.today:  # not corrected yet
                submission.state = Submission.State.RETURNED
                submission.return_reason = reason
                self.add(submission, history)
                return
            again_day = decide_day + _days(rng.randint(1, 3))
            before = typed[key]
            if key == "general_situation":
                typed[key] = before + COORDINATION
            else:
                typed[key] = before + rng.randint(1, 3 if key == "incidents" else 20)
            submission.values = {**typed, **values}
            submission.warnings = self.warnings(submission.values)
            history.append(
                (
                    _when(again_day, rng, 8, 11),
                    user_id,
                    SubmissionEvent.Action.SAVED,
                    "",
                    {key: [before, typed[key]]},
                )
            )
            submission.submitted_at = _when(again_day, rng, 14, 16)
            history.append(
                (submission.submitted_at, user_id, SubmissionEvent.Action.SUBMITTED, "", {})
            )
            decide_day = again_day + _days(rng.randint(1, 3))
            awaiting = False  # a corrected return is decided promptly
        if awaiting or decide_day >= self.today:
            submission.state = Submission.State.SUBMITTED
            self.counts["awaiting"] += 1
        else:
            decided = _when(decide_day, rng, 8, 16)
            submission.state = Submission.State.APPROVED
            submission.decided_at, submission.decided_by_id = decided, actor.pk
            history.append((decided, actor.pk, SubmissionEvent.Action.APPROVED, "", {}))
        self.add(submission, history)

    def save(self) -> int:
        """Write the returns, then their history lines: two bulk INSERTs. Returns the lines."""
        Submission.objects.bulk_create(self.submissions, batch_size=500)
        # bulk_create sets the keys on SQLite 3.35+ and PostgreSQL; read them back to be sure
        pk_of = {
            (commune_id, key): pk
            for commune_id, key, pk in Submission.objects.filter(form=self.form).values_list(
                "commune_id", "period_key", "pk"
            )
        }
        events = [
            SubmissionEvent(
                submission_id=pk_of[(s.commune_id, s.period_key)],
                at=at,
                actor_id=actor_id,
                action=action,
                note=note,
                changes=changes,
            )
            for s, history in zip(self.submissions, self.histories, strict=True)
            for at, actor_id, action, note, changes in history
        ]
        SubmissionEvent.objects.bulk_create(events, batch_size=500)
        return len(events)


def prepare_reports(generator, province, communes, actor) -> dict[str, int]:
    rng = generator.rng
    today = timezone.localdate()
    form, version = _make_form(province)
    figures = _Figures(version, communes)
    returns = _Returns(rng, form, version, actor, today)
    counts = returns.counts
    commune_users = dict(User.objects.filter(commune__in=communes).values_list("commune_id", "pk"))
    lagging = {c.pk for c in communes if c.name in NEVER_COMMANDED or c.name == VACATED}
    steady = [c for c in communes if c.pk not in lagging and c.name not in REPORT_FIXED]
    lagging |= {c.pk for c in rng.sample(steady, round(LAGGING_SHARE * len(steady)))}
    villages = {
        c.pk: generator.villages.get(c.pk) or [f"Tổ dân phố {n}" for n in range(1, 7)]
        for c in communes
    }
    with translation.override("vi"):  # the sources' labels and the warnings, as stored
        for month in [*REPORT_MONTHS, IN_PROGRESS]:
            period = periods.period_containing(periods.MONTH, month)
            due = period.due_on(form.due_days)
            computed = figures.on(min(period.end, today))  # one query per indicator
            for commune in communes:
                user_id = commune_users.get(commune.pk)
                base = {
                    "form": form,
                    "form_version": version,
                    "commune_id": commune.pk,
                    "province_id": province.pk,
                    "period_key": period.key,
                    "period_start": period.start,
                    "period_end": period.end,
                    "due_on": due,
                }
                figures_of = computed[commune.pk]
                if month == IN_PROGRESS:
                    if NOVEMBER_FIXED.get(commune.name, rng.random() < NOVEMBER_STARTED):
                        typed = _typed(rng, commune, villages[commune.pk], complete=False)
                        day = period.start + _days(rng.randint(14, 22))
                        returns.draft(base, figures_of, typed, user_id, day)
                        counts["november"] += 1
                    continue
                fixed = REPORT_FIXED.get(commune.name, {}).get(period.key)
                outcome = fixed or _return_outcome(
                    rng, LAGGING if commune.pk in lagging else STEADY
                )
                counts[outcome] += 1
                if outcome == "missing":
                    continue
                if outcome == "draft":
                    typed = _typed(rng, commune, villages[commune.pk], complete=False)
                    day = period.end + _days(rng.randint(1, 6))
                    returns.draft(base, figures_of, typed, user_id, day)
                    continue
                typed = _typed(rng, commune, villages[commune.pk])
                if outcome == "late":
                    submit_day = due + _days(rng.randint(1, 12 if commune.pk in lagging else 6))
                else:
                    submit_day = period.end + _days(rng.randint(0, form.due_days))
                # the province has not yet decided some of October's (never the fixed ones)
                awaiting = (
                    period.key == "2026-10"
                    and commune.name not in REPORT_FIXED
                    and rng.random() < (0.5 if outcome == "returned" else OCTOBER_AWAITING)
                )
                returns.made(base, figures_of, typed, user_id, outcome, submit_day, awaiting)
    events = returns.save()
    return {
        "report_forms": 1,
        "report_returns": len(returns.submissions),
        "report_events": events,
        **{f"report_{name}": n for name, n in counts.items()},
    }


def _saved(at: datetime.datetime, user_id, typed: dict) -> list:
    """The "saved" line of a return's history: the typed values (all new)."""
    changes = {key: [None, value] for key, value in typed.items() if value is not None}
    if not changes:
        return []
    return [(min(at, timezone.now()), user_id, SubmissionEvent.Action.SAVED, "", changes)]
