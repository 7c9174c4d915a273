"""Printable documents built with ReportLab from plain data: visit summaries and the project report.

Pure: the builders take the data they print (``reports.data``) and return
PDF bytes; they never touch the database, the services or Qt. Call
``build_visit_summary`` / ``build_project_report`` directly to time or test
a document; the services gather the data and choose the language.

Imports: reportlab, i18n, resources, core.
"""
