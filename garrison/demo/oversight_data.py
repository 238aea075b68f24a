"""Texts of the demo's oversight (issue 19) for Điện Biên: the 2026 inspection plan, its checklist,
three inspections with their findings and corrective actions, the review of the first year of the
two-tier model and the lessons drawn — Vietnamese data as the province would write it, not strings
of the interface. EVERYTHING HERE IS INVENTED, like the rest of the demo (see dienbien.py)."""

from __future__ import annotations

import datetime

YEAR = 2026
PLAN_TITLE = "Kế hoạch kiểm tra, giám sát công tác quân sự, quốc phòng địa phương năm 2026"
PLAN_DECISION = "QĐ số 45/QĐ-BCH"
PLAN_APPROVED_ON = datetime.date(2026, 1, 20)
PLAN_NOTES = (
    "Kiểm tra, giám sát các Ban Chỉ huy Quân sự cấp xã sau sắp xếp, ưu tiên các xã biên giới và "
    "các xã có nhiều khó khăn; tập trung vào xây dựng lực lượng dân quân tự vệ, kiện toàn tổ "
    "chức, sẵn sàng chiến đấu, phòng thủ dân sự và chế độ báo cáo."
)

CHECKLIST_NAME = "Kiểm tra toàn diện Ban Chỉ huy Quân sự cấp xã"
CHECKLIST_DESCRIPTION = (
    "Danh mục nội dung kiểm tra Ban Chỉ huy Quân sự xã, phường, đặc khu sau sắp xếp; áp dụng "
    "cho các cuộc kiểm tra, giám sát theo kế hoạch năm 2026 của Bộ Chỉ huy Quân sự tỉnh."
)
#: (area, point to check): the published version 1 of the checklist
CHECKLIST_ITEMS = [
    ("organisation", "Ban Chỉ huy Quân sự xã được kiện toàn đủ chức danh theo quy định"),
    ("organisation", "Chỉ huy trưởng là sĩ quan thường trực, có quyết định bổ nhiệm"),
    ("militia", "Sổ danh sách dân quân tự vệ cập nhật đầy đủ, đúng thực tế"),
    ("militia", "Kế hoạch và kết quả huấn luyện dân quân năm 2026 đủ nội dung, thời gian"),
    ("reserve", "Đăng ký, quản lý quân nhân dự bị và phương tiện kỹ thuật dự bị"),
    ("conscription", "Đăng ký nghĩa vụ quân sự lần đầu, bổ sung đúng thời hạn"),
    ("readiness", "Kế hoạch sẵn sàng chiến đấu, trực sẵn sàng chiến đấu dịp lễ, Tết"),
    ("defence_works", "Quản lý, bảo quản công trình khu vực phòng thủ trên địa bàn"),
    ("civil_defence", "Phương án phòng chống thiên tai, sơ tán dân cư được cập nhật"),
    ("education", "Bồi dưỡng kiến thức quốc phòng và an ninh cho các đối tượng"),
    ("reporting", "Thực hiện chế độ báo cáo định kỳ, trả lời chỉ thị đúng hạn"),
    ("finance", "Quản lý vũ khí, trang bị, tài chính, hậu cần đúng quy định"),
]

INSPECTORS_OUTSIDE = [
    "Thượng tá Lê Văn Bình, Phó Tham mưu trưởng, Bộ Chỉ huy Quân sự tỉnh",
    "Trung tá Cầm Văn Duy, Trợ lý dân quân tự vệ, Phòng Tham mưu",
    "Thiếu tá Vũ Thị Lan, Trợ lý tài chính, Phòng Hậu cần – Kỹ thuật",
    "Ông Lò Văn Hưởng, Chuyên viên, Ban Tổ chức Tỉnh ủy",
]
LEAD = "Thượng tá Lê Văn Bình"

