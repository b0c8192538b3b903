"""Title-level values: ids, main and original titles, and genre lists."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable

from cinelake_tools.sample.draw import Draw, cumulative
from cinelake_tools.sample.names import surname
from cinelake_tools.sample.vocabulary import (
    DE_NP,
    DE_SUFFIX,
    EN_ADJ,
    EN_NOUN,
    EN_PLACES,
    EN_SUBTITLE,
    ES_ADJ,
    ES_NP,
    FIRST_ALL,
    FR_ADJ,
    FR_NP,
    IT_ADJ,
    IT_NP,
    JA_A,
    JA_B,
    KO,
    NORDIC,
    PLACE_END,
    PLACE_FORM,
    PT_ADJ,
    PT_NP,
    RU_NP,
    SYL_HEAD,
    SYL_MID,
    ZH,
)


class TitleMaker:
    """Builds (tituloPincipal, tituloOriginal) pairs from the word pools."""

    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        rand = draw.rand
        pk = draw.pick
        adj, noun, sub, first = EN_ADJ, EN_NOUN, EN_SUBTITLE, FIRST_ALL

        def num(lo: int, hi: int) -> int:
            return lo + int(rand() * (hi - lo + 1))

        def town() -> str:
            """An invented place ("Port Kelwick")."""
            return pk(PLACE_FORM).format(pk(SYL_HEAD) + pk(SYL_MID) + pk(PLACE_END))

        def place() -> str:
            """A real place for 1/5, else an invented one."""
            return pk(EN_PLACES) if rand() < 0.2 else town()

        def who() -> str:
            return f"{pk(first)} {surname(draw)}"

        # English patterns, weighted. Most hold a slot with tens of thousands of values,
        # so chance repeats stay rare; the few small ones (a lone noun) give the heavily
        # shared titles, like the real ones that many films share.
        english: list[tuple[float, Callable[[], str]]] = [
            (0.35, lambda: pk(noun)),
            (0.5, lambda: "The " + pk(noun)),
            (1.5, lambda: f"The {pk(adj)} {pk(noun)}"),
            (1.0, lambda: f"{pk(adj)} {pk(noun)}s"),
            (7.0, lambda: town()),
            (8.0, lambda: f"{town()} {pk(noun)}"),
            (6.0, lambda: f"{pk(adj)} {town()}"),
            (5.0, lambda: who()),
            (2.0, lambda: f"{pk(first)}'s {pk(noun)}"),
            (5.0, lambda: f"{pk(noun)} of {place()}"),
            (2.5, lambda: f"The {pk(noun)} of {place()}"),
            (2.0, lambda: f"{pk(first)} & {pk(first)}"),
            (1.0, lambda: f"{pk(noun)} {num(2, 4)}: {pk(sub)}"),
            (2.0, lambda: f"The {pk(adj)} {pk(noun)}: {pk(sub)}"),
            (4.0, lambda: f"{pk(noun)} in {place()}"),
            (1.5, lambda: f"{pk(adj)} {pk(noun)}s of {place()}"),
            (1.0, lambda: f"Return to {place()}"),
            (1.0, lambda: f"Murder at {place()}"),
            (0.5, lambda: f"{pk(noun)} {num(1960, 2022)}"),
            (1.0, lambda: f"{pk(adj)} {pk(noun)}, {pk(adj)} {pk(noun)}"),
            (1.0, lambda: f"The {pk(noun)} Who Loved {who()}"),
            (1.0, lambda: f"Love, {pk(noun)} & the {pk(adj)} {pk(noun)}"),
            (2.0, lambda: f"{who()}'s {pk(noun)}"),
            (2.0, lambda: f"The {pk(noun)} and the {pk(adj)} {pk(noun)}"),
        ]
        fr = lambda t: t[0].upper() + t[1:]  # noqa: E731 - capitalise the first letter only
        foreign: list[tuple[float, Callable[[], str]]] = [
            (2.0, lambda: fr(f"{pk(FR_NP)} {pk(FR_ADJ)}")),
            (3.0, lambda: fr(f"{pk(FR_NP)} de {pk(first)}")),
            (8.0, lambda: fr(f"{pk(FR_NP)} {pk(FR_ADJ)} de {pk(EN_PLACES)}")),
            (7.0, lambda: fr(f"{pk(FR_NP)} {pk(FR_ADJ)} de {pk(first)}")),
            (2.0, lambda: fr(f"{pk(ES_NP)} {pk(ES_ADJ)}")),
            (6.0, lambda: fr(f"{pk(ES_NP)} {pk(ES_ADJ)} de {pk(EN_PLACES)}")),
            (6.0, lambda: fr(f"{pk(ES_NP)} y {pk(ES_NP)} de {pk(first)}")),
            (4.0, lambda: f"{pk(DE_NP)} {pk(DE_SUFFIX)}"),
            (8.0, lambda: f"{pk(DE_NP)} von {pk(first)} {pk(DE_SUFFIX)}"),
            (2.0, lambda: f"{pk(IT_NP)} {pk(IT_ADJ)}"),
            (9.0, lambda: f"{pk(IT_NP)} {pk(IT_ADJ)} di {pk(first)}"),
            (6.0, lambda: f"{pk(PT_NP)} {pk(PT_ADJ)} de {pk(first)}"),
            (8.0, lambda: f"{pk(NORDIC)} {pk(('og', 'och'))} {pk(NORDIC).lower()} i {place()}"),
            (2.0, lambda: f"{pk(JA_A)}の{pk(JA_B)}"),
            (8.0, lambda: f"{pk(JA_A)}と{pk(JA_A)}の{pk(JA_B)}{pk(JA_B)}"),
            (5.0, lambda: f"{pk(KO)}의 {pk(KO)}와 {pk(KO)}"),
            (4.0, lambda: f"{pk(ZH)}{pk(ZH)}{pk(ZH)}之{pk(ZH)}"),
            (5.0, lambda: f"{pk(RU_NP)} и {pk(RU_NP).lower()} {num(1, 12)}"),
        ]
        self._en = [fn for _, fn in english]
        self._en_cum = cumulative([w for w, _ in english])
        self._fo = [fn for _, fn in foreign]
        self._fo_cum = cumulative([w for w, _ in foreign])

    def english(self) -> str:
        cum = self._en_cum
        return self._en[bisect_right(cum, self.draw.rand() * cum[-1])]()

    def foreign(self) -> str:
        cum = self._fo_cum
        return self._fo[bisect_right(cum, self.draw.rand() * cum[-1])]()

    def pair(self) -> tuple[str, str]:
        """One title; the original title differs from the main one for ~23%."""
        u = self.draw.rand()
        if u < 0.195:  # a translated foreign film
            return self.english(), self.foreign()
        if u < 0.215:  # same words, other capitalisation (like "Les misérables")
            main = self.english()
            words = main.split(" ")
            return main, " ".join([words[0], *(w.lower() for w in words[1:])])
        if u < 0.232:  # retitled for its release
            return self.english(), self.english()
        if u < 0.29:  # a foreign film known by its own title
            t = self.foreign()
            return t, t
        t = self.english()
        return t, t


def quote_last_word(title: str) -> str:
    head, _, last = title.rpartition(" ")
    return f'{head} "{last}"' if head else f'"{last}"'


class GenrePicker:
    """Draws `genero`: 1 to 3 distinct genres, in alphabetical order, comma-joined.

    The most common genre is drawn on its own with its real share of titles; the others
    by weighted sampling without replacement. The number of genres per title is set so
    that the mean matches the real number of genre mentions per title.
    """

    def __init__(self, draw: Draw, counts: dict[str, int], with_genre: int) -> None:
        self.draw = draw
        self.names = sorted(counts)
        lead = max(self.names, key=lambda g: counts[g])
        self.lead = self.names.index(lead)
        self.p_lead = counts[lead] / with_genre
        self.others = [i for i, g in enumerate(self.names) if g != lead]
        self.others_cum = cumulative([counts[self.names[i]] for i in self.others])
        mean = sum(counts.values()) / with_genre
        q = min(max((mean - 1.0) / 3.0, 0.0), 0.5)  # P(2) = P(3) = q
        self.k_cum = cumulative((1.0 - 2.0 * q, q, q))
        self._text: dict[tuple[int, ...], str] = {}

    def __call__(self) -> str:
        rand = self.draw.rand
        k = 1 + bisect_right(self.k_cum, rand() * self.k_cum[-1])
        picked: list[int] = []
        if rand() < self.p_lead:
            picked.append(self.lead)
            k -= 1
        others, cum = self.others, self.others_cum
        top = cum[-1]
        while k:
            g = others[bisect_right(cum, rand() * top)]
            if g not in picked:
                picked.append(g)
                k -= 1
        key = tuple(sorted(picked))
        text = self._text.get(key)
        if text is None:
            text = self._text[key] = ",".join(self.names[i] for i in key)
        return text


def make_ids(rng: random.Random, n: int) -> list[str]:
    """`n` distinct ids in random order: `tt` + 7 digits for ~88%, + 8 digits for the rest."""
    n8 = round(n * 0.12)
    nums = rng.sample(range(1, 10_000_000), n - n8)
    nums += rng.sample(range(10_000_000, 30_000_000), n8)
    rng.shuffle(nums)
    return [f"tt{x:07d}" for x in nums]
