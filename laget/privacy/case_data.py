"""The personal data of one case, found from the models and the field classification, not from a
hand-written list: every row reachable from the case by following foreign keys backwards (a
referral's case, an attachment's referral, a PPT step's process …) and, in each, every field
classified confidential or health (laget.privacy.classification). A model added later with a
foreign key to the case, or to anything of the case, is purged without anyone remembering it.

Used by retention (laget.privacy.retention); `tests/privacy/test_retention_classification.py`
plants a value in every such field and checks that nothing of it is left.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q

from .classification import CONFIDENTIAL, HEALTH, classify

PERSONAL = (CONFIDENTIAL, HEALTH)
MAX_DEPTH = 4

# Rows that are nothing but personal data: deleted whole rather than blanked (the archive package
# keeps the record). The rest are blanked so anonymous key figures (counts, dates, outcomes) stay.
DELETE_WHOLE = {"cases.Attachment", "cases.TriedMeasure", "cases.Consent", "cases.HealthNote"}


@dataclass
class CaseModel:
    model: type[models.Model]
    paths: list[str]  # ORM lookups from the model to the case: "case", "referral__case" …
    depth: int
    personal: list[models.Field]

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows(self, case):
        q = Q()
        for path in self.paths:
            q |= Q(**{path: case})
        return self.model._default_manager.filter(q).distinct()


def _personal_fields(model) -> list[models.Field]:
    label = model._meta.label
    fields = [f for f in model._meta.get_fields() if f.concrete or f.many_to_many]
    return [
        f for f in fields if not f.auto_created and classify(label, f.name, is_primary_key=f.primary_key) in PERSONAL
    ]


def _reverse_foreign_keys(model):
    """Foreign keys on other models pointing at this one, hidden ones (related_name="+") included."""
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one) and rel.field.concrete:
            yield rel.field


def case_models() -> list[CaseModel]:
    """Every model whose rows belong to a case (the case excepted), deepest first."""
    case_model = apps.get_model("cases", "Case")
    found: dict[type[models.Model], CaseModel] = {}
    # (model, lookup from it to the case, the models on that way)
    frontier = [(case_model, "", (case_model,))]
    while frontier:
        parent, parent_path, chain = frontier.pop(0)
        if len(chain) > MAX_DEPTH:
            continue
        for fk in _reverse_foreign_keys(parent):
            child = fk.model
            if child in chain:
                continue  # a way back round (a task's agenda item's task)
            path = f"{fk.name}__{parent_path}" if parent_path else fk.name
            entry = found.get(child)
            if entry is None:
                entry = found[child] = CaseModel(child, [], len(chain), _personal_fields(child))
            if path not in entry.paths:
                entry.paths.append(path)
                entry.depth = max(entry.depth, len(chain))
                frontier.append((child, path, (*chain, child)))
    return sorted(found.values(), key=lambda e: (-e.depth, e.label))


def _blank(field: models.Field):
    """The empty value of a personal field, or None when the field cannot be emptied (then the row goes)."""
    if isinstance(field, models.ForeignKey | models.OneToOneField) or not isinstance(
        field, models.CharField | models.TextField | models.FileField | models.JSONField | models.BooleanField
    ):
        return ("set", None) if field.null else None
    if isinstance(field, models.JSONField):
        default = field.get_default()
        return ("set", type(default)() if isinstance(default, list | dict) else None)
    if isinstance(field, models.BooleanField):
        return ("set", False)
    return ("set", "")


def _files(rows, fields) -> list:
    names = [f.name for f in fields if isinstance(f, models.FileField)]
    return [getattr(row, name) for row in rows for name in names if getattr(row, name)]


def purge_case_rows(case) -> list:
    """Empty every personal field of every row of the case, or delete the row where a field cannot
    be emptied. Returns the stored files to delete once the transaction has committed."""
    files = []
    for entry in case_models():
        if not entry.personal:
            continue
        rows = list(entry.rows(case))
        if not rows:
            continue
        files += _files(rows, entry.personal)
        plain = [f for f in entry.personal if not f.many_to_many]
        blanks = {f.name: _blank(f) for f in plain}
        queryset = entry.model._default_manager.filter(pk__in=[r.pk for r in rows])
        if entry.label in DELETE_WHOLE or any(b is None for b in blanks.values()):
            queryset.delete()
            continue
        for field in entry.personal:
            if field.many_to_many:
                for row in rows:
                    getattr(row, field.name).clear()
        queryset.update(**{name: value for name, (_, value) in blanks.items()})
    return files


def purge_case_fields(case) -> list:
    """Empty the case's own personal fields in memory (the caller saves it). Returns its files."""
    fields = [f for f in _personal_fields(type(case)) if not f.many_to_many]
    files = _files([case], fields)
    for field in fields:
        blank = _blank(field)
        if blank is None:
            raise ValueError(f"cases.Case.{field.name} is personal and cannot be emptied")
        setattr(case, field.attname if blank[1] is None and field.is_relation else field.name, blank[1])
    return files
