"""The administrator's settings pages: a form per page, what each setting changes for the
families with its default and source, and each stored value as a person reads it (in the
history and on a case that keeps rules changed since).

Whether a value is allowed is decided by portal.rules.settings (MunicipalitySettings,
MunicipalityContact), the same rules `flask municipality settings --file` goes through; the
form reads what was typed and puts the rules' refusal on the field in words that say what to
write."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wtforms import Field, RadioField, SelectChoice, SelectField, StringField, TextAreaField

from portal.forms.base import BaseForm
from portal.forms.fields import AmountField, DayOfYearField, NumberField, WholeNumberField
from portal.forms.validators import NumberRange
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.i18n import locale_name, ngettext
from portal.rules import formatting
from portal.rules.case_types import CASE_TYPE_LABELS, CASE_TYPES
from portal.rules.contact import CONTACT_LABELS, MunicipalityContact
from portal.rules.i18n import N_
from portal.rules.settings import DEFAULT_SETTINGS, MonthDay, MunicipalitySettings

__all__ = ["PAGES", "SettingsPage", "label_text", "read", "settings_form", "value_text"]

# The municipality's guide every default comes from (seed 001), by its title.
GUIDE = "Esbjerg Kommunes vejledning om hjemmetræning (juni 2022)"
_NOT_IN_GUIDE = N_("portalens standard; vejledningen nævner det ikke")


@dataclass(frozen=True)
class Setting:
    label: str
    # What the setting changes for the families (or for the municipality's own work).
    hint: str
    source: str = GUIDE
    # How to write an allowed value, at the field when the rules refuse what was typed.
    refused: str = ""


_PERIOD_REFUSED = N_("Skriv et helt antal uger eller måneder, mindst 1")

SETTINGS: Mapping[str, Setting] = {
    "handling_times": Setting(
        N_("Sagsbehandlingstid"),
        N_(
            "Familien får at vide, at de kan forvente en afgørelse inden for denne tid fra den "
            "dag, kommunen modtog anmodningen, og sagen får sin frist derfra."
        ),
        refused=_PERIOD_REFUSED,
    ),
    "weekly_training_cap_hours": Setting(
        N_("Timer om ugen med hjemmetræning (37-timers-reglen)"),
        N_(
            "Familien får et råd, når planen har flere timer om ugen med træning, eller med "
            "træning og skole tilsammen. Det er kommunens hovedregel, ikke en grænse i loven."
        ),
        refused=N_("Skriv et antal timer over 0, fx 37"),
    ),
    "holiday_weeks": Setting(
        N_("Ugers ferie om året uden træning"),
        N_(
            "Budgettet regnes for 52 uger minus ferieugerne: flere ferieuger giver færre "
            "træningsuger og hjælpetrænertimer i budgetrådet."
        ),
        refused=N_("Skriv et helt antal uger fra 0 til 51"),
    ),
    "helper_hourly_rates": Setting(
        N_("Hjælpetrænerens timeløn"),
        N_(
            "Budgetrådet regner hjælpetrænernes timer med den seneste takst til og med "
            "budgetåret. Taksten er inklusive ATP, AES og AER, men uden feriepenge."
        ),
        refused=N_("Skriv en timeløn over 0 kr., fx 133,00"),
    ),
    "helper_holiday_pay_percent": Setting(
        N_("Feriepenge til hjælpetrænere (procent)"),
        N_("Lægges oven i timelønnen, når budgetrådet regner hjælpetrænernes løn."),
        source="Ferieloven (feriegodtgørelse 12,5 %)",
        refused=N_("Skriv en procent fra 0 til under 100, fx 12,5"),
    ),
    "helper_normal_weekly_hours": Setting(
        N_("Normal arbejdstid for en hjælpetræner (timer om ugen)"),
        N_("Familien får et råd, når en hjælpetræner skal arbejde flere timer om ugen."),
        refused=N_("Skriv et antal timer over 0, fx 37"),
    ),
    "family_helpers_allowed": Setting(
        N_("Må familie og venner være lønnede hjælpetrænere?"),
        N_(
            "Når svaret er nej, får familien et råd, hvis de vil ansætte familie, venner eller "
            "en kæreste som hjælpetræner."
        ),
        refused=N_("Vælg ja eller nej"),
    ),
    "budget_due": Setting(
        N_("Frist for næste års budget"),
        N_("Den dag familien senest sender budgettet; står på siderne og i påmindelserne."),
        refused=N_("Skriv en dag, der findes, som dag og måned, fx 15-11"),
    ),
    "accounts_due": Setting(
        N_("Frist for regnskabet"),
        N_("Den dag familien senest sender regnskabet for det afsluttede budgetår."),
        refused=N_("Skriv en dag, der findes, som dag og måned, fx 28-02"),
    ),
    "accounts_decision": Setting(
        N_("Afgørelse på regnskabet senest"),
        N_("Den dag familien kan forvente afgørelsen på et regnskab, der kom til tiden."),
        refused=N_("Skriv en dag, der findes, som dag og måned, fx 31-03"),
    ),
    "soon_window_days": Setting(
        N_("Varsel før en frist (dage)"),
        N_(
            "Så mange dage før en frist vises den som snart, og familien og sagsbehandleren "
            "bliver mindet om den."
        ),
        source=_NOT_IN_GUIDE,
        refused=N_("Skriv et helt antal dage, 0 eller flere"),
    ),
    "consent_days": Setting(
        N_("Dage til den anden forælders samtykke"),
        N_(
            "Så længe har den anden forælder med forældremyndighed til at svare på linket, før "
            "ansøgeren kan sende ansøgningen uden samtykket."
        ),
        source=_NOT_IN_GUIDE,
        refused=N_("Skriv et helt antal dage, mindst 1"),
    ),
    "contact": Setting(
        N_("Kontakt"),
        N_("Står i sidefoden, i breve og i e-mails til familierne."),
        source=_NOT_IN_GUIDE,
    ),
    "inbox_email": Setting(
        N_("Postkasse til nye sager"),
        N_(
            "Kommunen får en e-mail hertil om nye sager og familiernes svar. Familierne ser "
            "ikke adressen."
        ),
        source=_NOT_IN_GUIDE,
        refused=N_("Skriv en e-mailadresse, fx hjemmetraening@kommune.dk"),
    ),
    "draft_retention": Setting(
        N_("Kladder slettes efter"),
        N_(
            "En ansøgning, som familien ikke har sendt eller rørt så længe, slettes, efter at "
            "forælderen har fået en advarsel."
        ),
        source=_NOT_IN_GUIDE,
        refused=_PERIOD_REFUSED,
    ),
    "case_retention_years": Setting(
        N_("Sager opbevares i (år)"),
        N_(
            "Så mange år efter, at hjemmetræningen er slut, slettes sagen med bilag. Familien "
            "skal gemme kvitteringer lige så længe."
        ),
        refused=N_("Skriv et helt antal år, mindst 1"),
    ),
    "publish_statistics": Setting(
        N_("Offentlig statistik"),
        N_(
            "Når svaret er ja, kan alle, også familier, se kommunens sagsbehandlingstider på "
            "portalens statistikside."
        ),
        source=_NOT_IN_GUIDE,
        refused=N_("Vælg ja eller nej"),
    ),
    # Set only with `flask municipality settings --file`; named here for the history and for
    # a case that keeps them.
    "hearing_period": Setting(
        N_("Høringsfrist"), N_("Så længe har familien til at svare på en høring.")
    ),
    "reconsideration_period": Setting(
        N_("Frist for genvurdering af en klage"),
        N_("Så længe har kommunen til at genvurdere en afgørelse, familien har klaget over."),
    ),
    "supervision_report_within": Setting(
        N_("Tilsynsrapporten sendes senest"),
        N_("Så længe efter tilsynet får familien tilsynsrapporten."),
    ),
}

_CONTACT_REFUSED = {
    "email": N_("Skriv en e-mailadresse, fx familie@kommune.dk"),
    "phone": N_("Skriv et telefonnummer med cifre, fx +45 76 16 16 16"),
    "web": N_("Skriv en webadresse, der begynder med https://, fx https://www.kommune.dk"),
    "address": N_("Skriv adressen"),
    "hours": N_("Skriv telefontiden"),
}

# Not in MunicipalitySettings: kept on the municipality itself.
OWN_KEYS = ("inbox_email", "publish_statistics")


# -- How a value reads -------------------------------------------------------------------


def _period_text(value: Mapping[str, int]) -> str:
    ((unit, count),) = value.items()
    if unit == "weeks":
        return ngettext("%(num)s uge", "%(num)s uger", count)
    return ngettext("%(num)s måned", "%(num)s måneder", count)


def _plain(value: Any) -> str:
    """A number with the decimals it has: "37", "12,5"."""
    number = Decimal(str(value)).normalize()
    decimals = max(0, -number.as_tuple().exponent)
    return formatting.number(number, locale_name(), decimals=decimals)


def _hours(value: Any) -> str:
    return _("%(hours)s timer", hours=_plain(value))


def _rates(value: Mapping[str, Any]) -> str:
    return "; ".join(
        f"{year}: {formatting.money(Decimal(str(rate)), locale_name())}"
        for year, rate in sorted(value.items())
    )


def _yes_no(value: Any) -> str:
    return _("Ja") if value else _("Nej")


def _day(value: str) -> str:
    return formatting.day_and_month(MonthDay.parse(value).in_year(2000), locale_name())


_TEXTS: Mapping[str, Callable[[Any], str]] = {
    "handling_times": _period_text,
    "draft_retention": _period_text,
    "hearing_period": _period_text,
    "reconsideration_period": _period_text,
    "supervision_report_within": _period_text,
    "weekly_training_cap_hours": _hours,
    "helper_normal_weekly_hours": _hours,
    "helper_hourly_rates": _rates,
    "helper_holiday_pay_percent": lambda v: (
        formatting.number(Decimal(str(v)), locale_name(), decimals=1).replace(",0", "") + " %"
    ),
    "family_helpers_allowed": _yes_no,
    "publish_statistics": _yes_no,
    "holiday_weeks": lambda v: ngettext("%(num)s uge", "%(num)s uger", v),
    "soon_window_days": lambda v: ngettext("%(num)s dag", "%(num)s dage", v),
    "consent_days": lambda v: ngettext("%(num)s dag", "%(num)s dage", v),
    "case_retention_years": lambda v: ngettext("%(num)s år", "%(num)s år", v),
    "budget_due": _day,
    "accounts_due": _day,
    "accounts_decision": _day,
}


def value_text(value: Any, subject: str) -> str:
    """`{{ change.new_value | setting_value(change.subject) }}`: a stored value as a person
    reads it, "4 måneder", "15. november", "2022: 133,00 kr."."""
    if value is None or value == "":
        return _("(ikke angivet)")
    text = _TEXTS.get(subject.split(".")[0])
    try:
        return text(value) if text else str(value)
    except (ValueError, TypeError, ArithmeticError):
        # A value stored by an older version of the portal is shown as it was stored.
        return str(value)


def label_text(subject: str) -> str:
    """A setting's name: "Sagsbehandlingstid: Skifte metode", "Kontakt: Telefon"."""
    key, _dot, inner = subject.partition(".")
    setting = SETTINGS.get(key)
    if setting is None:
        return subject
    if key == "handling_times" and inner in CASE_TYPE_LABELS:
        return f"{_(setting.label)}: {_(CASE_TYPE_LABELS[inner])}"
    if key == "contact" and inner in CONTACT_LABELS:
        return f"{_(setting.label)}: {_(CONTACT_LABELS[inner])}"
    return _(setting.label)


