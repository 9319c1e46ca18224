"""The seed's numbers and texts for a demo or a new organisation (``services.district8_2014``).

Plan 21-KH/ĐTN-BTC of the District 8 Youth Union, Ho Chi Minh City, 17/03/2014 (seed 001).
What the plan states is copied verbatim (name, number, date, basis, 5 + 5 criteria, the four
rounds and their themes, the school year). What it leaves to its guidance documents
(05-HD and 07-HD/ĐTN-BTC, not among the seeds) — the criteria themselves — is an
illustrative catalogue below, marked as such, for organisations to replace with their own.
"""

import datetime

D = datetime.date

DISTRICT8_2014 = {
    "year": 2014,
    "name": "Ngày đoàn viên “Rèn luyện và hành động” năm 2014",
    "document_number": "21-KH/ĐTN-BTC",
    "issued_on": D(2014, 3, 17),
    "basis": (
        "Chương trình 05-CTr/ĐTN-BTC và Hướng dẫn số 07-HD/ĐTN-BTC về thực hiện chương trình “Rèn luyện và "
        "hành động” giai đoạn 2014 – 2017 của Ban Thường vụ Quận đoàn 8; phiếu đăng ký theo mẫu đính kèm "
        "Hướng dẫn số 05-HD/ĐTN-BTC, ngày 17/3/2014."
    ),
    "mode": "count",
    "training_count": 5,
    "action_count": 5,
}

GENERAL_TRACK = {
    "kind": "general",
    "name": "Các cơ sở Đoàn (theo năm 2014)",
    "starts_on": D(2014, 3, 1),
    "ends_on": D(2014, 12, 31),
    "note": "Đợt I các đơn vị triển khai, tổ chức thực hiện vào 01 ngày trong tháng 3/2014.",
}

# "Đối với khối Trường học: Bắt đầu từ tháng 10/2014 và kết thúc trước 30/4/2015 (có hướng dẫn
# chủ đề riêng)": the last day is therefore 29/04/2015; the themes come in a separate guidance,
# so the school track has no rounds until the organisation adds them.
SCHOOL_TRACK = {
    "kind": "school",
    "name": "Khối Trường học (năm học 2014 – 2015)",
    "starts_on": D(2014, 10, 1),
    "ends_on": D(2015, 4, 29),
    "note": "Bắt đầu từ tháng 10/2014 và kết thúc trước 30/4/2015 (có hướng dẫn chủ đề riêng).",
}

# number, first day, last day, theme — "vào 01 ngày trong tháng": the round is the month.
ROUNDS_2014 = [
    (1, D(2014, 3, 1), D(2014, 3, 31), "Vì lý tưởng cộng sản - Vì cuộc sống cộng đồng"),
    (2, D(2014, 5, 1), D(2014, 5, 31), "Nâng cao tinh thần trách nhiệm – Lời nói đi đôi với việc làm"),
    (3, D(2014, 7, 1), D(2014, 7, 31), "Nêu cao tinh thần yêu nước - Tiếp bước truyền thống cha anh"),
    (4, D(2014, 9, 1), D(2014, 9, 30), "Nâng cao tri thức - Tự tin hội nhập"),
]

