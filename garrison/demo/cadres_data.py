"""The tables behind the cadres demo of Điện Biên (see `cadres.py`). ALL OF IT IS INVENTED DEMO
DATA: the standards are plan figures chosen to be plausible (LAW.md holds no criteria for
officers), the units, schools, courses, amounts and decisions only look like real ones."""

from __future__ import annotations

import datetime

from garrison.cadres.models import Course, Entitlement, Recognition
from garrison.cadres.rules import Area, PoliticalTheory, Rank, ServiceCategory
from garrison.commands.rules import Position

from .dienbien_data import (  # noqa: F401  (cadres.py reads them here)
    ALWAYS_COMMANDED,
    COMMUNE_PROFILE,
    FORMER_DISTRICT,
    OFFICER_ETHNICITY,
    PROFILES,
    REPLACED,
    REPLACED_ON,
)

R, PT, SC = Rank, PoliticalTheory, ServiceCategory

# --- post standards: DEMO FIGURES, NOT LAW ------------------------------------------------------
DEMO_BASIS = "Demo: plan figures, not law"
#: the Ministry's (province=None): one per post, for every commune
MINISTRY_STANDARDS = [
    {
        "position": Position.COMMANDER,
        "min_age": 25,
        "max_age": 50,
        "min_rank": R.SENIOR_LIEUTENANT,
        "max_rank": R.LIEUTENANT_COLONEL,
        "categories": [SC.REGULAR_OFFICER, SC.RESERVE_OFFICER],
        "min_political_theory": PT.INTERMEDIATE,
        "party_required": True,
        "max_health_class": 2,
        "rotation_years": 5,
    },
    {
        "position": Position.DEPUTY_COMMANDER,
        "min_age": 23,
        "max_age": 50,
        "min_rank": R.SECOND_LIEUTENANT,
        "max_rank": R.MAJOR,
        "min_political_theory": PT.ELEMENTARY,
        "party_required": True,
        "max_health_class": 3,
    },
    {"position": Position.ASSISTANT, "min_age": 20, "max_age": 50, "max_health_class": 3},
]
#: Điện Biên's stricter ones (a candidate must meet these and the Ministry's)
PROVINCE_STANDARDS = [
    {
        "position": Position.COMMANDER,
        "area": Area.BORDER,
        "min_local_military_years": 3,
        "min_political_theory": PT.INTERMEDIATE,
        "basis": "Demo: Điện Biên's plan figures for border communes, not law",
    },
    {
        "position": Position.COMMANDER,
        "area": Area.KEY_DEFENCE,
        "min_rank": R.CAPTAIN,
        "basis": "Demo: Điện Biên's plan figures for key defence-security communes, not law",
    },
]

# --- posts falling vacant within 12 months (on top of the communes without a Commander) --------
AGE_LIMIT_COMMUNE = "Xã Quảng Lâm"  # its Commander turns 51 next year
AGE_LIMIT_BORN = datetime.date(1976, 5, 19)
TERM_END_COMMUNE = "Xã Nậm Kè"  # a reserve officer whose call-up ends
TERM_END = datetime.date(2027, 3, 31)
ROTATION_COMMUNE = "Xã Mường Nhé"  # in post since before the merger: due for rotation
ROTATION_START = datetime.date(2021, 3, 1)
#: border communes whose Commander has no border allowance yet (the "missing" list); everyone
#: else in post in a border or remote commune has the allowance
NO_BORDER_ALLOWANCE = ("Xã Chà Tở", "Xã Sín Thầu")
BORDER_ALLOWANCE = 1_638_000  # VND a month: illustrative figures, not the legal rates
REMOTE_ALLOWANCE = 1_170_000
HOUSING_COUNT = 5  # Commanders from outside the province given official housing