_DEFAULTS = DEFAULT_SETTINGS.to_mapping()
_OWN_DEFAULTS = {"inbox_email": None, "publish_statistics": False}


def _hint(subject: str) -> str:
    key, _dot, inner = subject.partition(".")
    setting = SETTINGS[key]
    if key == "contact":
        default = None
    elif key in OWN_KEYS:
        default = _OWN_DEFAULTS[key]
    elif key == "handling_times":
        default = _DEFAULTS[key][inner]
    else:
        default = _DEFAULTS[key]
    return " ".join(
        (
            _(setting.hint),
            _(
                "Standard: %(value)s (kilde: %(source)s).",
                value=value_text(default, subject),
                source=_(setting.source),
            ),
        )
    )


# -- The pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One setting on a page: its subject and the fields it is typed in (the first gets the
    error); a period has a count and a unit in a fieldset."""

    subject: str
    fields: tuple[str, ...]

    @property
    def is_period(self) -> bool:
        return len(self.fields) == 2 and self.fields[1].endswith("_unit")


@dataclass(frozen=True)
class SettingsPage:
    slug: str
    title: str
    intro: str
    # (heading, subjects) of each section.
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    # Whether a change is a rule of a case, which a case received before keeps.
    case_rules: bool
    # Settings not on the page whose history it shows (set only by the command).
    also_history: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        """The settings whose changes the page's history shows."""
        shown = {subject.split(".")[0] for _h, subjects in self.sections for subject in subjects}
        return shown | set(self.also_history)


