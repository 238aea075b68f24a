"""Texts of the demo's readiness data (events, plans, patrols, incidents) for Điện Biên: Vietnamese
data as the commands would write it, not strings of the interface. EVERYTHING HERE IS INVENTED,
like the rest of the demo (see dienbien.py); the two legal bases named are real."""

from __future__ import annotations

import datetime

#: the demo logins' communes (see dienbien_data.DEMO_USERS)
NA_SON = "Xã Na Son"
MUONG_THANH = "Phường Mường Thanh"


def lower_first(name: str) -> str:
    """ "Xã Na Son" → "xã Na Son", as it reads inside a sentence."""
    return name[:1].lower() + name[1:]


CAN = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"]
CHI = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"]


def lunar_year_name(year: int) -> str:
    """The sexagenary name of a lunar year: 2026 → "Bính Ngọ"."""
    return f"{CAN[(year - 4) % 10]} {CHI[(year - 4) % 12]}"


def tet_year(starts_on: datetime.date) -> int:
    """The year of the Tết a readiness period starting on `starts_on` prepares for: Tết falls in
    January or February, so a period from March on prepares the next one."""
    return starts_on.year if starts_on.month <= 2 else starts_on.year + 1


def tet_name(starts_on: datetime.date) -> str:
    year = tet_year(starts_on)
    return f"Tết Nguyên đán {lunar_year_name(year)} {year}"


TET_INSTRUCTIONS = (
    "Ban Chỉ huy Quân sự các xã, phường:\n"
    "1. Xây dựng, trình duyệt kế hoạch trực sẵn sàng chiến đấu trước, trong và sau Tết; "
    "quân số trực chỉ huy, trực ban và dân quân trực mỗi ca không dưới 03 đồng chí.\n"
    "2. Phối hợp với Công an xã tuần tra ít nhất 03 lần mỗi tuần, tập trung các khu vực chợ, "
    "trung tâm xã, điểm vui chơi, đường biên, mốc quốc giới.\n"
    "3. Sẵn sàng lực lượng, phương tiện phòng, chống cháy nổ, cháy rừng, cứu hộ, cứu nạn; "
    "không để xảy ra đốt pháo trái phép.\n"
    "4. Báo cáo tình hình hằng ngày về Bộ Chỉ huy Quân sự tỉnh trước 16 giờ 00."
)
CONGRESS_NAME = "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
CONGRESS_INSTRUCTIONS = (
    "Bộ Quốc phòng yêu cầu cơ quan quân sự địa phương các cấp: duy trì nghiêm chế độ trực sẵn "
    "sàng chiến đấu cao từ ngày 15 đến hết ngày 27 tháng 01 năm 2026; nắm chắc tình hình địa "
    "bàn, phối hợp với Công an, Biên phòng tuần tra, bảo vệ mục tiêu; không để bị động, bất ngờ."
)
ELECTION_NAME = "Bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp nhiệm kỳ 2026–2031"
ELECTION_INSTRUCTIONS = (
    "Ban Chỉ huy Quân sự các xã biên giới: bảo vệ an toàn các tổ bầu cử, điểm bỏ phiếu, nơi "
    "niêm yết danh sách cử tri; trực sẵn sàng chiến đấu từ ngày 01 đến hết ngày 22 tháng 3 năm "
    "2026; phối hợp với Công an xã, Đồn Biên phòng tuần tra đường biên, mốc quốc giới; vận "
    "chuyển hòm phiếu đến các bản vùng sâu, vùng xa."
)

KEY_PLACES = {
    "tet": [
        "Trụ sở Đảng ủy, HĐND, UBND {commune}",
        "Chợ trung tâm và khu vực bắn pháo hoa đêm Giao thừa",
        "Trường học, Trạm Y tế {commune}",
        "Các tuyến đường liên bản, khu vực rừng phòng hộ",
    ],
    "congress": [
        "Trụ sở Đảng ủy, HĐND, UBND {commune}",
        "Điểm cầu trực tuyến của Đảng ủy {commune}",
        "Kho vũ khí, trang bị của Ban Chỉ huy Quân sự",
    ],
    "election": [
        "Trụ sở Ủy ban bầu cử {commune}",
        "Các điểm bỏ phiếu tại nhà văn hóa các bản",
        "Đường biên, mốc quốc giới thuộc địa bàn",
        "Tuyến vận chuyển hòm phiếu đến các bản vùng sâu",
    ],
}
PLAN_CONTENT = {
    "tet": (
        "Tổ chức trực sẵn sàng chiến đấu 24/24 giờ tại trụ sở Ban Chỉ huy Quân sự; trung đội "
        "dân quân cơ động sẵn sàng cơ động trong 30 phút; phối hợp Công an xã tuần tra 03 lần "
        "mỗi tuần; chuẩn bị phương án phòng, chống cháy rừng, cứu hộ, cứu nạn."
    ),
    "congress": (
        "Trực chỉ huy, trực ban 24/24 giờ; bảo vệ trụ sở Đảng ủy và điểm cầu trực tuyến; nắm "
        "tình hình tư tưởng nhân dân, phát hiện, báo cáo kịp thời các biểu hiện bất thường."
    ),
    "election": (
        "Bố trí dân quân bảo vệ từng điểm bỏ phiếu; tổ cơ động hỗ trợ vận chuyển hòm phiếu; "
        "phối hợp tuần tra đường biên trước, trong và sau ngày bầu cử 15/3/2026."
    ),
}
RETURN_REASONS = [
    "Kế hoạch chưa có phương án phòng, chống cháy rừng và chưa ghi số điện thoại trực; đề nghị "
    "bổ sung và gửi lại.",
    "Chưa bố trí lực lượng trực tại khu vực bắn pháo hoa đêm Giao thừa; quân số trực ca đêm "
    "dưới 03 đồng chí. Đề nghị điều chỉnh.",
    "Danh sách dân quân trực có đồng chí đã hết thời hạn tham gia; đề nghị rà soát, thay thế.",
]