# --- the holders' profiles: by post, then by commune for the three falling vacant ------------
HOLDER = {
    Position.COMMANDER: {"local": (0.8, 6), "low": R.SENIOR_LIEUTENANT,
                         "high": R.LIEUTENANT_COLONEL,
                         "theory": {PT.ADVANCED: 15, PT.INTERMEDIATE: 85},
                         "health": (1, 1, 1, 2, 2)},
    Position.DEPUTY_COMMANDER: {"local": (0.5, 5), "low": R.SECOND_LIEUTENANT, "high": R.MAJOR,
                                "theory": {PT.INTERMEDIATE: 45, PT.ELEMENTARY: 55},
                                "health": (1, 2, 2)},
    Position.ASSISTANT: {"category": SC.CIVIL_SERVANT, "local": (0.3, 2), "low": "", "high": "",
                         "theory": {PT.ELEMENTARY: 60, PT.NONE: 40}, "health": (1, 2, 2, 3)},
}  # fmt: skip
BORDER_COMMANDER_LOCAL = (3.2, 7)  # years: they meet the province's border standard
DEPUTY_CATEGORIES = {SC.REGULAR_OFFICER: 70, SC.RESERVE_OFFICER: 18, SC.PROFESSIONAL_SOLDIER: 12}
#: the highest rank by category (a reserve officer or professional soldier rises slower)
CATEGORY_HIGH = {SC.RESERVE_OFFICER: R.SENIOR_LIEUTENANT, SC.PROFESSIONAL_SOLDIER: R.CAPTAIN}
OVERRIDES = {
    AGE_LIMIT_COMMUNE: {"local": (2.5, 2.5), "low": R.LIEUTENANT_COLONEL},  # from a division
    TERM_END_COMMUNE: {"category": SC.RESERVE_OFFICER, "local": (1, 2), "low": R.CAPTAIN,
                       "high": R.CAPTAIN},
}  # fmt: skip
NOTES = {
    SC.REGULAR_OFFICER: "Sĩ quan thường trực",
    SC.RESERVE_OFFICER: "Sĩ quan dự bị gọi vào phục vụ tại ngũ",
    SC.PROFESSIONAL_SOLDIER: "Quân nhân chuyên nghiệp",
}
ROTATION_NOTE = "Sĩ quan thường trực; Chỉ huy trưởng xã Mường Nhé từ trước sáp nhập"

# --- careers ---------------------------------------------------------------------------------
#: years after commissioning at which each rank is usually reached (plus a random delay)
RANK_YEARS = {R.SECOND_LIEUTENANT: 0, R.FIRST_LIEUTENANT: 2, R.SENIOR_LIEUTENANT: 5,
              R.CAPTAIN: 8, R.MAJOR: 12, R.LIEUTENANT_COLONEL: 16,
              R.SENIOR_LIEUTENANT_COLONEL: 20, R.COLONEL: 24}  # fmt: skip
