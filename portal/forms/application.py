"""The application for home training, one form per wizard step.

The questions are those of Esbjerg Kommune's application form (seed 001, Bilag 8) and its
time-and-phase plan (Bilag 9), in the same order, in plain Danish. Whether an answer is good
enough for the municipality (goals, schedule, budget) is decided by portal.rules, not here;
these forms check that each answer can be read.
"""

from __future__ import annotations

from wtforms import (
    FieldList,
    FormField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms.base import BaseForm, ItemForm, choices
from portal.forms.fields import AmountField, DateField, NumberField, TimeField, WholeNumberField
from portal.forms.validators import (
    ChildUnder18,
    CprNumber,
    EmailAddress,
    MaxLength,
    MinEntries,
    NeededToSend,
    NumberRange,
    Optional,
    PhoneNumber,
    Required,
)
from portal.i18n import lazy_gettext as _l
from portal.timeutil import today_local

SHORT = 200
LONG = 4000


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


YES_NO = [("ja", _l("Ja")), ("nej", _l("Nej"))]


def _presence(required: str | None, to_send: bool) -> list:
    """`required`: the step cannot be saved without it (the message says what to write).
    `to_send`: the step is saved without it, but the rules ask for it before sending, so the
    label is not marked "(frivilligt)". Otherwise the answer is truly optional."""
    if required:
        return [Required(required)]
    return [NeededToSend()] if to_send else [Optional()]


def text(
    label, required: str | None = None, limit: int = SHORT, *, to_send: bool = False, **kwargs
) -> StringField:
    return StringField(label, [*_presence(required, to_send), MaxLength(limit)], **kwargs)


def long_text(
    label, required: str | None = None, limit: int = LONG, *, to_send: bool = False, **kwargs
) -> TextAreaField:
    return TextAreaField(label, [*_presence(required, to_send), MaxLength(limit)], **kwargs)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# Step 1 (Bilag 8, question 1) -------------------------------------------------------------


class ChildForm(BaseForm):
    child_name = text(_l("Barnets fulde navn"), _l("Skriv barnets fulde navn"))
    child_cpr = StringField(
        _l("Barnets CPR-nummer"),
        [
            Required(_l("Skriv barnets CPR-nummer")),
            CprNumber(),
            ChildUnder18(today_local),
        ],
        description=_l("10 cifre, fx 010203-1234"),
        render_kw={"autocomplete": "off", "inputmode": "numeric", "class": "input-width-s"},
    )
    disability = long_text(
        _l("Hvad har barnet svært ved?"),
        limit=2000,
        description=_l(
            "Skriv kort om barnets funktionsnedsættelse og eventuel diagnose. "
            "Det hjælper sagsbehandleren med at forstå jeres ansøgning."
        ),
    )


# Step 2 (question 2) ------------------------------------------------------------------------


class AdultForm(ItemForm):
    name = text(_l("Navn"), _l("Skriv navnet"))
    relation = RadioField(
        _l("Forhold til barnet"),
        [Required(_l("Vælg forholdet til barnet"))],
        choices=options(
            [("mor", _l("Mor")), ("far", _l("Far")), ("anden", _l("Anden voksen i hjemmet"))]
        ),
    )
    custody = RadioField(
        _l("Har personen forældremyndighed?"),
        [Required(_l("Vælg om personen har forældremyndighed"))],
        choices=options(YES_NO),
    )
    occupation = text(
        _l("Arbejde og arbejdsgiver"),
        description=_l("Fx sygeplejerske, Sydvestjysk Sygehus. Skriv 'ingen', hvis det passer."),
    )
    weekly_hours = NumberField(
        _l("Arbejdstimer om ugen"),
        [Optional(), NumberRange(0, 80, _l("Skriv et antal timer mellem 0 og 80"))],
        render_kw={"inputmode": "decimal", "class": "input-width-xs"},
    )
    working_times = text(
        _l("Arbejdstider"), description=_l("Fx mandag til fredag kl. 8-16, eller skiftende vagter")
    )


class SiblingForm(ItemForm):
    name = text(_l("Navn"), _l("Skriv søskendes navn"))
    age = WholeNumberField(
        _l("Alder"),
        [
            Required(_l("Skriv søskendes alder")),
            NumberRange(0, 60, _l("Skriv en alder mellem 0 og 60")),
        ],
        render_kw={"inputmode": "numeric", "class": "input-width-xs"},
    )


class FamilyForm(BaseForm):
    email = StringField(
        _l("Din e-mailadresse"),
        [Required(_l("Skriv din e-mailadresse")), EmailAddress(), MaxLength(254)],
        description=_l("Vi skriver til dig, når der sker noget i sagen."),
        render_kw={"autocomplete": "email", "type": "email"},
    )
    phone = StringField(
        _l("Dit telefonnummer"),
        [Required(_l("Skriv dit telefonnummer")), PhoneNumber(), MaxLength(40)],
        render_kw={"autocomplete": "tel", "type": "tel", "class": "input-width-s"},
    )
    adults = FieldList(
        FormField(AdultForm),
        _l("Forældre og andre voksne i hjemmet"),
        [MinEntries(1, _l("Skriv mindst én forælder"))],
        min_entries=1,
        max_entries=4,
    )
    siblings = FieldList(FormField(SiblingForm), _l("Søskende"), max_entries=15)


# Step 3 (question 3) ------------------------------------------------------------------------


class MethodForm(ItemForm):
    name = text(_l("Metodens navn"), _l("Skriv metodens navn"))
    provider = text(
        _l("Metodeudbyder"),
        _l("Skriv hvem der udbyder metoden"),
        description=_l("Den organisation eller person, der står bag metoden og vejleder jer."),
    )
    description = long_text(_l("Beskrivelse af metoden"), _l("Beskriv metoden med jeres egne ord"))
    elements = long_text(
        _l("Metodens delelementer"),
        _l("Beskriv metodens delelementer"),
        description=_l("De dele, metoden består af, fx øvelser, sansestimulering, kost."),
    )
    glossary = long_text(
        _l("Ordforklaring"),
        limit=2000,
        description=_l("Forklar fagord, som sagsbehandleren måske ikke kender (frivilligt)."),
    )
    kind = RadioField(
        _l("Er metoden konventionel eller alternativ?"),
        [Required(_l("Vælg om metoden er konventionel eller alternativ"))],
        choices=options(
            [
                (
                    "konventionel",
                    _l("Konventionel – en metode, som fagfolk i Danmark normalt bruger"),
                ),
                ("alternativ", _l("Alternativ – en metode uden for det etablerede system")),
            ]
        ),
    )
    health_elements = RadioField(
        _l("Indeholder metoden øvelser eller behandling for kroppen i et ikke ubetydeligt omfang?"),
        [Required(_l("Vælg ja eller nej"))],
        choices=options(YES_NO),
        description=_l(
            "Fx fysioterapi, ergoterapi eller genoptræning. Hvis ja, inddrager kommunen "
            "en sundhedsfaglig person i vurderingen."
        ),
    )


class MethodsForm(BaseForm):
    methods = FieldList(
        FormField(MethodForm),
        _l("Metoder"),
        [MinEntries(1, _l("Beskriv mindst én metode"))],
        min_entries=1,
        max_entries=10,
    )


# Step 4 (questions 4-11) --------------------------------------------------------------------


class ConsiderationsForm(BaseForm):
    trainers = MultiCheckboxField(
        _l("Hvem skal træne barnet?"),
        [Required(_l("Vælg hvem der skal træne barnet"))],
        choices=options(
            [
                ("mor", _l("Mor")),
                ("far", _l("Far")),
                ("anden_voksen", _l("Anden voksen i hjemmet")),
                ("hjaelpetraenere", _l("Hjælpetrænere")),
            ]
        ),
        # Principle decision 9-17 (seed 003): the parents are the ones approved.
        description=_l(
            "Det er jer forældre, der bliver godkendt til at hjemmetræne, så I træner selv "
            "barnet. Hjælpetrænere kan hjælpe ved øvelser, der kræver to personer, mens en af "
            "jer træner, eller afløse jer meget kort (Ankestyrelsens principafgørelse 9-17)."
        ),
    )
    trainers_details = long_text(_l("Uddyb gerne, hvem der træner hvornår"), limit=2000)
    motivation = long_text(
        _l("Hvorfor vil I hjemmetræne jeres barn?"),
        _l("Skriv hvorfor I vil hjemmetræne"),
        description=_l(
            "Hvad har motiveret jer? Hvorfor tror I, at hjemmetræning er det bedste for jeres barn?"
        ),
    )
    home_setting = long_text(
        _l("Hvordan egner jeres hjem sig til træningen?"),
        _l("Beskriv hjemmets rammer"),
        description=_l("Fx plads, rum til træning og udstyr."),
    )
    resources = long_text(
        _l("Har I kræfter og overskud til opgaven?"),
        _l("Beskriv jeres ressourcer og overskud"),
        description=_l(
            "Hvad tænker I om jeres ressourcer og overskud i familien til at træne barnet?"
        ),
    )
    wellbeing = long_text(
        _l("Hvordan vil barnet have det med træningen?"),
        _l("Beskriv hvordan I sikrer, at barnet trives"),
        description=_l(
            "Hvad tror I, barnet vil synes om at træne? Hvordan sikrer I, at barnet trives?"
        ),
    )
    leisure = long_text(
        _l("Barnets fritidsinteresser og hvornår de foregår"),
        limit=2000,
        description=_l("Hvis det er aktuelt."),
    )
    siblings_parents_view = long_text(
        _l("Hvad tror I, søskende vil synes om træningen?"),
        limit=2000,
        description=_l("Jeres overvejelser. Hvis det er aktuelt."),
    )
    siblings_view = long_text(
        _l("Hvad siger søskende selv?"), limit=2000, description=_l("Hvis det er aktuelt.")
    )
    network = long_text(
        _l("Hvilken hjælp kan I få fra familie og netværk?"),
        _l("Beskriv hvilken hjælp I kan få fra familie og netværk"),
        description=_l("Skriv 'ingen', hvis I ikke kan få hjælp."),
    )


# Step 5 (question 12) -----------------------------------------------------------------------


class OfferForm(ItemForm):
    offer = SelectField(
        _l("Tilbud"),
        [Required(_l("Vælg hvilket tilbud det drejer sig om"))],
        choices=options(
            [
                ("", _l("Vælg")),
                ("dagtilbud", _l("Dagtilbud (vuggestue, børnehave, dagpleje)")),
                ("skole", _l("Skole")),
                ("sfo", _l("SFO eller klub")),
                ("behandling", _l("Behandlingstilbud")),
                ("andet", _l("Andet")),
            ]
        ),
    )
    name = text(_l("Navn på stedet"), description=_l("Fx Solsikken Børnehave"))
    change = RadioField(
        _l("Skal hjemmetræningen supplere eller erstatte tilbuddet?"),
        [Required(_l("Vælg supplere eller erstatte"))],
        choices=options(
            [
                ("supplere", _l("Supplere – barnet bliver i tilbuddet en del af tiden")),
                ("erstatte", _l("Erstatte – barnet stopper i tilbuddet")),
            ]
        ),
    )
    reason = long_text(_l("Hvorfor?"), _l("Skriv hvorfor"), limit=2000)


class OffersForm(BaseForm):
    offers = FieldList(FormField(OfferForm), _l("Offentlige tilbud"), max_entries=10)


# Step 6 (Bilag 9: the time-and-phase plan, one block per goal) -------------------------------


class GoalForm(ItemForm):
    # Whether a goal is good enough is for portal.rules.goals; here only that it can be read.
    # The rules (portal.rules.goals) need these four before sending; the form keeps a goal
    # saved half-written.
    title = text(
        _l("Udvalgt mål"),
        to_send=True,
        description=_l("Hvilket konkret mål vil I arbejde med? Fx: Anders tager selv bukser på."),
    )
    current_status = long_text(
        _l("Barnets status nu"),
        to_send=True,
        description=_l("Hvad kan barnet nu i forhold til målet?"),
    )
    indicator = long_text(
        _l("Hvordan kan I se, at målet er nået?"),
        limit=2000,
        to_send=True,
        description=_l(
            "Noget I kan se eller tælle, fx: tager bukserne på uden hjælp 5 morgener i træk."
        ),
    )
    short_term = long_text(
        _l("Kortsigtet mål (om ½ år)"), description=_l("Hvad vil I have opnået om et halvt år?")
    )
    short_term_by = DateField(_l("Dato for det kortsigtede mål"))
    long_term = long_text(
        _l("Langsigtet mål (om 1 år)"), description=_l("Hvad vil I have opnået om et år?")
    )
    long_term_by = DateField(_l("Dato for det langsigtede mål"))
    purpose = long_text(
        _l("Formålet med målet"),
        description=_l(
            "Hvorfor er målet vigtigt for barnet, set i forhold til funktionsnedsættelsen?"
        ),
    )
    method = text(
        _l("Hvilken metode bruger I til målet?"),
        description=_l("Skriv navnet på metoden, som I har beskrevet den."),
    )
    exercises = long_text(
        _l("Konkrete øvelser"),
        description=_l("Hvilke øvelser fra metoden bruger I for at nå målet?"),
    )
    when = long_text(
        _l("Hvornår træner I øvelserne?"), limit=2000, description=_l("Fx hver morgen kl. 7-7.30.")
    )
    equipment = long_text(
        _l("Udstyr"), limit=2000, description=_l("Hvilke redskaber skal I bruge til øvelserne?")
    )
    documentation = long_text(
        _l("Hvordan dokumenterer I effekten?"),
        to_send=True,
        description=_l("Fx skema over hvor mange gange barnet klarer øvelsen, video hver måned."),
    )


class GoalsForm(BaseForm):
    goals = FieldList(
        FormField(GoalForm),
        _l("Mål"),
        [MinEntries(1, _l("Beskriv mindst ét mål"))],
        min_entries=1,
        max_entries=30,
    )


# Step 7: the weekly schedule -----------------------------------------------------------------

EMPTY = SelectChoice("", _l("Vælg"))


class ScheduleEntryForm(ItemForm):
    day = SelectField(_l("Dag"), [Required(_l("Vælg en dag"))], choices=[EMPTY, *choices("day")])
    start = TimeField(_l("Fra kl."), [Required(_l("Skriv hvornår aktiviteten starter"))])
    end = TimeField(_l("Til kl."), [Required(_l("Skriv hvornår aktiviteten slutter"))])
    kind = SelectField(
        _l("Slags"),
        [Required(_l("Vælg hvilken slags aktivitet det er"))],
        choices=[EMPTY, *choices("activity")],
    )
    activity = text(_l("Aktivitet"), _l("Skriv hvad barnet laver"))
    method = text(_l("Metode"), description=_l("Ved træning: hvilken metode?"))


class ScheduleForm(BaseForm):
    entries = FieldList(
        FormField(ScheduleEntryForm),
        _l("Ugeskema"),
        [MinEntries(1, _l("Skriv mindst én aktivitet i ugeskemaet"))],
        min_entries=1,
        max_entries=100,
    )


# Step 8: the budget (seed 001, Bilag 11) ----------------------------------------------------


class BudgetLineForm(ItemForm):
    category = SelectField(
        _l("Slags udgift"),
        [Required(_l("Vælg hvilken slags udgift det er"))],
        choices=[EMPTY, *choices("budget_category")],
    )
    description = text(_l("Hvad skal I bruge?"), _l("Skriv hvad udgiften er til"))
    quantity = NumberField(
        _l("Antal"),
        [Optional(), NumberRange(0, 100000, _l("Skriv et antal større end 0"))],
        description=_l("Antal stk., personer eller måneder."),
        render_kw={"inputmode": "decimal", "class": "input-width-xs"},
    )
    hours_per_week = NumberField(
        _l("Timer om ugen (kun hjælpetrænere)"),
        [Optional(), NumberRange(0, 168, _l("Skriv et antal timer mellem 0 og 168"))],
        render_kw={"inputmode": "decimal", "class": "input-width-xs"},
    )
    # Principle decision 9-17 (seed 003): a helper only for exercises that need two persons.
    helper_goals = long_text(
        _l("Hvilke mål eller øvelser skal hjælperen hjælpe med? (kun hjælpetrænere)"),
        limit=2000,
        description=_l(
            "En hjælper kan være med ved øvelser, der kræver to personer, mens en af jer "
            "træner, eller afløse jer meget kort. Skriv målene eller øvelserne fra tids- og "
            "faseplanen."
        ),
    )
    helper_family = RadioField(
        _l("Er hjælperen i familie med jer? (kun hjælpetrænere)"),
        [Optional()],
        choices=options(YES_NO),
    )
    # Needed to send, except on a helper line, where the portal computes it (the hint says so).
    amount = AmountField(
        _l("Beløb i kr."),
        [NeededToSend()],
        description=_l(
            "For hjælpetrænere regner vi beløbet ud, hvis I lader feltet stå tomt: timer om "
            "ugen × træningsuger × kommunens timeløn, plus feriepenge. Udregningen står under "
            "budgettet."
        ),
        render_kw={"inputmode": "decimal", "class": "input-width-s"},
    )
    justification = long_text(
        _l("Hvorfor er udgiften nødvendig for træningen?"),
        limit=2000,
        to_send=True,
    )


class BudgetForm(BaseForm):
    year = WholeNumberField(
        _l("Hvilket år gælder budgettet?"),
        [
            Required(_l("Skriv hvilket år budgettet gælder")),
            NumberRange(2024, 2100, _l("Skriv et årstal, fx 2027")),
        ],
        render_kw={"inputmode": "numeric", "class": "input-width-xs"},
    )
    # "Der tages her udgangspunkt i, at I holder 5 ugers ferie om året, hvor jeres barn ikke
    # har sin formelle hjemmetræning – herunder behov for hjælpetrænere" (seed 001): 52 - 5.
    training_weeks = WholeNumberField(
        _l("Hvor mange uger om året træner I?"),
        [Optional(), NumberRange(1, 52, _l("Skriv et antal uger mellem 1 og 52"))],
        default=47,
        description=_l(
            "Normalt 47 uger: året minus 5 ugers ferie uden formel træning. Vi regner "
            "hjælpetrænernes løn ud fra antallet af uger."
        ),
        render_kw={"inputmode": "numeric", "class": "input-width-xs"},
    )
    lines = FieldList(FormField(BudgetLineForm), _l("Udgifter"), max_entries=200)


# Step 9 (question 15) -----------------------------------------------------------------------


class PartnerForm(ItemForm):
    institution = text(_l("Virksomhed eller institution"), _l("Skriv virksomhed eller institution"))
    contact_person = text(_l("Kontaktperson"))
    function = text(_l("Personens funktion"), description=_l("Fx læge, pædagog, fysioterapeut"))
    address = text(_l("Adresse"))
    phone = StringField(
        _l("Telefonnummer"),
        [Optional(), PhoneNumber(), MaxLength(40)],
        render_kw={"type": "tel", "class": "input-width-s"},
    )


class PartnersForm(BaseForm):
    partners = FieldList(FormField(PartnerForm), _l("Samarbejdspartnere"), max_entries=30)


# Step 10 (question 14) ----------------------------------------------------------------------


class ConsentForm(BaseForm):
    consent = RadioField(
        _l("Må kommunen indhente de oplysninger, der er nødvendige for at behandle ansøgningen?"),
        [Required(_l("Vælg ja eller nej"))],
        choices=options(YES_NO),
        description=_l(
            "Det kan være oplysninger om barnets helbred og om jeres løn og ansættelse, "
            "hvis det har betydning for ansøgningen. Svarer I nej, ringer sagsbehandleren til jer."
        ),
    )


class SubmitForm(BaseForm):
    confirm = MultiCheckboxField(
        _l("Bekræftelse"),
        [Required(_l("Bekræft at oplysningerne er rigtige"))],
        choices=options(
            [("ja", _l("Jeg bekræfter, at oplysningerne er rigtige, så vidt jeg ved."))]
        ),
    )
    # Asked for only when the other holder of custody has declined or not answered in time
    # (portal.rules.custody_consent.may_send_without); the check page says so.
    statement = long_text(
        _l("Hvorfor sender du uden den anden forældremyndighedsindehavers samtykke?"),
        limit=2000,
        description=_l("Fx at den anden forælder ikke kan træffes. Kommunen læser det."),
    )
