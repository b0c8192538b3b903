"""Synthetic `movies.csv` / `series.csv` in the shape of the real IMDb-derived exports.

The real files cannot ship with the project, so this module writes look-alikes that
reproduce their measured shape (see the project's data facts): `|` delimiter, one
header row, `\\N` for null, CSV quoting only for fields holding a `"`, rows sorted by
`id` as a string, one row per (title, credited artist) with 1 to 10 rows per title,
and value distributions close to the real ones. Every name and title is synthetic,
assembled from word pools of generic vocabulary.

Output is a pure function of `(titles, seed, crlf)`: every random draw comes from one
`random.Random(seed)` consumed in a fixed order, nothing depends on `hash()` or set
iteration order, and `crlf` only changes the line terminator (the LF and the CRLF
file hold the same rows). Floats drawn from the generator are only turned into
integers or tenths.

Usage::

    from ingest.sample import write_sample
    files = write_sample(Path("/tmp/sample"), titles=245_000)
"""

from __future__ import annotations

import logging
import math
import random
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from ingest.schema import MOVIES_COLUMNS, SERIES_COLUMNS

log = logging.getLogger(__name__)

__all__ = [
    "GENRES",
    "MOVIES_COLUMNS",
    "PROFESSIONS",
    "SERIES_COLUMNS",
    "SERIES_GENRES",
    "SampleFiles",
    "write_sample",
]

NULL = "\\N"
DELIM = "|"
SERIES_PER_MOVIE = 0.45
MAX_TITLES = 4_000_000
MAX_VOTES = 2_667_411
FIRST_YEAR = 1894
LAST_YEAR = 2022
CHUNK_TITLES = 4096  # titles generated and written per batch
PEOPLE_PER_TITLE = 1.0  # size of the artist pool, per title of both files
NULL_ROLE = 0.4  # share of rows whose personagem is \N
DUP_TITLE = 0.022  # share of titles that take the title of another id, on top of chance

# Rows per title (1 to 10): 4 is the mode, the mean is ~4.27.
ROWS_PER_TITLE: tuple[int, ...] = tuple(range(1, 11))
ROWS_WEIGHTS: tuple[float, ...] = (12, 13, 15, 22, 12, 8, 6, 5, 3.5, 3.5)

# Films per genre in the real movies.csv, among the 236,032 films that have a genre.
MOVIE_GENRE_COUNTS: dict[str, int] = {
    "Drama": 122_974,
    "Comedy": 68_078,
    "Romance": 31_310,
    "Action": 28_914,
    "Crime": 23_717,
    "Thriller": 23_333,
    "Horror": 19_890,
    "Adventure": 17_012,
    "Documentary": 12_767,
    "Mystery": 10_510,
    "Family": 10_293,
    "Fantasy": 8_195,
    "Sci-Fi": 6_514,
    "Musical": 6_066,
    "History": 5_852,
    "Biography": 5_624,
    "War": 5_455,
    "Western": 4_959,
    "Music": 4_523,
    "Animation": 4_301,
    "Sport": 2_431,
    "Film-Noir": 858,
    "News": 193,
    "Adult": 68,
    "Reality-TV": 32,
    "Short": 15,
    "Talk-Show": 3,
}
MOVIES_WITH_GENRE = 236_032
# Series, per 100,000 series with a genre: more Comedy, Animation and TV formats.
SERIES_GENRE_COUNTS: dict[str, int] = {
    "Comedy": 34_000,
    "Drama": 30_000,
    "Documentary": 15_000,
    "Animation": 14_000,
    "Reality-TV": 13_000,
    "Crime": 10_000,
    "Action": 9_500,
    "Adventure": 9_000,
    "Family": 8_500,
    "Talk-Show": 7_500,
    "Romance": 6_000,
    "Game-Show": 5_500,
    "Mystery": 5_000,
    "Fantasy": 4_500,
    "News": 3_500,
    "Music": 3_500,
    "Thriller": 3_000,
    "Sci-Fi": 3_000,
    "History": 3_000,
    "Horror": 2_500,
    "Sport": 2_500,
    "Biography": 2_000,
    "War": 1_000,
    "Western": 800,
    "Musical": 700,
    "Short": 300,
    "Adult": 200,
    "Film-Noir": 20,
}
SERIES_WITH_GENRE = 100_000
GENRES: frozenset[str] = frozenset(MOVIE_GENRE_COUNTS)
SERIES_GENRES: frozenset[str] = frozenset(SERIES_GENRE_COUNTS)