POLICE_RANKS = ["Trung tá", "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy"]
POLICE_POSITIONS = [
    "Trưởng Công an {kind}",
    "Phó Trưởng Công an {kind}",
    "Cán bộ Công an {kind}",
    "Cán bộ Công an {kind}",
]

COORDINATION_TITLE = (
    "Kế hoạch phối hợp giữa Ban Chỉ huy Quân sự {unit} và Công an {unit} trong thực hiện nhiệm "
    "vụ quốc phòng, an ninh, bảo đảm trật tự, an toàn xã hội năm {year} (theo Nghị định số "
    "03/2019/NĐ-CP)"
)
COORDINATION_CONTENT = (
    "Trao đổi thông tin tình hình an ninh, trật tự hằng tuần; tuần tra chung dân quân – công "
    "an tại các khu vực trọng điểm; phối hợp xử lý các vụ việc phức tạp, cháy rừng, thiên tai; "
    "giao ban định kỳ hằng quý; sơ kết 6 tháng, tổng kết năm."
)
MEETING_CONCLUSIONS = (
    "Thống nhất phương án phối hợp bảo đảm an ninh, trật tự dịp Tết: tuần tra chung 03 lần mỗi "
    "tuần, tập trung khu vực chợ, trung tâm và các bản giáp ranh; trao đổi thông tin hằng ngày "
    "qua điện thoại trực; Công an {unit} chủ trì xử lý vụ việc về trật tự, Ban Chỉ huy Quân sự "
    "chủ trì về cháy rừng, cứu hộ, cứu nạn."
)
PATROL_FINDINGS = [
    "Tình hình an ninh, trật tự ổn định; không phát hiện vụ việc bất thường.",
    "Nhắc nhở 02 nhóm thanh niên tụ tập, đốt lửa gần bìa rừng sau 23 giờ; đã giải tán.",
    "Phát hiện 01 hộ tàng trữ pháo nổ (05 hộp); Công an xã lập biên bản, thu giữ.",
    "Kiểm tra khu vực chợ phiên, nhắc các hộ kinh doanh bảo đảm phòng, chống cháy nổ.",
    "Phát hiện 01 xe máy không rõ chủ sở hữu để ven đường; bàn giao Công an xã xác minh.",
]
PATROL_FOLLOW_UP = [
    "",
    "Thông báo trưởng bản tuyên truyền không đốt lửa gần rừng.",
    "Công an xã xử lý theo quy định; tiếp tục tuyên truyền không đốt pháo.",
    "",
    "Công an xã thông báo tìm chủ sở hữu.",
]
PATROL_ROUTES = (
    "Xuất phát từ trụ sở Ban Chỉ huy Quân sự, qua chợ trung tâm, dọc tuyến đường liên bản, "
    "kiểm tra khu vực giáp rừng rồi trở về."
)

