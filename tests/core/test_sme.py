"""core.sme: the one place that says an organization's size class, by the EU definition (2003/361)."""

from decimal import Decimal

import pytest

from cirkular_desktop.core import sme

M = 1_000_000


def test_recorded_class_is_used_when_the_figures_are_unknown():
    assert sme.size_class({"size_class": "small"}) == "small"
    assert sme.assess({"size_class": "small"}).basis == sme.RECORDED
    assert sme.is_sme({"size_class": "medium"}) is True
    assert sme.is_sme({"size_class": "large"}) is False
    assert sme.is_sme({"size_class": "not_sme"}) is False


def test_unknown_class_is_none():
    assert sme.size_class({}) is None
    assert sme.size_class({"size_class": "huge"}) is None
    assert sme.is_sme({"size_class": None}) is None
    assert sme.assess({}).basis == sme.UNKNOWN


@pytest.mark.parametrize("employees, turnover, balance, expected", [
    (9, 2 * M, None, "micro"),
    (9, 3 * M, 2 * M, "micro"),          # turnover OR balance sheet: one within the ceiling is enough
    (9, 3 * M, 3 * M, "small"),
    (10, 1 * M, 1 * M, "small"),         # ten employees is no longer micro
    (49, 10 * M, None, "small"),
    (50, 5 * M, 5 * M, "medium"),
    (249, 60 * M, 43 * M, "medium"),     # turnover over 50 M, balance sheet within 43 M
    (249, 60 * M, 44 * M, "large"),
    (250, 1 * M, 1 * M, "large"),
    (None, 60 * M, 50 * M, "large"),     # both ceilings exceeded: large whatever the headcount
    (300, None, None, "large"),          # 250 or more is large without any money figure
])
def test_class_from_the_figures_in_euros(employees, turnover, balance, expected):
    org = {"employees": employees, "annual_turnover": turnover, "balance_sheet_total": balance,
           "financials_currency": "EUR", "size_class": "micro"}
    found = sme.assess(org)
    assert (found.size_class, found.basis) == (expected, sme.FIGURES)


def test_employees_alone_never_make_an_sme():
    assert sme.assess({"employees": 5}) == sme.Assessment(None, sme.UNKNOWN)
    assert sme.assess({"employees": 5, "size_class": "small"}) == sme.Assessment("small", sme.RECORDED)


def test_kronor_are_converted_with_the_home_currency_as_default():
    # 25 M SEK ≈ 2.2 M EUR: over the micro ceiling, so a firm of 8 is small.
    assert sme.size_class({"country": "SE", "employees": 8, "annual_turnover": 25 * M}) == "small"
    assert sme.size_class({"country": "SE", "employees": 8, "annual_turnover": 20 * M}) == "micro"
    assert sme.size_class({"country": "NO", "employees": 8, "annual_turnover": 20 * M,
                           "financials_currency": "EUR"}) == "medium"
    # The caller may pass the rate of the accounts' closing date.
    rates = {"NOK": Decimal("0.1")}
    assert sme.assess({"country": "NO", "employees": 8, "annual_turnover": 21 * M}, rates).size_class == "small"
    assert sme.assess({"country": "NO", "employees": 8, "annual_turnover": 19 * M}, rates).size_class == "micro"


def test_an_unknown_currency_leaves_the_figures_out():
    org = {"employees": 8, "annual_turnover": 1000, "financials_currency": "USD", "size_class": "medium"}
    assert sme.assess(org) == sme.Assessment("medium", sme.RECORDED)


def test_controlled_and_public_bodies_are_not_smes():
    small = {"employees": 5, "annual_turnover": 1 * M, "financials_currency": "EUR"}
    assert sme.assess({**small, "ownership": "controlled"}) == sme.Assessment(sme.NOT_SME, sme.CONTROLLED)
    assert sme.is_sme({**small, "ownership": "controlled"}) is False
    assert sme.assess({**small, "ownership": "partner_or_linked"}).size_class == "micro"
    assert sme.assess({**small, "ownership": "independent"}).size_class == "micro"
    assert sme.assess({"kind": "municipal"}) == sme.Assessment(sme.NOT_SME, sme.PUBLIC_BODY)