_EXTRA_PROFESSIONS: tuple[str, ...] = (
    "writer",
    "director",
    "producer",
    "soundtrack",
    "composer",
    "miscellaneous",
    "music_department",
)
_EXTRA_PROFESSION_WEIGHTS: tuple[float, ...] = (20, 12, 15, 25, 4, 18, 6)
PROFESSIONS: frozenset[str] = frozenset(("actor", "actress", *_EXTRA_PROFESSIONS))


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word pool written as one string (split on whitespace, or on `sep`)."""
    return tuple(w.strip() for w in text.split(sep) if w.strip())


# --------------------------------------------------------------------------- word pools
# Generic vocabulary and invented combinations only; no pool holds a real credit.

_EN_ADJ = _words(
    """Silent Broken Hidden Last Lost Golden Dark Bright Crimson Silver Hollow Wild Quiet
    Burning Frozen Distant Secret Little Great Final Long Endless Empty Savage Gentle
    Bitter Sweet Lonely Midnight Scarlet Restless Fallen Forgotten Invisible Electric
    Iron Velvet Paper Glass Stone Blue Red Black White Green Naked Perfect Strange
    Deadly Dangerous Blind Crooked Wicked Holy Sacred Northern Southern Eastern Summer
    Winter Autumn Spring Second Third Open Closed Narrow Hungry Sleeping Dancing Falling
    Rising Howling Whispering Shining Drifting Painted Stolen Borrowed Wandering Tender
    Reckless Fearless Careless Furious Brave Proud Humble Ancient Modern Secondhand
    Private Public Lucky Cursed Haunted Beautiful Ugly Wonderful Terrible Impossible
    Invincible Unbroken Untamed Unknown Unseen Naïve Dusty Rusty Misty Stormy"""
)
_EN_NOUN = _words(
    """River Harbor Mountain Valley Garden House Room Door Window Mirror Shadow Light Fire
    Water Wind Storm Rain Snow Sky Star Moon Sun Night Day Morning Evening Dawn Dusk
    Heart Soul Blood Bone Skin Eye Hand Voice Song Dance Dream Memory Promise Secret
    Lie Truth Game War Peace Love Hate Fear Hope Faith Glory Honor Justice Revenge
    Road Bridge Tower Castle Palace Prison Island Desert Forest Ocean Sea Lake Field
    City Town Village Street Station Train Ship Boat Car Plane Machine Engine Clock
    Letter Book Page Word Name Face Mask Crown Sword Gun Bullet Knife Rose Lily Orchid
    Wolf Fox Bear Tiger Lion Eagle Raven Crow Horse Dog Cat Snake Spider Dragon Angel
    Devil Ghost Stranger Witness Hunter Soldier Sailor Doctor Teacher Thief Liar Lover
    Widow Orphan Queen King Prince Princess Bride Groom Mother Father Sister Brother
    Daughter Child Family Friend Enemy Empire Kingdom Republic Frontier Border Horizon
    Summer Winter Season Year Hour Minute Moment Journey Voyage Escape Return Chase
    Affair Scandal Mystery Puzzle Riddle Legend Myth Tale Ballad Symphony Waltz Tango
    Café Fiancée Matinée Soirée Señorita Piñata Fjord Hacienda Plaza Bazaar Carnival
    Circus Theater Cinema Hotel Motel Diner Saloon Casino Cabaret Factory Harvest"""
)
_EN_PLACES = _words(
    """Paris|Tokyo|Berlin|Rome|Madrid|Lisbon|Vienna|Prague|Budapest|Warsaw|Kraków|Zürich|
    Genève|Malmö|Göteborg|Reykjavík|Montréal|Québec|Bogotá|Medellín|São Paulo|Brasília|
    Istanbul|Cairo|Marrakech|Lagos|Nairobi|Mumbai|Delhi|Bangkok|Manila|Seoul|Shanghai|
    Havana|Lima|Santiago|Buenos Aires|Mexico City|Chicago|Boston|Texas|Alaska|Nevada|
    Brooklyn|Harlem|Manhattan|Hollywood|Venice|Naples|Sicily|Corsica|Provence|Bavaria|
    Tyrol|Siberia|Mongolia|Patagonia|Andalucía|Catalonia|Normandy|Brittany|Yorkshire|
    Dublin|Glasgow|Cornwall|Oslo|Helsinki|Tallinn|Riga|Vilnius|Odessa|Athens|Crete|
    Valparaíso|Cartagena|Asunción|Montevideo|Kyoto|Osaka|Hokkaido|Okinawa|Macau|Hanoi""",
    "|",
)
_EN_SUBTITLE = _words(
    """The Beginning|The Return|The Reckoning|The Awakening|Part Two|Part II|Part III|
    Chapter One|A Love Story|A True Story|The Final Chapter|Revelations|Origins|
    Resurrection|Redemption|The Last Stand|Homecoming|The Lost Years|Rebirth|Legacy|
    Retribution|Déjà Vu|A Musical Journey|Behind the Curtain""",
    "|",
)
_FR_NP = _words(
    """la nuit|le rêve|les ombres|l'été|la maison|le chemin|la mer|la forêt|le cœur|
    la fenêtre|le château|la fête|les sœurs|le frère|l'hiver|la route|le silence|
    la chambre|les enfants|le voyage|la lumière|le jardin|la fuite|les adieux|l'orage|
    la vérité|le secret|la promesse|les amants|le bal""",
    "|",
)
_FR_ADJ = _words(
    """rouge noire sauvage étrange fragile sublime triste calme immobile invisible
    éternelle célèbre tranquille libre pâle magique terrible aimable"""
)
_ES_NP = _words(
    """la noche|el camino|los días|las sombras|el corazón|la canción|el niño|la casa|
    el río|la tierra|el viento|los hermanos|la memoria|el silencio|la frontera|
    el verano|la lluvia|el regreso|la huida|los años|el baile|la señora|el jardín|
    la promesa|el pájaro""",
    "|",
)
_ES_ADJ = _words(
    """salvaje triste feliz azul verde imposible final gris dulce breve grande
    inolvidable perdida cruel ardiente común"""
)
_DE_NP = _words(
    """Die Nacht|Der Weg|Das Haus|Die Stadt|Der Sommer|Die Brücke|Das Schweigen|
    Der Fremde|Die Schwestern|Das Erbe|Der Zug|Die Reise|Das Spiel|Der Himmel|
    Die Straße|Das Mädchen|Der Jäger|Die Flucht|Das Geheimnis|Der Wald""",
    "|",
)
_DE_SUFFIX = _words(
    """ohne Namen|im Süden|am Fluss|der Träume|von Berlin|im Schnee|über den Dächern|
    der Nacht|aus Glas|für immer|am Meer|im Nebel|der Wölfe|ohne Wiederkehr|
    hinter der Mauer|in Flammen""",
    "|",
)
_IT_NP = _words(
    """La notte|Il viaggio|Il silenzio|La strada|Il sogno|La casa|Le sorelle|Il fiume|
    La luna|Il segreto|La terra|Il ritorno|I giorni|La voce|Il giardino|La città|
    L'estate|Il mare""",
    "|",
)
_IT_ADJ = _words(
    """grande triste dolce verde forte felice breve crudele perduta proibita infinita
    nascosta fragile selvaggia"""
)
_PT_NP = _words(
    """A noite|O caminho|A casa|O coração|A cidade|O rio|As irmãs|O segredo|A estrada|
    O verão|A canção|O mar|Os dias|A promessa|O irmão|A ilha""",
    "|",
)
_PT_ADJ = _words(
    """azul|triste|feliz|verde|grande|doce|perdida|proibida|esquecida|selvagem|breve|
    eterna|sem fim|do sertão""",
    "|",
)
_NORDIC = _words(
    """Natten Vägen Huset Sommaren Ön Skyggerne Havet Søstrene Drømmen Fjorden Ønsket
    Brødrene Stormen Vinteren Løgnen Sønnen Björnen Älven Fyrtårnet Hjemkomsten
    Kärleken Gåtan Skogen Ødemarken"""
)
_JA_A = _words("夜 海 風 花 空 月 雪 夢 街 桜 影 光 森 雨 恋 星 春 秋 川 島")
_JA_B = _words("海 風 花 空 月 雪 夢 街 歌 影 光 森 雨 恋 星 道 声 扉 旅 約束")
_KO = _words(
    "바람|그 여름|밤의 노래|도시|마지막 기차|우리들|봄날|하늘|바다|기억|비밀|사랑|"
    "그림자|눈물|약속|길|집으로|친구",
    "|",
)
_ZH = _words("城 夜 风 雨 花 月 江 山 梦 影 心 海 云 雪 春 秋 路 灯")
# Cyrillic pools: the letters are meant, not look-alikes of Latin ones.
_RU_NP = _words("Ночь Дорога Город Зима Лето Река Сёстры Дом Море Тишина Поезд Сад Небо")  # noqa: RUF001

