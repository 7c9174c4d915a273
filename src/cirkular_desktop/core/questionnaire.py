"""Questionnaire templates as data: loading, structure checks, visibility, answers.

A template (``resources/questionnaires/<id>-v<version>.json``) is the guided
conversation a project leader holds during a visit. Templates are versioned
and a visit keeps the version it was answered with, so old versions stay
loadable forever; a change of wording or questions is a new file.

Answers are a map from question id to a canonical, JSON-safe value (they are
stored and synced as they are):

- text, longtext: NFC text, stripped (text is one line; longtext keeps inner newlines)
- number: ``{"value": "<canonical decimal>", "unit": "<unit code>"}``; a question
  without a ``unit`` (e.g. a cost, whose currency is its own question) stores
  ``"unit": null``
- single: the option value; multi: option values in option order
- yesno: ``true``/``false``; date: ``"YYYY-MM-DD"``

None (or "", [], whitespace) means unanswered.

A question about the contact person names a field of the contact record
(``"contact_field": "phone"``): its answer is not kept in ``answers`` but
read from and written to the visit's contact record, so the person's data
has one home (GDPR Art. 25) and erasing the contact erases the answer.
Version 1 of the mapping questionnaire predates this; ``LEGACY_CONTACT_FIELDS``
binds its contact questions the same way, so its file stays as it was.
Questions about the organization (industry code, SME figures, permit) and the
price of a need bind to those records the same way (``"organization_field"``,
``"need_field"``; ``core.answer_records``). ``validate_template`` raises
``ValueError`` in English: its messages are for whoever edits a template file,
not for the user. ``validate_answer`` raises translated ``ValidationError``.

Imports: errors, i18n, resources, core.text, core.records (canonical_decimal),
standard library.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from cirkular_desktop import i18n, resources
from cirkular_desktop.core.checks import canonical_decimal
from cirkular_desktop.core.text import fold, iso_date, nfc, pick
from cirkular_desktop.errors import NotFoundError, ValidationError
from cirkular_desktop.i18n import gettext as _

QUESTION_TYPES = ("text", "longtext", "number", "single", "multi", "yesno", "date")
UNIT_CODES = ("t", "kg", "m3", "l", "pcs", "MWh", "h")
TEMPLATE_LANGUAGES = ("sv", "nb", "en")
# Contact record fields a question may be bound to, and the question types that fit each.
CONTACT_FIELDS = {"name": ("text",), "role": ("text",), "phone": ("text",), "email": ("text",),
                  "language": ("single",), "consent_contact": ("yesno",), "consent": ("yesno",)}
# Questions of released templates that copied the contact's details into the answers.
LEGACY_CONTACT_FIELDS: dict[tuple[str, int], dict[str, str]] = {
    ("mapping", 1): {"contact_name": "name", "contact_role": "role", "contact_phone": "phone",
                     "contact_email": "email", "contact_language": "language", "consent_share": "consent"},
}
FOLDER = "questionnaires"

MAX_TEXT = 1_000
MAX_LONGTEXT = 20_000
MAX_NUMBER = Decimal("1e15")

_ID_RE = re.compile(r"^[a-z0-9_]{1,40}$")
_OPTION_RE = re.compile(r"^[A-Za-z0-9_]{1,40}$")   # upper case allowed for SEK/NOK/EUR
_FILE_RE = re.compile(r"^([a-z0-9_]{1,40})-v([1-9][0-9]{0,5})\.json$")
_PLAIN_DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NUMBER_WITH_UNIT_RE = re.compile(r"^(.*\d\.?)\s*([A-Za-z]+[0-9³]?|m³)$", re.DOTALL)

_YES = frozenset({"yes", "ja", "true"})
_NO = frozenset({"no", "nej", "nei", "false"})
# Words people type for units; the canonical codes themselves match case-insensitively.
_UNIT_ALIASES = {"m³": "m3", "st": "pcs", "stk": "pcs", "ton": "t", "tonn": "t", "tonnes": "t",
                 "liter": "l", "litre": "l"}


# Template parts compare by identity (eq=False): loaded templates are cached and
# shared, and their text maps would make a generated value hash fail.
@dataclass(frozen=True, eq=False)
class Option:
    value: str
    labels: Mapping[str, str]

    def label(self, lang: str | None = None) -> str:
        return pick(self.labels, lang)


@dataclass(frozen=True, eq=False)
class Question:
    id: str
    type: str
    texts: Mapping[str, str]
    helps: Mapping[str, str]
    required: bool
    options: tuple[Option, ...]
    unit: str | None
    units: tuple[str, ...]
    show_if: Mapping[str, Any] | None
    section: str
    contact_field: str | None = None   # the answer lives on the visit's contact record, in this field
    organization_field: str | None = None   # … on the visit's organization (core.answer_records)
    need_field: str | None = None           # … on the visit's first need (core.answer_records)

    @property
    def record_field(self) -> tuple[str, str] | None:
        """(table, field) of the record the answer lives on, or None when it is kept in the answers."""
        for table, name in (("contact", self.contact_field), ("organization", self.organization_field),
                            ("need", self.need_field)):
            if name:
                return table, name
        return None

    def text(self, lang: str | None = None) -> str:
        return pick(self.texts, lang)

    def help(self, lang: str | None = None) -> str:
        return pick(self.helps, lang) if self.helps else ""

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True, eq=False)
class Section:
    id: str
    titles: Mapping[str, str]
    intros: Mapping[str, str]
    questions: tuple[Question, ...]

    def title(self, lang: str | None = None) -> str:
        return pick(self.titles, lang)

    def intro(self, lang: str | None = None) -> str:
        return pick(self.intros, lang) if self.intros else ""


@dataclass(frozen=True, eq=False)
class Template:
    id: str
    version: int
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    sections: tuple[Section, ...]
    _index: Mapping[str, Question] = field(init=False, repr=False, default_factory=dict)   # set in __post_init__

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {q.id: q for s in self.sections for q in s.questions})

    def title(self, lang: str | None = None) -> str:
        return pick(self.titles, lang)

    def description(self, lang: str | None = None) -> str:
        return pick(self.descriptions, lang) if self.descriptions else ""

    def questions(self) -> tuple[Question, ...]:
        return tuple(self._index.values())

    def contact_questions(self) -> dict[str, str]:
        """{question id: contact field} of the questions whose answer lives on the contact record."""
        return self.bound_questions("contact")

    def bound_questions(self, table: str | None = None) -> dict[str, str]:
        """{question id: field} of the questions whose answer lives on a record (of ``table``, or any)."""
        return {q.id: q.record_field[1] for q in self._index.values()
                if q.record_field and table in (None, q.record_field[0])}

    def with_records(self, answers: Mapping[str, Any], *, contact: Mapping[str, Any] | None = None,
                     organization: Mapping[str, Any] | None = None,
                     need: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The answers as the questionnaire sees them: stored ones plus those read from their records."""
        from cirkular_desktop.core import answer_records

        return answer_records.with_records(self, answers, {"contact": contact, "organization": organization,
                                                           "need": need})

    def with_contact(self, answers: Mapping[str, Any], contact: Mapping[str, Any] | None) -> dict[str, Any]:
        """The answers as the questionnaire sees them: stored answers plus those read from the contact."""
        merged = {k: v for k, v in answers.items() if k not in self.contact_questions()}
        for qid, name in self.contact_questions().items():
            value = (contact or {}).get(name)
            if value is not None and value != "":
                merged[qid] = value
        return merged

    def question(self, qid: str) -> Question:
        return self._index[qid]  # KeyError for an unknown id, as documented

    def is_visible(self, question_id: str, answers: Mapping[str, Any]) -> bool:
        """True if the question's condition holds and, in turn, the one it depends on is visible."""
        q = self.question(question_id)
        while q.show_if is not None:
            dep = self.question(q.show_if["question"])
            if not _holds(q.show_if, dep, answers.get(dep.id)):
                return False
            q = dep
        return True

    def visible_questions(self, answers: Mapping[str, Any]) -> list[Question]:
        # Conditions point backwards only, so one pass in order settles every chain.
        visible: dict[str, bool] = {}
        for q in self._index.values():
            cond = q.show_if
            visible[q.id] = cond is None or (
                visible[cond["question"]] and _holds(cond, self._index[cond["question"]],
                                                     answers.get(cond["question"])))
        return [q for q in self._index.values() if visible[q.id]]

    def missing_required(self, answers: Mapping[str, Any]) -> list[Question]:
        return [q for q in self.visible_questions(answers)
                if q.required and not is_answered(answers.get(q.id))]

    def progress(self, answers: Mapping[str, Any]) -> tuple[int, int]:
        """(answered visible questions, visible questions)."""
        visible = self.visible_questions(answers)
        return sum(1 for q in visible if is_answered(answers.get(q.id))), len(visible)