#: the three inspections done in 2026. Each finding: (commune, severity, area, description,
#: evidence, fate) where fate is "verified", "answered", "returned", "open", "overdue" (its
#: action) or "closed" (closed without action, with the reason). The checklist item of the
#: finding's area is answered "not met" (serious) or "partly met" in that commune.
INSPECTIONS = [
    {
        "kind": "inspection",
        "title": "Kiểm tra công tác xây dựng, huấn luyện lực lượng dân quân tự vệ năm 2026",
        "decision": "QĐ số 112/QĐ-BCH",
        "starts_on": datetime.date(2026, 4, 14),
        "ends_on": datetime.date(2026, 4, 17),
        "communes": ["Xã Sín Thầu", "Xã Mường Nhé"],
        "outside": [0, 1],
        "conclusion": (
            "Hai Ban Chỉ huy Quân sự xã cơ bản thực hiện tốt công tác xây dựng, huấn luyện dân "
            "quân tự vệ năm 2026; lực lượng dân quân thường trực, cơ động duy trì nghiêm chế độ "
            "sẵn sàng chiến đấu. Còn một số tồn tại về quản lý sổ sách và biên chế tiểu đội dân "
            "quân thường trực, yêu cầu khắc phục theo các kiến nghị."
        ),
        "findings": [
            (
                "Xã Sín Thầu",
                "moderate",
                "militia",
                "Sổ danh sách dân quân tự vệ chưa cập nhật 04 đồng chí đã chuyển đi khỏi địa bàn "
                "từ quý IV/2025.",
                "Đối chiếu sổ danh sách với danh sách hộ khẩu, xác nhận của Công an xã.",
                "verified",
            ),
            (
                "Xã Mường Nhé",
                "serious",
                "militia",
                "Tiểu đội dân quân thường trực thiếu 03 đồng chí so với biên chế; chưa có kế hoạch "
                "bổ sung.",
                "Biên bản kiểm tra quân số ngày 15/04/2026.",
                "verified",
            ),
            (
                "Xã Mường Nhé",
                "minor",
                "reporting",
                "Báo cáo tháng 02 và tháng 3/2026 gửi chậm 2 ngày so với quy định.",
                "Sổ theo dõi văn bản đến của Phòng Tham mưu.",
                "closed",
            ),
        ],
    },
    {
        "kind": "supervision",
        "title": "Giám sát việc kiện toàn Ban Chỉ huy Quân sự cấp xã sau sắp xếp",
        "decision": "QĐ số 298/QĐ-BCH",
        "starts_on": datetime.date(2026, 7, 21),
        "ends_on": datetime.date(2026, 7, 23),
        "communes": ["Phường Mường Thanh", "Xã Mường Phăng"],
        "outside": [0, 3],
        "conclusion": (
            "Ban Chỉ huy Quân sự phường Mường Thanh và xã Mường Phăng đã được kiện toàn, trụ sở "
            "làm việc bảo đảm; Chỉ huy trưởng là sĩ quan thường trực. Xã Mường Phăng chưa có "
            "Phó Chỉ huy trưởng; phường Mường Thanh cần cập nhật phương án phòng chống thiên "
            "tai theo địa giới mới."
        ),
        "findings": [
            (
                "Xã Mường Phăng",
                "moderate",
                "organisation",
                "Chưa bố trí Phó Chỉ huy trưởng Ban Chỉ huy Quân sự xã; hồ sơ đề nghị bổ nhiệm "
                "chưa hoàn thiện.",
                "Quyết định kiện toàn Ban Chỉ huy Quân sự xã; danh sách cán bộ hiện có.",
                "answered",
            ),
            (
                "Phường Mường Thanh",
                "minor",
                "civil_defence",
                "Phương án phòng chống thiên tai và tìm kiếm cứu nạn chưa cập nhật theo địa giới "
                "hành chính mới sau sắp xếp.",
                "Phương án năm 2025 của các phường cũ.",
                "verified",
            ),
        ],
    },
    {
        "kind": "inspection",
        "title": "Kiểm tra toàn diện công tác quân sự, quốc phòng địa phương tại Xã Na Son",
        "decision": "QĐ số 415/QĐ-BCH",
        "starts_on": datetime.date(2026, 10, 13),
        "ends_on": datetime.date(2026, 10, 15),
        "communes": ["Xã Na Son"],
        "outside": [1, 2],
        "conclusion": (
            "Ban Chỉ huy Quân sự xã Na Son hoàn thành cơ bản các nhiệm vụ quân sự, quốc phòng "
            "năm 2026; lực lượng dân quân nắm chắc địa bàn. Tồn tại: phương án sơ tán chưa bao "
            "quát hết các bản, bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 1 chưa thực "
            "hiện, kế hoạch huấn luyện còn thiếu nội dung, sổ theo dõi vũ khí trang bị chưa "
            "đúng mẫu. Yêu cầu Ban Chỉ huy Quân sự xã khắc phục đúng thời hạn."
        ),
        "findings": [
            (
                "Xã Na Son",
                "serious",
                "civil_defence",
                "{village} chưa được bố trí khu sơ tán trong phương án sơ tán dân cư của xã.",
                "Phương án sơ tán của xã; danh sách khu sơ tán và các bản được tiếp nhận.",
                "overdue",
            ),
            (
                "Xã Na Son",
                "moderate",
                "education",
                "Bí thư Đảng ủy xã (đối tượng 1) chưa tham gia bồi dưỡng kiến thức quốc phòng và "
                "an ninh theo quy định.",
                "Danh sách cán bộ đối tượng 1–4 và kết quả bồi dưỡng của xã.",
                "returned",
            ),
            (
                "Xã Na Son",
                "moderate",
                "militia",
                "Kế hoạch huấn luyện dân quân năm 2026 thiếu nội dung huấn luyện phòng chống "
                "thiên tai, tìm kiếm cứu nạn.",
                "Kế hoạch huấn luyện năm 2026 của Ban Chỉ huy Quân sự xã.",
                "answered",
            ),
            (
                "Xã Na Son",
                "minor",
                "finance",
                "Sổ theo dõi vũ khí, trang bị của dân quân chưa đúng mẫu, thiếu chữ ký bàn giao.",
                "Sổ theo dõi vũ khí, trang bị năm 2025–2026.",
                "verified",
            ),
        ],
    },
]

