"""The documents the rules rest on, by the titles a parent or caseworker can look them up by
(a finding's `source`, the yearly figures' sources). Code comments point to the same documents
by their file numbers in ../shared/seeds/."""

from __future__ import annotations

__all__ = ["ANKESTYRELSEN", "DUKH", "EXECUTIVE_ORDER", "GUIDE"]

# 001: the municipality's guide with its annexes (Bilag 8-14).
GUIDE = "Esbjerg Kommunes vejledning om hjemmetræning (juni 2022)"
# 003: Ankestyrelsen's practice note on home training and lost earnings.
ANKESTYRELSEN = "Ankestyrelsens notat om hjemmetræning og tabt arbejdsfortjeneste (2021)"
# 004: the executive order in force from 1 January 2024.
EXECUTIVE_ORDER = "Bekendtgørelse om hjemmetræning efter barnets lov (2024)"
# 000: DUKH's newsletter on what parents complain about.
DUKH = "DUKH-nyt nr. 1, januar 2016"
