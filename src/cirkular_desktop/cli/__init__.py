"""The ``cirkular`` command-line interface. Imports: services, core, i18n, errors."""