LANDSLIDE = {
    "title": "Sạt lở đất taluy dương vùi lấp đường liên bản và 02 nhà dân",
    "place": "Km 7 đường liên bản, đoạn qua sườn đồi phía sau khu dân cư",
    "description": (
        "Sau nhiều ngày mưa, khoảng 3.000 m³ đất đá từ taluy dương sạt xuống, vùi lấp 60 m "
        "đường liên bản, làm sập 01 nhà và hư hỏng 01 nhà; nguy cơ sạt lở tiếp tục cao."
    ),
    "damage": (
        "01 nhà sập hoàn toàn, 01 nhà hư hỏng nặng; 60 m đường liên bản bị vùi lấp, giao thông "
        "chia cắt; khoảng 1,2 ha lúa, ngô bị vùi lấp."
    ),
    "updates": [
        (0, 40, "Trưởng bản báo tin sạt lở; Ban Chỉ huy Quân sự xã báo cáo Chủ tịch UBND xã."),
        (1, 10, "Huy động dân quân cơ động và xe tải dự bị; lực lượng đến hiện trường."),
        (3, 0, "Sơ tán 06 hộ, 23 nhân khẩu đến nhà văn hóa bản; 01 người bị thương nhẹ."),
        (9, 30, "Mưa tiếp tục; cắm biển cảnh báo, chốt chặn hai đầu đoạn đường sạt lở."),
        (18, 0, "Xe tải vận chuyển nhu yếu phẩm, chăn màn đến điểm sơ tán."),
    ],
    "reports": [
        (
            "Sạt lở đất vùi lấp đường liên bản, 01 nhà sập; đã sơ tán 06 hộ. Lực lượng dân quân "
            "đang cứu hộ tài sản.",
            23,
            1,
            "Đề nghị hỗ trợ 01 máy xúc để thông tuyến.",
        ),
        (
            "Mưa lớn tiếp diễn, xuất hiện vết nứt mới phía trên taluy; duy trì sơ tán, chốt chặn "
            "hai đầu đường.",
            23,
            1,
            "Đề nghị hỗ trợ lương thực cho 23 nhân khẩu đang sơ tán.",
        ),
        (
            "Đất đá tiếp tục sạt nhỏ; chưa thông tuyến. Các hộ sơ tán ổn định, người bị thương "
            "đã được điều trị tại Trạm Y tế xã.",
            23,
            1,
            "Đề nghị cơ quan chuyên môn đánh giá nguy cơ trước khi cho dân trở về.",
        ),
    ],
}
ORDNANCE = {
    "title": "Phát hiện bom, đạn còn sót lại sau chiến tranh khi đào móng nhà",
    "place": "Công trình nhà dân, ngõ 5 đường Võ Nguyên Giáp",
    "description": (
        "Khi đào móng nhà, người dân phát hiện 01 quả đạn pháo 105 mm còn sót lại sau chiến "
        "tranh; chưa gây thiệt hại."
    ),
    "updates": [
        (0, 30, "Dân quân khoanh vùng, cắm biển cảnh báo, cử người canh gác."),
        (2, 0, "Báo cáo Bộ Chỉ huy Quân sự tỉnh đề nghị lực lượng công binh xử lý."),
    ],
    "report": (
        "Đã khoanh vùng bán kính 50 m, canh gác 24/24 giờ; chờ lực lượng công binh của Bộ Chỉ "
        "huy Quân sự tỉnh thu gom, hủy nổ.",
        "Đề nghị cử tổ công binh thu gom, xử lý.",
    ),
}
FOREST_FIRE = {
    "title": "Cháy rừng trồng thông tại khu vực đồi phía đông",
    "place": "Tiểu khu 312, đồi thông giáp đường liên xã",
    "description": (
        "Đốt nương không kiểm soát làm cháy lan sang rừng thông trồng năm 2015; gió mạnh, lửa "
        "lan nhanh theo sườn đồi."
    ),
    "damage": "Khoảng 2,5 ha rừng thông trồng bị cháy; không có thiệt hại về người.",
    "updates": [
        (0, 20, "Phát hiện đám cháy; báo Kiểm lâm địa bàn và Ban Chỉ huy Quân sự xã."),
        (1, 0, "Huy động dân quân, Công an xã, Kiểm lâm và nhân dân dập lửa, phát đường băng."),
        (5, 30, "Khống chế được đám cháy; tổ chức canh gác chống cháy lại."),
        (20, 0, "Đám cháy được dập tắt hoàn toàn; rút lực lượng, để lại tổ canh gác."),
    ],
    "reports": [
        ("Đang dập lửa; lửa cháy lan khoảng 2 ha, gió mạnh.", "Đề nghị hỗ trợ máy thổi gió."),
        ("Đã khống chế đám cháy, diện tích cháy khoảng 2,5 ha; không thiệt hại về người.", ""),
    ],
    "after_action": (
        "Đám cháy phát hiện lúc 13 giờ 20, khống chế sau 5 giờ, dập tắt hoàn toàn sau 20 giờ. "
        "Huy động 24 dân quân, 06 cán bộ Công an xã, 03 cán bộ Kiểm lâm và 60 người dân; sử dụng "
        "03 máy thổi gió, dao, cuốc, bàn dập. Thiệt hại khoảng 2,5 ha rừng thông trồng. Công an "
        "xã đã xác định người đốt nương và lập hồ sơ xử lý."
    ),
    "lessons": (
        "1. Phải có tổ canh lửa ở các điểm cao trong mùa khô, nhất là các ngày nắng nóng, gió "
        "Lào.\n"
        "2. Đường băng cản lửa quanh rừng trồng chưa được phát dọn, phải làm trước mùa khô.\n"
        "3. Thông tin từ bản đến Ban Chỉ huy Quân sự chậm 30 phút: phổ biến số điện thoại trực "
        "đến từng trưởng bản.\n"
        "4. Tuyên truyền, ký cam kết không đốt nương khi có gió to đến từng hộ."
    ),
}
