"""The questionnaire answers of demo visits: what follows from the organization, else a plausible answer.

A mixin of ``core.demodata``'s generator, kept apart so that module stays
short. It draws chance only through the generator's own ``chance``, ``int``,
``pick`` and ``shuffled``, in the same order as before, so the same seed still
gives byte-identical demo data.

Imports: errors, core (questionnaire, demo_random) and the standard library.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from cirkular_desktop.core import questionnaire
from cirkular_desktop.core.demo_random import DemoRandom
from cirkular_desktop.errors import ValidationError

FIRST_DAY, LAST_DAY = _dt.date(2025, 1, 13), _dt.date(2026, 11, 27)   # the demo's first and last visit days
PRESENT = LAST_DAY   # the demo's "today": what happened is dated up to it, what is planned after it
HORIZON = _dt.date(2026, 12, 31)   # nothing that happened is dated after this; plans may lie beyond
CURRENCY = {"SE": "SEK", "NO": "NOK"}


class AnswerMixin(DemoRandom):
    """Answers for ``answers`` of a visit; needs the generator's ``d`` data and chance helpers."""

    d: dict[str, Any]

    def answers(self, org: dict[str, Any], date: _dt.date, draft: bool) -> dict[str, Any]:
        template = self.d["template"]
        known = self.known_answers(org)
        answers: dict[str, Any] = {}
        optional_share = 0.35 if draft else 0.7
        for q in template.questions():
            if not template.is_visible(q.id, answers):
                continue
            if not q.required and not self.chance(optional_share):
                continue
            try:
                value = questionnaire.validate_answer(q, self.answer(q, org, date, known))
            except ValidationError:  # a later template changed a question's type
                options = [o.value for o in q.options]
                value = questionnaire.validate_answer(q, self.generic_answer(q, org, date, options))
            if value is not None:
                answers[q.id] = value
        visible = {q.id for q in template.visible_questions(answers)}
        # Answers about the contact person live on the contact record (version 2): they were drawn above all
        # the same, so the chance drawn for every later answer and record stays as it was.
        about_contact = template.contact_questions()
        return {k: answers[k] for k in sorted(answers) if k in visible and k not in about_contact}

    def known_answers(self, org: dict[str, Any]) -> dict[str, Any]:
        """Answers that follow from the organization; callables draw chance only when asked."""
        lang, texts = org["lang"], self.d["texts"]
        plan = [self.d["stream_by_key"][k] for k in org["plan"]]
        needs = [self.d["need_by_key"][k] for k in org["need_plan"]]
        contact, first = org["contacts"][0], plan[0]

        def titles(items: list[dict[str, Any]]) -> str:
            return "\n".join(s["title"][lang] for s in items)

        reusable = [s for s in plan if s.get("condition") in ("reusable", "repairable")]
        hazardous = [s for s in plan if any(e.hazardous for e in s["_entries"])]
        return {
            "org_kind": org["kind"], "activity": org["profile"]["sector"][lang], "largest_stream": first["title"][lang],
            "employees": {"value": str(org["employees"]), "unit": "pcs"},
            "main_streams": lambda: titles(plan[:self.integer(3, 5)]),
            "_residues": lambda: titles(self.shuffled(plan)[:self.integer(1, 2)]),
            "largest_stream_quantity": {"value": str(first["qty"][1]), "unit": first["unit"]},
            "largest_stream_frequency": "seasonal" if first.get("regularity") == "seasonal" else "continuous",
            "reusable_objects": bool(reusable), "reusable_objects_what": titles(reusable),
            "hazardous_waste": bool(hazardous), "hazardous_what": titles(hazardous),
            "surplus_heat": any(s["material"] == "energy.heat" for s in plan),
            "surplus_heat_amount": lambda: {"value": str(self.integer(2, 50) * 100), "unit": "MWh"},
            **{key: (lambda key=key: self.pick(texts[key][lang]))
               for key in ("spare_capacity_what", "handling_problems", "possible_receivers")},
            "current_hauler": lambda: self.pick(self.d["people"]["haulers"][org["country"]]),
            "handling_cost": lambda: {"value": str(self.integer(2, 60) * 5000), "unit": None},
            "handling_currency": CURRENCY[org["country"]],
            "needs_resources": bool(needs), "needs_what": titles(needs),
            "needs_quantity": {"value": str(needs[0]["qty"][0]), "unit": needs[0]["unit"]} if needs else None,
            "reuse_ideas": "\n".join([i[lang] for s in plan for i in s.get("ideas", [])[:1]][:3]) or None,
            "roles": org["roles"], "contact_name": contact["name"], "contact_role": contact["role"],
            "contact_phone": contact["phone"], "contact_email": contact["email"],
            "contact_language": lang, "consent_share": contact["consent"],
            "consent_contact": contact["consent_contact"],
            "environmental_system": lambda: self.pick(["none", "iso14001",
                                                       "miljobas" if lang == "sv" else "eco_lighthouse"]),
        }

    def answer(self, q: questionnaire.Question, org: dict[str, Any], date: _dt.date,
               known: dict[str, Any]) -> Any:
        options = [o.value for o in q.options]
        key = "_residues" if q.id.endswith("_residues") and q.type in ("text", "longtext") else q.id
        value = known.get(key)
        value = value() if callable(value) else value
        # The template may change under us: anything that no longer fits falls back to a generic answer.
        units_ok = (q.units or questionnaire.UNIT_CODES) if q.unit else (None,)
        if isinstance(value, dict) and (q.type != "number" or value.get("unit") not in units_ok):
            value = None
        if q.type in ("single", "multi") and value is not None and not (
                {value} if q.type == "single" else set(value)) <= set(options):
            value = None
        return value if value is not None else self.generic_answer(q, org, date, options)

    def generic_answer(self, q: questionnaire.Question, org: dict[str, Any], date: _dt.date,
                       options: list[str]) -> Any:
        if q.type == "single":
            return self.pick(options)
        if q.type == "multi":
            real = [o for o in options if o not in ("none", "undecided")]
            return self.shuffled(real)[:self.integer(1, min(4, len(real)))] if real else options[:1]
        if q.type == "yesno":
            return self.chance(0.6)
        if q.type == "number":
            return {"value": str(self.integer(1, 200)), "unit": q.unit}
        if q.type == "date":
            return min(date + _dt.timedelta(days=self.integer(14, 300)), HORIZON).isoformat()
        return self.pick(self.d["texts"]["generic_text"][org["lang"]])
