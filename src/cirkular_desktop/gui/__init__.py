"""The Qt desktop application: the ONLY package that imports PySide6.

The GUI calls services and shows plain data; it never touches a database
connection or a row object. Imports: PySide6, services, core, i18n, errors.
"""
