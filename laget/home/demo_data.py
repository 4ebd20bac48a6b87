"""Fictional people and texts for `manage.py demo`. Every name here is invented.

Team composition follows seed 000 (Hustadvika) §4.1 (barneskole) and §4.2 (ungdomsskole);
responsibility texts follow the pattern of seed 002 (Sandnes: one stated responsibility per role).
"""

OWNER_NAME = "Fjordvik kommune (demo)"
PRIMARY_NAME = "Fjordvik barneskole (demo)"
SECONDARY_NAME = "Fjordvik ungdomsskole (demo)"
EMAIL_DOMAIN = "demo.invalid"
PASSWORD = "demo"  # noqa: S105 - demo only; the command refuses to run unless settings.DEMO

RESPONSIBILITY = {
    "rektor": "Overordnet ledelse av møtene. Sikrer at møtene holdes jevnlig og tar beslutningene – "
    "ressursteamet er rådgivende for rektor.",
    "avdelingsleder": "Setter opp saksliste og sender innkalling. Følger opp logg med ansvar og frister.",
    "spesped": "Koordinering av tilrettelegging for elever med rett på individuell tilpasset opplæring, "
    "kartlegginger og henvisning til PPT.",
    "pprad": "Pedagogisk-psykologisk bistand og veiledning i system- og individsaker.",
    "helsesykepleier": "Oppfølging av elevenes helse. Helseopplysninger føres i skjermede notater.",
    "radgiver": "Oppfølging av elevenes psykososiale læringsmiljø og utdannings- og yrkesvalg.",
    "laererrep": "Bringer inn lærernes perspektiv og formidler avtalte systemtiltak til trinnene.",
    "barnevern": "Deltar etter oppsatt møteplan (turnus) og ved invitasjon til enkeltsaker.",
}

# The six logins the demo is shown with: username, first, last, school ("primary"/"secondary"), title, role or None.
LOGINS = [
    ("kontaktlaerer", "Kari", "Bakken", "primary", "Kontaktlærer 5A", None),
    ("rektor", "Randi", "Fjeldstad", "primary", "Rektor", "rektor"),
    ("spesped", "Siri", "Haugland", "primary", "Spesialpedagogisk koordinator", "spesped"),
    ("pprad", "Petter", "Moen", "primary", "PP-rådgiver", "pprad"),
    ("helsesykepleier", "Hilde", "Strand", "primary", "Helsesykepleier", "helsesykepleier"),
    ("radgiver", "Rune", "Aasen", "secondary", "Rådgiver", "radgiver"),
]

# Other team members (no password): username, first, last, school, title, role, kind.
TEAM_OTHERS = [
    ("demo-inspektor", "Ingrid", "Solberg", "primary", "Inspektør", "avdelingsleder", "fast"),
    ("demo-laererrep-b", "Tor", "Lien", "primary", "Lærer", "laererrep", "fast"),
    ("demo-barnevern", "Bente", "Vik", "primary", "Barneverntjenesten", "barnevern", "invitert"),
    ("demo-rektor-u", "Geir", "Brekke", "secondary", "Rektor", "rektor", "fast"),
    ("demo-spesped-u", "Mette", "Dahl", "secondary", "Spesialpedagogisk koordinator", "spesped", "fast"),
    ("demo-pprad-u", "Anders", "Nilsen", "secondary", "PP-rådgiver", "pprad", "fast"),
    ("demo-helse-u", "Lene", "Karlsen", "secondary", "Helsesykepleier", "helsesykepleier", "fast"),
    ("demo-laererrep-u", "Espen", "Jakobsen", "secondary", "Lærer", "laererrep", "fast"),
]

TEACHER_NAMES = [
    ("Marit", "Olsen"),
    ("Jonas", "Eide"),
    ("Camilla", "Lund"),
    ("Henrik", "Berg"),
    ("Tone", "Sæther"),
    ("Øystein", "Myhre"),
    ("Nina", "Holm"),
    ("Sindre", "Tangen"),
    ("Lise", "Aune"),
    ("Kristian", "Rønning"),
    ("Heidi", "Vold"),
    ("Magnus", "Furu"),
]

PRIMARY_CLASSES = [(f"{g}A", g) for g in range(1, 8)]
SECONDARY_CLASSES = [(f"{g}{letter}", g) for g in (8, 9, 10) for letter in "AB"]

GIRLS = [
    "Emma", "Nora", "Sofie", "Olivia", "Ella", "Ingrid", "Leah", "Maja", "Frida", "Sara",
    "Selma", "Astrid", "Hedda", "Tiril", "Vilde", "Thea", "Amalie", "Live", "Mathilde", "Aurora",
]  # fmt: skip
BOYS = [
    "Jakob", "Emil", "Noah", "Oliver", "Filip", "William", "Lucas", "Liam", "Henrik", "Aksel",
    "Johannes", "Theodor", "Magnus", "Elias", "Isak", "Sander", "Mathias", "Tobias", "Kasper", "Vetle",
]  # fmt: skip
SURNAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
    "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Moen", "Gundersen",
    "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakke",
]  # fmt: skip
ADULT_WOMEN = ["Anne", "Silje", "Kristin", "Ida", "Marte", "Linn", "Hanne", "Trine", "Line", "Elin"]
ADULT_MEN = ["Thomas", "Kjetil", "Erik", "Morten", "Lars", "Ole", "Stian", "Rune", "Jørgen", "Pål"]
STREETS = ["Fjordveien", "Skolebakken", "Naustvegen", "Kaiveien", "Bjørkelia", "Måkeskjæret", "Lyngstien"]