#: the action each finding asks for (by its area) and, for those answered, what was done
ACTIONS = {
    "militia": (
        "Rà soát, cập nhật sổ danh sách dân quân tự vệ và kế hoạch huấn luyện; báo cáo kết quả "
        "về Bộ Chỉ huy Quân sự tỉnh (qua Phòng Tham mưu).",
        "Đã rà soát, cập nhật đầy đủ; bổ sung nội dung còn thiếu, trình Chủ tịch UBND xã phê "
        "duyệt.",
        "Bản sao sổ danh sách, kế hoạch đã phê duyệt (lưu tại Ban Chỉ huy Quân sự xã).",
    ),
    "organisation": (
        "Hoàn thiện hồ sơ, đề nghị bổ nhiệm Phó Chỉ huy trưởng Ban Chỉ huy Quân sự xã.",
        "Đã hoàn thiện hồ sơ, gửi tờ trình đề nghị bổ nhiệm về Bộ Chỉ huy Quân sự tỉnh.",
        "Tờ trình số 27/TTr-BCH và hồ sơ cán bộ kèm theo.",
    ),
    "civil_defence": (
        "Cập nhật phương án phòng chống thiên tai, sơ tán dân cư; bố trí khu sơ tán cho các "
        "thôn, bản còn thiếu.",
        "Đã cập nhật phương án theo địa giới mới, UBND phê duyệt.",
        "Quyết định phê duyệt phương án của UBND.",
    ),
    "education": (
        "Cử Bí thư Đảng ủy xã tham gia lớp bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 1 "
        "gần nhất.",
        "Đã có văn bản đăng ký cử đồng chí Bí thư Đảng ủy xã tham gia lớp bồi dưỡng.",
        "Công văn đăng ký số 18/CV-ĐU.",
    ),
    "finance": (
        "Lập lại sổ theo dõi vũ khí, trang bị đúng mẫu, đủ chữ ký bàn giao.",
        "Đã lập lại sổ theo mẫu, đủ chữ ký của người giao, người nhận.",
        "Sổ theo dõi vũ khí, trang bị mới lập.",
    ),
}
CLOSED_REASON = (
    "Xã đã gửi bù báo cáo trong thời gian kiểm tra, từ tháng 4/2026 gửi đúng hạn; không cần "
    "biện pháp khắc phục."
)
RETURNED_NOTE = (
    "Mới có văn bản đăng ký, chưa có giấy chứng nhận hoàn thành bồi dưỡng: đề nghị gửi lại khi "
    "đồng chí Bí thư Đảng ủy xã hoàn thành lớp học."
)
ANSWER_NOTE = "Chưa đạt: xem kết luận và kiến nghị của đoàn kiểm tra."
VERIFIED_NOTE = "Đã kiểm tra hồ sơ, kết quả khắc phục bảo đảm yêu cầu."

