"""Staff pages of the portal: articles and their workflow, hotline, initiatives, indices, media.

Thin views: check permission, validate, call the service, render. Someone who may not read
an item (not in their units) gets 404; someone who may read it but lacks the role an
action needs gets 403. A service's refusal comes back on the form, in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.orgs.models import Role
from cchc.orgs.permissions import is_site_admin, unit_scope_q
from cchc.portal import services
from cchc.portal.forms import (
    ArticleEditForm,
    ArticleForm,
    HotlineForm,
    IndexForm,
    IndexImportForm,
    InitiativeForm,
    MediaForm,
    ReturnForm,
    SettingsForm,
    read_upload,
)
from cchc.portal.imports import import_index_results
from cchc.portal.models import (
    Article,
    ArticleStatus,
    HotlineContact,
    IndexResult,
    Initiative,
    MediaItem,
)
from cchc.portal.permissions import can, can_edit_article
from cchc.portal.selectors import site_setting

PAGE_SIZE = 50


def _need_any_role(request: HttpRequest) -> None:
    if not can(request.user, "content.view"):
        raise PermissionDenied


def _scoped(request: HttpRequest, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(unit_scope_q(request.user, Role.VIEWER, prefix="unit__"))


def _get(request: HttpRequest, model: type[Model], pk: int, action: str = "content.change") -> Any:
    obj = get_object_or_404(_scoped(request, model.objects.select_related("unit")), pk=pk)  # type: ignore[attr-defined]
    if not can(request.user, action, obj.unit):
        raise PermissionDenied
    return obj


def _page(request: HttpRequest, qs: QuerySet[Any]) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))


def _may_add(request: HttpRequest) -> None:
    if not can(request.user, "content.change"):
        raise PermissionDenied


@login_required
def portal_admin(request: HttpRequest) -> HttpResponse:
    _need_any_role(request)
    articles = _scoped(request, Article.objects.all())
    waiting = [
        a
        for a in articles.filter(status=ArticleStatus.REVIEW).select_related("unit")[:20]
        if can(request.user, "article.publish", a.unit)
    ]
    return render(
        request,
        "portal/staff/home.html",
        {
            "counts": {
                "articles": articles.count(),
                "hotline": _scoped(request, HotlineContact.objects.all()).count(),
                "initiatives": _scoped(request, Initiative.objects.all()).count(),
                "indices": _scoped(request, IndexResult.objects.all()).count(),
                "media": _scoped(request, MediaItem.objects.all()).count(),
            },
            "waiting": waiting,
            "may_settings": is_site_admin(request.user) or can(request.user, "settings.change"),
        },
    )


# --- Articles ----------------------------------------------------------------------------------


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    _need_any_role(request)
    qs = _scoped(request, Article.objects.select_related("unit")).order_by("-updated_at")
    status = request.GET.get("trang-thai", "")
    if status in ArticleStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    return render(
        request,
        "portal/staff/article_list.html",
        {"page_obj": _page(request, qs), "statuses": ArticleStatus.choices, "status": status},
    )


def _article_data(form: ArticleForm) -> services.ArticleData:
    data = form.cleaned_data
    return services.ArticleData(
        unit=data["unit"],
        title=data["title"],
        summary=data["summary"],
        body=data["body"],
        areas=tuple(data["areas"]),
        activity=data["activity"],
        image_alt=data["image_alt"],
        remove_image=bool(data.get("remove_image")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    _may_add(request)
    form = ArticleForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not can(request.user, "content.change", form.cleaned_data["unit"]):
            raise PermissionDenied
        try:
            article = services.article_create(
                data=_article_data(form),
                image=read_upload(form.cleaned_data["image"], services.MAX_IMAGE_BYTES),
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Đã lưu bản nháp “%(t)s”.") % {"t": article.title})
            return redirect("staff:portal_article_edit", article.pk)
    return render(request, "portal/staff/article_form.html", {"form": form, "article": None})


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _get(request, Article, pk, "content.view")
    editable = can_edit_article(request.user, article)
    initial = {
        "unit": article.unit,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "areas": article.area_values,
        "activity": article.activity,
        "image_alt": article.image.alt if article.image else "",
    }
    form_class = ArticleEditForm if article.image_id else ArticleForm
    form = form_class(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            if not can(request.user, "content.change", form.cleaned_data["unit"]):
                raise PermissionDenied
            try:
                article = services.article_update(
                    article=article,
                    data=_article_data(form),
                    image=read_upload(form.cleaned_data["image"], services.MAX_IMAGE_BYTES),
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Đã lưu “%(t)s”.") % {"t": article.title})
                return redirect("staff:portal_article_edit", article.pk)
    user = request.user
    return render(
        request,
        "portal/staff/article_form.html",
        {
            "form": form,
            "article": article,
            "editable": editable,
            "may_submit": article.status == ArticleStatus.DRAFT
            and can(user, "article.submit", article.unit),
            "may_review": article.status == ArticleStatus.REVIEW
            and can(user, "article.publish", article.unit),
            "may_unpublish": article.status == ArticleStatus.PUBLISHED
            and can(user, "article.unpublish", article.unit),
            "return_form": ReturnForm(),
        },
    )


@login_required
@require_POST
def article_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    needed = {
        "gui-duyet": "article.submit",
        "dang": "article.publish",
        "tra-lai": "article.return",
        "go-xuong": "article.unpublish",
    }
    if action not in needed:
        raise Http404
    article = _get(request, Article, pk, needed[action])
    try:
        if action == "gui-duyet":
            services.article_submit(article=article, actor=request.user)
            messages.success(request, _("Đã gửi bài đi duyệt."))
        elif action == "dang":
            article = services.article_publish(article=article, actor=request.user)
            messages.success(request, _("Đã đăng bài lên cổng thông tin."))
            if article.output_id:
                messages.info(
                    request, _("Đã ghi nhận một kết quả “Tin” cho hoạt động của kế hoạch.")
                )
        elif action == "tra-lai":
            form = ReturnForm(request.POST)
            reason = form.data.get("reason", "")
            services.article_return(article=article, reason=str(reason)[:2000], actor=request.user)
            messages.success(request, _("Đã trả lại bài cho người viết."))
        else:
            services.article_unpublish(article=article, actor=request.user)
            messages.success(request, _("Đã gỡ bài xuống; bài trở về bản nháp."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("staff:portal_article_edit", article.pk)


@login_required
@require_http_methods(["GET", "POST"])
def article_delete(request: HttpRequest, pk: int) -> HttpResponse:
    article = _get(request, Article, pk)
    if request.method == "POST":
        try:
            services.article_delete(article=article)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("staff:portal_article_edit", article.pk)
        messages.success(request, _("Đã xóa bài “%(t)s”.") % {"t": article.title})
        return redirect("staff:portal_article_list")
    return render(
        request,
        "portal/staff/confirm_delete.html",
        {"object": article, "back": "staff:portal_article_edit"},
    )


# --- Simple content: hotline, initiatives, indices, media -----------------------------------------------


def _simple_form(
    request: HttpRequest,
    form: Any,
    *,
    item: Any,
    kind: str,
    back: str,
    saved: str,
    save: Callable[[dict[str, Any]], None],
    multipart: bool = False,
) -> HttpResponse:
    """The edit pages of hotlines, initiatives, indices and media: on a valid POST the
    service saves the cleaned data (its ValidationError goes back onto the form); then a
    message and the list. Otherwise the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, saved)
            return redirect(back)
    context = {"form": form, "object": item, "multipart": multipart, "kind": kind, "back": back}
    return render(request, "portal/staff/simple_form.html", context)