_FIRST_M = _words(
    """James John Robert Michael William David Richard Joseph Thomas Daniel Paul Mark
    George Steven Andrew Peter Kevin Brian Edward Ronald Anthony Frank Raymond Walter
    Henry Arthur Albert Louis Eugene Ralph Roy Howard Harold Stanley Leonard Victor
    Jean Pierre Jacques Michel François René Olivier Étienne Jérôme Hervé Grégoire
    José Juan Carlos Luis Miguel Jorge Alejandro Andrés Rubén Sebastián Ángel Julián
    João Antônio Sérgio Fábio Vinícius Luís Giuseppe Marco Luca Paolo Giovanni Niccolò
    Hans Klaus Jürgen Günter Stefan Matthias Björn Søren Anders Lars Mikael Nils Jörg
    Łukasz Paweł Tomasz Jiří Václav Miklós Zoltán Dmitri Ivan Sergei Mehmet Emre
    Ahmed Omar Ravi Arjun Kenji Hiroshi Takeshi Wei Jun Min-ho Kwame Tunde Amadou"""
)
_FIRST_F = _words(
    """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy
    Lisa Betty Margaret Sandra Ashley Dorothy Kimberly Emily Donna Michelle Carol
    Amanda Melissa Deborah Stephanie Rebecca Laura Helen Sharon Cynthia Kathleen Ruth
    Anna Marie Claire Sophie Camille Hélène Amélie Chloé Renée Maëlle Zoë Céline
    María Carmen Lucía Sofía Inés Begoña Montserrat Ana Beatriz Conceição Fernanda
    Giulia Francesca Chiara Federica Ingrid Greta Astrid Sigrid Linnéa Mette Birgitte
    Katarzyna Małgorzata Zuzana Dagmar Ilona Réka Olga Natalia Tatiana Ayşe Elif
    Fatima Leila Priya Ananya Yuki Keiko Haruka Mei Xiu Ji-woo Soo-ah Amara Nia Adaeze
    Gráinne Siobhán Ebba Liv Frida Noémie Joëlle Dominique Anaïs"""
)
_FIRST_ALL = _FIRST_M + _FIRST_F
_LAST = _words(
    """Abernathy Alcott Almeida Andersson Arrieta Bachmann Barros Beaumont Bergström
    Blackwood Bonnet Brandão Castellanos Chevalier Cordeiro Dąbrowski Delacroix
    Dvořák Eriksen Esposito Fairbanks Fernández Fitzgerald Fonseca Gallagher García
    Gauthier Giordano González Grünewald Gutiérrez Halvorsen Hartmann Hawthorne
    Henriksen Hernández Holloway Iglesias Ibáñez Jablonski Jansen Johansson Kaminski
    Keller Kowalczyk Kristiansen Lachance Lambert Larsson Laurent Lindqvist Lombardi
    López Lundgren MacAllister Magnusson Marchetti Martínez Mastroianni McAllister
    Meyer Moreau Müller Navarro Nieminen Novák Núñez Oliveira Ortega Østergaard
    Pacheco Pereira Petrov Pichler Quintero Ramírez Rasmussen Ricci Rinaldi Rossi
    Sánchez Santoro Schäfer Schneider Sørensen Stavros Szabó Tanaka Thibault Torres
    Underwood Valdés Varga Vasquez Vidal Villeneuve Wagner Whitfield Wójcik Yamamoto
    Zamora Zimmermann Ackerley Ashcombe Barrowman Bellweather Brightwater Calloway
    Carrington Castellano Cavendish Crenshaw Dalrymple Davenport Delgado Dumont
    Easton Ellsworth Fairweather Falkner Finnegan Galloway Garrison Goldberg Granger
    Hargrove Hatfield Hollister Huxley Kendrick Kingsley Langford Lockhart Loveless
    Mallory Mercer Merriweather Montgomery Nightingale Norwood Oakley Pemberton
    Prescott Quimby Radcliffe Ravenscroft Rockwell Sheffield Singleton Stanhope
    Sterling Thornbury Trelawney Vandermeer Wadsworth Waverly Whitlock Winslow
    Yardley Aguilar Becerra Cisneros Echeverría Figueroa Guzmán Ibarra Jiménez
    Lozano Medina Orozco Peña Quiroga Salazar Trujillo Urrutia Valenzuela Zúñiga
    Belmondo Caruso DeLuca Ferrante Galli Lombardo Moretti Pellegrini Romano Serra
    Bauer Becker Fischer Hoffmann Koch Krüger Lehmann Schröder Vogel Weiß
    Åkesson Björklund Ekström Hedlund Nyström Sjöberg Wallin Holm Dahl Lund
    Nowak Lewandowski Zieliński Szymański Horváth Kovács Németh Popescu Ionescu
    Kaya Demir Özdemir Papadopoulos Georgiou Haddad Mansour Nakamura
    Kobayashi Watanabe Suzuki Kimura Okafor Mensah Adeyemi Diallo Kapoor Mehta Rao"""
)
_PARTICLES = _words("de la|van|von|da|di|de|van der|dos|del", "|")
# Invented surnames and place names: a head and an ending ("Kel" + "wick").
_SYL_HEAD = _words(
    """Ash Bell Black Brad Bram Brook Cal Carr Chad Clay Cole Craw Dal Dar Den Dor Drum
    Dun El Fair Fen Fer Gal Gar Glen Gold Gran Hal Har Hart Hol Kel Ken Kin Lang Lin
    Lock Mal Mar Mer Mill Mor Nor Oak Pem Pen Ral Ram Red Ross Row Sal Sand Shel Stan
    Star Stock Stone Sum Tal Tam Thorn Tre Vel Wal War Wes Whit Win Wood Wy Yar Berg
    Lind Holm Fal Rein Kroll Bran Cor Ev Gil Hag Ist Jor Kal Lor Mon Nev Or Pal Quin
    Riv Sel Tor Ul Van Vil Zan"""
)
_SYL_MID = ("", "", "er", "en", "ing", "el", "and", "ow", "ley", "is", "a", "o", "ers")
_SURNAME_END = _words(
    """ton ford wood field bury ham dale brook ridge stead wick by worth well son sen
    man mann berg stein feld ström gren qvist holt hurst more ley ington ard ett ier ot
    ez ini elli ovic ski escu idis oglu aki ard ens ach ow ova ard ak ić"""
)
_PLACE_END = _words(
    """ford wood field ton bury ham dale brook ridge stead wick mouth haven port moor
    gate hill worth well by thorpe cliff combe holm shaw mere ley stow fell water crest
    vale burn ness reach"""
)
_PLACE_FORM = ("{}", "{}", "{}", "Port {}", "{} Springs", "{} Bay", "Lake {}", "Fort {}",
               "New {}", "{} Falls", "{} Island", "{} Heights")  # fmt: skip
