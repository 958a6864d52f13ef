"""Online knowledge contests on administrative reform (thi tìm hiểu CCHC).

A contest (organised by a unit, optionally counted against a plan activity) runs in
rounds with open and close times and prizes. Each contest has a question bank; every
attempt draws its own questions at random and shuffles the answers, and the server keeps
what it served and when. A participant registers once per contest (one phone number,
one account). The submission is a separate row guarded by a unique constraint on the
attempt, so a double submit, a replayed request or two tabs store exactly one result.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Một đáp án đúng")
    MULTIPLE = "multiple", _("Nhiều đáp án đúng")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Dễ")
    MEDIUM = 2, _("Trung bình")
    HARD = 3, _("Khó")


class LatePolicy(models.TextChoices):
    REJECT = "reject", _("Từ chối bài nộp quá giờ")
    ZERO = "zero", _("Nhận bài nộp quá giờ nhưng tính 0 điểm")


# The tie-break keys of a ranking, in the order the contest chooses.
RANK_KEYS = {
    "score": _("điểm"),
    "duration": _("thời gian làm bài"),
    "prediction": _("độ chính xác của dự đoán"),
    "submitted": _("thời điểm nộp bài"),
}
DEFAULT_RANKING = "score,duration,prediction,submitted"


class Contest(models.Model):
    title = models.CharField(_("tên cuộc thi"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    organiser = models.ForeignKey(
        Unit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="contests"
    )
    rules = models.TextField(_("thể lệ"), blank=True)
    audiences = models.JSONField(_("đối tượng dự thi"), default=list, blank=True)
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("hoạt động của kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contests",
    )
    ranking = models.CharField(_("thứ tự xếp hạng"), max_length=100, default=DEFAULT_RANKING)
    published = models.BooleanField(_("hiển thị công khai"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def ranking_keys(self) -> list[str]:
        keys = [k.strip() for k in self.ranking.split(",") if k.strip() in RANK_KEYS]
        return keys or DEFAULT_RANKING.split(",")


class Round(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("số thứ tự"), default=1)
    title = models.CharField(_("tên vòng thi"), max_length=200)
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    question_count = models.PositiveSmallIntegerField(_("số câu hỏi mỗi lượt"), default=10)
    topics = models.JSONField(_("lĩnh vực câu hỏi"), default=list, blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("độ khó"), choices=Difficulty.choices, null=True, blank=True
    )
    time_limit_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"), default=600)
    max_attempts = models.PositiveSmallIntegerField(_("số lượt thi tối đa mỗi người"), default=1)
    late_policy = models.CharField(
        _("bài nộp quá giờ"), max_length=8, choices=LatePolicy.choices, default=LatePolicy.REJECT
    )
    min_plausible_seconds = models.PositiveIntegerField(
        _("thời gian làm bài tối thiểu hợp lý (giây)"), default=20
    )
    ask_prediction = models.BooleanField(_("hỏi dự đoán số người tham gia"), default=True)
    winners_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    output = models.OneToOneField(
        "tracking.Output",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_round",
    )

    class Meta:
        verbose_name = _("vòng thi")
        verbose_name_plural = _("vòng thi")
        ordering = ["contest_id", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="contests_round_closes_after_opens",
            ),
            models.UniqueConstraint(
                fields=["contest", "number"], name="contests_round_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contest.title} — {self.title}"


class PrizeKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Giải cá nhân")
    COLLECTIVE = "collective", _("Giải tập thể (đơn vị có nhiều người dự thi nhất)")


class Prize(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="prizes")
    kind = models.CharField(
        _("loại giải"), max_length=12, choices=PrizeKind.choices, default=PrizeKind.INDIVIDUAL
    )
    title = models.CharField(_("tên giải"), max_length=200)
    quantity = models.PositiveSmallIntegerField(_("số giải"), default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["round_id", "kind", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("câu hỏi"))
    kind = models.CharField(
        _("loại câu hỏi"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    topic = models.CharField(_("lĩnh vực"), max_length=20, blank=True)
    difficulty = models.PositiveSmallIntegerField(
        _("độ khó"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["contest_id", "pk"]
        indexes = [models.Index(fields=["contest", "active"], name="contests_question_bank")]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("phương án"), max_length=1000)
    is_correct = models.BooleanField(_("đúng"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("phương án trả lời")
        verbose_name_plural = _("phương án trả lời")
        ordering = ["question_id", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Participant(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="participants")
    full_name = models.CharField(_("họ và tên"), max_length=200)
    phone = models.CharField(_("số điện thoại"), max_length=15)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    locality = models.CharField(_("địa phương"), max_length=200, blank=True)
    audience = models.CharField(_("đối tượng"), max_length=16, blank=True)
    id_number_hash = models.CharField(_("số định danh (đã mã hóa)"), max_length=128, blank=True)
    code = models.CharField(_("mã dự thi"), max_length=12, unique=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người dự thi")
        verbose_name_plural = _("người dự thi")
        ordering = ["contest_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "phone"], name="contests_participant_phone_unique"
            )
        ]
        indexes = [models.Index(fields=["contest", "ip"], name="contests_participant_ip")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-3:]}" if len(self.phone) >= 7 else "****"


class Attempt(models.Model):
    """Questions served to one participant in one round; the clock starts at ``started_at``."""

    # Every start of the evening inserts a row here: no index beyond what the queries use
    # (the round is the first column of the unique constraint below; the token's unique
    # constraint is declared in Meta, which spares PostgreSQL a second, LIKE index).
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="attempts", db_index=False
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(default=1)
    token = models.CharField(max_length=43)
    # [[question id, [choice id, ...] in the order shown], ...]
    served = models.JSONField(default=list)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    views = models.PositiveIntegerField(default=1)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt thi")
        verbose_name_plural = _("lượt thi")
        ordering = ["round_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant", "number"], name="contests_attempt_number_unique"
            ),
            models.UniqueConstraint(fields=["token"], name="contests_attempt_token_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.round.title} #{self.number}"


class Flag(models.TextChoices):
    TOO_FAST = "too_fast", _("Làm bài nhanh bất thường")
    LATE = "late", _("Nộp quá giờ")
    REOPENED = "reopened", _("Mở đề nhiều lần (tải lại hoặc nhiều thẻ)")
    REPLAYED = "replayed", _("Gửi bài nhiều lần")
    SHARED_IP = "shared_ip", _("Nhiều tài khoản từ một địa chỉ")


class Submission(models.Model):
    """The one stored result of an attempt (the unique attempt makes submits exactly-once)."""

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, related_name="submission")
    # Indexed as the first column of contests_submission_rank (every submit inserts here).
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="submissions", db_index=False
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="submissions"
    )
    # {question id (str): [choice id, ...]} as submitted, restricted to what was served.
    answers = models.JSONField(default=dict)
    correct = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    prediction = models.PositiveIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField()
    flags = models.JSONField(default=list, blank=True)
    replays = models.PositiveIntegerField(default=0)
    disqualified_at = models.DateTimeField(null=True, blank=True)
    disqualified_reason = models.TextField(blank=True)
    # Rarely set and never searched by: not indexed (deleting an account scans instead).
    disqualified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")
        ordering = ["round_id", "pk"]
        indexes = [
            models.Index(
                fields=["round", "-score", "duration_ms"], name="contests_submission_rank"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.score}"


class Winner(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="winners")
    prize = models.ForeignKey(Prize, on_delete=models.CASCADE, related_name="winners")
    rank = models.PositiveIntegerField()
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participants = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("người đoạt giải")
        verbose_name_plural = _("người đoạt giải")
        ordering = ["round_id", "rank"]

    def __str__(self) -> str:
        return f"{self.prize} — {self.rank}"
