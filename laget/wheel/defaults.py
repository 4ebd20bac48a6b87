"""The annual wheel a school gets when its routine has none (seeds 000, 002 §9–10, 003, 004 §7).

Same shape as a routine's `data["annual_wheel"]`: month, optional week/day, title, owner_role and
what the item creates ("meeting:<kind>", "agenda" or "task").
"""

from django.utils.translation import gettext_lazy as _

DEFAULT_WHEEL = [
    {"month": 8, "title": _("Årshjul og møteplan for skoleåret"), "owner_role": "rektor", "creates": "agenda"},
    {
        "month": 9,
        "title": _("Nasjonale prøver: gjennomføring og oppfølging"),
        "owner_role": "rektor",
        "creates": "agenda",
    },
    {
        "month": 9,
        "title": _("Klasselærerråd / triangelmøte 1"),
        "owner_role": "avdelingsleder",
        "creates": "meeting:triangel",
    },
    {
        "month": 10,
        "title": _("TGL-besøk: refleksjon og råd om læringsmiljøet"),
        "owner_role": "rektor",
        "creates": "agenda",
    },
    {
        "month": 10,
        "title": _("Klasselærerråd / triangelmøte 2"),
        "owner_role": "avdelingsleder",
        "creates": "meeting:triangel",
    },
    {
        "month": 11,
        "title": _("Elevundersøkelsen: gjennomgang av resultatene"),
        "owner_role": "rektor",
        "creates": "agenda",
    },
    {
        "month": 11,
        "title": _("Klasselærerråd / triangelmøte 3"),
        "owner_role": "avdelingsleder",
        "creates": "meeting:triangel",
    },
    {
        "month": 1,
        "day": 31,
        "title": _("Rapportfrist: halvårsrapport fra ressursteamet"),
        "owner_role": "rektor",
        "creates": "task",
    },
    {
        "month": 2,
        "title": _("Klasselærerråd / triangelmøte 1"),
        "owner_role": "avdelingsleder",
        "creates": "meeting:triangel",
    },
    {
        "month": 3,
        "title": _("TGL-besøk: refleksjon og råd om læringsmiljøet"),
        "owner_role": "rektor",
        "creates": "agenda",
    },
    {
        "month": 3,
        "title": _("Klasselærerråd / triangelmøte 2"),
        "owner_role": "avdelingsleder",
        "creates": "meeting:triangel",
    },
    {
        "month": 4,
        "title": _("Klasselærerråd / triangelmøte 3"),
        "owner_role": "avdelingsleder",
        "creates": "meeting:triangel",
    },
    {
        "month": 5,
        "day": 30,
        "title": _("Rapportfrist: årsrapport fra ressursteamet"),
        "owner_role": "rektor",
        "creates": "task",
    },
    {
        "month": 6,
        "title": _("Årlig revisjon av rutinen for ressursteamet"),
        "owner_role": "rektor",
        "creates": "agenda",
    },
]
