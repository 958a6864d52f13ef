"""The SIPAS questionnaire of the Ministry of Home Affairs, as plain data.

Five factors of the administrative service at the one-stop desk and their 22 criteria
(Đề án "Đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành
chính nhà nước", Bộ Nội vụ). Each criterion is answered on the five-level scale. The
criteria of factor 5 are asked only of people who gave feedback (a condition on the
question "Ông/Bà có góp ý, phản ánh, kiến nghị không?").

Used by ``services.sipas_template`` (called by the command ``cchc survey_templates``, by the
staff survey list on first visit and by the demo), so the template exists everywhere.
"""

from __future__ import annotations

SIPAS_KEY = "sipas"
SIPAS_TITLE = "Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS)"
SIPAS_DESCRIPTION = (
    "Phiếu khảo sát không ghi tên người trả lời. Xin Ông/Bà cho biết mức độ hài lòng"
    " đối với lần giải quyết thủ tục hành chính vừa qua tại Bộ phận Một cửa."
)
YES, NO = "Có", "Không"

QuestionSpec = tuple[str, str, str, bool, list[str], str, list[str]]

# (section code, title, [(question code, text, kind, required, choices, show_if code, values)])
GENERAL: tuple[str, str, list[QuestionSpec]] = (
    "TT",
    "Thông tin chung",
    [
        (
            "TT1",
            "Lĩnh vực thủ tục hành chính Ông/Bà vừa giải quyết",
            "short_text",
            False,
            [],
            "",
            [],
        ),
        ("TT2", "Số lần Ông/Bà phải đi lại để hoàn thành thủ tục", "number", False, [], "", []),
    ],
)

FACTORS: list[tuple[str, str, list[str]]] = [
    (
        "YT1",
        "Tiếp cận dịch vụ",
        [
            "Nơi ngồi chờ tại Bộ phận Một cửa có đủ chỗ ngồi",
            "Trang thiết bị phục vụ người dân, tổ chức tại Bộ phận Một cửa đầy đủ",
            "Trang thiết bị phục vụ người dân, tổ chức tại Bộ phận Một cửa hiện đại",
            "Trang thiết bị phục vụ người dân, tổ chức tại Bộ phận Một cửa dễ sử dụng",
        ],
    ),
    (
        "YT2",
        "Thủ tục hành chính",
        [
            "Thủ tục hành chính được niêm yết công khai đầy đủ",
            "Thủ tục hành chính được niêm yết công khai chính xác",
            "Thành phần hồ sơ mà Ông/Bà phải nộp là đúng quy định",
            "Phí, lệ phí mà Ông/Bà phải nộp là đúng quy định",
            "Thời hạn giải quyết (từ ngày hồ sơ được tiếp nhận đến ngày trả kết quả) là đúng quy định",
        ],
    ),
    (
        "YT3",
        "Công chức trực tiếp giải quyết công việc",
        [
            "Công chức có thái độ giao tiếp lịch sự",
            "Công chức chú ý lắng nghe ý kiến của Ông/Bà",
            "Công chức trả lời, giải thích đầy đủ các ý kiến của Ông/Bà",
            "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo",
            "Công chức hướng dẫn kê khai hồ sơ dễ hiểu",
            "Công chức tuân thủ đúng quy định trong giải quyết công việc",
        ],
    ),
    (
        "YT4",
        "Kết quả cung ứng dịch vụ hành chính công",
        [
            "Kết quả Ông/Bà nhận được đúng quy định",
            "Kết quả Ông/Bà nhận được có thông tin đầy đủ",
            "Kết quả Ông/Bà nhận được có thông tin chính xác",
        ],
    ),
    (
        "YT5",
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
        [
            "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị",
            "Ông/Bà dễ dàng thực hiện góp ý, phản ánh, kiến nghị",
            "Cơ quan tiếp nhận, xử lý tích cực các góp ý, phản ánh, kiến nghị",
            "Cơ quan thông báo kịp thời kết quả xử lý góp ý, phản ánh, kiến nghị",
        ],
    ),
]
FEEDBACK_GATE = ("YT5.0", "Ông/Bà có góp ý, phản ánh, kiến nghị với cơ quan không?")
OTHER: tuple[str, str, list[QuestionSpec]] = (
    "YK",
    "Ý kiến khác",
    [("YK1", "Ông/Bà có đề xuất gì để cơ quan phục vụ tốt hơn?", "long_text", False, [], "", [])],
)


def sipas_sections() -> list[tuple[str, str, list[QuestionSpec]]]:
    """The whole questionnaire: general information, the five factors, other remarks."""
    sections: list[tuple[str, str, list[QuestionSpec]]] = [GENERAL]
    for code, title, criteria in FACTORS:
        questions: list[QuestionSpec] = []
        gate = ""
        if code == "YT5":
            gate = FEEDBACK_GATE[0]
            questions.append((gate, FEEDBACK_GATE[1], "single", True, [YES, NO], "", []))
        for index, text in enumerate(criteria, start=1):
            questions.append(
                (f"{code}.{index}", text, "scale", True, [], gate, [YES] if gate else [])
            )
        sections.append((code, f"Yếu tố {code[-1]}: {title}", questions))
    sections.append(OTHER)
    return sections


CRITERIA_COUNT = sum(len(c) for _, _, c in FACTORS)
