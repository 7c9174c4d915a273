"""Pure domain: records and their validation, code lists, questionnaire, units.

Nothing in ``core`` touches the database, the disk beyond read-only resources,
or Qt. Imports: errors, i18n, resources and third-party pure libraries.
"""