def test_bad_figures_are_ignored_not_fatal():
    org = {"employees": "many", "annual_turnover": "-5", "size_class": "small"}
    assert sme.assess(org) == sme.Assessment("small", sme.RECORDED)


def test_one_money_figure_over_a_ceiling_leaves_the_class_open_while_the_other_is_unknown():
    # Turnover OR balance sheet: 60 M turnover does not settle that a firm of 100 is large, its
    # balance sheet might be within 43 M. A recorded class the figures allow is used then ...
    org = {"employees": 100, "annual_turnover": 60 * M, "financials_currency": "EUR"}
    assert sme.assess({**org, "size_class": "medium"}) == sme.Assessment("medium", sme.RECORDED)
    # ... else the class of the known figures, marked as not settled.
    found = sme.assess(org)
    assert (found.size_class, found.basis, found.settled) == ("large", sme.FIGURES, False)
    assert sme.assess({**org, "size_class": "large"}) == sme.Assessment("large", sme.RECORDED)
    assert sme.assess({**org, "balance_sheet_total": 40 * M}).size_class == "medium"
    settled = sme.assess({**org, "balance_sheet_total": 44 * M})
    assert (settled.size_class, settled.settled) == ("large", True)
    # A recorded class the figures rule out (micro with 100 employees) is not used.
    assert sme.assess({**org, "size_class": "micro"}).size_class == "large"
    small = sme.assess({"employees": 9, "annual_turnover": 3 * M, "financials_currency": "EUR"})
    assert (small.size_class, small.settled) == ("small", False)
    assert sme.assess({"employees": 9, "annual_turnover": 3 * M, "financials_currency": "EUR",
                       "size_class": "micro"}) == sme.Assessment("micro", sme.RECORDED)


def test_an_assessment_says_which_figures_decided_it_and_what_was_recorded():
    found = sme.assess({"employees": 12, "annual_turnover": 1 * M, "financials_currency": "EUR",
                        "size_class": "micro"})
    assert (found.size_class, found.figures, found.recorded) == ("small", ("employees", "annual_turnover"), "micro")
    assert sme.assess({"employees": 300}).figures == ("employees",)
    both = sme.assess({"annual_turnover": 60 * M, "balance_sheet_total": 50 * M, "financials_currency": "EUR"})
    assert both.figures == ("annual_turnover", "balance_sheet_total")
    assert sme.assess({"size_class": "small"}).figures == ()


def test_the_class_and_what_it_rests_on_in_the_readers_language():
    from cirkular_desktop import i18n
    from cirkular_desktop.core import display

    figures = {"employees": 12, "annual_turnover": "900000", "financials_currency": "EUR", "size_class": "micro"}
    assert display.sme_text(figures) == ("Small enterprise — from employees and annual turnover "
                                         "(recorded: Micro enterprise)")
    with i18n.using_language("sv"):
        assert display.sme_class_text(figures) == "Litet företag"
        assert display.sme_basis_text(figures).startswith("beräknad av antal anställda och årsomsättning")
        assert display.sme_text({"kind": "municipal"}).startswith("Inte litet eller medelstort — en kommunal")
    with i18n.using_language("nb"):
        assert display.sme_text({}).startswith("Ukjent størrelse — registrer antall ansatte")
        assert "balansesummen" in display.sme_basis_text({"employees": 100, "annual_turnover": "60000000",
                                                          "financials_currency": "EUR"})
        assert display.sme_text({"ownership": "controlled", "size_class": "small"}).endswith(
            "25 % eller mer eies av en offentlig virksomhet eller et stort foretak")
