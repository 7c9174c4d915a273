"""The record types Cirkulär keeps, their fields, and how a value is checked.

This is the single description of the data (design §3): the store builds its
tables from it, the services validate with it, the CLI parses ``FIELD=VALUE``
with it, and the GUI and reports take labels from it. Every value that passes
``coerce`` is canonical and JSON-safe (decimals as plain strings, dates as ISO
strings, lists and maps as JSON), because values travel in sync operations.

Imports: errors, i18n, core value modules (units, orgnumber, code lists).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Mapping

from cirkular_desktop.core.checks import (
    canonical_decimal, check_json_value, check_record_rules, check_value, field_error, is_uuid, new_id,
)
from cirkular_desktop.core.fields import (  # re-exported (__all__): records.TEXT etc. are the public names
    BOOL, CHOICE, CURRENCY, DATE, DATETIME, DECIMAL, EMAIL, INDUSTRY, INT, ITEMS, LANGUAGE, LONGTEXT, MAP,
    MATERIAL, MULTI, MUNICIPALITY, NS9431, ORGNUMBER, PHONE, REF, REFS, SHIPMENT_ENTRY, TAGS, TEXT, UNIT, URL,
    WASTECODE, WASTECODES, Choice, Field, Table,
)
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import N_, gettext as _

__all__ = ["TABLES", "CLI_TABLES", "table", "coerce", "validate_record", "parse_assignments",
           "canonical_decimal", "check_json_value", "is_uuid", "new_id", "Field", "Table", "Choice",
           # The field kinds, re-exported from core.fields: records.TEXT etc. are the public names.
           "BOOL", "CHOICE", "CURRENCY", "DATE", "DATETIME", "DECIMAL", "EMAIL", "INDUSTRY", "INT", "ITEMS",
           "LANGUAGE", "LONGTEXT", "MAP", "MATERIAL", "MULTI", "MUNICIPALITY", "NS9431", "ORGNUMBER", "PHONE",
           "REF", "REFS", "SHIPMENT_ENTRY", "TAGS", "TEXT", "UNIT", "URL", "WASTECODE", "WASTECODES"]


def _choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(v, label) for v, label in pairs)


COUNTRIES = _choices(("SE", N_("Sweden")), ("NO", N_("Norway")))
LANGUAGES = _choices(("sv", N_("Swedish")), ("nb", N_("Norwegian Bokmål")), ("en", N_("English")))
CURRENCIES = _choices(("SEK", N_("Swedish kronor (SEK)")), ("NOK", N_("Norwegian kroner (NOK)")),
                      ("EUR", N_("Euro (EUR)")))
# The EU definition (core.sme): headcount and turnover or balance sheet, and independence.
SIZE_CLASSES = _choices(("micro", N_("Micro enterprise")), ("small", N_("Small enterprise")),
                        ("medium", N_("Medium-sized enterprise")), ("large", N_("Large enterprise")),
                        ("not_sme", N_("Not an SME")))
OWNERSHIP = _choices(("independent", N_("Independent")),
                     ("partner_or_linked", N_("Partner or linked enterprise")),
                     ("controlled", N_("Controlled (25 % or more)")))
WASTE_PERMITS = _choices(("hazardous", N_("Yes, also for hazardous waste")),
                         ("non_hazardous", N_("Yes, for non-hazardous waste")),
                         ("applied", N_("Applied for")), ("not_needed", N_("Not needed")),
                         ("none", N_("No permit")))
ORG_KINDS = _choices(("company", N_("Company")), ("municipal", N_("Municipal operation")),
                     ("public", N_("Other public body")), ("association", N_("Association or NGO")),
                     ("school", N_("School or university")))
ROLES = _choices(("supplier", N_("Supplier")), ("receiver", N_("Receiver")),
                 ("processor", N_("Processor")))
VISIT_STATUS = _choices(("draft", N_("In progress")), ("completed", N_("Completed")))
RESOURCE_TYPES = _choices(("material", N_("Material")), ("energy", N_("Energy")),
                          ("water", N_("Water")), ("capacity", N_("Spare capacity")),
                          ("equipment", N_("Equipment")), ("logistics", N_("Logistics")),
                          ("expertise", N_("Expertise")))
PHYSICAL_FORMS = _choices(("solid", N_("Solid")), ("liquid", N_("Liquid")), ("sludge", N_("Sludge")),
                          ("powder", N_("Powder or granules")), ("gas", N_("Gas")),
                          ("mixed", N_("Mixed")), ("objects", N_("Discrete objects")))
CONDITIONS = _choices(("reusable", N_("Reusable as is")), ("repairable", N_("Repairable")),
                      ("material_only", N_("Material value only")))
BASES = _choices(("per_year", N_("per year")), ("per_month", N_("per month")),
                 ("per_week", N_("per week")), ("per_batch", N_("per batch")), ("once", N_("once")))
REGULARITIES = _choices(("continuous", N_("Continuous")), ("seasonal", N_("Seasonal")),
                        ("one_off", N_("One-off")))
HAZARD_ASSESSMENTS = _choices(("not_assessed", N_("Not assessed")),
                              ("non_hazardous", N_("Assessed non-hazardous")),
                              ("hazardous", N_("Assessed hazardous")))
HANDLING_ROUTES = _choices(("landfill", N_("Landfill")), ("incineration", N_("Incineration")),
                           ("energy_recovery", N_("Energy recovery")),
                           ("recycling", N_("Material recycling")), ("reuse", N_("Reuse")),
                           ("sold", N_("Sold")), ("internal", N_("Used internally")),
                           ("hazardous_treatment", N_("Hazardous waste treatment")),
                           ("none", N_("Not handled yet")), ("other", N_("Other")))
COST_BASES = _choices(("per_year", N_("per year")), ("per_tonne", N_("per tonne")),
                      ("per_unit", N_("per unit")), ("per_batch", N_("per batch")))
BUSINESS_TERMS = _choices(("give_away", N_("Give away")), ("sell", N_("Sell")),
                          ("pay_to_dispose", N_("Pay to be rid of it")),
                          ("negotiable", N_("Negotiable")))
LOGISTICS = _choices(("can_deliver", N_("Can deliver")), ("must_be_collected", N_("Must be collected")),
                     ("either", N_("Deliver or collect")))
LEGAL_STATUSES = _choices(("undecided", N_("Undecided")), ("waste", N_("Waste")),
                          ("by_product", N_("By-product")), ("end_of_waste", N_("End-of-waste")),
                          ("product", N_("Product")))
VISIBILITY = _choices(("shared", N_("Shared with project partners")), ("private", N_("Not shared")))
HIERARCHY = _choices(("prevention", N_("Prevention")), ("reuse", N_("Reuse")),
                     ("recycling", N_("Material recycling")),
                     ("energy_recovery", N_("Energy recovery")), ("other", N_("Other")))
IDEA_STATUS = _choices(("new", N_("New")), ("explored", N_("Being explored")),
                       ("chosen", N_("Chosen")), ("discarded", N_("Discarded")))
MATCH_STAGES = _choices(("proposed", N_("Proposed")), ("contacted", N_("Contacted")),
                        ("assessed", N_("Assessed")), ("testing", N_("Testing")),
                        ("agreed", N_("Agreed")), ("implemented", N_("Implemented")),
                        ("rejected", N_("Rejected")))
REJECTION_REASONS = _choices(("quality", N_("Quality does not fit")),
                             ("quantity", N_("Quantity does not fit")),
                             ("distance", N_("Too far to transport")),
                             ("cost", N_("Not worth the cost")),
                             ("legal", N_("Legal obstacle (waste status, permits, shipment rules)")),
                             ("timing", N_("Timing does not fit")),
                             ("not_interested", N_("A party is not interested")),
                             ("other_partner", N_("Found another partner")),
                             ("other", N_("Other reason")))
ACTIVITY_KINDS = _choices(("lecture", N_("Lecture")), ("study_visit", N_("Study visit")),
                          ("workshop", N_("Workshop")), ("course", N_("Course or training")),
                          ("seminar", N_("Seminar or conference")), ("network", N_("Network meeting")),
                          ("other", N_("Other activity")))
TEST_STATUS = _choices(("planned", N_("Planned")), ("running", N_("Running")),
                       ("evaluated", N_("Evaluated")), ("closed", N_("Closed")))
OWNER_TABLES = _choices(("organization", N_("Organization")), ("visit", N_("Visit")),
                        ("stream", N_("Residual stream")), ("need", N_("Need")),
                        ("idea", N_("Idea")), ("match", N_("Match")),
                        ("test_environment", N_("Test environment")), ("outcome", N_("Outcome")),
                        ("activity", N_("Competence activity")))

ZERO = Decimal(0)


def _stream_shape(kind: str) -> tuple[Field, ...]:
    """Fields shared by residual streams ("haves") and needs ("wants")."""
    is_need = kind == "need"
    common = (
        Field("organization_id", REF, N_("Organization"), required=True, ref="organization", listed=True),
        Field("visit_id", REF, N_("Visit"), ref="visit"),
        Field("contact_id", REF, N_("Contact person"), ref="contact"),
        Field("title", TEXT, N_("Title"), required=True, listed=True, searchable=True,
              help=N_("What the organization could use instead of new material, e.g. “Wood chips for heating”.")
              if is_need else N_("Name the stream after the process and place, e.g. “Offcuts (joinery)”.")),
        Field("description", LONGTEXT, N_("Description"), searchable=True),
        Field("resource_type", CHOICE, N_("Resource type"), choices=RESOURCE_TYPES, default="material"),
        Field("material_category", MATERIAL, N_("Material category"), listed=True),
        Field("waste_codes", WASTECODES, N_("Waste codes"), listed=not is_need, searchable=True),
        Field("primary_waste_code", WASTECODE, N_("Primary waste code")),
        Field("ns9431_code", NS9431, N_("NS 9431 waste number"),
              help=N_("The Norwegian avfallsstoffnummer hauliers report by, e.g. 1251 office paper.")),
        Field("low_version", TEXT, N_("Waste list version"), internal=True),
        Field("hazard_assessment", CHOICE, N_("Hazard assessment"), choices=HAZARD_ASSESSMENTS),
        Field("physical_form", CHOICE, N_("Physical form"), choices=PHYSICAL_FORMS),
        Field("condition", CHOICE, N_("Condition"), choices=CONDITIONS),
        Field("quantity", DECIMAL, N_("Quantity"), min_value=ZERO, listed=True),
        Field("unit", UNIT, N_("Unit")),
        Field("basis", CHOICE, N_("Basis"), choices=BASES, default="per_year"),
        Field("batches_per_year", DECIMAL, N_("Batches per year"), min_value=ZERO),
        Field("regularity", CHOICE, N_("Regularity"), choices=REGULARITIES),
        Field("estimated", BOOL, N_("Quantity is an estimate"), default=True),
        Field("density", DECIMAL, N_("Density (tonnes per m³)"), min_value=ZERO),
        Field("mass_per_item", DECIMAL, N_("Mass per item (kg)"), min_value=ZERO),
        Field("available_from", DATE, N_("Needed from") if is_need else N_("Available from")),
        Field("available_to", DATE, N_("Needed until") if is_need else N_("Available until")),
        Field("seasonality", TEXT, N_("Seasonality")),
        Field("quality", LONGTEXT, N_("Quality and specification")),
        Field("contamination", LONGTEXT, N_("Contamination")),
        Field("visibility", CHOICE, N_("Visibility"), choices=VISIBILITY, default="shared"),
        Field("notes", LONGTEXT, N_("Notes"), searchable=True),
    )
    specific: tuple[Field, ...]
    if is_need:
        specific = (
            Field("min_lot", DECIMAL, N_("Minimum lot (same unit)"), min_value=ZERO),
            Field("current_source", TEXT, N_("Current source")),
            Field("current_price", DECIMAL, N_("Current price"), min_value=ZERO),
            Field("current_price_currency", CURRENCY, N_("Currency of current price")),
            Field("current_price_basis", CHOICE, N_("Price basis"), choices=COST_BASES),
        )
    else:
        specific = (
            Field("current_handling", CHOICE, N_("Current handling"), choices=HANDLING_ROUTES, listed=True),
            Field("handling_code", TEXT, N_("Recovery or disposal code (R/D)")),
            Field("hauler", TEXT, N_("Hauler")),
            Field("handling_cost", DECIMAL, N_("Handling cost"), min_value=ZERO),
            Field("handling_cost_currency", CURRENCY, N_("Currency of handling cost")),
            Field("handling_cost_basis", CHOICE, N_("Cost basis"), choices=COST_BASES, default="per_year"),
            Field("contract_end", DATE, N_("Handling contract ends")),
            Field("business_terms", CHOICE, N_("Business terms"), choices=BUSINESS_TERMS),
            Field("logistics", CHOICE, N_("Logistics"), choices=LOGISTICS),
            Field("legal_status", CHOICE, N_("Legal status"), choices=LEGAL_STATUSES, default="undecided"),
            Field("legal_assessed_by", TEXT, N_("Legal status assessed by")),
            Field("legal_assessed_on", DATE, N_("Legal status assessed on")),
            # The shipment regulation's light procedure needs a confirmed Annex III/IIIA/IIIB entry (core.border).
            Field("shipment_entry", SHIPMENT_ENTRY, N_("Green-list entry (Annex III, IIIA or IIIB)"),
                  help=N_("Confirm the entry the waste falls under, e.g. B3050 for untreated wood; "
                          "without one, shipping it across the border needs notification and consent.")),
            Field("shipment_entry_by", TEXT, N_("Green-list entry confirmed by")),
            Field("shipment_entry_on", DATE, N_("Green-list entry confirmed on")),
        )
    return common + specific


TABLES: dict[str, Table] = {}


def _register(table: Table) -> Table:
    TABLES[table.name] = table
    return table


_register(Table("organization", N_("Organization"), N_("Organizations"), title_field="name", fields=(
    Field("name", TEXT, N_("Name"), required=True, listed=True, searchable=True),
    Field("country", CHOICE, N_("Country"), required=True, choices=COUNTRIES, listed=True),
    Field("org_number", ORGNUMBER, N_("Organisation number"), listed=True, searchable=True,
          help=N_("Swedish 10 digits, Norwegian 9 digits.")),
    Field("kind", CHOICE, N_("Kind"), choices=ORG_KINDS, default="company", listed=True),
    Field("municipality", MUNICIPALITY, N_("Municipality"), listed=True, searchable=True),
    Field("sector", TEXT, N_("Sector"), searchable=True),
    Field("industry_code", INDUSTRY, N_("Industry code"), listed=True,
          help=N_("SNI 2007 in Sweden, SN2007 in Norway: the same NACE classes, e.g. 16.10 sawmilling.")),
    Field("size_class", CHOICE, N_("Size class"), choices=SIZE_CLASSES, listed=True,
          help=N_("As recorded; computed from employees, turnover and balance sheet when they are known.")),
    Field("employees", INT, N_("Employees"), min_value=ZERO),
    Field("annual_turnover", DECIMAL, N_("Annual turnover"), min_value=ZERO,
          help=N_("Including partner and linked enterprises' shares, as the EU SME definition counts them.")),
    Field("balance_sheet_total", DECIMAL, N_("Balance-sheet total"), min_value=ZERO),
    Field("financials_currency", CURRENCY, N_("Currency of figures"),
          help=N_("The currency of the annual turnover and the balance-sheet total.")),
    Field("ownership", CHOICE, N_("Ownership"), choices=OWNERSHIP,
          help=N_("Controlled: 25 % or more held by a public body or a large enterprise; not an SME then.")),
    Field("roles", MULTI, N_("Roles"), choices=ROLES),
    # A receiver of waste needs a permit that covers it (hazardous waste in particular): asked by the
    # questionnaire, shown beside the hazardous-waste flag of a match.
    Field("waste_permit", CHOICE, N_("Waste permit"), choices=WASTE_PERMITS,
          help=N_("A permit to take in waste: an environmental permit for receiving or treating it (SE: "
                  "miljöbalken, NO: forurensningsloven). Not needed for a by-product or for what is not waste.")),
    Field("waste_permit_scope", TEXT, N_("Permit covers"),
          help=N_("Kinds of waste or waste codes, amounts, the authority and the permit's reference.")),
    Field("address", TEXT, N_("Street address")),
    Field("postcode", TEXT, N_("Postcode")),
    Field("city", TEXT, N_("Town")),
    Field("latitude", DECIMAL, N_("Latitude"), min_value=Decimal(-90), max_value=Decimal(90)),
    Field("longitude", DECIMAL, N_("Longitude"), min_value=Decimal(-180), max_value=Decimal(180)),
    Field("website", URL, N_("Website")),
    Field("notes", LONGTEXT, N_("Notes"), searchable=True),
), erasable=True))

_register(Table("contact", N_("Contact person"), N_("Contact persons"), title_field="name", fields=(
    Field("organization_id", REF, N_("Organization"), required=True, ref="organization"),
    Field("name", TEXT, N_("Name"), required=True, personal=True, listed=True, searchable=True),
    Field("role", TEXT, N_("Role"), personal=True, listed=True),
    Field("phone", PHONE, N_("Phone"), personal=True, listed=True),
    Field("email", EMAIL, N_("E-mail"), personal=True, listed=True, searchable=True),
    Field("language", LANGUAGE, N_("Language"), choices=LANGUAGES, default="sv", listed=True),
    # Two separate consents (core.privacy): (a) being recorded and contacted by the project, (b) sharing
    # the organization's streams and needs and this contact with matched partners. ``consent`` keeps its
    # name from the first release, where it already meant sharing with partners.
    Field("consent_contact", BOOL, N_("Agrees to be recorded and contacted by the project")),
    Field("consent_contact_date", DATE, N_("Agreed to be contacted on")),
    Field("consent", BOOL, N_("Consents to sharing with matched partners"),
          help=N_("The organization's streams and needs and this contact may be shown to partners a match "
                  "is proposed to. Without it they stay within the project."), listed=True),
    Field("consent_date", DATE, N_("Consent to sharing given on")),
    Field("notes", LONGTEXT, N_("Notes"), personal=True),
), erasable=True))

_register(Table("visit", N_("Visit"), N_("Visits"), title_field="date", fields=(
    Field("organization_id", REF, N_("Organization"), required=True, ref="organization", listed=True),
    Field("contact_id", REF, N_("Contact person"), ref="contact"),
    Field("date", DATE, N_("Date"), required=True, listed=True),
    Field("visitors", TAGS, N_("Visitors"), listed=True),
    Field("template_id", TEXT, N_("Questionnaire"), internal=True),
    Field("template_version", INT, N_("Questionnaire version"), internal=True),
    Field("answers", MAP, N_("Answers"), internal=True),
    Field("status", CHOICE, N_("Status"), choices=VISIT_STATUS, default="draft", listed=True),
    Field("version", INT, N_("Submitted versions"), default=0, internal=True, listed=True),
    Field("next_steps", LONGTEXT, N_("Agreed next steps")),
    Field("notes", LONGTEXT, N_("Notes"), searchable=True),
)))

_register(Table("submission", N_("Questionnaire submission"), N_("Questionnaire submissions"),
                title_field="version", cli=False, fields=(
    Field("visit_id", REF, N_("Visit"), required=True, ref="visit", listed=True),
    Field("version", INT, N_("Version"), required=True, listed=True),
    Field("template_id", TEXT, N_("Questionnaire"), required=True),
    Field("template_version", INT, N_("Questionnaire version"), required=True),
    Field("answers", MAP, N_("Answers")),
    Field("submitted_at", DATETIME, N_("Submitted at"), listed=True),
    Field("submitted_by", TEXT, N_("Submitted by")),
)))

_register(Table("stream", N_("Residual stream"), N_("Residual streams"), fields=_stream_shape("stream")))
_register(Table("need", N_("Need"), N_("Needs"), fields=_stream_shape("need")))

_register(Table("idea", N_("Idea"), N_("Ideas"), fields=(
    Field("stream_id", REF, N_("Residual stream"), ref="stream", listed=True),
    Field("need_id", REF, N_("Need"), ref="need"),
    Field("organization_id", REF, N_("Organization"), ref="organization", listed=True),
    Field("title", TEXT, N_("Title"), required=True, listed=True, searchable=True),
    Field("description", LONGTEXT, N_("Description"), searchable=True),
    Field("hierarchy", CHOICE, N_("Waste hierarchy level"), choices=HIERARCHY, listed=True),
    Field("proposed_by", TEXT, N_("Proposed by")),
    Field("status", CHOICE, N_("Status"), choices=IDEA_STATUS, default="new", listed=True),
)))

_register(Table("match", N_("Match"), N_("Matches"), fields=(
    Field("stream_id", REF, N_("Residual stream (have)"), required=True, ref="stream", listed=True),
    Field("need_id", REF, N_("Need (want)"), ref="need", listed=True),
    Field("processor_id", REF, N_("Processor"), ref="organization",
          help=N_("An organization that turns the stream into what the receiver needs.")),
    Field("title", TEXT, N_("Title"), searchable=True, listed=True),
    Field("stage", CHOICE, N_("Stage"), choices=MATCH_STAGES, default="proposed", listed=True),
    Field("rejection_reason", CHOICE, N_("Reason for rejection"), choices=REJECTION_REASONS),
    Field("rejection_note", LONGTEXT, N_("About the rejection")),
    # What the suggestion said when it was accepted or rejected, as data (core.explain), in any language.
    Field("score", DECIMAL, N_("Suggestion score"), internal=True),
    Field("components", MAP, N_("Score components"), internal=True),
    Field("reasons", ITEMS, N_("Why it was suggested"), internal=True, item_shape="explanation"),
    Field("flags", ITEMS, N_("Border flags"), internal=True, item_shape="explanation"),
    Field("rule_set", TEXT, N_("Shipment rules checked"), internal=True),
    Field("flags_checked_on", DATE, N_("Flags checked on"), internal=True),
    Field("cross_border", BOOL, N_("Across the border"), internal=True, listed=True),
    Field("supplier_contact_id", REF, N_("Contact at the supplier"), ref="contact"),
    Field("receiver_contact_id", REF, N_("Contact at the receiver"), ref="contact"),
    Field("next_step", TEXT, N_("Next step")),
    Field("next_step_owner", TEXT, N_("Next step by")),
    Field("next_step_due", DATE, N_("Next step due")),
    Field("notes", LONGTEXT, N_("Notes"), searchable=True),
)))

_register(Table("match_event", N_("Stage change"), N_("Stage changes"), title_field="stage", cli=False, fields=(
    Field("match_id", REF, N_("Match"), required=True, ref="match", listed=True),
    Field("stage", CHOICE, N_("Stage"), required=True, choices=MATCH_STAGES, listed=True),
    Field("from_stage", CHOICE, N_("Previous stage"), choices=MATCH_STAGES),
    Field("date", DATE, N_("Date"), required=True, listed=True),
    # UTC to the microsecond, so several moves on one day keep their order when listed.
    Field("at", TEXT, N_("Recorded at"), internal=True),
    Field("by", TEXT, N_("By")),
    Field("note", LONGTEXT, N_("Note")),
)))

_register(Table("test_environment", N_("Test environment"), N_("Test environments"), fields=(
    Field("match_id", REF, N_("Match"), ref="match", listed=True),
    Field("idea_id", REF, N_("Idea"), ref="idea"),
    Field("title", TEXT, N_("Title"), required=True, listed=True, searchable=True),
    Field("place_organization_id", REF, N_("Place (organization, school or municipal unit)"), ref="organization"),
    Field("place", TEXT, N_("Place")),
    Field("partners", REFS, N_("Partners"), ref="organization"),
    Field("start_date", DATE, N_("Starts"), listed=True),
    Field("end_date", DATE, N_("Ends"), listed=True),
    Field("status", CHOICE, N_("Status"), choices=TEST_STATUS, default="planned", listed=True),
    Field("description", LONGTEXT, N_("What is tested"), searchable=True),
    Field("evaluation", LONGTEXT, N_("Evaluation")),
    Field("notes", LONGTEXT, N_("Notes")),
)))

_register(Table("outcome", N_("Outcome"), N_("Outcomes"), title_field="year", fields=(
    Field("match_id", REF, N_("Match"), required=True, ref="match", listed=True),
    Field("test_environment_id", REF, N_("Test environment"), ref="test_environment"),
    Field("year", INT, N_("Year"), listed=True, min_value=Decimal(2000), max_value=Decimal(2100)),
    Field("period_end", DATE, N_("Period ends")),
    Field("tonnes_diverted", DECIMAL, N_("Tonnes diverted"), min_value=ZERO, listed=True),
    Field("diverted_from", CHOICE, N_("Diverted from"), choices=HANDLING_ROUTES, listed=True),
    Field("cost_saved", DECIMAL, N_("Cost saved")),
    Field("cost_saved_currency", CURRENCY, N_("Currency of cost saved")),
    Field("revenue", DECIMAL, N_("Revenue")),
    Field("revenue_currency", CURRENCY, N_("Currency of revenue")),
    Field("co2e_saved", DECIMAL, N_("CO₂e avoided (tonnes)"), listed=True),
    Field("co2e_factor", DECIMAL, N_("CO₂e factor (tonnes per tonne)"), min_value=ZERO,
          help=N_("Tonnes of CO₂e avoided per tonne diverted; with it the avoided CO₂e is computed.")),
    Field("co2e_factor_source", TEXT, N_("Source of the CO₂e factor")),
    Field("jobs_created", INT, N_("Jobs created"), min_value=ZERO),
    Field("jobs_kept", INT, N_("Jobs kept"), min_value=ZERO),
    Field("notes", LONGTEXT, N_("Notes")),
)))

_register(Table("activity", N_("Competence activity"), N_("Activities"), fields=(
    Field("kind", CHOICE, N_("Kind"), required=True, choices=ACTIVITY_KINDS, default="workshop", listed=True),
    Field("title", TEXT, N_("Title"), required=True, listed=True, searchable=True),
    Field("date", DATE, N_("Date"), required=True, listed=True),
    Field("place", TEXT, N_("Place"), searchable=True, listed=True),
    Field("organizer_id", REF, N_("Organizer"), ref="organization", listed=True),
    Field("participants", ITEMS, N_("Participants"), item_shape="participants",
          help=N_("Per organization or country, e.g. SE:12, NO:5.")),
    Field("description", LONGTEXT, N_("Description"), searchable=True),
    Field("notes", LONGTEXT, N_("Notes")),
)))

_register(Table("attachment", N_("Photo or document"), N_("Photos and documents"), title_field="filename",
                cli=False, fields=(
    Field("owner_table", CHOICE, N_("Belongs to"), required=True, choices=OWNER_TABLES),
    Field("owner_id", TEXT, N_("Belongs to record"), required=True),
    Field("sha256", TEXT, N_("Content hash"), required=True, internal=True),
    Field("filename", TEXT, N_("File name"), required=True, listed=True),
    Field("media_type", TEXT, N_("Type"), listed=True),
    Field("size", INT, N_("Size in bytes"), min_value=ZERO, listed=True),
    Field("caption", TEXT, N_("Caption")),
)))

CLI_TABLES = tuple(name for name, t in TABLES.items() if t.cli)


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise ValidationError(_("unknown table “{table}”; choose one of: {choices}").format(
            table=name, choices=", ".join(CLI_TABLES)), field="table") from None


def coerce(table_name: str, field_name: str, value: Any, *, from_text: bool = False,
           context: Mapping[str, Any] | None = None) -> Any:
    """Check one value of ``table_name.field_name``; see ``checks.check_value`` for the rules."""
    return check_value(table_name, table(table_name).field(field_name), value, from_text=from_text,
                       context=context)


def validate_record(table_name: str, values: Mapping[str, Any], *, from_text: bool = False,
                    existing: Mapping[str, Any] | None = None, allow_internal: bool = False,
                    creating: bool = False) -> dict[str, Any]:
    """Check a set of field values for one record and return them canonical.

    ``existing`` is the stored record when editing, so checks that depend on
    other fields (organisation number on country) see the whole record, and
    a required field is only demanded when it would end up empty.
    """
    t = table(table_name)
    merged: dict[str, Any] = dict(existing or {})
    merged.update(values)
    out: dict[str, Any] = {}
    # Country first: the organisation number and municipality are checked against it.
    ordered = sorted(values, key=lambda name: (name != "country", name))
    for name in ordered:
        f = t.field(name)
        if f.internal and not allow_internal:
            raise field_error(table_name, f, _("is set by Cirkulär and cannot be changed here"))
        context = dict(merged)
        if "country" in out:
            context["country"] = out["country"]
        out[name] = coerce(table_name, name, values[name], from_text=from_text, context=context)
    if creating:
        for f in t.fields:
            if f.name not in out and f.default is not None:
                out[f.name] = f.default
        for f in t.fields:
            if f.required and out.get(f.name) in (None, "", [], {}):
                raise field_error(table_name, f, _("a value is required"))
    else:
        for name, value in out.items():
            if t.field(name).required and value in (None, "", [], {}):
                raise field_error(table_name, t.field(name), _("a value is required"))
    final = dict(existing or {})
    final.update(out)
    check_record_rules(table_name, final, None if creating else set(out))
    # A country change must still fit the stored organisation number and municipality.
    if table_name == "organization" and "country" in out and existing is not None:
        for dependent in ("org_number", "municipality"):
            if dependent not in out and merged.get(dependent):
                out_value = coerce(table_name, dependent, merged[dependent], context={"country": out["country"]})
                if out_value != merged.get(dependent):
                    out[dependent] = out_value
    return out


def parse_assignments(table_name: str, assignments: Iterable[str]) -> dict[str, str]:
    """Split CLI ``FIELD=VALUE`` words; refuse malformed ones and unknown fields."""
    t = table(table_name)
    result: dict[str, str] = {}
    for word in assignments:
        name, sep, value = word.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValidationError(_("“{word}” is not of the form FIELD=VALUE").format(word=word), field=word)
        t.field(name)
        if name in result:
            raise ValidationError(_("{table}.{field}: given more than once").format(
                table=table_name, field=name), field=name)
        result[name] = value
    return result
