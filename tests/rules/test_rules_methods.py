"""The health elements the law does not allow in home training, recognised as families write
them: principle decision 70-14 (seed 003) names "carbogengas, genindånding i refleksposer og
trykkammerbehandlinger (herunder mild)"; Bekendtgørelse om hjemmetræning § 3, stk. 7 (seed 004)
says they "kan ikke godkendes som en del af hjemmetræningen"."""

import pytest

from portal.rules.methods import check_methods, forbidden_elements


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Mild trykkammer 2 gange om ugen", "hyperbaric_chamber"),
        ("trykkammeret i Vejle", "hyperbaric_chamber"),
        ("Tryk-kammerbehandlinger", "hyperbaric_chamber"),
        ("Leje af iltkammer", "hyperbaric_chamber"),
        ("iltkamrene", "hyperbaric_chamber"),
        ("HBOT", "hyperbaric_chamber"),
        ("mHBOT (mild hyperbaric oxygen)", "hyperbaric_chamber"),
        ("Hyperbarisk iltbehandling", "hyperbaric_chamber"),
        ("Carbogen-behandling", "carbogen"),
        ("karbogen", "carbogen"),
        ("refleksposerne", "carbogen"),
        ("Genindånding i poser", "carbogen"),
        ("poseånding hver morgen", "carbogen"),
        ("Barnet ånder i en pose i 5 minutter", "carbogen"),
        ("Respirationsterapien", "respiratory_therapy"),
        ("Respirations-terapi", "respiratory_therapy"),
        ("Specialiseret sundhedsbehandling", "hospital_treatment"),
    ],
)
def test_a_forbidden_element_is_recognised_in_its_danish_forms(text, key):
    assert [element.key for element in forbidden_elements(text)] == [key]


@pytest.mark.parametrize(
    "text",
    [
        # Seed 003 point 155: "træning af respirationsfunktioner" is a physical element.
        "Respirationstræning og vejrtrækningsøvelser",
        "Trykfordelende madras",
        "Iltmåler til natten",
        "Pose med sansebolde",
        "Kammermusik som afslapning",
    ],
)
def test_ordinary_training_words_are_not_taken_for_treatment(text):
    assert forbidden_elements(text) == []


def test_the_advice_is_at_the_method_and_says_the_family_can_still_send():
    (finding,) = check_methods([{"name": "Doman", "elements": "Mild trykkammer"}])
    assert finding.code == "method.forbidden.hyperbaric_chamber"
    assert not finding.is_error and finding.field == "0.elements"
    assert "kommunen kan ikke godkende træningen, så længe det er en del af den" in finding.message
    assert "Fjern det fra metoden, eller forklar" in finding.message
    assert "I kan stadig sende ansøgningen" in finding.message
    assert finding.source.startswith("Ankestyrelsens principafgørelse 70-14")
    assert "seed" not in finding.source.lower()
