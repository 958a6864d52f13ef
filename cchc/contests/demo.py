"""Demo contest: a CCHC knowledge contest of the demo province with a round open now.

Idempotent: run again, it keeps the contest and its questions and only adds a new
weekly round when none is open.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from cchc.contests.models import Choice, Contest, Prize, PrizeKind, Question, QuestionKind, Round
from cchc.orgs.models import Unit
from cchc.plans.models import Activity

SLUG = "tim-hieu-cchc-quang-ngai"

# (question, topic, difficulty, [(answer, right)], multiple) — drawn from the seed plans.
QUESTIONS: list[tuple[str, str, int, list[tuple[str, bool]]]] = [
    (
        "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 – 2030 được ban hành bằng văn bản nào?",
        "institutions",
        1,
        [
            ("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", True),
            ("Nghị quyết số 30c/NQ-CP", False),
            ("Quyết định số 749/QĐ-TTg", False),
            ("Chỉ thị số 23/CT-TTg", False),
        ],
    ),
    (
        "Chương trình tổng thể cải cách hành chính giai đoạn 2021 – 2030 có mấy nội dung (lĩnh vực) cải cách?",
        "institutions",
        1,
        [("4", False), ("5", False), ("6", True), ("7", False)],
    ),
    (
        "Những nội dung nào thuộc Chương trình tổng thể cải cách hành chính giai đoạn 2021 – 2030?",
        "institutions",
        2,
        [
            ("Cải cách thể chế", True),
            ("Cải cách thủ tục hành chính", True),
            ("Cải cách chế độ công vụ", True),
            ("Cải cách ruộng đất", False),
        ],
    ),
    (
        "Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về việc gì?",
        "institutions",
        2,
        [
            (
                "Đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 – 2030",
                True,
            ),
            ("Phát triển du lịch", False),
            ("Phòng, chống thiên tai", False),
            ("Tuyển sinh đại học", False),
        ],
    ),
    (
        "Bộ phận Một cửa là nơi nào?",
        "procedures",
        1,
        [
            ("Nơi hướng dẫn, tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính", True),
            ("Nơi xét xử các vụ án", False),
            ("Nơi tổ chức hội nghị", False),
            ("Nơi lưu trữ hồ sơ mật", False),
        ],
    ),
    (
        "Người dân có thể nộp hồ sơ thủ tục hành chính trực tuyến qua đâu?",
        "digital",
        1,
        [
            ("Cổng Dịch vụ công quốc gia", True),
            ("Cổng dịch vụ công của tỉnh (Hệ thống thông tin giải quyết TTHC)", True),
            ("Mạng xã hội cá nhân", False),
            ("Gửi tin nhắn cho cán bộ", False),
        ],
    ),
    (
        "Chỉ số SIPAS đo lường điều gì?",
        "civil_service",
        2,
        [
            (
                "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
                True,
            ),
            ("Năng lực cạnh tranh cấp tỉnh", False),
            ("Chỉ số giá tiêu dùng", False),
            ("Tốc độ tăng trưởng kinh tế", False),
        ],
    ),
    (
        "PAR INDEX là chỉ số gì?",
        "institutions",
        1,
        [
            ("Chỉ số cải cách hành chính", True),
            ("Chỉ số năng lực cạnh tranh cấp tỉnh", False),
            ("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", False),
            ("Chỉ số chuyển đổi số", False),
        ],
    ),
    (
        "Chỉ số PAPI đánh giá nội dung nào?",
        "civil_service",
        2,
        [
            ("Hiệu quả quản trị và hành chính công cấp tỉnh từ trải nghiệm của người dân", True),
            ("Chất lượng giáo dục phổ thông", False),
            ("Mức độ đô thị hóa", False),
            ("Sản lượng nông nghiệp", False),
        ],
    ),
    (
        "Chỉ số PCI là chỉ số gì?",
        "procedures",
        2,
        [
            ("Chỉ số năng lực cạnh tranh cấp tỉnh", True),
            ("Chỉ số cải cách hành chính", False),
            ("Chỉ số giá sản xuất", False),
            ("Chỉ số phát triển con người", False),
        ],
    ),
    (
        "Đề án 06 của Chính phủ (Quyết định số 06/QĐ-TTg ngày 06/01/2022) về nội dung gì?",
        "digital",
        2,
        [
            (
                "Phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia",
                True,
            ),
            ("Xây dựng nông thôn mới", False),
            ("Phát triển giao thông nông thôn", False),
            ("Giảm nghèo bền vững", False),
        ],
    ),
    (
        "Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030 được phê duyệt tại văn bản nào?",
        "digital",
        3,
        [
            ("Quyết định số 749/QĐ-TTg ngày 03/6/2020", True),
            ("Quyết định số 899/QĐ-TTg ngày 31/7/2023", False),
            ("Nghị quyết số 76/NQ-CP", False),
            ("Chỉ thị số 02/CT-TTg", False),
        ],
    ),
    (
        "Tài khoản định danh điện tử VNeID có thể dùng để làm gì?",
        "digital",
        1,
        [
            ("Đăng nhập Cổng Dịch vụ công quốc gia", True),
            ("Thay thế xuất trình một số giấy tờ khi thực hiện thủ tục", True),
            ("Mua bán đất đai không cần hợp đồng", False),
            ("Miễn mọi loại phí, lệ phí", False),
        ],
    ),
    (
        "Cơ chế “một cửa liên thông” giúp người dân như thế nào?",
        "procedures",
        2,
        [
            ("Chỉ nộp hồ sơ tại một nơi dù thủ tục liên quan nhiều cơ quan", True),
            ("Phải đến từng cơ quan để nộp hồ sơ", False),
            ("Không cần hồ sơ", False),
            ("Được bỏ qua mọi thủ tục", False),
        ],
    ),
    (
        "Khi cán bộ, công chức gây phiền hà trong giải quyết thủ tục hành chính, người dân có thể làm gì?",
        "procedures",
        1,
        [
            (
                "Phản ánh, kiến nghị qua đường dây nóng hoặc hệ thống tiếp nhận phản ánh, kiến nghị",
                True,
            ),
            ("Không được phản ánh", False),
            ("Chỉ được gửi thư tay cho Thủ tướng", False),
            ("Phải chờ hết năm mới được phản ánh", False),
        ],
    ),
    (
        "Cải cách tài chính công nhằm mục tiêu nào?",
        "public_finance",
        2,
        [
            ("Quản lý, sử dụng ngân sách, tài sản công hiệu quả, minh bạch", True),
            ("Tăng chi thường xuyên không giới hạn", False),
            ("Bỏ kiểm toán nhà nước", False),
            ("Không công khai ngân sách", False),
        ],
    ),
    (
        "Cải cách tổ chức bộ máy hành chính hướng tới điều gì?",
        "apparatus",
        2,
        [
            ("Bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả", True),
            ("Tăng thêm nhiều tầng nấc trung gian", False),
            ("Tăng biên chế không giới hạn", False),
            ("Chồng chéo chức năng", False),
        ],
    ),
    (
        "Chiến lược quốc gia về thu hút, trọng dụng nhân tài được phê duyệt tại văn bản nào?",
        "civil_service",
        3,
        [
            ("Quyết định số 899/QĐ-TTg ngày 31/7/2023", True),
            ("Quyết định số 06/QĐ-TTg", False),
            ("Nghị quyết số 76/NQ-CP", False),
            ("Chỉ thị số 27/CT-TTg", False),
        ],
    ),
    (
        "Hình thức nào được các kế hoạch tuyên truyền CCHC sử dụng để đưa thông tin đến người dân ở cơ sở?",
        "institutions",
        1,
        [
            ("Hệ thống truyền thanh cơ sở", True),
            ("Pa-nô, áp phích, tờ rơi", True),
            ("Cuộc thi tìm hiểu về CCHC", True),
            ("Chỉ gửi công văn mật", False),
        ],
    ),
    (
        "Dịch vụ công trực tuyến toàn trình là gì?",
        "digital",
        3,
        [
            (
                "Người dân thực hiện toàn bộ quy trình từ nộp hồ sơ đến nhận kết quả trên môi trường mạng",
                True,
            ),
            ("Chỉ tra cứu thông tin thủ tục trên mạng", False),
            ("Chỉ tải mẫu đơn về để nộp trực tiếp", False),
            ("Nộp hồ sơ giấy qua bưu điện", False),
        ],
    ),
]


def _activity(province: Unit) -> Activity | None:
    """A contest activity of a plan of the demo province, if the seed plans have one."""
    for activity in Activity.objects.filter(
        plan__unit__path__startswith=province.path
    ).select_related("plan"):
        if "contest" in (activity.channels or []):
            return activity
    return None


@transaction.atomic
def build_demo(units: dict[str, Unit]) -> str:
    province = units["province"]
    organiser = units.get("Sở Nội vụ", province)
    contest = Contest.objects.filter(slug=SLUG).first()
    added = []
    if contest is None:
        contest = Contest.objects.create(
            title="Cuộc thi trực tuyến tìm hiểu cải cách hành chính tỉnh Quảng Ngãi",
            slug=SLUG,
            organiser=organiser,
            rules=(
                "Cuộc thi dành cho cán bộ, công chức, viên chức, người dân và học sinh, sinh viên.\n"
                "Mỗi tuần một vòng thi; mỗi người dự thi một lượt mỗi vòng, 10 câu hỏi trong 10 phút.\n"
                "Xếp hạng theo điểm, rồi thời gian làm bài, rồi độ chính xác của dự đoán số người dự thi,"
                " rồi thời điểm nộp bài."
            ),
            audiences=["officials", "citizens", "students"],
            activity=_activity(province),
        )
        for text, topic, difficulty, answers in QUESTIONS:
            multiple = sum(1 for _a, right in answers if right) > 1
            question = Question.objects.create(
                contest=contest,
                text=text,
                topic=topic,
                difficulty=difficulty,
                kind=QuestionKind.MULTIPLE if multiple else QuestionKind.SINGLE,
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=answer, is_correct=right, order=i)
                for i, (answer, right) in enumerate(answers)
            )
        added.append(f"{len(QUESTIONS)} câu hỏi")
    now = timezone.now()
    if not Round.objects.filter(contest=contest, opens_at__lte=now, closes_at__gt=now).exists():
        number = Round.objects.filter(contest=contest).count() + 1
        opens = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        round_ = Round.objects.create(
            contest=contest,
            number=number,
            title=f"Tuần {number}",
            opens_at=opens,
            closes_at=opens + datetime.timedelta(days=7) - datetime.timedelta(seconds=1),
            question_count=10,
            time_limit_seconds=600,
        )
        Prize.objects.bulk_create(
            [
                Prize(
                    round=round_, kind=PrizeKind.INDIVIDUAL, title="Giải Nhất", quantity=1, order=0
                ),
                Prize(
                    round=round_, kind=PrizeKind.INDIVIDUAL, title="Giải Nhì", quantity=2, order=1
                ),
                Prize(
                    round=round_, kind=PrizeKind.INDIVIDUAL, title="Giải Ba", quantity=3, order=2
                ),
                Prize(
                    round=round_,
                    kind=PrizeKind.COLLECTIVE,
                    title="Giải tập thể",
                    quantity=1,
                    order=3,
                ),
            ]
        )
        added.append(
            f"vòng thi “{round_.title}” mở đến {timezone.localtime(round_.closes_at):%d/%m/%Y}"
        )
    if not added:
        return f"Cuộc thi: đã có “{contest.title}” với vòng thi đang mở."
    return f"Cuộc thi: “{contest.title}” — thêm {', '.join(added)} (/cuoc-thi/{SLUG}/)."