def is_answered(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Mapping):  # a number answer
        return is_answered(value.get("value"))
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) > 0
    return True


def _holds(cond: Mapping[str, Any], dep: Question, raw: Any) -> bool:
    if "answered" in cond:
        return is_answered(raw) is bool(cond["answered"])
    # Compare canonical values, so a raw "ja" from a form still counts as True.
    try:
        value = validate_answer(dep, raw)
    except ValidationError:
        return False
    if value is None:
        return False
    if "equals" in cond:
        return cond["equals"] in value if dep.type == "multi" else value == cond["equals"]
    targets = cond["in"]
    if dep.type == "multi":
        return any(v in targets for v in value)
    return value in targets


# --- Template files ---------------------------------------------------------------------------

def available() -> list[tuple[str, int]]:
    """(id, version) of every template file, sorted."""
    folder = resources.resource_path(FOLDER)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _FILE_RE.match(path.name)
        if match and path.is_file():
            found.append((match.group(1), int(match.group(2))))
    return sorted(found)


def load(template_id: str = "mapping", version: int | None = None) -> Template:
    """The template ``template_id`` in ``version``, or its latest version when None."""
    if version is None:
        versions = [v for i, v in available() if i == template_id]
        if not versions:
            raise NotFoundError(_("There is no questionnaire “{template}”").format(template=template_id))
        version = max(versions)
    if isinstance(version, str) and version.strip().isdigit():
        version = int(version)  # a version read back from text (CLI, CSV) is still a version
    if isinstance(version, bool) or not isinstance(version, int):
        raise NotFoundError(_("There is no questionnaire “{template}” version {version}").format(
            template=template_id, version=version))
    return _load(template_id, version)


