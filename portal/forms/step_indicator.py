"""The wizard's step indicator (DKFDS "Trinindikator"): every step with its state, a link to
each, the current one marked for screen readers (aria-current) and the completed ones with a
check mark and "(udfyldt)" read out.

Written in Python rather than as a Jinja macro: it is on every page of the wizard, and as a
macro it cost as much as the rest of the page's own markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import url_for
from markupsafe import Markup, escape

from portal.i18n import gettext as _
from portal.services.drafts import StepState, StoredDraft


def _item(href: str, number: int, title: str, current: bool, icon: str | None, note: str) -> str:
    marker = (
        '<span class="step-icon"><svg class="icon-svg" focusable="false" aria-hidden="true">'
        f'<use href="{icon}"></use></svg></span>'
        if icon
        else f'<span class="step-number"><span>{number}</span></span>'
    )
    if current:
        opening = f'<li class="current"><a class="step" href="{href}" aria-current="step">'
    else:
        opening = f'<li class=""><a class="step" href="{href}">'
    return (
        f'{opening}{marker}<div><span class="step-title">{escape(title)}</span>{note}</div>'
        "</a></li>\n"
    )


def step_indicator(
    draft: StoredDraft, states: Sequence[StepState], current_slug: str | None
) -> Markup:
    # Every step's page lives under the draft's address (apply.step is /<draft>/<slug>): two
    # URLs built instead of one per step.
    step_url = escape(url_for("apply.resume", draft_id=draft.public_id))
    check_icon = escape(url_for("dkfds.asset", filename="img/all-svg-icons.svg") + "#check")
    done, unfinished = escape(_("(udfyldt)")), escape(_("Ikke færdig"))
    items = []
    for number, state in enumerate(states, start=1):
        current = state.step.slug == current_slug
        if state.complete:
            note = f'<span class="sr-only">{done}</span>'
        elif state.started:
            note = f'<span class="step-information">{unfinished}</span>'
        else:
            note = ""
        icon = check_icon if state.complete and not current else None
        href = f"{step_url}{escape(state.step.slug)}"
        items.append(_item(href, number, state.step.title, current, icon, note))
    check_url = escape(url_for("apply.check", draft_id=draft.public_id))
    items.append(
        _item(check_url, len(states) + 1, _("Tjek og send"), current_slug == "tjek", None, "")
    )
    # Every value above went through escape().
    return Markup(  # noqa: S704
        f'<nav aria-label="{escape(_("Trin i ansøgningen"))}" class="step-nav">\n'
        f'<ol class="step-indicator">\n{"".join(items)}</ol>\n</nav>\n'
    )