# --- the review of the first year of the two-tier model -------------------------------------------
REVIEW_TITLE = (
    "Sơ kết 01 năm thực hiện mô hình chính quyền địa phương hai cấp trong công tác quân sự, "
    "quốc phòng địa phương"
)
REVIEW_PERIOD = (datetime.date(2025, 7, 1), datetime.date(2026, 6, 30))
REVIEW_HELD_ON = datetime.date(2026, 7, 10)
REVIEW_SCOPE = (
    "45 Ban Chỉ huy Quân sự xã, phường trên địa bàn tỉnh Điện Biên, từ ngày 01/07/2025 (các đơn "
    "vị hành chính cấp xã mới hoạt động, Ban Chỉ huy Quân sự cấp huyện giải thể) đến ngày "
    "30/06/2026: tổ chức, biên chế; xây dựng lực lượng dân quân tự vệ, dự bị động viên; tuyển "
    "quân; sẵn sàng chiến đấu; chế độ báo cáo."
)
#: the figures the review quotes (codes of the indicator registry), summed over the communes
REVIEW_FIGURES = [
    "command.commander_filled",
    "militia.strength",
    "reserve.registered",
    "service.registered",
    "enlistment.quota",
    "enlistment.enlisted",
]
REVIEW_CONCLUSIONS = (
    "1. Sau 01 năm, 45 Ban Chỉ huy Quân sự cấp xã đi vào hoạt động ổn định; tại thời điểm sơ "
    "kết có {commanders}/45 Ban Chỉ huy Quân sự xã có Chỉ huy trưởng là sĩ quan thường trực.\n"
    "2. Lực lượng dân quân tự vệ được củng cố, {militia} đồng chí; {reservists} quân nhân dự bị "
    "được đăng ký, quản lý; tuyển quân năm 2026: {enlisted} công dân nhập ngũ (chỉ tiêu "
    "{quota}).\n"
    "3. Tồn tại: một số xã chưa đủ Phó Chỉ huy trưởng; phương án sơ tán, phòng chống thiên tai "
    "chưa cập nhật theo địa giới mới; chế độ báo cáo ở một số xã vùng sâu còn chậm.\n"
    "4. Phương hướng: hoàn thành kiện toàn các chức danh trong năm 2026; nhân rộng các mô hình "
    "hiệu quả ở các xã biên giới, vùng cao."
)