#: (regiment or brigade, its division or parent): where regular officers served before
ARMY_UNITS = [
    ("Trung đoàn 148", "Sư đoàn 316"),
    ("Trung đoàn 174", "Sư đoàn 316"),
    ("Trung đoàn 98", "Sư đoàn 316"),
    ("Lữ đoàn Pháo binh 168", "Quân khu 2"),
    ("Trung đoàn 82", "Bộ CHQS tỉnh Điện Biên"),
    ("Tiểu đoàn Huấn luyện – Cơ động", "Bộ CHQS tỉnh Điện Biên"),
]
SCHOOLS = {
    SC.REGULAR_OFFICER: [
        "Trường Sĩ quan Lục quân 1",
        "Trường Sĩ quan Lục quân 1",
        "Trường Sĩ quan Lục quân 1",
        "Trường Sĩ quan Chính trị",
        "Trường Sĩ quan Pháo binh",
    ],
    SC.RESERVE_OFFICER: ["Đào tạo sĩ quan dự bị — Trường Quân sự Quân khu 2"],
    SC.PROFESSIONAL_SOLDIER: ["Trung cấp chuyên nghiệp — Trường Quân sự Quân khu 2"],
    SC.CIVIL_SERVANT: ["Cao đẳng ngành Quân sự cơ sở — Trường Quân sự Quân khu 2"],
}
#: junior, deputy and senior post in a company, by category
ARMY_TITLES = {
    SC.REGULAR_OFFICER: ("Trung đội trưởng", "Phó Đại đội trưởng", "Đại đội trưởng"),
    SC.PROFESSIONAL_SOLDIER: ("Tiểu đội trưởng", "Nhân viên trinh sát", "Nhân viên trinh sát"),
}
#: the posts after a company, five years each at most (the last one until local work)
STAFF_LADDER = [
    ("Trợ lý Tác chiến", "Ban Tham mưu, {regiment}, {parent}"),
    ("Phó Tiểu đoàn trưởng", "Tiểu đoàn {n}, {regiment}, {parent}"),
    ("Tiểu đoàn trưởng", "Tiểu đoàn {n}, {regiment}, {parent}"),
    ("Phó Tham mưu trưởng", "{regiment}, {parent}"),
]
SENIOR_SCHOOL = "Học viện Lục quân"  # a Major or above has been there too
#: the regional defence commands that replaced the district commands on 01/07/2025, by the
#: former district's profile (see dienbien_data.COMMUNE_PROFILE)
DEFENCE_AREA = {
    "city": 1,
    "dien_bien": 1,
    "muong_nhe": 2,
    "nam_po": 2,
    "muong_cha": 2,
    "muong_lay": 2,
    "tua_chua": 3,
    "tuan_giao": 3,
    "muong_ang": 3,
    "dien_bien_dong": 4,
}
DISTRICTS_DISSOLVED = datetime.date(2025, 7, 1)
LOCAL_TITLES = ["Trợ lý Tác chiến", "Trợ lý Dân quân tự vệ", "Trợ lý Quân lực", "Trợ lý Động viên"]
MASS_MOBILISATION_NOTES = [
    "Nói thạo tiếng dân tộc; được già làng, trưởng bản tín nhiệm.",
    "Từng là thành viên đội công tác dân vận của đơn vị; nắm chắc phong tục tập quán địa bàn.",
    "Có uy tín với nhân dân; tham gia vận động đồng bào không di cư tự do, không nghe kẻ xấu.",
]

# --- the pool: cadres without a post (generated with the demo's person generator) ------------
#: (count, kind, spec): rank bounds, theory, Party, health classes, years of local military
#: work; `fails` is for the reader: what keeps them from some posts
POOL = [
    (31, "ready", {"born": (1986, 1997), "low": R.SENIOR_LIEUTENANT, "high": R.MAJOR,
                   "theory": PT.INTERMEDIATE, "advanced": 0.2, "local": (0.5, 2.5)}),
    (1, "veteran", {"born": (1982, 1984), "low": R.MAJOR, "high": R.MAJOR,
                    "theory": PT.INTERMEDIATE, "local": (6.5, 8.5), "mass": True}),
    (3, "local_elementary", {"born": (1985, 1991), "low": R.SENIOR_LIEUTENANT, "high": R.MAJOR,
                             "theory": PT.ELEMENTARY, "local": (4, 9)}),  # fails Commander
    (2, "local_junior", {"born": (1993, 1996), "low": R.SENIOR_LIEUTENANT,
                         "high": R.SENIOR_LIEUTENANT, "theory": PT.INTERMEDIATE,
                         "local": (3, 5)}),  # fails the key defence-security communes
    (3, "no_party", {"born": (1990, 1998), "low": R.FIRST_LIEUTENANT, "high": R.CAPTAIN,
                     "theory": PT.ELEMENTARY, "party": False, "local": (0.5, 3)}),
    (1, "no_theory", {"born": (1996, 1999), "low": R.SECOND_LIEUTENANT,
                      "high": R.FIRST_LIEUTENANT, "theory": PT.NONE, "local": (0, 1)}),
    (2, "health", {"born": (1984, 1990), "low": R.CAPTAIN, "high": R.MAJOR,
                   "theory": PT.INTERMEDIATE, "health": (3, 3), "local": (1, 3)}),
    (2, "too_old", {"born": (1973, 1974), "low": R.LIEUTENANT_COLONEL,
                    "high": R.LIEUTENANT_COLONEL, "theory": PT.INTERMEDIATE,
                    "local": (2, 2.9)}),
    (4, "junior", {"born": (1998, 2001), "low": R.SECOND_LIEUTENANT,
                   "high": R.FIRST_LIEUTENANT, "theory": PT.ELEMENTARY, "local": (0, 1)}),
    (4, "reserve", {"category": SC.RESERVE_OFFICER, "born": (1988, 1995),
                    "low": R.SECOND_LIEUTENANT, "high": R.SENIOR_LIEUTENANT,
                    "theory": PT.ELEMENTARY, "local": (1, 4)}),
    (3, "professional", {"category": SC.PROFESSIONAL_SOLDIER, "born": (1987, 1994),
                         "low": R.FIRST_LIEUTENANT, "high": R.CAPTAIN,
                         "theory": PT.ELEMENTARY, "local": (0.5, 2)}),
    (2, "lieutenant_colonel", {"born": (1980, 1982), "low": R.LIEUTENANT_COLONEL,
                               "high": R.LIEUTENANT_COLONEL, "theory": PT.ADVANCED,
                               "local": (0.5, 2.5)}),  # too senior for Deputy
    (2, "studying", {"born": (1988, 1993), "low": R.CAPTAIN, "high": R.MAJOR,
                     "theory": PT.INTERMEDIATE, "local": (2, 4), "studying": True}),
]  # fmt: skip