PAGES: Mapping[str, SettingsPage] = {
    page.slug: page
    for page in (
        SettingsPage(
            "sagsbehandlingstider",
            N_("Sagsbehandlingstider"),
            N_(
                "Hvor længe familien kan forvente at vente på en afgørelse, for hver slags "
                "anmodning."
            ),
            (
                (
                    N_("Sagsbehandlingstid pr. anmodning"),
                    tuple(f"handling_times.{case_type}" for case_type in CASE_TYPES),
                ),
            ),
            case_rules=True,
            also_history=("hearing_period", "reconsideration_period", "supervision_report_within"),
        ),
        SettingsPage(
            "traening-og-oekonomi",
            N_("Træning, hjælpetrænere og økonomi"),
            N_("Hvad budgetrådet og planens råd regner med, og fristerne i budgetåret."),
            (
                (N_("Træningen"), ("weekly_training_cap_hours", "holiday_weeks")),
                (
                    N_("Hjælpetrænere"),
                    (
                        "helper_hourly_rates",
                        "helper_holiday_pay_percent",
                        "helper_normal_weekly_hours",
                        "family_helpers_allowed",
                    ),
                ),
                (
                    N_("Budget, regnskab og frister"),
                    (
                        "budget_due",
                        "accounts_due",
                        "accounts_decision",
                        "soon_window_days",
                        "consent_days",
                    ),
                ),
            ),
            case_rules=True,
        ),
        SettingsPage(
            "kontakt",
            N_("Kontakt og postkasse"),
            N_("Hvordan familierne kontakter kommunen, og hvor kommunen får besked om nye sager."),
            (
                (
                    N_("Kommunens kontaktoplysninger"),
                    tuple(f"contact.{name}" for name in CONTACT_LABELS),
                ),
                (N_("Kommunens postkasse"), ("inbox_email",)),
            ),
            case_rules=False,
        ),
        SettingsPage(
            "opbevaring-og-statistik",
            N_("Opbevaring og statistik"),
            N_("Hvor længe portalen gemmer kladder og sager, og om statistikken er offentlig."),
            (
                (N_("Opbevaring"), ("draft_retention", "case_retention_years")),
                (N_("Statistik"), ("publish_statistics",)),
            ),
            case_rules=False,
        ),
    )
}

