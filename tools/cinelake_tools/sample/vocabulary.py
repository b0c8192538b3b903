"""Word pools for titles, names and characters: generic vocabulary and invented
combinations only; no pool holds a real credit.

This module is long because it is data (about 230 lines of word lists), not logic.
"""

from __future__ import annotations


def word_pool(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word pool written as one string (split on whitespace, or on `sep`)."""
    return tuple(w.strip() for w in text.split(sep) if w.strip())


EN_ADJ = word_pool(
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
EN_NOUN = word_pool(
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
EN_PLACES = word_pool(
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
EN_SUBTITLE = word_pool(
    """The Beginning|The Return|The Reckoning|The Awakening|Part Two|Part II|Part III|
    Chapter One|A Love Story|A True Story|The Final Chapter|Revelations|Origins|
    Resurrection|Redemption|The Last Stand|Homecoming|The Lost Years|Rebirth|Legacy|
    Retribution|Déjà Vu|A Musical Journey|Behind the Curtain""",
    "|",
)
FR_NP = word_pool(
    """la nuit|le rêve|les ombres|l'été|la maison|le chemin|la mer|la forêt|le cœur|
    la fenêtre|le château|la fête|les sœurs|le frère|l'hiver|la route|le silence|
    la chambre|les enfants|le voyage|la lumière|le jardin|la fuite|les adieux|l'orage|
    la vérité|le secret|la promesse|les amants|le bal""",
    "|",
)
FR_ADJ = word_pool(
    """rouge noire sauvage étrange fragile sublime triste calme immobile invisible
    éternelle célèbre tranquille libre pâle magique terrible aimable"""
)
ES_NP = word_pool(
    """la noche|el camino|los días|las sombras|el corazón|la canción|el niño|la casa|
    el río|la tierra|el viento|los hermanos|la memoria|el silencio|la frontera|
    el verano|la lluvia|el regreso|la huida|los años|el baile|la señora|el jardín|
    la promesa|el pájaro""",
    "|",
)
ES_ADJ = word_pool(
    """salvaje triste feliz azul verde imposible final gris dulce breve grande
    inolvidable perdida cruel ardiente común"""
)
DE_NP = word_pool(
    """Die Nacht|Der Weg|Das Haus|Die Stadt|Der Sommer|Die Brücke|Das Schweigen|
    Der Fremde|Die Schwestern|Das Erbe|Der Zug|Die Reise|Das Spiel|Der Himmel|
    Die Straße|Das Mädchen|Der Jäger|Die Flucht|Das Geheimnis|Der Wald""",
    "|",
)
DE_SUFFIX = word_pool(
    """ohne Namen|im Süden|am Fluss|der Träume|von Berlin|im Schnee|über den Dächern|
    der Nacht|aus Glas|für immer|am Meer|im Nebel|der Wölfe|ohne Wiederkehr|
    hinter der Mauer|in Flammen""",
    "|",
)
IT_NP = word_pool(
    """La notte|Il viaggio|Il silenzio|La strada|Il sogno|La casa|Le sorelle|Il fiume|
    La luna|Il segreto|La terra|Il ritorno|I giorni|La voce|Il giardino|La città|
    L'estate|Il mare""",
    "|",
)
IT_ADJ = word_pool(
    """grande triste dolce verde forte felice breve crudele perduta proibita infinita
    nascosta fragile selvaggia"""
)
PT_NP = word_pool(
    """A noite|O caminho|A casa|O coração|A cidade|O rio|As irmãs|O segredo|A estrada|
    O verão|A canção|O mar|Os dias|A promessa|O irmão|A ilha""",
    "|",
)
PT_ADJ = word_pool(
    """azul|triste|feliz|verde|grande|doce|perdida|proibida|esquecida|selvagem|breve|
    eterna|sem fim|do sertão""",
    "|",
)
NORDIC = word_pool(
    """Natten Vägen Huset Sommaren Ön Skyggerne Havet Søstrene Drømmen Fjorden Ønsket
    Brødrene Stormen Vinteren Løgnen Sønnen Björnen Älven Fyrtårnet Hjemkomsten
    Kärleken Gåtan Skogen Ødemarken"""
)
JA_A = word_pool("夜 海 風 花 空 月 雪 夢 街 桜 影 光 森 雨 恋 星 春 秋 川 島")
JA_B = word_pool("海 風 花 空 月 雪 夢 街 歌 影 光 森 雨 恋 星 道 声 扉 旅 約束")
KO = word_pool(
    "바람|그 여름|밤의 노래|도시|마지막 기차|우리들|봄날|하늘|바다|기억|비밀|사랑|"
    "그림자|눈물|약속|길|집으로|친구",
    "|",
)
ZH = word_pool("城 夜 风 雨 花 月 江 山 梦 影 心 海 云 雪 春 秋 路 灯")
# Cyrillic pools: the letters are meant, not look-alikes of Latin ones.
RU_NP = word_pool("Ночь Дорога Город Зима Лето Река Сёстры Дом Море Тишина Поезд Сад Небо")  # noqa: RUF001

