"""Pages for the records under a person, one set of views for every kind of
``coso.people.records`` (posts, certificates, trainings, discipline, children, pregnancies).
The forms are made from the kind's fields; the rules are the service's."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.core.forms import DateInput, VersionField, bootstrapify
from coso.core.views import submit_form
from coso.org.models import Department
from coso.people import records, services
from coso.people.models import Person, Term


def record_form_class(kind, *, editing):
    widgets = {name: DateInput() for name in kind.fields if isinstance(kind.model_field(name), models.DateField)} | {
        name: forms.Textarea(attrs={"rows": 2})
        for name in kind.fields
        if isinstance(kind.model_field(name), models.TextField)
    }

    class RecordForm(forms.ModelForm):
        class Meta:
            model = kind.model
            fields = list(kind.fields)

        def __init__(self, *args, user, person, **kwargs):
            super().__init__(*args, **kwargs)
            for name, field in self.fields.items():
                field.required = kind.is_required(name)
                label = str(kind.model_field(name).verbose_name).lower()
                field.error_messages["required"] = _("Phải ghi %(label)s.") % {"label": label}
                if isinstance(kind.model_field(name), models.DateField):
                    field.widget = widgets[name]
            if "unit" in self.fields:
                self.fields["unit"].queryset = services.unit_choices_for(user)
            if "department" in self.fields:
                self.fields["department"].queryset = Department.objects.filter(
                    unit__in=services.unit_choices_for(user), is_active=True
                )
            if "term" in self.fields:
                self.fields["term"].queryset = Term.objects.all()
            bootstrapify(self)

        def _post_clean(self):
            # The service checks the rules (one place for pages, API and import).
            pass

    if editing:
        RecordForm.base_fields["version"] = VersionField()
    for name, widget in widgets.items():
        if name in RecordForm.base_fields:
            RecordForm.base_fields[name].widget = widget
    return RecordForm


def _kind_or_404(slug):
    kind = records.kind_of(slug)
    if kind is None:
        raise Http404
    return kind


def _person_for_writing(request, pk, kind):
    person = get_object_or_404(Person.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if not services.can_write_records(request.user, person, kind):
        raise PermissionDenied(_("Bạn không có quyền ghi thông tin này."))
    return person


def _render(request, kind, person, form, record=None):
    title = (_("Sửa: %(kind)s") if record else _("Thêm: %(kind)s")) % {"kind": kind.label}
    return render(
        request,
        "people/record_form.html",
        {"form": form, "person": person, "kind": kind, "title": title, "record": record},
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request, pk, kind):
    kind = _kind_or_404(kind)
    person = _person_for_writing(request, pk, kind)
    form = record_form_class(kind, editing=False)(request.POST or None, user=request.user, person=person)
    done = submit_form(
        request,
        form,
        lambda data: services.add_record(actor=request.user, person=person, record_kind=kind, **data),
        success=_("Đã thêm: %(kind)s.") % {"kind": kind.label},
        then=lambda _record: ("people:detail", person.pk),
    )
    if done:
        return done
    return _render(request, kind, person, form)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, pk, kind, record_pk):
    kind = _kind_or_404(kind)
    person = _person_for_writing(request, pk, kind)
    record = get_object_or_404(kind.model.objects.filter(person=person), pk=record_pk)
    form = record_form_class(kind, editing=True)(
        request.POST or None, instance=record, initial={"version": record.version}, user=request.user, person=person
    )
    done = submit_form(
        request,
        form,
        lambda data: services.update_record(actor=request.user, record=record, record_kind=kind, **data),
        success=_("Đã lưu thay đổi."),
        then=lambda _record: ("people:detail", person.pk),
    )
    if done:
        return done
    return _render(request, kind, person, form, record)


@login_required
@require_http_methods(["GET", "POST"])
def record_delete(request, pk, kind, record_pk):
    kind = _kind_or_404(kind)
    person = _person_for_writing(request, pk, kind)
    record = get_object_or_404(kind.model.objects.filter(person=person), pk=record_pk)
    if request.method == "POST":
        try:
            services.delete_record(
                actor=request.user, record=record, record_kind=kind, version=request.POST.get("version")
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã xoá: %(kind)s.") % {"kind": kind.label})
        return redirect("people:detail", person.pk)
    return render(request, "people/record_delete.html", {"person": person, "kind": kind, "record": record})


def records_for_page(user, person):
    """The person's records by kind, for the person page: each kind the user may read, with
    whether they may add and change its records. One query per kind."""
    can_edit = scoping.can_edit_person(user, person)
    out = []
    for kind in records.KINDS.values():
        if not services.can_read_records(user, person, kind):
            continue
        qs = kind.model.objects.filter(person=person).order_by(*kind.order)
        related = [name for name in kind.foreign_keys]
        if related:
            qs = qs.select_related(*related)
        out.append({"kind": kind, "rows": list(qs), "can_write": can_edit})
    return out