_NICKS = _words(
    """Ace Bugsy Lucky Red Slim Doc Tex Babe Butch Sonny Dusty Buddy Chico Kiki
    Scooter Moose Tiny Duke Boom-Boom Smokey"""
)
_CJK_FAMILY = _words("佐藤 鈴木 高橋 田中 渡辺 伊藤 山本 中村 小林 加藤 王 李 张 刘 陈 杨")
_CJK_GIVEN = _words(
    "健 太 大 輔 翔 蓮 美 咲 陽 菜 結 衣 悠 斗 伟 芳 娜 磊 静 洋 明 華 真 一 郎 子 花 雄 和 春"
)
_KO_FAMILY = _words("김 이 박 최 정 강 조 윤 장 임 한 오")
_KO_GIVEN = _words("민 준 서 연 지 우 하 은 도 윤 예 시 수 현 영 진 혜 성 주 경")
_RU_FIRST_M = _words("Иван Сергей Дмитрий Алексей Павел")
_RU_FIRST_F = _words("Ольга Анна Мария Наталья Елена")
_RU_LAST_M = _words("Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов")
_RU_LAST_F = tuple(f"{n}\u0430" for n in _RU_LAST_M)  # + Cyrillic a: the feminine form

_ROLES = _words(
    """Doctor|Nurse|Waiter|Waitress|Bartender|Reporter|Police Officer|Detective|Soldier|
    Priest|Nun|Teacher|Student|Taxi Driver|Party Guest|Neighbor|Receptionist|Guard|
    Prisoner|Judge|Lawyer|Mayor|King|Queen|Prince|Princess|Sheriff|Bandit|Cowboy|
    Sailor|Pilot|Captain|Stranger|Old Man|Old Woman|Young Man|Young Woman|Girl|Boy|
    Mother|Father|Daughter|Son|Grandmother|Grandfather|Wife|Husband|Singer|Dancer|
    Villager|Fisherman|Farmer|Maid|Butler|Chauffeur|Journalist|Photographer|
    Scientist|Professor|Ghost|Monster|Robot|Nightclub Patron|Bar Patron|Henchman|
    Thug|Cop|Secretary|Clerk|Shopkeeper|Landlady|Innkeeper|Gambler|Showgirl|Boxer|
    Tourist|Hitchhiker|Bus Driver|Mechanic|Surgeon|Patient|Messenger|Servant|Knight|
    Witch|Vampire|Zombie|Alien|Agent|Spy|Colonel|General|Sergeant|Lieutenant|
    Dispatcher|Announcer|Commentator|Contestant|Guest|Co-host|Panelist|Interviewer""",
    "|",
)
_FOREIGN_ROLES = _words(
    """Le médecin|La señora|Il commissario|Der Fremde|O padre|La vecchia|Fräulein|Oma|
    Sœur Marie|Señor Alcalde|Kommissar|Hofdame|La criada|L'étranger|Großvater|
    先生|少女|母親|刑事|老人|아버지|형사|Бабушка|Следователь""",
    "|",
)
_SELF_ROLES = ("Self", "Self", "Self", "Narrator", "Host", "Self - Host", "Various Characters")
_ROLE_TITLES = ("Mrs.", "Mr.", "Dr.", "Captain", "Inspector", "Uncle", "Aunt", "Professor")
_PAREN = ("voice", "as a child", "uncredited", "archive footage", "segment", "young")

