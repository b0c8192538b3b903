"""People's names: family names (from the pool or invented) and full artist names in
the mix of scripts and forms the real files show."""

from __future__ import annotations

from cinelake_tools.sample.draw import Draw
from cinelake_tools.sample.vocabulary import (
    CJK_FAMILY,
    CJK_GIVEN,
    FIRST_F,
    FIRST_M,
    KO_FAMILY,
    KO_GIVEN,
    LAST,
    NICKS,
    PARTICLES,
    RU_FIRST_F,
    RU_FIRST_M,
    RU_LAST_F,
    RU_LAST_M,
    SURNAME_END,
    SYL_HEAD,
    SYL_MID,
)


def surname(d: Draw) -> str:
    """A family name: from the pool for ~45%, else invented ("Kelingwood")."""
    if d.rand() < 0.45:
        return d.pick(LAST)
    mid = d.pick(SYL_MID) if d.rand() < 0.3 else ""
    return d.pick(SYL_HEAD) + mid + d.pick(SURNAME_END)


def person_name(d: Draw, female: bool) -> str:
    rand, pk = d.rand, d.pick
    u = rand()
    if u < 0.025:
        return f"{pk(CJK_FAMILY)} {pk(CJK_GIVEN)}{pk(CJK_GIVEN)}"
    if u < 0.033:
        return f"{pk(KO_FAMILY)}{pk(KO_GIVEN)}{pk(KO_GIVEN)}"
    if u < 0.038:
        if female:
            return f"{pk(RU_FIRST_F)} {pk(RU_LAST_F)}"
        return f"{pk(RU_FIRST_M)} {pk(RU_LAST_M)}"
    first = pk(FIRST_F if female else FIRST_M)
    last = surname(d)
    v = rand()
    if v < 0.06:
        return f"{first} {chr(65 + int(rand() * 26))}. {last}"
    if v < 0.09:
        return f"{first[0]}. {last}"
    if v < 0.12:
        return f"{first} {last}-{surname(d)}"
    if v < 0.145:
        return f"{first} {pk(PARTICLES)} {last}"
    if v < 0.15:
        return f'{first} "{pk(NICKS)}" {last}'
    if v < 0.16:
        return f"{first} {pk(FIRST_F if female else FIRST_M)} {last}"
    return f"{first} {last}"