# --- decisions (issued with the cadres services) -----------------------------------------------
SIGNER_TITLE = "Chỉ huy trưởng Bộ CHQS tỉnh"
PROMOTION_SIGNED = datetime.date(2026, 9, 24)
PROMOTION_EFFECTIVE = datetime.date(2026, 10, 1)
TRANSFER_SIGNED = datetime.date(2026, 10, 20)
TRANSFER_EFFECTIVE = datetime.date(2026, 11, 1)
TRANSFER_REASON = (
    "Tăng cường Phó Chỉ huy trưởng cho {command}{why}, theo đề nghị của Phòng Chính trị"
)
PROMOTION_REASON = "Đủ tiêu chuẩn, điều kiện và thời hạn xét thăng quân hàm"

# --- political bodies ------------------------------------------------------------------------
PARTY_CONGRESS = datetime.date(2025, 8, 20)  # the commune Party congresses, term 2025–2030
COUNCIL_ELECTION = datetime.date(2026, 3, 15)  # People's Councils, term 2026–2031

# --- development -------------------------------------------------------------------------------
RANK_NAMES = {R.SENIOR_LIEUTENANT: "Thượng úy", R.CAPTAIN: "Đại úy"}
NEED_THEORY = "Học trung cấp lý luận chính trị"
NEED_RANK = "Đủ thời hạn xét thăng quân hàm {rank}"
NEED_LOCAL = "Tích lũy kinh nghiệm công tác quân sự địa phương ở xã biên giới"
NEED_READY = "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3"
#: whom each third of the succession plans names: deputies of the commune, then the pool
PLAN_KINDS = [
    ("deputy", "ready", "veteran"),
    ("ready", "lieutenant_colonel", "studying"),
    ("junior", "local_junior", "local_elementary"),
]
PLAN_TERM = "2025–2030"
COURSES = {
    "advanced": {
        "title": "Cao cấp lý luận chính trị (hệ không tập trung) khóa 2026–2027",
        "kind": Course.Kind.POLITICAL_THEORY,
        "theory_level": PT.ADVANCED,
        "provider": "Học viện Chính trị quốc gia Hồ Chí Minh — Phân viện khu vực I",
        "starts_on": datetime.date(2026, 3, 9),
        "ends_on": datetime.date(2027, 9, 30),
        "places": 10,
    },
    "intermediate": {
        "title": "Trung cấp lý luận chính trị – hành chính khóa 2026",
        "kind": Course.Kind.POLITICAL_THEORY,
        "theory_level": PT.INTERMEDIATE,
        "provider": "Trường Chính trị tỉnh Điện Biên",
        "starts_on": datetime.date(2026, 2, 23),
        "ends_on": datetime.date(2026, 10, 30),
        "places": 40,
    },
    "refresher": {
        "title": "Tập huấn Chỉ huy trưởng, Phó Chỉ huy trưởng Ban CHQS cấp xã năm 2026",
        "kind": Course.Kind.REFRESHER,
        "theory_level": "",
        "provider": "Trường Quân sự Quân khu 2",
        "starts_on": datetime.date(2026, 11, 9),
        "ends_on": datetime.date(2026, 12, 4),
        "places": 45,
    },
    "academy": {
        "title": "Đào tạo chính trị viên cấp trung, sư đoàn khóa 2026–2028",
        "kind": Course.Kind.POLITICAL_THEORY,
        "theory_level": PT.ADVANCED,
        "provider": "Học viện Chính trị, Bộ Quốc phòng",
        "starts_on": datetime.date(2026, 6, 15),
        "ends_on": datetime.date(2028, 6, 30),
        "places": 5,
    },
}
EVALUATION_YEAR = 2025
RATINGS = {"excellent": 25, "good": 57, "completed": 18}  # and one "not_completed"
COMMENDATION = {
    "kind": Recognition.Kind.COMMENDATION,
    "form": "Bằng khen của Bộ Tư lệnh Quân khu 2",
    "decided_on": datetime.date(2026, 1, 8),
    "decision_number": "52/QĐ-BTL",
    "issued_by": "Bộ Tư lệnh Quân khu 2",
    "reason": "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ quân sự, quốc phòng năm 2025",
}
CERTIFICATE = {
    "kind": Recognition.Kind.COMMENDATION,
    "form": "Giấy khen của Chỉ huy trưởng Bộ CHQS tỉnh",
    "decided_on": datetime.date(2026, 10, 12),
    "decision_number": "1187/QĐ-BCH",
    "issued_by": "Bộ Chỉ huy Quân sự tỉnh Điện Biên",
    "reason": "Hoàn thành xuất sắc nhiệm vụ diễn tập khu vực phòng thủ xã năm 2026",
}
DISCIPLINE = {
    "kind": Recognition.Kind.DISCIPLINE,
    "form": "Khiển trách",
    "decided_on": datetime.date(2026, 3, 2),
    "decision_number": "318/QĐ-BCH",
    "issued_by": "Bộ Chỉ huy Quân sự tỉnh Điện Biên",
    "reason": (
        "Không duy trì đủ quân số trực sẵn sàng chiến đấu dịp Tết Nguyên đán Bính Ngọ 2026 "
        "theo Chỉ thị 02/CT-BCH"
    ),
}
ENTITLEMENT_BORDER = {
    "kind": Entitlement.Kind.BORDER_ALLOWANCE,
    "monthly_amount": BORDER_ALLOWANCE,
    "basis": "Demo: phụ cấp công tác ở xã biên giới (mức minh họa)",
    "note": "Mức minh họa của bản demo, không phải mức quy định.",
}
ENTITLEMENT_REMOTE = {
    "kind": Entitlement.Kind.REMOTE_ALLOWANCE,
    "monthly_amount": REMOTE_ALLOWANCE,
    "basis": "Demo: phụ cấp công tác ở xã đặc biệt khó khăn (mức minh họa)",
    "note": "Mức minh họa của bản demo, không phải mức quy định.",
}
ENTITLEMENT_HOUSING = {
    "kind": Entitlement.Kind.HOUSING,
    "basis": "Demo: nhà ở công vụ cho sĩ quan quê ngoài tỉnh",
}

# --- the placement proposal waiting for the province staff ---------------------------------------
RUN_TITLE = "Bổ sung Chỉ huy trưởng, Phó Chỉ huy trưởng quý I/2027"
RUN_EFFECTIVE = datetime.date(2027, 1, 1)
RUN_HORIZON = datetime.date(2027, 12, 31)
