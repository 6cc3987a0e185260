"""The wizard offers the logged-in parent's children from the CPR register (the embedded
register's invented families, and Serviceplatformen's SF1520 on loopback): choosing a child
fills in the child and the custody holders; a protected address is never shown; a register
that fails or is slow leaves manual entry as it was."""

from __future__ import annotations

import time

import pytest

from tests.support import journey
from tests.support.english import english_problems
from tests.support.pages import Page, assert_redirects, get
from tests.support.serviceplatformen import loopback_serviceplatform

METTE = ("Mette Hansen", "0203851236")  # Emma (7) and Lukas (20), with Jens at another address
SARA = ("Sara Nielsen", "0509874330")  # Noah, with Peter, whose address is protected
ANDERS = ("Anders Larsen", "0812804128")  # Ida, whose custody is her mother's alone


def _start(client, parent) -> str:
    journey.login_parent(client, *parent)
    return journey.start_application(client)


def _choose(client, base: str, child_cpr: str | None) -> Page:
    page = get(client, base + "barnet")
    data = {"csrf_token": page.form_values()["csrf_token"]}
    if child_cpr is not None:
        data["register-child"] = child_cpr
    return Page(client.post(base + "barnet/cpr", data=data))


def _choices(page: Page) -> dict[str, str]:
    return {
        radio["value"]: page.soup.find("label", attrs={"for": radio["id"]}).get_text(strip=True)
        for radio in page.soup.select("input[name=register-child]")
    }


def test_the_parent_is_offered_their_children_under_18_with_the_other_holder(client, esbjerg):
    base = _start(client, METTE)

    page = get(client, base + "barnet")

    assert _choices(page) == {
        "1203184521": "Emma Hansen, født 12. marts 2018. Forældremyndighed sammen med: "
        "Jens Hansen, Strandvejen 88, 6710 Esbjerg V"
    }  # Lukas is 20
    assert page.value("child_name") == ""  # manual entry is there too


def test_choosing_a_child_fills_in_the_child_and_the_custody_holders(client, esbjerg):
    base = _start(client, METTE)

    response = _choose(client, base, "1203184521")

    assert_redirects(response, base + "barnet")
    child = get(client, base + "barnet")
    assert "Vi har skrevet Emma Hansen og forældremyndighedsindehaverne ind" in child.text()
    assert (child.value("child_name"), child.value("child_cpr")) == ("Emma Hansen", "120318-4521")
    family = get(client, base + "familien")
    assert [
        (
            family.value(f"adults-{i}-name"),
            family.value(f"adults-{i}-relation-{relation}"),
            family.value(f"adults-{i}-custody-0"),
        )
        for i, relation in ((0, 0), (1, 1))
    ] == [("Mette Hansen", "mor", "ja"), ("Jens Hansen", "far", "ja")]


def test_choosing_again_keeps_what_was_typed_and_adds_no_one_twice(client, esbjerg):
    base = _start(client, METTE)
    _choose(client, base, "1203184521")
    journey.save_step(
        client,
        base,
        "barnet",
        {"child_name": "Emma Hansen", "child_cpr": "120318-4521", "disability": "Cerebral parese"},
    )

    _choose(client, base, "1203184521")

    assert get(client, base + "barnet").value("disability").strip() == "Cerebral parese"
    family = get(client, base + "familien")
    assert family.value("adults-2-name") is None


def test_a_protected_address_is_neither_shown_nor_filled_in(client, esbjerg):
    base = _start(client, SARA)

    page = get(client, base + "barnet")

    assert _choices(page) == {
        "2206194127": "Noah Nielsen, født 22. juni 2019. Forældremyndighed sammen med: "
        "Peter Nielsen"
    }
    assert "Hjertingvej" not in page.html
    _choose(client, base, "2206194127")
    for slug in ("barnet", "familien", "tjek"):
        assert "Hjertingvej" not in get(client, base + slug).html
    assert get(client, base + "familien").value("adults-1-name") == "Peter Nielsen"


def test_a_parent_without_custody_is_offered_nothing_and_types_the_child(client, esbjerg):
    base = _start(client, ANDERS)

    page = get(client, base + "barnet")

    assert _choices(page) == {}
    assert page.soup.select_one("#register-unavailable") is None
    assert page.value("child_name") == ""