_UNITS = [("weeks", N_("uger")), ("months", N_("måneder"))]
_YES_NO = [("ja", N_("Ja")), ("nej", N_("Nej"))]
_WHOLE = ("holiday_weeks", "soon_window_days", "consent_days", "case_retention_years")
_HOURS = ("weekly_training_cap_hours", "helper_normal_weekly_hours")
_DAYS = ("budget_due", "accounts_due", "accounts_decision")


def _name(subject: str) -> str:
    return subject.replace(".", "_")


def _choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, _l(text)) for value, text in pairs]


def _fields_for(subject: str, years: list[int]) -> Iterator[tuple[str, Field]]:
    key = subject.split(".")[0]
    name = _name(subject)
    label = label_text(subject)
    hint = _hint(subject)
    if key in ("handling_times", "draft_retention"):
        yield f"{name}_count", WholeNumberField(_l("Antal"), description=hint)
        yield f"{name}_unit", SelectField(_l("Uger eller måneder"), choices=_choices(_UNITS))
    elif key in _WHOLE:
        yield name, WholeNumberField(label, description=hint)
    elif key in _HOURS or key == "helper_holiday_pay_percent":
        yield name, NumberField(label, description=hint)
    elif key in _DAYS:
        yield (
            name,
            DayOfYearField(
                label, description=_("%(hint)s Skriv dag og måned, fx 15-11.", hint=hint)
            ),
        )
    elif key in ("family_helpers_allowed", "publish_statistics"):
        yield name, RadioField(label, choices=_choices(_YES_NO), description=hint)
    elif key == "helper_hourly_rates":
        for year in years:
            yield (
                f"rate_{year}",
                AmountField(
                    _l("Timeløn fra %(year)s (kr.)", year=year),
                    description=f"{hint} {_('Tøm feltet for at fjerne året.')}"
                    if year == years[0]
                    else None,
                ),
            )
        yield (
            "rate_new_year",
            WholeNumberField(
                _l("Nyt år"),
                [NumberRange(2000, 2100, _l("Skriv et årstal, fx 2027"))],
                description=_l("Skriv året og timelønnen fra det år, fx 2027 og 140,00."),
            ),
        )
        yield "rate_new", AmountField(_l("Timeløn fra det nye år (kr.)"))
    elif subject == "contact.address":
        yield name, TextAreaField(label, description=hint)
    else:
        yield name, StringField(label, description=hint)


