"""A child chosen from the CPR register, written into the wizard's answers as if typed: the
child's name and CPR number on "Barnet", the custody holders as adults on "Familien". What the
parent has typed already is kept; a holder already listed by name is not added twice."""

from __future__ import annotations

from collections.abc import Iterable

from stdnum.dk import cpr as cpr_number

from portal.wizard.answers import Answers, entry_indices


def child_answers(saved: Answers | None, name: str, cpr: str) -> Answers:
    answers = dict(saved or {})
    answers["child_name"] = [name]
    answers["child_cpr"] = [cpr_number.format(cpr)]
    return answers


def family_answers(saved: Answers | None, holders: Iterable[tuple[str, str]]) -> Answers:
    """`holders`: (name, relation) of each custody holder, "mor", "far" or "anden"."""
    answers = dict(saved or {})
    indices = entry_indices(answers, "adults")
    listed = {_same(answers.get(f"adults-{i}-name", [""])[0]) for i in indices}
    position = max(indices, default=-1) + 1
    for name, relation in holders:
        if not name or _same(name) in listed:
            continue
        answers[f"adults-{position}-name"] = [name]
        answers[f"adults-{position}-relation"] = [relation]
        answers[f"adults-{position}-custody"] = ["ja"]
        listed.add(_same(name))
        position += 1
    return answers


def _same(name: str) -> str:
    return " ".join(name.split()).casefold()
