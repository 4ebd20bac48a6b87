"""Reading a rendered form and generating hostile submissions for it (used by test_form_fuzz.py).

The fields come from the page the user actually sees, so a new field, a formset row or a dynamic
field (attendance: one per person) is fuzzed without anyone updating a list here.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st


@dataclass
class Field:
    name: str
    kind: str  # text, date, time, number, choice, multi, bool, file, hidden
    value: str = ""
    options: list = field(default_factory=list)


@dataclass
class Form:
    action: str
    fields: dict = field(default_factory=dict)


class FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(action=a.get("action") or self.page_url))
            return
        if not self.forms or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._select.options.append(a.get("value", ""))
            return
        fields = self.forms[-1].fields
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                f = fields.setdefault(name, Field(name, "choice" if kind == "radio" else "multi"))
                f.options.append(a.get("value", "on"))
                if "checked" in a:
                    f.value = a.get("value", "on")
                return
            mapped = {"date": "date", "time": "time", "number": "number", "file": "file", "hidden": "hidden"}
            kind = mapped.get(kind, "date" if "date" in name else "text")
            fields[name] = Field(name, kind, a.get("value", ""))
        elif tag == "select":
            self._select = fields[name] = Field(name, "multi" if "multiple" in a else "choice")
        elif tag == "textarea":
            self._textarea = fields[name] = Field(name, "text")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def forms_on(html: str, page_url: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return parser.forms


# --- values ---------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e\u200b\ufeff",
    "<script>alert(1)</script>",
    "'; DROP TABLE cases_case; --",
    "{{ request }}{% debug %}",
    "%s%n%x",
    "😀" * 50,
    "ÆØÅ æøå",
    "\r\n\t\x0b\x0c",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "NaN",
    "../../etc/passwd",
]
text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.integers(301, 30_000).map(lambda n: ("Lang tekst æøå " * (n // 15 + 1))[:n]),
)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.day:02}.{d.month:02}.{d.year}"),
    st.sampled_from(["0000-00-00", "2026-02-30", "31.12.9999", "99999-01-01", "2026-13-01", "i går", "1e10"]),
    text,
)
times = st.one_of(st.times().map(lambda t: t.strftime("%H:%M")), st.sampled_from(["24:00", "12:60", "-1:00"]), text)
numbers = st.one_of(st.integers().map(str), st.integers(-5, 200).map(str), st.sampled_from(NASTY), text)
bad_files = st.builds(
    lambda name, content, ctype: SimpleUploadedFile(name, content, content_type=ctype),
    st.one_of(
        st.sampled_from(["x.pdf", "../../x.pdf", "a" * 300 + ".pdf", "virus.exe", "x\x00.pdf", "ø😀.png"]),
        # Django refuses to even build an upload named "." or ".." (SuspiciousFileOperation).
        st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s and "\\" not in s and s.strip(". ")),
    ),
    st.one_of(st.binary(max_size=2000), st.just(b""), st.just(b"%PDF-1.4\n" + b"\xff" * 500)),
    st.sampled_from(["application/pdf", "text/html", "application/x-msdownload", "", "image/png"]),
)


# A formset's management counts: small numbers and junk, not huge ones. A forged huge count makes
# Django build and re-render up to absolute_max forms (seconds per request), which would eat the
# fuzz budget; test_form_fuzz.test_forged_formset_counts_are_capped checks that cap instead.
MANAGEMENT_SUFFIXES = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
counts = st.one_of(
    st.integers(-5, 60).map(str), st.sampled_from([s for s in NASTY if not s.strip().lstrip("-").isdigit()])
)


def value_for(f: Field):
    """A strategy for one field: keep what the page had, leave it out, a valid option, or junk."""
    keep = st.just(f.value if f.kind != "multi" else [f.value] if f.value else [])
    missing = st.just(None)
    if f.name.endswith(MANAGEMENT_SUFFIXES):
        return st.one_of(keep, keep, missing, counts)
    if f.kind in ("choice", "multi"):
        options = [o for o in f.options if o != ""] or [""]
        choice = st.one_of(st.sampled_from(options), text, numbers)
        junk = st.lists(choice, max_size=4) if f.kind == "multi" else choice
    else:
        junk = {
            "date": dates,
            "time": times,
            "number": numbers,
            "file": st.lists(bad_files, min_size=1, max_size=2),
            "hidden": st.one_of(numbers, text),
        }.get(f.kind, text)
    return st.one_of(keep, keep, missing, junk)


EXTRA_NAME = "abcdefghijklmnopqrstuvwxyz_-0123456789[]æøå"


@st.composite
def submissions(draw, form: Form):
    """A POST body for the form: every field kept, left out or replaced, plus a few unknown fields."""
    data = {}
    for name, f in form.fields.items():
        value = draw(value_for(f))
        if value is not None:
            data[name] = value
    extra = draw(st.dictionaries(st.text(alphabet=EXTRA_NAME, min_size=1, max_size=20), text, max_size=3))
    for key, value in extra.items():
        data.setdefault(key, value)
    return data
