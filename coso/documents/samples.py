"""Sample papers: real documents rebuilt as :class:`~coso.documents.paper.Paper`.

``quang_nam_2013_plan()`` is seed 000 (plan 14-KH/TĐTN of the Quảng Nam provincial
union, 25/02/2013, "going to the grassroots" in 2013), with its wording kept and only
spacing slips of the source fixed. The tests, the demo page ``/documents/sample/<fmt>/``
and anyone checking the layout by eye use it.
"""

import datetime

from coso.documents.paper import BulletList, Heading, Paper, Paragraph


def quang_nam_2013_plan() -> Paper:
    return Paper(
        parent_body="BCH TỈNH ĐOÀN QUẢNG NAM",
        issuing_body="BAN THƯỜNG VỤ",
        number="14-KH/TĐTN",
        place="Quảng Nam",
        date=datetime.date(2013, 2, 25),
        kind="KẾ HOẠCH",
        summary="Tổ chức đi cơ sở xây dựng phong trào năm 2013",
        body=[
            Paragraph("Căn cứ Quy chế làm việc của Ban Chấp hành Tỉnh đoàn khoá XVII;", italic=True),
            Paragraph(
                "Căn cứ Nghị quyết 01 của Ban Chấp hành Tỉnh đoàn về phương hướng nhiệm vụ công tác Đoàn "
                "và phong trào thanh thiếu nhi tỉnh Quảng Nam năm 2013;",
                italic=True,
            ),
            Paragraph(
                "Ban Thường vụ Tỉnh đoàn Quảng Nam xây dựng kế hoạch đi cơ sở năm 2013 xây dựng phong trào, "
                "cụ thể như sau:"
            ),
            Heading("I. MỤC ĐÍCH YÊU CẦU", 1),
            BulletList(
                [
                    "Tạo điều kiện cho cán bộ cơ quan Thường trực Tỉnh đoàn bổ sung kiến thức thực tiễn, rèn luyện, "
                    "thử thách để nâng cao trình độ, nhất là cán bộ trẻ, giúp cán bộ trưởng thành, gắn bó mật thiết "
                    "với đoàn viên thanh thiếu nhi cơ sở, đáp ứng yêu cầu trước mắt và lâu dài trong công tác cán bộ "
                    "của Đoàn. Đồng thời theo dõi giúp đỡ và cùng với đơn vị phụ trách tổ chức triển khai thực hiện "
                    "các nhiệm vụ công tác Đoàn và phong trào thanh thiếu nhi của địa phương, đơn vị.",
                    "Nắm bắt kịp thời những tồn tại, hạn chế, những vấn đề mới phát sinh tham mưu cho Ban Thường vụ "
                    "Tỉnh đoàn có biện pháp chỉ đạo khắc phục.",
                    "Góp phần đổi mới công tác đánh giá cán bộ, từ đó chủ động sắp xếp, bố trí cán bộ phù hợp với "
                    "năng lực, sở trường và đề bạt những cán bộ có triển vọng, được rèn luyện trong thực tiễn phong "
                    "trào, được đoàn viên thanh thiếu nhi tín nhiệm đảm nhận các chức vụ của Đoàn.",
                ]
            ),
            Heading("II. NỘI DUNG", 1),
            Heading("1. Đối với các đồng chí Thường vụ Tỉnh đoàn được phân công làm trưởng cụm, phó cụm thi đua:", 2),
            BulletList(
                [
                    "Chịu trách nhiệm toàn bộ về kết quả hoạt động của các đơn vị trong cụm.",
                    "Định kỳ chủ trì tổ chức giao ban cụm thi đua (quý I, 6 tháng, quý III, cả năm và kiểm tra "
                    "cuối năm).",
                    "Bàn bạc và quyết định hoạt động của cụm trong năm.",
                    "Hằng quý làm việc định kỳ hoặc đột xuất ít nhất 02 đơn vị Đoàn cơ sở.",
                ]
            ),
            Heading("2. Đối với cán bộ phong trào Tỉnh đoàn:", 2),
            BulletList(
                [
                    "Chịu trách nhiệm trước trưởng cụm thi đua về kết quả hoạt động của đơn vị được phân công "
                    "phụ trách.",
                    "Hằng tháng có trách nhiệm theo dõi, kiểm tra việc sinh hoạt chuyên đề Đoàn, Hội, Đội ở đơn vị "
                    "phụ trách.",
                    "Bàn bạc, phối hợp với Thường trực Huyện, Thành đoàn và Đoàn trực thuộc chọn ít nhất 03 đơn vị "
                    "trực thuộc Huyện, Thành đoàn, Đoàn trực thuộc được phân công phụ trách có kết quả xếp loại thấp "
                    "nhất năm 2012 để phối hợp tìm giải pháp và hướng dẫn hoạt động cho các đơn vị này với chỉ tiêu "
                    "phải đạt thành tích cao hơn năm 2012 và không còn đơn vị trung bình và yếu. Cán bộ phụ trách "
                    "đơn vị phải báo cáo với trưởng cụm thi đua danh sách cụ thể 03 đơn vị được chọn.",
                    "Cùng với Huyện, Thành đoàn và Đoàn trực thuộc chỉ đạo và thực hiện tốt chủ đề năm của Đoàn, "
                    "Hội, Đội.",
                    "Theo dõi, phát hiện những mô hình mới, cách làm hay, hiệu quả ở cơ sở để nhân rộng trong cụm "
                    "và báo cáo bằng văn bản với trưởng cụm thi đua và lãnh đạo ban; tham dự và tham mưu cho Ban "
                    "Thường vụ dự các hoạt động lớn, cuộc họp quan trọng ở đơn vị phụ trách.",
                    "Cùng với Ban Thường vụ, Ban Chấp hành các Huyện, Thành đoàn và Đoàn trực thuộc điều tra khảo "
                    "sát chất lượng đoàn viên, chất lượng cán bộ Đoàn và chất lượng tổ chức cơ sở Đoàn.",
                    "Hằng năm giúp cơ sở định hướng nội dung, chương trình tập huấn cán bộ Đoàn, Hội, Đội và tổ "
                    "chức sinh hoạt giao lưu để trao đổi, học tập kinh nghiệm lẫn nhau theo từng nhóm đối tượng.",
                    "Mỗi cán bộ Tỉnh đoàn hằng quý dự sinh hoạt ít nhất 01 chi đoàn trên địa bàn phụ trách để giúp "
                    "cơ sở tháo gỡ khó khăn và dự các cuộc họp do Đoàn xã và tương đương, Huyện, Thành đoàn và tương "
                    "đương tổ chức; có hình thức trao đổi những thông tin cần thiết với cấp ủy địa phương.",
                    "Vào cuối tháng (trước phiên họp hội đồng thi đua khen thưởng cơ quan) báo cáo bằng văn bản với "
                    "trưởng cụm thi đua, lãnh đạo ban và Ban Tổ chức - Kiểm tra Tỉnh đoàn về kết quả đi cơ sở trong "
                    "tháng để làm cơ sở xếp loại thi đua của tháng đó.",
                ]
            ),
            Heading("III. TỔ CHỨC THỰC HIỆN", 1),
            Heading("1. Ban Thường vụ Tỉnh đoàn:", 2),
            BulletList(
                [
                    "Gởi văn bản đến cấp ủy Đảng, Thường trực các Huyện, Thành đoàn và Đoàn trực thuộc giới thiệu "
                    "cán bộ Tỉnh đoàn phụ trách các đơn vị.",
                    "Ban hành quyết định phân công phụ trách cụm thi đua và phân công cán bộ theo dõi, phụ trách "
                    "các địa phương, đơn vị.",
                    "Cán bộ các ban, văn phòng được phân công phụ trách các địa phương, đơn vị tự xếp lịch đi cơ sở "
                    "và báo cáo với lãnh đạo ban và trưởng cụm thi đua (nhưng không trùng với các ngày sinh hoạt, "
                    "hội họp của chi bộ, cơ quan và các đoàn thể); thời gian đi cơ sở không quá 03 ngày/tháng đối "
                    "với các huyện miền núi cao: Tây Giang, Đông Giang, Nam Giang, Nam Trà My, Bắc Trà My, Phước "
                    "Sơn. Các đơn vị còn lại không quá 02 ngày/tháng.",
                    "Hằng tháng khi họp cơ quan, các cụm thi đua báo cáo sơ bộ kết quả việc đi cơ sở của cán bộ "
                    "Tỉnh đoàn.",
                ]
            ),
            Heading("2. Đối với Huyện, Thành đoàn và Đoàn trực thuộc:", 2),
            BulletList(
                [
                    "Báo cáo với Ban Dân vận và cơ quan phụ trách trực tiếp công tác thanh niên về chủ trương đi cơ "
                    "sở của cán bộ Tỉnh đoàn. Hằng tháng có xác nhận, nhận xét kết quả đi cơ sở của cán bộ Tỉnh "
                    "đoàn.",
                    "Tạo điều kiện cho cán bộ Tỉnh đoàn nắm bắt các chủ trương, nhiệm vụ của địa phương, đơn vị "
                    "mình; thống nhất bàn bạc với cán bộ phụ trách về chủ trương, giải pháp thực hiện nhiệm vụ.",
                    "Chọn 03 đơn vị có kết quả xếp loại thấp nhất của Huyện, Thành đoàn và Đoàn trực thuộc và trao "
                    "đổi với cán bộ Tỉnh đoàn phụ trách địa phương đơn vị tìm giải pháp củng cố, kiện toàn.",
                ]
            ),
            Paragraph("Kế hoạch đi cơ sở của cán bộ Tỉnh đoàn được áp dụng bắt đầu từ ngày 01/03/2013."),
            Paragraph(
                "Trên đây là kế hoạch đi cơ sở năm 2013. Ban Thường vụ Tỉnh đoàn đề nghị các ban chức năng, văn "
                "phòng, cán bộ Tỉnh đoàn và các địa phương, đơn vị triển khai thực hiện nghiêm túc."
            ),
        ],
        recipients=[
            "Ban Bí thư TƯ Đoàn (b/c)",
            "Ban Tổ chức TƯ Đoàn (b/c)",
            "Ban Công tác Thiếu nhi TƯ Đoàn (b/c)",
            "Ban Dân vận Tỉnh uỷ (b/c)",
            "Các Huyện, Thành uỷ, Đảng uỷ trực thuộc tỉnh (p/h)",
            "Các ban chức năng Tỉnh đoàn (t/h)",
            "Các Huyện, Thành đoàn và Đoàn trực thuộc (t/h)",
            "Lưu: VT, Ban TCKT",
        ],
        signer_on_behalf="TM. BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name="Thái Bình",
    )