@cache
def _load(template_id: str, version: int) -> Template:
    # Only names found on disk are opened: a template id can come from an imported bundle.
    if (template_id, version) not in available():
        raise NotFoundError(_("There is no questionnaire “{template}” version {version}").format(
            template=template_id, version=version))
    data = resources.load_json(FOLDER, f"{template_id}-v{version}.json")
    validate_template(data)
    if data["id"] != template_id or data["version"] != version:
        raise ValueError(f"{template_id}-v{version}.json: the file name and its id/version disagree")
    return build(data)


def build(data: Mapping[str, Any]) -> Template:
    """A Template from already validated template data."""
    legacy = LEGACY_CONTACT_FIELDS.get((data["id"], data["version"]), {})
    sections = []
    for s in data["sections"]:
        questions = tuple(
            Question(
                id=q["id"], type=q["type"], texts=dict(q["text"]), helps=dict(q.get("help") or {}),
                required=bool(q.get("required", False)),
                options=tuple(Option(o["value"], dict(o["label"])) for o in q.get("options", ())),
                unit=q.get("unit"), units=tuple(q.get("units", ())),
                show_if=dict(q["show_if"]) if q.get("show_if") else None, section=s["id"],
                contact_field=q.get("contact_field") or legacy.get(q["id"]),
                organization_field=q.get("organization_field"), need_field=q.get("need_field"),
            )
            for q in s["questions"])
        sections.append(Section(s["id"], dict(s["title"]), dict(s.get("intro") or {}), questions))
    return Template(data["id"], data["version"], dict(data["title"]),
                    dict(data.get("description") or {}), tuple(sections))