def _list(request: HttpRequest, model: type[Model], template: str, **extra: Any) -> HttpResponse:
    _need_any_role(request)
    qs = _scoped(request, model.objects.select_related("unit"))  # type: ignore[attr-defined]
    return render(request, template, {"page_obj": _page(request, qs), **extra})


def _delete(
    request: HttpRequest, model: type[Model], pk: int, list_name: str, delete: Any
) -> HttpResponse:
    obj = _get(request, model, pk)
    if request.method == "POST":
        delete(obj)
        messages.success(request, _("Đã xóa “%(o)s”.") % {"o": obj})
        return redirect(list_name)
    return render(
        request, "portal/staff/confirm_delete.html", {"object": obj, "back_list": list_name}
    )


@login_required
def hotline_list(request: HttpRequest) -> HttpResponse:
    return _list(request, HotlineContact, "portal/staff/hotline_list.html")


@login_required
@require_http_methods(["GET", "POST"])
def hotline_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    contact = _get(request, HotlineContact, pk) if pk else None
    if contact is None:
        _may_add(request)
    fields = ("unit", "topic", "name", "phone", "email", "address", "hours", "order")
    initial = {f: getattr(contact, f) for f in fields} if contact else None
    form = HotlineForm(request.POST or None, user=request.user, initial=initial)

    def save(data: dict[str, Any]) -> None:
        services.hotline_save(
            data=services.HotlineData(
                unit=data["unit"],
                topic=data["topic"],
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                address=data["address"],
                hours=data["hours"],
                order=data["order"] or 0,
            ),
            contact=contact,
        )

    return _simple_form(
        request,
        form,
        item=contact,
        kind=_("đường dây nóng"),
        back="staff:portal_hotline_list",
        saved=_("Đã lưu đường dây nóng."),
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def hotline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, HotlineContact, pk, "staff:portal_hotline_list", lambda o: o.delete())


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    return _list(request, Initiative, "portal/staff/initiative_list.html")


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = _get(request, Initiative, pk) if pk else None
    if item is None:
        _may_add(request)
    fields = ("unit", "title", "who", "place", "year", "description", "results", "published")
    form = InitiativeForm(
        request.POST or None, request.FILES or None, user=request.user,
        initial={f: getattr(item, f) for f in fields} if item else None,
        pictures=list(item.images.all()) if item else None,
    )  # fmt: skip

    def save(data: dict[str, Any]) -> None:
        services.initiative_save(
            data=services.InitiativeData(
                unit=data["unit"],
                title=data["title"],
                who=data["who"],
                year=data["year"],
                place=data["place"],
                description=data["description"],
                results=data["results"],
                published=data["published"],
                images=tuple(form.uploads()),
                image_alt=data["image_alt"],
                remove_images=tuple(data.get("remove_images") or ()),
            ),
            initiative=item,
            actor=request.user,
        )

    return _simple_form(
        request,
        form,
        item=item,
        kind=_("mô hình, sáng kiến"),
        back="staff:portal_initiative_list",
        saved=_("Đã lưu mô hình, sáng kiến."),
        save=save,
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_delete(request: HttpRequest, pk: int) -> HttpResponse:
    def delete(item: Initiative) -> None:
        pictures = list(item.images.all())
        item.delete()
        for picture in pictures:
            services.picture_delete(picture)

    return _delete(request, Initiative, pk, "staff:portal_initiative_list", delete)


@login_required
def index_list(request: HttpRequest) -> HttpResponse:
    return _list(request, IndexResult, "portal/staff/index_list.html")


@login_required
@require_http_methods(["GET", "POST"])
def index_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    result = _get(request, IndexResult, pk) if pk else None
    if result is None:
        _may_add(request)
    initial = None
    if result is not None:
        initial = {
            f: getattr(result, f)
            for f in ("unit", "index", "year", "score", "rank", "ranked_of", "source")
        }
        initial["components"] = "\n".join(f"{k} = {v}" for k, v in result.components.items())
    form = IndexForm(request.POST or None, user=request.user, initial=initial)

    def save(data: dict[str, Any]) -> None:
        services.index_save(
            data=services.IndexData(
                unit=data["unit"],
                index=data["index"],
                year=data["year"],
                score=data["score"],
                rank=data["rank"],
                ranked_of=data["ranked_of"],
                components=data["components"],
                source=data["source"],
            ),
            result=result,
        )

    return _simple_form(
        request,
        form,
        item=result,
        kind=_("kết quả chỉ số"),
        back="staff:portal_index_list",
        saved=_("Đã lưu kết quả chỉ số."),
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def index_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, IndexResult, pk, "staff:portal_index_list", lambda o: o.delete())


@login_required
@require_http_methods(["GET", "POST"])
def index_import(request: HttpRequest) -> HttpResponse:
    _may_add(request)
    form = IndexImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = read_upload(form.cleaned_data["file"], 5 * 1024 * 1024)
        assert upload is not None
        try:
            report = import_index_results(content=upload[1], scope=form.cleaned_data["unit"])
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("Đã nhập %(n)d kết quả (%(c)d mới, %(u)d cập nhật).")
                % {"n": report.total, "c": report.created, "u": report.updated},
            )
            return redirect("staff:portal_index_list")
    return render(request, "portal/staff/index_import.html", {"form": form, "errors": errors})


