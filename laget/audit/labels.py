"""Norwegian words for the log's action codes, for the review page and the guardian's report."""

from django.utils.translation import gettext_lazy as _

OBJECTS = {
    "student": _("elevsiden"),
    "case": _("saken"),
    "referral": _("meldingen"),
    "consent": _("samtykke"),
    "meeting": _("møtet"),
    "minutes": _("referatet"),
    "plan": _("tiltaksplanen"),
    "measure": _("tiltak"),
    "healthnote": _("helsenotater"),
    "task": _("oppgave"),
    "attachment": _("vedlegg"),
    "ppt": _("PPT-saken"),
    "attendance": _("nærværsoppfølgingen"),
    "absence": _("fravær"),
    "invitation": _("møteinnkallingen"),
    "emergency": _("nødtilgang"),
    "audit": _("tilgangsloggen"),
}

READ_VERBS = {
    "view": _("Så"),
    "list": _("Så i en liste"),
    "agenda_view": _("Så sakslisten i"),
    "attendance_view": _("Så oppmøtet i"),
    "version_view": _("Så en versjon av"),
    "guest_view": _("Så som gjest"),
    "pdf": _("Lagde PDF av"),
    "blank_pdf": _("Lagde PDF av"),
    "ics": _("Lastet ned kalender for"),
    "download": _("Lastet ned"),
    "review": _("Gikk gjennom"),
    "report": _("Lagde rapport fra"),
    "grant": _("Fikk"),
}


# Whole actions whose words do not follow the object + verb pattern.
ACTIONS = {
    "home.my_page": _("Så saken på Min side"),
    "attendance.overview": _("Så fraværsoversikten"),
    "attendance.followup_view": _("Så nærværsoppfølgingen"),
    "attendance.student_view": _("Så elevens fravær"),
    "attendance.form_view": _("Så elevskjemaet for nærværsoppfølging"),
    "attendance.form_pdf": _("Lagde PDF av elevskjemaet for nærværsoppfølging"),
    "absence.import_preview": _("Forhåndsviste import av fravær"),
    "ladder.view": _("Så tiltakstrappen"),
    "register.preview": _("Forhåndsviste import fra elevregisteret"),
}
READ_ACTIONS = set(ACTIONS)
# Writes whose words do not follow the pattern either (shown instead of "Endret … (code)").
WRITE_ACTIONS = {
    "register.import": _("Importerte elever, foresatte og ansatte fra elevregisteret"),
    "student.import": _("Oppdaterte eleven fra elevregisteret"),
    "team.member_add": _("La til et medlem i ressursteamet"),
    "team.member_update": _("Endret et medlemskap i ressursteamet"),
    "team.member_remove": _("Fjernet et medlem fra ressursteamet"),
    "class.contact_teachers": _("Endret kontaktlærerne for en klasse"),
    "agency.save": _("Lagret en instans"),
}


def is_read(action: str) -> bool:
    return action in READ_ACTIONS or action.partition(".")[2] in READ_VERBS


def action_label(action: str) -> str:
    """ "case.view" → "Så saken"; writes → "Endret saken (case.close)"."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    if action in WRITE_ACTIONS:
        return str(WRITE_ACTIONS[action])
    obj, _dot, verb = action.partition(".")
    noun = OBJECTS.get(obj, obj)
    if verb in READ_VERBS:
        return f"{READ_VERBS[verb]} {noun}"
    return f"{_('Endret')} {noun} ({action})"
