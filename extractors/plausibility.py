"""Is a coded row an event the codebook defines? The last check on a row, once its parties, place and
date are resolved (which the trigger rules cannot see yet).

General news is full of triggers that are not Muster's events: officers who "arrived on scene", a
patient "airlifted" to hospital, "5 confirmed cases", "hospital admissions", "mobilize elderly people
to take the vaccine". The codebook's tests, applied to the resolved row:

- a deployment moves people at the hands of a state or an armed force, or to a place: the moved
  party, its sender or its destination belongs to a country (a party with a country, or a place the
  gazetteer resolved), or the people moved are an armed force themselves (troops, units). In an article on Muster's topic (extractors/topic.py) troops and workers are
  the topic's parties' by context, as an analyst reading the article takes them;
- an enlistment is joining an armed force: the force joined, or the recruits' country, is known.

A confirmation or denial that is no statement ("5 confirmed cases", "cases were confirmed") is
caught earlier, on the trigger (extractors/events/).
"""

from __future__ import annotations

from typing import Optional

from extractors.lexicon import lexicon
from schemas import EventRow


TOPIC_KINDS = ("military", "workers")  # people the topic's parties send


def implausible(row: EventRow, *, on_topic: bool) -> Optional[str]:
    """Why the row is not a codebook event (None: keep it)."""
    if row.event_type == "deployment":
        if row.actor_country or row.target_country:
            return None
        if row.place_country and (on_topic or row.actor_kind in TOPIC_KINDS):
            return None
        if on_topic and row.actor_kind in TOPIC_KINDS:
            return None
        if row.actor and row.actor.split()[-1].lower() in lexicon().deployment.armed_nouns:
            return None  # troops are an armed force by themselves
        return "deployment: no state, armed force or place behind the people moved"
    if row.event_type == "enlistment":
        joined = (row.target or "").split()
        if row.target_country or row.actor_country or (joined and joined[-1].lower() in lexicon().enlistment.armed_forces):
            return None
        return "enlistment: no armed force joined"
    return None