# --- Structure checks ---------------------------------------------------------------------------

def _need(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def _is_id(value: Any, pattern: re.Pattern[str] = _ID_RE) -> bool:
    return isinstance(value, str) and bool(pattern.match(value))


def _keys(obj: Any, where: str, allowed: set[str], required: set[str]) -> None:
    _need(isinstance(obj, dict), f"{where}: expected an object")
    for key in obj:
        _need(key in allowed, f"{where}: unknown key {key!r}")
    for key in sorted(required):
        _need(key in obj, f"{where}: missing {key!r}")


def _texts(value: Any, where: str) -> None:
    _need(isinstance(value, dict), f"{where}: expected texts in {', '.join(TEMPLATE_LANGUAGES)}")
    for lang in TEMPLATE_LANGUAGES:
        text = value.get(lang)
        _need(isinstance(text, str) and bool(text.strip()), f"{where}: missing the {lang} text")


def _check_show_if(cond: Any, where: str, earlier: Mapping[str, dict[str, Any]]) -> None:
    _keys(cond, where, {"question", "equals", "in", "answered"}, {"question"})
    tests = [k for k in ("equals", "in", "answered") if k in cond]
    _need(len(tests) == 1, f"{where}: needs exactly one of 'equals', 'in' or 'answered'")
    dep = earlier.get(cond["question"]) if isinstance(cond["question"], str) else None
    if dep is None:
        raise ValueError(f"{where}: {cond['question']!r} is not an earlier question")
    if tests[0] == "answered":
        _need(isinstance(cond["answered"], bool), f"{where}: 'answered' must be true or false")
        return
    values = [cond["equals"]] if tests[0] == "equals" else cond["in"]
    _need(isinstance(values, list) and bool(values), f"{where}: 'in' must be a non-empty list")
    _need(dep["type"] in ("yesno", "single", "multi"),
          f"{where}: a {dep['type']} question can only be tested with 'answered'")
    choices = {o["value"] for o in dep.get("options", ())}
    for v in values:
        ok = isinstance(v, bool) if dep["type"] == "yesno" else isinstance(v, str) and v in choices
        _need(ok, f"{where}: {v!r} is not a possible answer to {cond['question']!r}")


def _check_question(q: Any, where: str, earlier: Mapping[str, dict[str, Any]]) -> None:
    _keys(q, where, {"id", "type", "text", "help", "required", "options", "unit", "units", "show_if",
                     "contact_field", "organization_field", "need_field"}, {"id", "type", "text"})
    _need(_is_id(q["id"]), f"{where}: id {q['id']!r} must be 1–40 of a-z, 0-9 and _")
    where = f"question {q['id']!r}"
    _need(q["id"] not in earlier, f"{where}: duplicate id")
    _need(q["type"] in QUESTION_TYPES, f"{where}: unknown type {q['type']!r}")
    _texts(q["text"], f"{where} text")
    if "help" in q:
        _texts(q["help"], f"{where} help")
    _need(isinstance(q.get("required", False), bool), f"{where}: 'required' must be true or false")
    if q["type"] in ("single", "multi"):
        options = q.get("options")
        _need(isinstance(options, list) and bool(options), f"{where}: a {q['type']} question needs options")
        seen: set[str] = set()
        for o in options:
            _keys(o, f"{where} option", {"value", "label"}, {"value", "label"})
            _need(_is_id(o["value"], _OPTION_RE) and o["value"] not in seen,
                  f"{where}: option value {o['value']!r} is malformed or repeated")
            seen.add(o["value"])
            _texts(o["label"], f"{where} option {o['value']!r}")
    else:
        _need("options" not in q, f"{where}: only single and multi questions have options")
    if q["type"] == "number":
        _need(q.get("unit", "t") in UNIT_CODES, f"{where}: unknown unit {q.get('unit')!r}")
        units = q.get("units")
        if units is not None:
            _need(isinstance(units, list) and bool(units) and len(set(units)) == len(units)
                  and all(u in UNIT_CODES for u in units),
                  f"{where}: 'units' must be distinct codes from {', '.join(UNIT_CODES)}")
            _need(q.get("unit") in units, f"{where}: the default unit must be one of 'units'")
    else:
        _need("unit" not in q and "units" not in q, f"{where}: only number questions have units")
    if "show_if" in q:
        _check_show_if(q["show_if"], f"{where} show_if", earlier)
    if "contact_field" in q:
        fits = CONTACT_FIELDS.get(q["contact_field"]) if isinstance(q["contact_field"], str) else None
        if fits is None:
            raise ValueError(f"{where}: unknown contact field {q['contact_field']!r}")
        _need(q["type"] in fits, f"{where}: a {q['type']} question cannot hold the contact's {q['contact_field']}")
    bound = [k for k in ("contact_field", "organization_field", "need_field") if k in q]
    _need(len(bound) <= 1, f"{where}: an answer lives on one record only ({', '.join(bound)})")
    if bound and bound[0] != "contact_field":
        from cirkular_desktop.core import answer_records

        answer_records.check_binding(q, bound[0], where)


def validate_template(data: dict[str, Any]) -> None:
    """Check a template's structure; raise ValueError describing the first problem."""
    _keys(data, "template", {"id", "version", "title", "description", "sections"},
          {"id", "version", "title", "sections"})
    _need(_is_id(data["id"]), f"template: id {data['id']!r} must be 1–40 of a-z, 0-9 and _")
    version = data["version"]
    _need(isinstance(version, int) and not isinstance(version, bool) and version >= 1,
          "template: version must be a positive whole number")
    _texts(data["title"], "template title")
    if "description" in data:
        _texts(data["description"], "template description")
    _need(isinstance(data["sections"], list) and bool(data["sections"]), "template: needs at least one section")
    earlier: dict[str, dict[str, Any]] = {}
    section_ids: set[str] = set()
    for s in data["sections"]:
        _keys(s, "section", {"id", "title", "intro", "questions"}, {"id", "title", "questions"})
        _need(_is_id(s["id"]) and s["id"] not in section_ids, f"section {s['id']!r}: id is malformed or repeated")
        section_ids.add(s["id"])
        _texts(s["title"], f"section {s['id']!r} title")
        if "intro" in s:
            _texts(s["intro"], f"section {s['id']!r} intro")
        _need(isinstance(s["questions"], list) and bool(s["questions"]),
              f"section {s['id']!r}: needs at least one question")
        for q in s["questions"]:
            _check_question(q, f"section {s['id']!r} question", earlier)
            earlier[q["id"]] = q


# --- Answers -------------------------------------------------------------------------------------

def _shown(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


def _fail(q: Question, message: str, value: Any = None) -> ValidationError:
    return ValidationError(message.format(question=q.id, value=_shown(value)), field=q.id)


def _text(q: Question, value: Any, from_text: bool) -> str | None:
    if not isinstance(value, str):
        raise _fail(q, _("{question}: expected text"))
    if "\x00" in value:
        raise _fail(q, _("{question}: the text contains a NUL character"))
    text = nfc(value.replace("\r\n", "\n").replace("\r", "\n"))
    if q.type == "longtext":
        text, limit = text.strip(), MAX_LONGTEXT
    else:
        # A pasted line break in a one-line answer becomes a space rather than a refusal.
        text, limit = re.sub(r"\s*\n\s*", " ", text).strip(), MAX_TEXT
    if len(text) > limit:
        raise ValidationError(_("{question}: the text is longer than {limit} characters").format(
            question=q.id, limit=limit), field=q.id)
    return text or None


def _decimal(q: Question, value: Any, from_text: bool) -> Decimal:
    number: Decimal | None = None
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str) and from_text:
        with contextlib.suppress(ValueError):
            number = i18n.parse_decimal(value)  # typed in the user's language: "1 234,5" in sv
    elif isinstance(value, str) and _PLAIN_DECIMAL_RE.match(value.strip()):
        # Stored and programmatic values are plain decimals; "1,5" here is not guessed at.
        number = Decimal(value.strip())
    if number is None or not number.is_finite():
        raise _fail(q, _("{question}: “{value}” is not a number"), value)
    if number < 0:
        raise _fail(q, _("{question}: “{value}” must not be negative"), value)
    if number >= MAX_NUMBER:
        raise _fail(q, _("{question}: “{value}” is too large"), value)
    return number


def _unit(q: Question, unit: Any) -> str | None:
    if q.unit is None:
        if unit in (None, ""):
            return None
        raise _fail(q, _("{question}: this answer is a number without a unit"))
    if unit in (None, ""):
        return q.unit
    allowed = q.units or UNIT_CODES
    if isinstance(unit, str):
        folded = fold(unit)
        code = _UNIT_ALIASES.get(folded) or next((u for u in UNIT_CODES if fold(u) == folded), None)
        if code in allowed:
            return code
    raise ValidationError(_("{question}: “{unit}” is not a unit for this question; use {choices}").format(
        question=q.id, unit=_shown(unit), choices=", ".join(allowed)), field=q.id)


def _number(q: Question, value: Any, from_text: bool) -> dict[str, Any] | None:
    unit = None
    if isinstance(value, Mapping):
        if set(value) - {"value", "unit"}:
            raise _fail(q, _("{question}: “{value}” is not a number"), value)
        unit, value = value.get("unit"), value.get("value")
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
    elif isinstance(value, str):
        # "12,5 t" typed in one field: split off a trailing unit the app knows.
        match = _NUMBER_WITH_UNIT_RE.match(value.strip())
        if match:
            word = fold(match.group(2))
            if word in _UNIT_ALIASES or any(fold(u) == word for u in UNIT_CODES):
                value, unit = match.group(1), match.group(2)
    number = _decimal(q, value, from_text)
    return {"value": canonical_decimal(number), "unit": _unit(q, unit)}


def _choice(q: Question, item: Any, from_text: bool) -> str:
    if isinstance(item, str):
        wanted = item.strip()
        for o in q.options:
            if o.value == wanted:
                return o.value
        folded = fold(wanted)
        for o in q.options:
            if fold(o.value) == folded or (
                    from_text and any(fold(label) == folded for label in o.labels.values())):
                return o.value
    raise _fail(q, _("{question}: “{value}” is not one of the choices"), item)


def _multi(q: Question, value: Any, from_text: bool) -> list[str] | None:
    if isinstance(value, str):
        stripped = value.strip()
        if from_text and stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except ValueError:
                raise _fail(q, _("{question}: expected a list of choices")) from None
        else:
            value = re.split(r"[,;\n]", stripped)
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise _fail(q, _("{question}: expected a list of choices"))
    chosen = {_choice(q, item, from_text) for item in value
              if not (isinstance(item, str) and not item.strip())}
    return [o.value for o in q.options if o.value in chosen] or None


def _yesno(q: Question, value: Any, from_text: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = fold(value)
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise _fail(q, _("{question}: “{value}” is not yes or no"), value)


def _date(q: Question, value: Any, from_text: bool) -> str:
    found = iso_date(value)
    if found is None:
        raise _fail(q, _("{question}: “{value}” is not a date (YYYY-MM-DD)"), value)
    return found

_CHECKS = {"text": _text, "longtext": _text, "number": _number, "single": _choice,
           "multi": _multi, "yesno": _yesno, "date": _date}


def validate_answer(question: Question, value: Any, *, from_text: bool = False) -> Any:
    """The canonical form of ``value`` as an answer to ``question``; None when unanswered.

    ``from_text`` marks what a person typed: numbers are then read in the
    active language ("1 234,5" in sv and nb) and choices may be given by label.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _CHECKS[question.type](question, value, from_text)
