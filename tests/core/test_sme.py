"""core.sme: the one place that says an organization's size class."""

from cirkular_desktop.core import sme


def test_recorded_class_is_used():
    assert sme.size_class({"size_class": "small"}) == "small"
    assert sme.is_sme({"size_class": "medium"}) is True
    assert sme.is_sme({"size_class": "large"}) is False


def test_unknown_class_is_none():
    assert sme.size_class({}) is None
    assert sme.size_class({"size_class": "huge"}) is None
    assert sme.is_sme({"size_class": None}) is None