def rows(page: SettingsPage, years: list[int]) -> list[tuple[str, list[Row]]]:
    """The page's sections with the fields of each setting, in the page's order."""
    result = []
    for heading, subjects in page.sections:
        section = []
        for subject in subjects:
            names = tuple(name for name, _f in _fields_for(subject, years))
            section.append(Row(subject, names))
        result.append((heading, section))
    return result


def _years(settings: MunicipalitySettings) -> list[int]:
    return list(settings.helper_hourly_rates)


def _initial(subject: str, settings: MunicipalitySettings, own: Mapping[str, Any]) -> dict:
    key, _dot, inner = subject.partition(".")
    name = _name(subject)
    stored = settings.to_mapping()
    if key == "handling_times":
        ((unit, count),) = stored[key][inner].items()
        return {f"{name}_count": count, f"{name}_unit": unit}
    if key == "draft_retention":
        ((unit, count),) = stored[key].items()
        return {f"{name}_count": count, f"{name}_unit": unit}
    if key == "contact":
        return {name: getattr(settings.contact, inner)}
    if key == "helper_hourly_rates":
        return {f"rate_{year}": rate for year, rate in settings.helper_hourly_rates.items()}
    if key in OWN_KEYS:
        value = own[key]
        return {name: ("ja" if value else "nej") if key == "publish_statistics" else value}
    value = getattr(settings, key)
    if key == "family_helpers_allowed":
        return {name: "ja" if value else "nej"}
    if key in _DAYS:
        return {name: str(value)}
    return {name: value}


def settings_form(
    page: SettingsPage,
    settings: MunicipalitySettings,
    own: Mapping[str, Any],
    formdata=None,
) -> BaseForm:
    """The page's form, filled with the municipality's values (``own``: its inbox and its
    choice to publish statistics), or with what was posted."""
    years = _years(settings)
    attrs: dict[str, Any] = {}
    data: dict[str, Any] = {}
    for _heading, subjects in page.sections:
        for subject in subjects:
            attrs.update(_fields_for(subject, years))
            data.update(_initial(subject, settings, own))
    form_class = type("SettingsForm", (BaseForm,), attrs)
    form = form_class(formdata=formdata, data=data)
    form.rate_years = years
    return form


# -- Reading and checking what was posted -------------------------------------------------


