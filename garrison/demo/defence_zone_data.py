"""Texts of the demo's defensive zone (issue 18) for Điện Biên: works, inspections, education,
the Tết programme — Vietnamese data as the commands would write it, not strings of the
interface. EVERYTHING HERE IS INVENTED, like the rest of the demo (see dienbien.py)."""

from __future__ import annotations

import datetime

#: the name of each kind's work ({commune}: the commune's short name, {village}: a village,
#: {n}: a number) and the capacity it is measured in (people, vehicles or tonnes)
WORK_NAMES = {
    "combat_base": ("Căn cứ chiến đấu số {n} xã {commune}", "people"),
    "rear_base": ("Căn cứ hậu phương xã {commune}", "people"),
    "logistics_base": ("Căn cứ hậu cần – kỹ thuật xã {commune}", "tonnes"),
    "evacuation_area": ("Khu sơ tán {village}", "people"),
    "combat_village_cluster": ("Cụm bản chiến đấu {village}", "people"),
    "shelter": ("Hầm trú ẩn {village}", "people"),
    "air_defence_position": ("Trận địa phòng không điểm cao {n}", "people"),
    "observation_post": ("Đài quan sát mốc {n}", "people"),
    "depot": ("Kho vũ khí, trang bị Ban Chỉ huy Quân sự xã {commune}", "tonnes"),
}
CAPACITY = {  # (low, high) by kind
    "combat_base": (40, 120),
    "rear_base": (80, 250),
    "logistics_base": (5, 30),
    "evacuation_area": (150, 600),
    "combat_village_cluster": (60, 200),
    "shelter": (20, 60),
    "air_defence_position": (8, 20),
    "observation_post": (3, 8),
    "depot": (2, 15),
}
INSPECTORS = [
    "Ban Chỉ huy Quân sự xã; Phòng Tham mưu Bộ Chỉ huy Quân sự tỉnh",
    "Ban Chỉ huy Quân sự xã; Ban Chỉ huy Phòng thủ khu vực",
    "Chỉ huy trưởng, Phó Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
]
FINDINGS_READY = [
    "Công trình bảo đảm, sẵn sàng sử dụng; hệ thống giao thông hào thông suốt.",
    "Công trình tốt; cần phát quang cây bụi xung quanh, kiểm tra lại hệ thống thoát nước.",
    "Bảo đảm yêu cầu; bổ sung biển báo, nội quy và sổ theo dõi.",
    "Sẵn sàng sử dụng; nắp hầm, cửa thông gió cần sơn lại chống gỉ.",
]
FINDING_OUT_OF_USE = (
    "Công trình xuống cấp nghiêm trọng, không còn sử dụng được; đề nghị đưa ra khỏi kế hoạch "
    "và xây dựng công trình thay thế."
)
FINDING_DEGRADED = (
    "Sau sạt lở đất: taluy phía sau căn cứ sạt khoảng 20 m, vùi lấp một đoạn giao thông hào và "
    "cửa hầm chỉ huy; nứt tường hầm. Công trình xuống cấp, chưa bảo đảm sử dụng; đề nghị khắc "
    "phục trước mùa mưa và kiểm tra lại sau khi khắc phục."
)
YEARLY_REASON = "Kiểm tra hằng năm, một năm sau lần kiểm tra ngày {day}"
FIRST_REASON = "Chưa kiểm tra lần nào: đến hạn từ ngày ghi nhận công trình"

#: the cadres of the four groups in a commune: the positions they hold
CADRE_POSITIONS = {
    "group_1": ["Bí thư Đảng ủy xã"],
    "group_2": ["Phó Bí thư Thường trực Đảng ủy xã", "Chủ tịch Hội đồng nhân dân xã"],
    "group_3": [
        "Chủ tịch Ủy ban nhân dân xã",
        "Phó Chủ tịch Ủy ban nhân dân xã",
        "Chủ tịch Ủy ban Mặt trận Tổ quốc xã",
    ],
    "group_4": [
        "Trưởng bản",
        "Bí thư chi bộ bản",
        "Công chức Văn phòng – Thống kê",
        "Chủ tịch Hội Liên hiệp Phụ nữ xã",
        "Bí thư Đoàn Thanh niên xã",
    ],
}
EDUCATION_TOPICS = {
    "group_1": "Bồi dưỡng kiến thức quốc phòng và an ninh cho đối tượng 1",
    "group_2": "Bồi dưỡng kiến thức quốc phòng và an ninh cho đối tượng 2",
    "group_3": "Bồi dưỡng kiến thức quốc phòng và an ninh cho đối tượng 3",
    "group_4": "Bồi dưỡng kiến thức quốc phòng và an ninh cho đối tượng 4",
    "students": "Giáo dục quốc phòng và an ninh cho học sinh Trường THCS xã",
    "population": "Tuyên truyền Luật Quốc phòng, Luật Biên phòng Việt Nam cho nhân dân các bản",
}
EDUCATION_TEACHERS = [
    "Đại úy Lò Văn Thành, Bộ Chỉ huy Quân sự tỉnh",
    "Thiếu tá Nguyễn Đức Minh, Ban Chỉ huy Phòng thủ khu vực",
    "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
    "Đồn Biên phòng cửa khẩu",
]

PROGRAMME_NAME = "Xuân ấm áp – Tết Quân dân 2026"
PROGRAMME_START = datetime.date(2026, 1, 15)
PROGRAMME_END = datetime.date(2026, 2, 28)
PROGRAMME_BUDGET = 1_500_000_000
PROGRAMME_DESCRIPTION = (
    "Bộ Chỉ huy Quân sự tỉnh phối hợp Ủy ban Mặt trận Tổ quốc tỉnh, Hội Liên hiệp Phụ nữ tỉnh, "
    'Tỉnh đoàn tổ chức chương trình "Xuân ấm áp – Tết Quân dân" năm 2026: thăm, tặng quà gia '
    "đình chính sách, hộ nghèo; giúp nhân dân sửa chữa, làm mới nhà ở; ngày công giúp dân."
)
#: what was given: (kind, quantity, value in VND, note)
AID = [
    ("gift", 1, 500_000, "Quà Tết (gạo, dầu ăn, bánh kẹo)"),
    ("gift", 2, 1_000_000, "Quà Tết và chăn ấm"),
    ("money", 1, 1_000_000, "Tiền mặt hỗ trợ đón Tết"),
    ("work_days", 15, 3_000_000, "Ngày công dân quân giúp dọn vườn, sửa chuồng trại"),
    ("house_repaired", 1, 15_000_000, "Sửa chữa mái nhà, vách"),
    ("house_built", 1, 60_000_000, "Xây mới nhà Đại đoàn kết"),
]