def test_choosing_no_child_says_so_at_the_choice(client, esbjerg):
    base = _start(client, METTE)

    page = _choose(client, base, None)

    assert page.title.startswith("Fejl:")
    # The summary links to the first option, as for every choice in the portal.
    assert page.error_summary() == {"register-child-0": "Vælg det barn, ansøgningen gælder"}
    assert page.field_error("register-child") == "Vælg det barn, ansøgningen gælder"
    assert page.value("child_name") == ""


def test_a_child_not_offered_cannot_be_chosen(client, esbjerg):
    base = _start(client, METTE)

    page = _choose(client, base, "1503064012")  # Lukas, 20

    assert page.error_summary() == {"register-child-0": "Vælg en af mulighederne."}
    assert get(client, base + "barnet").value("child_name") == ""


@pytest.fixture
def serviceplatform(app, monkeypatch):
    """The portal asks the loopback Serviceplatformen, waiting at most 3 seconds."""
    with loopback_serviceplatform() as platform:
        for name, value in {
            "CPR_REGISTER": "sf1520",
            "CPR_ENDPOINT": platform.url,
            "CPR_SERVICE_AGREEMENT_UUID": "42571b5d-6371-4edb-8729-1343a3f4c9b9",
            "CPR_USER_SYSTEM_UUID": "99478e20-68e6-41ff-b822-681fb69b8ff2",
            "CPR_USER_UUID": "e3108916-8ed9-4482-8045-57a5c2c6f4d3",
            "CPR_SERVICE_UUID": "e6be2436-bf35-4df2-83fe-925142825dc2",
            "CPR_CLIENT_CERT": None,
            "CPR_TIMEOUT": 3.0,
        }.items():
            monkeypatch.setitem(app.config, name, value)
        monkeypatch.setitem(app.extensions, "cpr_register", None)
        yield platform


def test_children_come_from_serviceplatformen_when_it_is_configured(
    client, esbjerg, serviceplatform
):
    base = _start(client, SARA)

    page = get(client, base + "barnet")

    assert list(_choices(page)) == ["2206194127"]
    assert "Hjertingvej" not in page.html
    assert {request["pnr"] for request in serviceplatform.requests} == {
        "0509874330",
        "2206194127",
        "1910864342",
    }


def test_a_slow_register_leaves_the_wizard_usable_within_3_seconds(
    client, esbjerg, serviceplatform
):
    base = _start(client, METTE)
    serviceplatform.delay = 4

    started = time.monotonic()
    page = get(client, base + "barnet")
    waited = time.monotonic() - started

    assert waited < 3.6
    assert "Vi kunne ikke hente dine børn fra CPR-registret lige nu" in page.text()
    assert _choices(page) == {}
    serviceplatform.delay = 0
    answers = journey.valid_answers()["barnet"]
    assert_redirects(journey.save_step(client, base, "barnet", answers), base + "familien")


def test_a_soap_fault_keeps_manual_entry(client, esbjerg, serviceplatform):
    base = _start(client, METTE)
    serviceplatform.fault = "Serviceaftalen er ikke gyldig"

    page = get(client, base + "barnet")

    assert "Vi kunne ikke hente dine børn fra CPR-registret lige nu" in page.text()
    assert "Serviceaftalen" not in page.text()
    answers = journey.valid_answers()["barnet"]
    assert_redirects(journey.save_step(client, base, "barnet", answers), base + "familien")
    assert get(client, base + "barnet").value("child_name") == answers["child_name"]


def test_without_a_register_the_step_is_as_before(client, esbjerg, app, monkeypatch):
    # CPR_REGISTER=none, the default in production until SF1520 is configured.
    monkeypatch.setitem(app.config, "CPR_REGISTER", "none")
    base = _start(client, METTE)

    page = get(client, base + "barnet")

    assert _choices(page) == {}
    assert page.soup.select_one("#register-unavailable") is None
    assert page.soup.select_one("form[action$='barnet/cpr']") is None


def test_the_choice_reads_english_on_the_english_pages(client, esbjerg):
    base = _start(client, METTE)
    assert client.post("/sprog", data={"lang": "en", "next": "/"}).status_code == 302

    page = get(client, base + "barnet")

    assert _choices(page) == {
        "1203184521": "Emma Hansen, born 12 March 2018. Custody shared with: "
        "Jens Hansen, Strandvejen 88, 6710 Esbjerg V"
    }
    assert english_problems(page.html) == []
    page = _choose(client, base, None)
    assert page.error_summary() == {"register-child-0": "Choose the child the application is for"}
    assert english_problems(page.html) == []