# Illustrative catalogue (not in the seed). code, kind, target group code (None: every group),
# title, what counts as done. Each group gets 3 common + 3 own criteria of each kind: 6 to
# choose 5 from.
CRITERIA = [
    # -- for every target group
    (
        "RL-01",
        "training",
        None,
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Đăng ký và thực hiện ít nhất một việc làm cụ thể theo lời Bác, được chi đoàn ghi nhận.",
    ),
    (
        "RL-02",
        "training",
        None,
        "Tham gia đầy đủ sinh hoạt chi đoàn",
        "Dự ít nhất 9 trong 12 buổi sinh hoạt chi đoàn của năm.",
    ),
    (
        "RL-03",
        "training",
        None,
        "Học tập, quán triệt Nghị quyết của Đảng, của Đoàn",
        "Dự đủ các buổi học tập nghị quyết do Đoàn cơ sở tổ chức và viết thu hoạch.",
    ),
    (
        "HD-01",
        "action",
        None,
        "Tham gia hiến máu tình nguyện",
        "Hiến máu ít nhất 1 lần, hoặc vận động được ít nhất 1 người hiến máu.",
    ),
    (
        "HD-02",
        "action",
        None,
        "Tham gia ngày Chủ nhật xanh, bảo vệ môi trường",
        "Tham gia ít nhất 2 buổi ra quân của đơn vị.",
    ),
    (
        "HD-03",
        "action",
        None,
        "Tuyên truyền, vận động thanh niên tham gia hoạt động Đoàn, Hội",
        "Vận động được ít nhất 1 thanh niên tham gia sinh hoạt hoặc hoạt động của Đoàn, Hội.",
    ),
    # -- school students
    ("HS-RL-1", "training", "hoc-sinh", "Đạt học lực từ khá trở lên", "Học lực khá hoặc giỏi ở học kỳ, năm học."),
    ("HS-RL-2", "training", "hoc-sinh", "Rèn luyện hạnh kiểm tốt", "Hạnh kiểm tốt, không vi phạm nội quy nhà trường."),
    (
        "HS-RL-3",
        "training",
        "hoc-sinh",
        "Tham gia câu lạc bộ học thuật, kỹ năng",
        "Sinh hoạt đều đặn ở ít nhất 1 câu lạc bộ của trường.",
    ),
    ("HS-HD-1", "action", "hoc-sinh", "Giúp đỡ bạn học yếu", "Kèm cặp ít nhất 1 bạn học yếu tiến bộ trong năm học."),
    (
        "HS-HD-2",
        "action",
        "hoc-sinh",
        "Chấp hành Luật Giao thông, đội mũ bảo hiểm",
        "Không vi phạm luật giao thông; tham gia tuyên truyền an toàn giao thông.",
    ),
    (
        "HS-HD-3",
        "action",
        "hoc-sinh",
        "Tham gia hoạt động tình nguyện của trường",
        "Tham gia ít nhất 1 hoạt động tình nguyện do Đoàn trường tổ chức.",
    ),
    # -- university students
    (
        "SV-RL-1",
        "training",
        "sinh-vien",
        "Đạt kết quả học tập từ khá trở lên",
        "Điểm trung bình học kỳ từ khá trở lên.",
    ),
    (
        "SV-RL-2",
        "training",
        "sinh-vien",
        "Tham gia nghiên cứu khoa học",
        "Tham gia ít nhất 1 đề tài hoặc cuộc thi học thuật.",
    ),
    ("SV-RL-3", "training", "sinh-vien", "Đạt chứng chỉ ngoại ngữ hoặc tin học", "Đạt thêm 1 chứng chỉ trong năm."),
    (
        "SV-HD-1",
        "action",
        "sinh-vien",
        "Tham gia chiến dịch Mùa hè xanh, Tiếp sức mùa thi",
        "Tham gia ít nhất 1 chiến dịch tình nguyện.",
    ),
    ("SV-HD-2", "action", "sinh-vien", "Hỗ trợ tân sinh viên", "Tham gia hoạt động đón, hỗ trợ tân sinh viên."),
    (
        "SV-HD-3",
        "action",
        "sinh-vien",
        "Tư vấn, hướng nghiệp cho học sinh",
        "Tham gia ít nhất 1 buổi tư vấn tuyển sinh, hướng nghiệp.",
    ),
    # -- young workers
    (
        "CN-RL-1",
        "training",
        "cong-nhan",
        "Nâng cao tay nghề, tham gia thi thợ giỏi",
        "Nâng bậc thợ hoặc tham gia hội thi tay nghề.",
    ),
    ("CN-RL-2", "training", "cong-nhan", "Chấp hành nội quy, kỷ luật lao động", "Không vi phạm nội quy trong năm."),
    ("CN-RL-3", "training", "cong-nhan", "Tham gia lớp học tập chính trị cho công nhân trẻ", "Dự đủ lớp học."),
    (
        "CN-HD-1",
        "action",
        "cong-nhan",
        "Đề xuất sáng kiến, cải tiến kỹ thuật",
        "Có ít nhất 1 sáng kiến được đơn vị ghi nhận.",
    ),
    (
        "CN-HD-2",
        "action",
        "cong-nhan",
        "Tham gia phong trào “Ba an toàn” nơi làm việc",
        "Không để xảy ra mất an toàn lao động do lỗi của mình; tham gia tổ an toàn.",
    ),
    (
        "CN-HD-3",
        "action",
        "cong-nhan",
        "Chăm lo cho công nhân có hoàn cảnh khó khăn",
        "Tham gia ít nhất 1 hoạt động hỗ trợ công nhân khó khăn.",
    ),
    # -- residents
    (
        "DC-RL-1",
        "training",
        "dia-ban-dan-cu",
        "Tìm hiểu chính sách, pháp luật ở địa phương",
        "Tham gia ít nhất 1 buổi tuyên truyền pháp luật tại khu phố.",
    ),
    (
        "DC-RL-2",
        "training",
        "dia-ban-dan-cu",
        "Học nghề hoặc nâng cao trình độ học vấn",
        "Theo học một lớp nghề, bổ túc hoặc ngắn hạn.",
    ),
    ("DC-RL-3", "training", "dia-ban-dan-cu", "Xây dựng gia đình văn hóa", "Gia đình đạt danh hiệu gia đình văn hóa."),
    (
        "DC-HD-1",
        "action",
        "dia-ban-dan-cu",
        "Tham gia giữ gìn an ninh trật tự khu phố",
        "Tham gia đội hình thanh niên tự quản hoặc tuần tra ít nhất 2 lần.",
    ),
    (
        "DC-HD-2",
        "action",
        "dia-ban-dan-cu",
        "Tham gia giúp đỡ thiếu nhi hè tại địa bàn",
        "Tham gia tổ chức ít nhất 1 hoạt động hè cho thiếu nhi.",
    ),
    (
        "DC-HD-3",
        "action",
        "dia-ban-dan-cu",
        "Tham gia xây dựng tuyến đường văn minh, sạch đẹp",
        "Tham gia ít nhất 1 công trình, phần việc thanh niên tại khu phố.",
    ),
    # -- civil servants
    (
        "CC-RL-1",
        "training",
        "cong-chuc",
        "Hoàn thành tốt nhiệm vụ chuyên môn",
        "Được đơn vị đánh giá hoàn thành tốt nhiệm vụ.",
    ),
    (
        "CC-RL-2",
        "training",
        "cong-chuc",
        "Thực hiện văn hóa công sở, cải cách hành chính",
        "Không bị phản ánh về thái độ phục vụ; có ít nhất 1 đề xuất cải tiến.",
    ),
    (
        "CC-RL-3",
        "training",
        "cong-chuc",
        "Bồi dưỡng lý luận chính trị, ngoại ngữ, tin học",
        "Hoàn thành ít nhất 1 khoá bồi dưỡng.",
    ),
    (
        "CC-HD-1",
        "action",
        "cong-chuc",
        "Tham gia phong trào Sáng tạo trẻ",
        "Có ít nhất 1 ý tưởng, giải pháp được ghi nhận.",
    ),
    (
        "CC-HD-2",
        "action",
        "cong-chuc",
        "Tình nguyện tại địa bàn dân cư",
        "Tham gia ít nhất 1 hoạt động tình nguyện nơi cư trú.",
    ),
    (
        "CC-HD-3",
        "action",
        "cong-chuc",
        "Giúp đỡ một thanh thiếu nhi có hoàn cảnh khó khăn",
        "Nhận đỡ đầu hoặc hỗ trợ thường xuyên ít nhất 1 em.",
    ),
    # -- armed forces
    (
        "VT-RL-1",
        "training",
        "luc-luong-vu-trang",
        "Rèn luyện bản lĩnh chính trị, chấp hành điều lệnh",
        "Không vi phạm kỷ luật, điều lệnh trong năm.",
    ),
    ("VT-RL-2", "training", "luc-luong-vu-trang", "Huấn luyện giỏi", "Đạt khá, giỏi các nội dung huấn luyện."),
    (
        "VT-RL-3",
        "training",
        "luc-luong-vu-trang",
        "Học tập pháp luật, kỷ luật quân đội, công an",
        "Dự đủ các buổi học tập.",
    ),
    ("VT-HD-1", "action", "luc-luong-vu-trang", "Tham gia công tác dân vận", "Tham gia ít nhất 2 đợt giúp dân."),
    (
        "VT-HD-2",
        "action",
        "luc-luong-vu-trang",
        "Tham gia phòng chống thiên tai, cứu hộ cứu nạn",
        "Tham gia khi đơn vị được huy động.",
    ),
    (
        "VT-HD-3",
        "action",
        "luc-luong-vu-trang",
        "Tham gia giữ gìn an ninh trật tự địa bàn",
        "Tham gia các đợt tuần tra, phối hợp với địa phương.",
    ),
]

# A points-mode programme (the national shape "100 points in 5 groups of at most 20"): the
# groups' names are illustrative.
NATIONAL_POINTS_GROUPS = [
    ("N1", "Học tập, rèn luyện lý tưởng và đạo đức", 20),
    ("N2", "Học tập nâng cao trình độ, kỹ năng", 20),
    ("N3", "Rèn luyện sức khoẻ, văn hoá, thể thao", 20),
    ("N4", "Tình nguyện vì cộng đồng", 20),
    ("N5", "Tham gia xây dựng tổ chức Đoàn", 20),
]