_SERIES_RUNTIMES: tuple[int, ...] = (22, 23, 24, 25, 26, 28, 30, 42, 43, 44, 45, 46, 48, 50, 60)
_SERIES_RUNTIME_WEIGHTS: tuple[float, ...] = (10, 6, 6, 5, 4, 4, 12, 8, 6, 12, 8, 5, 4, 5, 9)
_SERIES_SPANS: tuple[int, ...] = (0, 1, 2, 3, 4, 6, 9, 14, 25)
_SERIES_SPAN_WEIGHTS: tuple[float, ...] = (22, 20, 14, 11, 9, 9, 7, 5, 3)


@dataclass(frozen=True)
class SampleFiles:
    """What `write_sample` wrote: the two paths and their data-row counts."""

    movies: Path
    series: Path
    movie_rows: int
    series_rows: int


# --------------------------------------------------------------------------- helpers


def _csv_field(value: str) -> str:
    """The field as the real files write it: CSV-quoted only if it holds a `"`."""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _rare_count(n: int, rate: float) -> int:
    """How many of `n` titles get a rare feature: at least one once `n` reaches 50."""
    if n < 50:
        return 0
    return max(1, round(n * rate))


def _cum(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


class _Draw:
    """Fast draws from one `random.Random` (inlined index arithmetic, no `choices`)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rand = rng.random

    def pick(self, seq: Sequence[str]) -> str:
        return seq[int(self.rand() * len(seq))]


def _surname(d: _Draw) -> str:
    """A family name: from the pool for ~45%, else invented ("Kelingwood")."""
    if d.rand() < 0.45:
        return d.pick(_LAST)
    mid = d.pick(_SYL_MID) if d.rand() < 0.3 else ""
    return d.pick(_SYL_HEAD) + mid + d.pick(_SURNAME_END)


class _TitleMaker:
    """Builds (tituloPincipal, tituloOriginal) pairs from the word pools."""

    def __init__(self, draw: _Draw) -> None:
        self.draw = draw
        rand = draw.rand
        pk = draw.pick
        adj, noun, sub, first = _EN_ADJ, _EN_NOUN, _EN_SUBTITLE, _FIRST_ALL

        def num(lo: int, hi: int) -> int:
            return lo + int(rand() * (hi - lo + 1))

        def town() -> str:
            """An invented place ("Port Kelwick")."""
            return pk(_PLACE_FORM).format(pk(_SYL_HEAD) + pk(_SYL_MID) + pk(_PLACE_END))

        def place() -> str:
            """A real place for 1/5, else an invented one."""
            return pk(_EN_PLACES) if rand() < 0.2 else town()

        def who() -> str:
            return f"{pk(first)} {_surname(draw)}"

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
            (2.0, lambda: fr(f"{pk(_FR_NP)} {pk(_FR_ADJ)}")),
            (3.0, lambda: fr(f"{pk(_FR_NP)} de {pk(first)}")),
            (8.0, lambda: fr(f"{pk(_FR_NP)} {pk(_FR_ADJ)} de {pk(_EN_PLACES)}")),
            (7.0, lambda: fr(f"{pk(_FR_NP)} {pk(_FR_ADJ)} de {pk(first)}")),
            (2.0, lambda: fr(f"{pk(_ES_NP)} {pk(_ES_ADJ)}")),
            (6.0, lambda: fr(f"{pk(_ES_NP)} {pk(_ES_ADJ)} de {pk(_EN_PLACES)}")),
            (6.0, lambda: fr(f"{pk(_ES_NP)} y {pk(_ES_NP)} de {pk(first)}")),
            (4.0, lambda: f"{pk(_DE_NP)} {pk(_DE_SUFFIX)}"),
            (8.0, lambda: f"{pk(_DE_NP)} von {pk(first)} {pk(_DE_SUFFIX)}"),
            (2.0, lambda: f"{pk(_IT_NP)} {pk(_IT_ADJ)}"),
            (9.0, lambda: f"{pk(_IT_NP)} {pk(_IT_ADJ)} di {pk(first)}"),
            (6.0, lambda: f"{pk(_PT_NP)} {pk(_PT_ADJ)} de {pk(first)}"),
            (8.0, lambda: f"{pk(_NORDIC)} {pk(('og', 'och'))} {pk(_NORDIC).lower()} i {place()}"),
            (2.0, lambda: f"{pk(_JA_A)}の{pk(_JA_B)}"),
            (8.0, lambda: f"{pk(_JA_A)}と{pk(_JA_A)}の{pk(_JA_B)}{pk(_JA_B)}"),
            (5.0, lambda: f"{pk(_KO)}의 {pk(_KO)}와 {pk(_KO)}"),
            (4.0, lambda: f"{pk(_ZH)}{pk(_ZH)}{pk(_ZH)}之{pk(_ZH)}"),
            (5.0, lambda: f"{pk(_RU_NP)} и {pk(_RU_NP).lower()} {num(1, 12)}"),
        ]
        self._en = [fn for _, fn in english]
        self._en_cum = _cum([w for w, _ in english])
        self._fo = [fn for _, fn in foreign]
        self._fo_cum = _cum([w for w, _ in foreign])

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


def _quote_last_word(title: str) -> str:
    head, _, last = title.rpartition(" ")
    return f'{head} "{last}"' if head else f'"{last}"'


class _Genres:
    """Draws `genero`: 1 to 3 distinct genres, in alphabetical order, comma-joined.

    The most common genre is drawn on its own with its real share of titles; the others
    by weighted sampling without replacement. The number of genres per title is set so
    that the mean matches the real number of genre mentions per title.
    """

    def __init__(self, draw: _Draw, counts: dict[str, int], with_genre: int) -> None:
        self.draw = draw
        self.names = sorted(counts)
        lead = max(self.names, key=lambda g: counts[g])
        self.lead = self.names.index(lead)
        self.p_lead = counts[lead] / with_genre
        self.others = [i for i, g in enumerate(self.names) if g != lead]
        self.others_cum = _cum([counts[self.names[i]] for i in self.others])
        mean = sum(counts.values()) / with_genre
        q = min(max((mean - 1.0) / 3.0, 0.0), 0.5)  # P(2) = P(3) = q
        self.k_cum = _cum((1.0 - 2.0 * q, q, q))
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


@dataclass
class _People:
    """The artist pool. Per artist: `actor|` or `actress|`, the rest of the row after
    `personagem` (`|nome|nascimento|falecimento|profissao|titulos` + line end), and a
    key of the name (namesakes share it)."""

    heads: list[str]
    tails: list[str]
    name_keys: list[int]

    def draw(self, rand: Callable[[], float], k: int) -> list[int]:
        """`k` artist indices. Popularity is Zipf-like, weight (i + 50) ** -0.7: a few
        artists land on hundreds of titles, many on one (inverse-CDF sampling)."""
        low = 50.0**0.3
        span = (len(self.heads) + 49.0) ** 0.3 - low
        inv = 1.0 / 0.3
        return [int((low + span * rand()) ** inv - 50.0) for _ in range(k)]


def _person_name(d: _Draw, female: bool) -> str:
    rand, pk = d.rand, d.pick
    u = rand()
    if u < 0.025:
        return f"{pk(_CJK_FAMILY)} {pk(_CJK_GIVEN)}{pk(_CJK_GIVEN)}"
    if u < 0.033:
        return f"{pk(_KO_FAMILY)}{pk(_KO_GIVEN)}{pk(_KO_GIVEN)}"
    if u < 0.038:
        if female:
            return f"{pk(_RU_FIRST_F)} {pk(_RU_LAST_F)}"
        return f"{pk(_RU_FIRST_M)} {pk(_RU_LAST_M)}"
    first = pk(_FIRST_F if female else _FIRST_M)
    last = _surname(d)
    v = rand()
    if v < 0.06:
        return f"{first} {chr(65 + int(rand() * 26))}. {last}"
    if v < 0.09:
        return f"{first[0]}. {last}"
    if v < 0.12:
        return f"{first} {last}-{_surname(d)}"
    if v < 0.145:
        return f"{first} {pk(_PARTICLES)} {last}"
    if v < 0.15:
        return f'{first} "{pk(_NICKS)}" {last}'
    if v < 0.16:
        return f"{first} {pk(_FIRST_F if female else _FIRST_M)} {last}"
    return f"{first} {last}"


def _death(d: _Draw, birth: int | None) -> int | None:
    """A death year or None: likelier the older the artist; rare without a birth year."""
    rand = d.rand
    if birth is None:
        return 1915 + int(rand() * 108) if rand() < 0.03 else None
    age = LAST_YEAR - birth - 40
    if age > 0 and rand() < min(0.95, (age / 70.0) ** 2):
        return min(LAST_YEAR, birth + max(15, int(d.rng.gauss(76.0, 12.0))))
    return None


def _life_pool(d: _Draw, size: int) -> list[tuple[int | None, str]]:
    """(birth, "anoNascimento|anoFalecimento") draws: birth `\\N` for ~25%."""
    pool: list[tuple[int | None, str]] = []
    for _ in range(size):
        birth = None if d.rand() < 0.25 else min(max(int(d.rng.gauss(1955.0, 24.0)), 1850), 2010)
        death = _death(d, birth)
        pool.append((birth, f"{_null_or(birth)}|{_null_or(death)}"))
    return pool


def _null_or(year: int | None) -> str:
    return NULL if year is None else str(year)


def _profession_pool(d: _Draw, gender: str, size: int) -> list[str]:
    """`profissao` draws: 1-3 professions, mostly `gender` first; `\\N` ~1%, "" ~0.5%."""
    rand = d.rand
    n_cum = _cum((55, 30, 15))
    extra_cum = _cum(_EXTRA_PROFESSION_WEIGHTS)
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
            p = _EXTRA_PROFESSIONS[bisect_right(extra_cum, rand() * extra_cum[-1])]
            if p not in profs:
                profs.append(p)
        pool.append(",".join(profs))
    return pool


def _build_people(d: _Draw, count: int, title_ids: Sequence[str], nl: str) -> _People:
    """`count` artists; ~4% reuse an earlier artist's name with another birth year."""
    rand = d.rand
    heads: list[str] = []
    tails: list[str] = []
    name_keys: list[int] = []
    key_of: dict[str, int] = {}
    # Earlier artists with a birth year, as (name, female, birth): namesake sources.
    dated: list[tuple[str, bool, int]] = []
    lives = _life_pool(d, 8192)
    n_lives = len(lives)
    profs = {False: _profession_pool(d, "actor", 2048), True: _profession_pool(d, "actress", 2048)}
    head_of = {False: "actor" + DELIM, True: "actress" + DELIM}
    known_cum = _cum((20, 10, 10, 60))
    n_ids = len(title_ids)
    for _ in range(count):
        birth: int | None
        if dated and rand() < 0.04:  # a namesake: same name, another person
            name, female, other = dated[int(rand() * len(dated))]
            gap = 3 + int(rand() * 38)
            birth = other - gap if other - gap >= 1850 else other + gap
            life = f"{birth}|{_null_or(_death(d, birth))}"
        else:
            female = rand() < 0.42
            name = _person_name(d, female)
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
        tails.append(f"|{_csv_field(name)}|{life}|{prof}|{known}{nl}")
    return _People(heads, tails, name_keys)


def _build_characters(d: _Draw, count: int) -> list[str]:
    """A pool of CSV-ready `personagem` values (the `\\N` ones are drawn apart)."""
    rand, pk = d.rand, d.pick

    def one() -> str:
        u = rand()
        if u < 0.28:
            return pk(_ROLES)
        if u < 0.36:
            return pk(_SELF_ROLES)
        if u < 0.50:
            return pk(_FIRST_ALL)
        if u < 0.62:
            return f"{pk(_FIRST_ALL)} {pk(_LAST)}"
        if u < 0.70:
            return f"{pk(_ROLE_TITLES)} {pk(_LAST)}"
        if u < 0.74:
            return f"{pk(_ROLES)} #{1 + int(rand() * 4)}"
        if u < 0.79:
            return pk(_FOREIGN_ROLES)
        if u < 0.85:  # something in parentheses
            if rand() < 0.5:
                return f"{pk(_FIRST_ALL)} ({pk(_PAREN)})"
            return f"{pk(_ROLES)} ({pk(_FIRST_ALL)})"
        if u < 0.89:
            return f"{pk(_ROLES)} - {pk(_EN_ADJ)} {pk(_EN_NOUN)}"
        if u < 0.99:  # several roles run together, no separator
            a = pk(_FIRST_ALL) if rand() < 0.5 else pk(_ROLES)
            b = f"{pk(_FIRST_ALL)} {pk(_LAST)}" if rand() < 0.5 else pk(_ROLES)
            return a + b
        if rand() < 0.5:
            return f'{pk(_FIRST_ALL)} "{pk(_NICKS)}" {pk(_LAST)}'
        return f'Self - "{pk(_EN_ADJ)} {pk(_EN_NOUN)}"'

    return [_csv_field(one()) for _ in range(count)]


def _make_ids(rng: random.Random, n: int) -> list[str]:
    """`n` distinct ids in random order: `tt` + 7 digits for ~88%, + 8 digits for the rest."""
    n8 = round(n * 0.12)
    nums = rng.sample(range(1, 10_000_000), n - n8)
    nums += rng.sample(range(10_000_000, 30_000_000), n8)
    rng.shuffle(nums)
    return [f"tt{x:07d}" for x in nums]


# --------------------------------------------------------------------------- writer


@dataclass
class _Kind:
    """What differs between the movies and the series file."""

    series: bool
    columns: tuple[str, ...]
    genres: _Genres
    first_year: int
    year_origin: int  # years are weighted by (year - year_origin) ** year_power
    year_power: float
    rating_mean: float
    null_runtime: float


def _write_file(
    path: Path,
    d: _Draw,
    ids: list[str],
    kind: _Kind,
    titles: _TitleMaker,
    people: _People,
    chars: list[str],
    nl: str,
    dup_pool: list[tuple[str, str]],
) -> int:
    """Write one file in batches of `CHUNK_TITLES` titles; return its data-row count."""
    rng, rand = d.rng, d.rand
    n = len(ids)
    # Rare title-level features get exact counts, so that small samples show them too.
    sizes = (
        _rare_count(n, 0.0002),  # anoLancamento \N
        _rare_count(n, 0.0003),  # notaMedia 10.0
        _rare_count(n, 0.005),  # a title holding a '"'
        _rare_count(n, 0.0004),  # tempoMinutos outlier (the first one is 43,200)
        _rare_count(n, 1e-9),  # numeroVotos at the real maximum: exactly one title
    )
    chosen = rng.sample(range(n), sum(sizes)) if sum(sizes) <= n else []
    marks: list[list[int]] = []
    for size in sizes:
        marks.append(chosen[:size])
        chosen = chosen[size:]
    null_year, top_rating, quoted, long_run, max_votes = (set(m) for m in marks)
    first_long = marks[3][0] if marks[3] else -1

    years = list(range(kind.first_year, LAST_YEAR + 1))
    year_cum = _cum([float(y - kind.year_origin) ** kind.year_power for y in years])
    rows_cum = _cum(ROWS_WEIGHTS)
    runtime_cum = _cum(_SERIES_RUNTIME_WEIGHTS)
    span_cum = _cum(_SERIES_SPAN_WEIGHTS)
    rating_text = [f"{t / 10:.1f}" for t in range(101)]
    ln_median_votes = math.log(67.0)  # 5 + median(lognormal) = 72
    # personagem: \N for NULL_ROLE of the rows, else uniform over the pool. The pool
    # gets one spare copy of its last entry in case u * scale rounds up to len(chars).
    role_pool = [*chars, chars[-1]]
    role_scale = len(chars) / (1.0 - NULL_ROLE)
    heads, tails, name_keys = people.heads, people.tails, people.name_keys
    n_people = len(heads)
    series = kind.series
    genre = kind.genres
    pair = titles.pair
    gauss, lognorm = rng.gauss, rng.lognormvariate

    total_rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(DELIM.join(kind.columns) + nl)
        for lo in range(0, n, CHUNK_TITLES):
            hi = min(n, lo + CHUNK_TITLES)
            counts = rng.choices(ROWS_PER_TITLE, cum_weights=rows_cum, k=hi - lo)
            year_draws = rng.choices(years, cum_weights=year_cum, k=hi - lo)
            n_rows = sum(counts)
            persons = people.draw(rand, n_rows)
            roles = [
                role_pool[int((u - NULL_ROLE) * role_scale)] if (u := rand()) >= NULL_ROLE else NULL
                for _ in range(n_rows)
            ]
            out: list[str] = []
            pos = 0
            for i in range(lo, hi):
                # Titles: some reuse the title of another id.
                if dup_pool and rand() < DUP_TITLE:
                    main, orig = dup_pool[int(rand() * len(dup_pool))]
                else:
                    main, orig = pair()
                    if len(dup_pool) < 20_000:
                        dup_pool.append((main, orig))
                    elif rand() < 0.02:
                        dup_pool[int(rand() * 20_000)] = (main, orig)
                if i in quoted:
                    quoted_main = _quote_last_word(main)
                    orig = quoted_main if orig == main else orig
                    main = quoted_main
                main_f = _csv_field(main)
                orig_f = main_f if orig == main else _csv_field(orig)

                start = year_draws[i - lo]
                year = NULL if i in null_year else str(start)
                if series:  # open-ended (\N) more often for recent series
                    if year == NULL:
                        end = NULL
                    else:
                        p_open = 0.7 if start >= 2018 else 0.45 if start >= 2005 else 0.15
                        if rand() < p_open:
                            end = NULL
                        else:
                            span = _SERIES_SPANS[bisect_right(span_cum, rand() * span_cum[-1])]
                            end = str(min(LAST_YEAR, start + span))
                    year = f"{year}|{end}"

                if i in long_run:
                    runtime = "43200" if i == first_long else str(250 + int(rand() * 4750))
                elif rand() < kind.null_runtime:
                    runtime = NULL
                elif series:
                    if rand() < 0.05:
                        runtime = str(5 + int(rand() * 176))
                    else:
                        x = bisect_right(runtime_cum, rand() * runtime_cum[-1])
                        runtime = str(_SERIES_RUNTIMES[x])
                else:
                    runtime = str(min(240, max(40, int(gauss(95.0, 20.0)))))

                genres = NULL if rand() < 0.035 else genre()

                if i in max_votes:
                    votes = MAX_VOTES
                else:
                    votes = min(MAX_VOTES, 5 + int(lognorm(ln_median_votes, 2.2)))
                if i in top_rating:  # a perfect 10.0, mostly with few votes
                    tenths = 100
                    votes = 5 + int(rand() * 26) if rand() < 0.85 else 31 + int(rand() * 370)
                else:
                    x = gauss(kind.rating_mean, 1.6 if votes < 30 else 1.15)
                    tenths = min(99, max(10, int(x * 10.0 + 0.5)))

                prefix = (
                    f"{ids[i]}|{main_f}|{orig_f}|{year}|{runtime}|{genres}|"
                    f"{rating_text[tenths]}|{votes}|"
                )
                # Artist rows: one artist (and one name) at most once per title.
                k = counts[i - lo]
                seg = persons[pos : pos + k]
                if k > 1 and len(set(map(name_keys.__getitem__, seg))) < k:
                    seen: set[int] = set()
                    fixed: list[int] = []
                    for p in seg:
                        q = p
                        while name_keys[q] in seen:
                            q = int(rand() * n_people)
                        seen.add(name_keys[q])
                        fixed.append(q)
                    seg = fixed
                for t, p in enumerate(seg, pos):
                    out.append(prefix + heads[p] + roles[t] + tails[p])
                pos += k
            f.write("".join(out))
            total_rows += n_rows
    return total_rows


def write_sample(out_dir: Path, titles: int, seed: int = 42, crlf: bool = False) -> SampleFiles:
    """Write `out_dir/movies.csv` (`titles` films) and `out_dir/series.csv`.

    The series file holds `round(titles * 0.45)` series; ids are unique across both
    files. Output is byte-identical for a given `(titles, seed, crlf)`; with
    `crlf=True` every line, the header included, ends in CRLF instead of LF.
    """
    if isinstance(titles, bool) or not isinstance(titles, int):
        raise TypeError(f"titles must be an int, got {type(titles).__name__}")
    if not 0 <= titles <= MAX_TITLES:
        raise ValueError(f"titles must be between 0 and {MAX_TITLES:,}, got {titles}")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nl = "\r\n" if crlf else "\n"
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    d = _Draw(rng)

    n_series = round(titles * SERIES_PER_MOVIE)
    all_ids = _make_ids(rng, titles + n_series)
    movie_ids = sorted(all_ids[:titles])
    series_ids = sorted(all_ids[titles:])
    n_people = max(100, round((titles + n_series) * PEOPLE_PER_TITLE))
    people = _build_people(d, n_people, all_ids, nl)
    del all_ids
    chars = _build_characters(d, max(1_000, min(40_000, (titles + n_series) // 8)))
    title_maker = _TitleMaker(d)
    dup_pool: list[tuple[str, str]] = []  # shared: a series can share a film's title

    movies = _Kind(
        series=False,
        columns=MOVIES_COLUMNS,
        genres=_Genres(d, MOVIE_GENRE_COUNTS, MOVIES_WITH_GENRE),
        first_year=FIRST_YEAR,
        year_origin=1880,
        year_power=2.5,
        rating_mean=6.2,
        null_runtime=0.095,
    )
    series = _Kind(
        series=True,
        columns=SERIES_COLUMNS,
        genres=_Genres(d, SERIES_GENRE_COUNTS, SERIES_WITH_GENRE),
        first_year=1930,
        year_origin=1925,
        year_power=3.0,
        rating_mean=6.9,
        null_runtime=0.12,
    )
    movies_path = out_dir / "movies.csv"
    series_path = out_dir / "series.csv"
    common = (title_maker, people, chars, nl, dup_pool)
    movie_rows = _write_file(movies_path, d, movie_ids, movies, *common)
    series_rows = _write_file(series_path, d, series_ids, series, *common)
    log.info(
        "sample in %s: %d films (%d rows), %d series (%d rows), %.1fs",
        out_dir,
        titles,
        movie_rows,
        n_series,
        series_rows,
        time.perf_counter() - started,
    )
    return SampleFiles(movies_path, series_path, movie_rows, series_rows)