@login_required
def media_list(request: HttpRequest) -> HttpResponse:
    return _list(request, MediaItem, "portal/staff/media_list.html")


@login_required
@require_http_methods(["GET", "POST"])
def media_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = _get(request, MediaItem, pk) if pk else None
    if item is None:
        _may_add(request)
    fields = ("unit", "title", "kind", "language", "year", "description", "published")
    form = MediaForm(
        request.POST or None, request.FILES or None, user=request.user,
        initial={f: getattr(item, f) for f in fields} if item else None,
    )  # fmt: skip

    def save(data: dict[str, Any]) -> None:
        services.media_save(
            data=services.MediaData(
                unit=data["unit"],
                title=data["title"],
                kind=data["kind"],
                language=data["language"],
                description=data["description"],
                year=data["year"],
                published=data["published"],
            ),
            upload=form.upload(),
            item=item,
            actor=request.user,
        )

    return _simple_form(
        request,
        form,
        item=item,
        kind=_("tài liệu tuyên truyền"),
        back="staff:portal_media_list",
        saved=_("Đã lưu tài liệu."),
        save=save,
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def media_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(
        request, MediaItem, pk, "staff:portal_media_list", lambda o: services.media_delete(item=o)
    )


# --- Settings ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def portal_settings(request: HttpRequest) -> HttpResponse:
    setting = site_setting()
    if setting is not None and setting.unit is not None:
        allowed = can(request.user, "settings.change", setting.unit)
    else:
        allowed = is_site_admin(request.user)
    if not allowed:
        raise PermissionDenied
    initial = {"name": setting.name, "unit": setting.unit} if setting else None
    form = SettingsForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(
                name=form.cleaned_data["name"],
                unit=form.cleaned_data["unit"],
                emblem=read_upload(form.cleaned_data["emblem"], services.MAX_IMAGE_BYTES),
                actor=request.user,
            )
        except ValidationError as exc:
            for name, msgs in exc.message_dict.items():
                for message in msgs:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("Đã lưu thiết lập cổng thông tin."))
            return redirect("staff:portal_admin")
    return render(request, "portal/staff/simple_form.html", {"form": form, "object": setting, "multipart": True,
                  "kind": _("thiết lập cổng"), "back": "staff:portal_admin"})  # fmt: skip