FIRST_M = word_pool(
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
FIRST_F = word_pool(
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
FIRST_ALL = FIRST_M + FIRST_F
LAST = word_pool(
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
PARTICLES = word_pool("de la|van|von|da|di|de|van der|dos|del", "|")
# Invented surnames and place names: a head and an ending ("Kel" + "wick").
SYL_HEAD = word_pool(
    """Ash Bell Black Brad Bram Brook Cal Carr Chad Clay Cole Craw Dal Dar Den Dor Drum
    Dun El Fair Fen Fer Gal Gar Glen Gold Gran Hal Har Hart Hol Kel Ken Kin Lang Lin
    Lock Mal Mar Mer Mill Mor Nor Oak Pem Pen Ral Ram Red Ross Row Sal Sand Shel Stan
    Star Stock Stone Sum Tal Tam Thorn Tre Vel Wal War Wes Whit Win Wood Wy Yar Berg
    Lind Holm Fal Rein Kroll Bran Cor Ev Gil Hag Ist Jor Kal Lor Mon Nev Or Pal Quin
    Riv Sel Tor Ul Van Vil Zan"""
)
SYL_MID = ("", "", "er", "en", "ing", "el", "and", "ow", "ley", "is", "a", "o", "ers")
SURNAME_END = word_pool(
    """ton ford wood field bury ham dale brook ridge stead wick by worth well son sen
    man mann berg stein feld ström gren qvist holt hurst more ley ington ard ett ier ot
    ez ini elli ovic ski escu idis oglu aki ard ens ach ow ova ard ak ić"""
)
PLACE_END = word_pool(
    """ford wood field ton bury ham dale brook ridge stead wick mouth haven port moor
    gate hill worth well by thorpe cliff combe holm shaw mere ley stow fell water crest
    vale burn ness reach"""
)
PLACE_FORM = ("{}", "{}", "{}", "Port {}", "{} Springs", "{} Bay", "Lake {}", "Fort {}",
               "New {}", "{} Falls", "{} Island", "{} Heights")  # fmt: skip
NICKS = word_pool(
    """Ace Bugsy Lucky Red Slim Doc Tex Babe Butch Sonny Dusty Buddy Chico Kiki
    Scooter Moose Tiny Duke Boom-Boom Smokey"""
)
CJK_FAMILY = word_pool("佐藤 鈴木 高橋 田中 渡辺 伊藤 山本 中村 小林 加藤 王 李 张 刘 陈 杨")
CJK_GIVEN = word_pool(
    "健 太 大 輔 翔 蓮 美 咲 陽 菜 結 衣 悠 斗 伟 芳 娜 磊 静 洋 明 華 真 一 郎 子 花 雄 和 春"
)
KO_FAMILY = word_pool("김 이 박 최 정 강 조 윤 장 임 한 오")
KO_GIVEN = word_pool("민 준 서 연 지 우 하 은 도 윤 예 시 수 현 영 진 혜 성 주 경")
RU_FIRST_M = word_pool("Иван Сергей Дмитрий Алексей Павел")
RU_FIRST_F = word_pool("Ольга Анна Мария Наталья Елена")
RU_LAST_M = word_pool("Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов")
RU_LAST_F = tuple(f"{n}\u0430" for n in RU_LAST_M)  # + Cyrillic a: the feminine form

ROLES = word_pool(
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
FOREIGN_ROLES = word_pool(
    """Le médecin|La señora|Il commissario|Der Fremde|O padre|La vecchia|Fräulein|Oma|
    Sœur Marie|Señor Alcalde|Kommissar|Hofdame|La criada|L'étranger|Großvater|
    先生|少女|母親|刑事|老人|아버지|형사|Бабушка|Следователь""",
    "|",
)
SELF_ROLES = ("Self", "Self", "Self", "Narrator", "Host", "Self - Host", "Various Characters")
ROLE_TITLES = ("Mrs.", "Mr.", "Dr.", "Captain", "Inspector", "Uncle", "Aunt", "Professor")
PAREN = ("voice", "as a child", "uncredited", "archive footage", "segment", "young")