#: lessons and effective models: kind, title, topic, tags, the kinds of commune they suit (border,
#: mountain), the commune they came from, body, source ("review"; "inspection": the Na Son
#: inspection; "incident": the forest fire), and the communes a model was replicated in with
#: (result, note)
LESSONS = [
    {
        "kind": "model",
        "title": 'Mô hình "Tổ dân quân tự quản đường biên, mốc quốc giới"',
        "topic": "militia",
        "tags": "dân quân, biên giới, mốc quốc giới, đồn biên phòng, tuần tra",
        "border": True,
        "mountain": True,
        "origin": "Xã Sín Thầu",
        "source": "review",
        "body": (
            "Mỗi bản giáp biên lập một tổ dân quân tự quản 5–7 người, nhận một đoạn đường biên và "
            "các mốc quốc giới; tuần tra hằng tuần cùng Đồn Biên phòng, ghi sổ nhật ký, báo ngay "
            "về Ban Chỉ huy Quân sự xã khi có người, phương tiện qua lại trái phép. Sau một năm "
            "không để xảy ra vụ việc xâm phạm mốc; nắm chắc tình hình người di cư tự do."
        ),
        "replications": [
            ("Xã Mường Nhé", "succeeded", "Lập 6 tổ tự quản; 2 lần phát hiện, báo kịp thời."),
            ("Xã Nà Hỳ", "under_way", "Đã lập 3 tổ, đang tổ chức tuần tra chung."),
        ],
    },
    {
        "kind": "lesson",
        "title": "Kiện toàn Ban Chỉ huy Quân sự xã: bố trí Chỉ huy trưởng trước, ngay sau sắp xếp",
        "topic": "organisation",
        "tags": "kiện toàn, Chỉ huy trưởng, sĩ quan thường trực, sắp xếp",
        "border": False,
        "mountain": True,
        "origin": None,
        "source": "review",
        "body": (
            "Những xã có Chỉ huy trưởng là sĩ quan thường trực ngay từ tháng đầu sau sắp xếp giữ "
            "được nền nếp trực sẵn sàng chiến đấu và chế độ báo cáo; các xã để trống chức danh "
            "trên 3 tháng đều chậm báo cáo. Bài học: điều động sĩ quan thường trực giữ chức Chỉ "
            "huy trưởng trước, rồi mới kiện toàn các chức danh khác."
        ),
        "replications": [],
    },
    {
        "kind": "model",
        "title": 'Mô hình "Dân quân giúp dân làm nhà Đại đoàn kết"',
        "topic": "mass_mobilisation",
        "tags": "dân vận, dân quân, nhà Đại đoàn kết, hộ nghèo",
        "border": True,
        "mountain": True,
        "origin": "Xã Na Son",
        "source": "review",
        "body": (
            "Ban Chỉ huy Quân sự xã phối hợp Mặt trận Tổ quốc, Hội Liên hiệp Phụ nữ huy động dân "
            "quân góp ngày công làm nhà Đại đoàn kết cho hộ nghèo; mỗi nhà 15–20 ngày công. Gắn "
            "kết quân dân, dân tin tưởng báo tin về an ninh trật tự trên địa bàn."
        ),
        "replications": [],
    },
    {
        "kind": "lesson",
        "title": "Tuần tra chung với Công an xã dịp lễ, Tết theo Nghị định 03/2019/NĐ-CP",
        "topic": "patrols",
        "tags": "tuần tra, Công an xã, phối hợp, lễ Tết",
        "border": True,
        "mountain": False,
        "origin": "Phường Mường Thanh",
        "source": "review",
        "body": (
            "Ký kế hoạch phối hợp với Công an xã ngay từ đầu năm, thống nhất lịch tuần tra chung "
            "và số điện thoại trực; dịp lễ, Tết tăng tần suất lên 3 lần mỗi tuần. Các xã làm tốt "
            "giảm rõ các vụ gây rối trật tự."
        ),
        "replications": [],
    },
    {
        "kind": "lesson",
        "title": "Phòng cháy rừng mùa khô: tổ canh lửa ở điểm cao, đường băng làm trước mùa",
        "topic": "civil_defence",
        "tags": "cháy rừng, phòng thủ dân sự, mùa khô, dân quân tại chỗ",
        "border": False,
        "mountain": True,
        "origin": "Xã Mường Phăng",
        "source": "incident",
        "body": (
            "Từ vụ cháy rừng thông ở xã Mường Phăng: bố trí tổ canh lửa ở các điểm cao những ngày "
            "nắng nóng, gió Lào; phát dọn đường băng cản lửa trước mùa khô; phổ biến số điện "
            "thoại trực của Ban Chỉ huy Quân sự xã đến từng trưởng bản để tin báo không chậm."
        ),
        "replications": [],
    },
    {
        "kind": "lesson",
        "title": "Cập nhật phương án sơ tán sau khi sắp xếp thôn, bản",
        "topic": "civil_defence",
        "tags": "sơ tán, phương án, thôn bản, sạt lở",
        "border": False,
        "mountain": True,
        "origin": "Xã Na Son",
        "source": "inspection",
        "body": (
            "Kiểm tra tại xã Na Son cho thấy phương án sơ tán lập trước khi sắp xếp bỏ sót bản "
            "mới nhập. Mỗi khi thôn, bản thay đổi phải rà lại danh sách khu sơ tán và các bản "
            "được tiếp nhận, nhất là các bản ở vùng có nguy cơ sạt lở."
        ),
        "replications": [],
    },
]

# --- the 2026 assessment --------------------------------------------------------------------------
#: the target (a percentage for a rate, else in the measure's unit) and the weight of each measure
#: the province assesses its communes on in 2026 (a measure whose indicators are not registered
#: is left out)
CRITERIA = {
    "command.commander_post": (1, 10),
    "enlistment.quota_fulfilled": (100, 15),
    "militia.strength_vs_establishment": (95, 10),
    "militia.training_completion": (90, 10),
    "reserve.assigned_share": (90, 5),
    "reserve.checked_share": (80, 5),
    "reporting.reports_on_time": (95, 10),
    "reporting.directives_on_time": (90, 5),
    "readiness.plans_filed": (100, 10),
    "readiness.patrols_against_target": (100, 5),
    "incidents.sitreps_on_time": (100, 5),
    "oversight.findings_corrected_on_time": (100, 5),
    "works.ready_share": (90, 5),
}