def _typed(form: BaseForm, subject: str) -> tuple[bool, Any]:
    """(readable, the value in stored form) of one setting."""
    key, _dot, inner = subject.partition(".")
    name = _name(subject)
    if key in ("handling_times", "draft_retention"):
        count, unit = form[f"{name}_count"], form[f"{name}_unit"]
        if count.errors or count.data is None:
            if not count.errors:
                count.errors = [_(SETTINGS[key].refused)]
            return False, None
        return True, {unit.data: count.data}
    if key == "helper_hourly_rates":
        return _typed_rates(form)
    field = form[name]
    if field.errors:
        return False, None
    if key in ("family_helpers_allowed", "publish_statistics"):
        if field.data not in ("ja", "nej"):
            field.errors = [_(SETTINGS[key].refused)]
            return False, None
        return True, field.data == "ja"
    if key == "contact" or key == "inbox_email":
        return True, field.data or ""
    if field.data is None:
        field.errors = [_(SETTINGS[key].refused)]
        return False, None
    if key in _HOURS or key == "helper_holiday_pay_percent":
        return True, str(field.data)
    return True, field.data


def _typed_rates(form: BaseForm) -> tuple[bool, Any]:
    rates: dict[str, str] = {}
    readable = True
    for year in form.rate_years:
        field = form[f"rate_{year}"]
        if field.errors:
            readable = False
        elif field.data is not None:
            rates[str(year)] = str(field.data)
    year, rate = form["rate_new_year"], form["rate_new"]
    if year.errors or rate.errors:
        readable = False
    elif year.data is not None and rate.data is None:
        rate.errors = [_("Skriv timelønnen fra det nye år")]
        readable = False
    elif year.data is None and rate.data is not None:
        year.errors = [_("Skriv det år, timelønnen gælder fra")]
        readable = False
    elif year.data is not None:
        rates[str(year.data)] = str(rate.data)
    if readable and not rates:
        first = form[f"rate_{form.rate_years[0]}"] if form.rate_years else rate
        first.errors = [_("Behold mindst ét år med en timeløn")]
        readable = False
    return readable, rates


def _apply(mapping: dict[str, Any], subject: str, value: Any) -> None:
    key, _dot, inner = subject.partition(".")
    if inner:
        mapping[key] = {**mapping.get(key, {}), inner: value}
    else:
        mapping[key] = value


def _error_field(form: BaseForm, subject: str, value: Any) -> Field:
    key = subject.split(".")[0]
    name = _name(subject)
    if key in ("handling_times", "draft_retention"):
        return form[f"{name}_count"]
    if key == "helper_hourly_rates":
        for year, rate in value.items():
            if Decimal(rate) <= 0:
                return form[f"rate_{year}"] if f"rate_{year}" in form else form["rate_new"]
        return form["rate_new"]
    return form[name]


def read(
    form: BaseForm, page: SettingsPage, settings: MunicipalitySettings
) -> dict[str, Any] | None:
    """The settings typed on the page as {subject: value in stored form}, each checked by
    the rules against the municipality's other settings; None, with an error at each field
    whose value cannot be read or is not allowed."""
    form.validate()
    current = settings.to_mapping()
    typed: dict[str, Any] = {}
    ok = True
    for _heading, subjects in page.sections:
        for subject in subjects:
            readable, value = _typed(form, subject)
            if not readable:
                ok = False
                continue
            key, _dot, inner = subject.partition(".")
            try:
                if key == "inbox_email":
                    # The same check as the e-mail among the contact details.
                    value = MunicipalityContact(email=value).email if value else None
                elif key not in OWN_KEYS:
                    candidate = {**current}
                    _apply(candidate, subject, value)
                    MunicipalitySettings.from_mapping(candidate)
                    if key == "contact":
                        value = getattr(MunicipalityContact(**{inner: value}), inner)
            except ValueError:
                refused = _CONTACT_REFUSED[inner] if key == "contact" else SETTINGS[key].refused
                _error_field(form, subject, value).errors = [_(refused)]
                ok = False
                continue
            typed[subject] = value
    return typed if ok else None


def stored_values(typed: Mapping[str, Any], settings: MunicipalitySettings) -> dict[str, Any]:
    """The typed settings of MunicipalitySettings as top-level stored values."""
    current = settings.to_mapping()
    values: dict[str, Any] = {}
    for subject, value in typed.items():
        key = subject.split(".")[0]
        if key in OWN_KEYS:
            continue
        values.setdefault(key, current[key] if "." in subject else None)
        _apply(values, subject, value)
    return values
