"""The artist pool (name, life years, professions, known titles) and the character
names (`personagem`) that credit rows draw from."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cinelake_tools.sample.draw import Draw, csv_field, cumulative
from cinelake_tools.sample.names import person_name
from cinelake_tools.sample.shape import (
    DELIM,
    EXTRA_PROFESSION_WEIGHTS,
    EXTRA_PROFESSIONS,
    LAST_YEAR,
    NULL,
)
from cinelake_tools.sample.vocabulary import (
    EN_ADJ,
    EN_NOUN,
    FIRST_ALL,
    FOREIGN_ROLES,
    LAST,
    NICKS,
    PAREN,
    ROLE_TITLES,
    ROLES,
    SELF_ROLES,
)


@dataclass
class People:
    """The artist pool. Per artist: `actor|` or `actress|`, the rest of the row after
    `personagem` (`|nome|nascimento|falecimento|profissao|titulos` + line end), and a
    key of the name (namesakes share it)."""

    heads: list[str]
    tails: list[str]
    name_keys: list[int]
    births: list[int]  # the birth year, 0 when unknown

    def draw(self, rand: Callable[[], float], k: int) -> list[int]:
        """`k` artist indices. Popularity is Zipf-like, weight (i + 50) ** -0.7: a few
        artists land on hundreds of titles, many on one (inverse-CDF sampling)."""
        low = 50.0**0.3
        span = (len(self.heads) + 49.0) ** 0.3 - low
        inv = 1.0 / 0.3
        return [int((low + span * rand()) ** inv - 50.0) for _ in range(k)]


def death_year(d: Draw, birth: int | None) -> int | None:
    """A death year or None: likelier the older the artist; rare without a birth year."""
    rand = d.rand
    if birth is None:
        return 1915 + int(rand() * 108) if rand() < 0.03 else None
    age = LAST_YEAR - birth - 40
    if age > 0 and rand() < min(0.95, (age / 70.0) ** 2):
        return min(LAST_YEAR, birth + min(110, max(15, int(d.rng.gauss(76.0, 12.0)))))
    return None


def life_pool(d: Draw, size: int) -> list[tuple[int | None, str]]:
    """(birth, "anoNascimento|anoFalecimento") draws: birth `\\N` for ~25%."""
    pool: list[tuple[int | None, str]] = []
    for _ in range(size):
        birth = None if d.rand() < 0.25 else min(max(int(d.rng.gauss(1955.0, 24.0)), 1850), 2010)
        death = death_year(d, birth)
        pool.append((birth, f"{null_or(birth)}|{null_or(death)}"))
    return pool


def null_or(year: int | None) -> str:
    return NULL if year is None else str(year)


def profession_pool(d: Draw, gender: str, size: int) -> list[str]:
    """`profissao` draws: 1-3 professions, mostly `gender` first; `\\N` ~1%, "" ~0.5%."""
    rand = d.rand
    n_cum = cumulative((55, 30, 15))
    extra_cum = cumulative(EXTRA_PROFESSION_WEIGHTS)
    pool: list[str] = []
    for _ in range(size):
        u = rand()
        if u < 0.01:
            pool.append(NULL)
            continue
        if u < 0.015:
            pool.append("")
            continue
        n = 1 + bisect_right(n_cum, rand() * n_cum[-1])
        profs = [gender] if rand() < 0.88 else []
        while len(profs) < n:
            p = EXTRA_PROFESSIONS[bisect_right(extra_cum, rand() * extra_cum[-1])]
            if p not in profs:
                profs.append(p)
        pool.append(",".join(profs))
    return pool


def build_people(d: Draw, count: int, title_ids: Sequence[str], nl: str) -> People:
    """`count` artists; ~4% reuse an earlier artist's name with another birth year."""
    rand = d.rand
    heads: list[str] = []
    tails: list[str] = []
    name_keys: list[int] = []
    births: list[int] = []
    key_of: dict[str, int] = {}
    # Earlier artists with a birth year, as (name, female, birth): namesake sources.
    dated: list[tuple[str, bool, int]] = []
    lives = life_pool(d, 8192)
    n_lives = len(lives)
    profs = {False: profession_pool(d, "actor", 2048), True: profession_pool(d, "actress", 2048)}
    head_of = {False: "actor" + DELIM, True: "actress" + DELIM}
    known_cum = cumulative((20, 10, 10, 60))
    n_ids = len(title_ids)
    for _ in range(count):
        birth: int | None
        if dated and rand() < 0.04:  # a namesake: same name, another person
            name, female, other = dated[int(rand() * len(dated))]
            gap = 3 + int(rand() * 38)
            birth = other - gap if other - gap >= 1850 else other + gap
            life = f"{birth}|{null_or(death_year(d, birth))}"
        else:
            female = rand() < 0.42
            name = person_name(d, female)
            birth, life = lives[int(rand() * n_lives)]
            if birth is not None and len(dated) < 50_000:
                dated.append((name, female, birth))
        prof_pool = profs[female]
        prof = prof_pool[int(rand() * len(prof_pool))]
        if n_ids == 0 or rand() < 0.01:
            known = NULL
        else:
            m = 1 + bisect_right(known_cum, rand() * known_cum[-1])
            picks = [title_ids[int(rand() * n_ids)] for _ in range(m)]
            if m > 1 and len(set(picks)) < m:
                picks = list(dict.fromkeys(picks))
            known = ",".join(picks)
        name_keys.append(key_of.setdefault(name, len(key_of)))
        heads.append(head_of[female])
        births.append(birth or 0)
        tails.append(f"|{csv_field(name)}|{life}|{prof}|{known}{nl}")
    return People(heads, tails, name_keys, births)


def build_characters(d: Draw, count: int) -> list[str]:
    """A pool of CSV-ready `personagem` values (the `\\N` ones are drawn apart)."""
    rand, pk = d.rand, d.pick

    def one() -> str:
        u = rand()
        if u < 0.28:
            return pk(ROLES)
        if u < 0.36:
            return pk(SELF_ROLES)
        if u < 0.50:
            return pk(FIRST_ALL)
        if u < 0.62:
            return f"{pk(FIRST_ALL)} {pk(LAST)}"
        if u < 0.70:
            return f"{pk(ROLE_TITLES)} {pk(LAST)}"
        if u < 0.74:
            return f"{pk(ROLES)} #{1 + int(rand() * 4)}"
        if u < 0.79:
            return pk(FOREIGN_ROLES)
        if u < 0.85:  # something in parentheses
            if rand() < 0.5:
                return f"{pk(FIRST_ALL)} ({pk(PAREN)})"
            return f"{pk(ROLES)} ({pk(FIRST_ALL)})"
        if u < 0.89:
            return f"{pk(ROLES)} - {pk(EN_ADJ)} {pk(EN_NOUN)}"
        if u < 0.99:  # several roles run together, no separator
            a = pk(FIRST_ALL) if rand() < 0.5 else pk(ROLES)
            b = f"{pk(FIRST_ALL)} {pk(LAST)}" if rand() < 0.5 else pk(ROLES)
            return a + b
        if rand() < 0.5:
            return f'{pk(FIRST_ALL)} "{pk(NICKS)}" {pk(LAST)}'
        return f'Self - "{pk(EN_ADJ)} {pk(EN_NOUN)}"'

    return [csv_field(one()) for _ in range(count)]
