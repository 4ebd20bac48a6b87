"""Plain Norwegian for the access log's action codes: the one place the review page and the guardian's
access report (GDPR Art. 15) take their words from. A guardian never sees an internal code.

Every code the product writes has a row here, and says whether it read or changed the child's data;
`tests/audit/test_audit_labels.py` fails on a code without one. Codes no longer written keep their
row, so old log entries still read truthfully.
"""

from django.utils.translation import gettext_lazy as _

READ, WRITE, OTHER = "read", "write", "other"

ACTIONS = {
    # Students and cases
    "student.view": (READ, _("Så elevsiden")),
    "student.list": (READ, _("Så eleven i elevlisten")),
    "student.emergency_search": (READ, _("Fant eleven i søk etter nødtilgang")),
    "student.admin_view": (READ, _("Så elevens opplysninger i administrasjonssidene")),
    "student.admin_change": (WRITE, _("Endret elevens opplysninger i administrasjonssidene")),
    "case.view": (READ, _("Så saken")),
    "case.list": (READ, _("Så saken i en saksliste")),
    "case.close": (WRITE, _("Avsluttet saken")),
    "case.area": (WRITE, _("Endret saksområdet")),
    "case.escalate": (WRITE, _("Flyttet saken til et nytt trinn i tiltakstrappen")),
    "case.archive_purge": (WRITE, _("Arkiverte saken og slettet personopplysningene")),
    "home.my_page": (READ, _("Så saken på Min side")),
    # Referrals and attachments
    "referral.view": (READ, _("Så meldingen")),
    "referral.list": (READ, _("Så meldingen i en liste")),
    "referral.pdf": (READ, _("Lagde PDF av meldingen")),
    "referral.save": (WRITE, _("Lagret utkast til melding")),
    "referral.submit": (WRITE, _("Sendte meldingen")),
    "case.open": (WRITE, _("Opprettet en systemsak fra sakslisten")),
    "referral.delete": (WRITE, _("Slettet et utkast til melding")),
    "attachment.download": (READ, _("Lastet ned et vedlegg")),
    "attachment.add": (WRITE, _("La til et vedlegg")),
    # Consent
    "consent.view": (READ, _("Så samtykkene")),
    "consent.pdf": (READ, _("Lagde PDF av samtykket")),
    "consent.blank_pdf": (READ, _("Lagde samtykkeskjema (PDF)")),
    "consent.scan": (READ, _("Lastet ned skannet samtykke")),
    "consent.record": (WRITE, _("Registrerte samtykke")),
    # Health notes
    "healthnote.view": (READ, _("Så helsenotatene")),
    "healthnote.add": (WRITE, _("Skrev et helsenotat")),
    # Action plans and measures
    "plan.view": (READ, _("Så tiltaksplanen")),
    "plan.pdf": (READ, _("Lagde PDF av tiltaksplanen")),
    "plan.edit_form": (READ, _("Åpnet tiltaksplanen for å endre den")),
    "plan.new_form": (READ, _("Åpnet skjemaet for ny tiltaksplan")),
    # Written by the plan forms on every GET until the log learnt to tell a read from a write.
    "plan.edit": (READ, _("Åpnet tiltaksplanen for å endre den")),
    "plan.new": (READ, _("Åpnet skjemaet for ny tiltaksplan")),
    "plan.create": (WRITE, _("Lagde tiltaksplanen")),
    "plan.update": (WRITE, _("Endret tiltaksplanen")),
    "measure.view": (READ, _("Så tiltaket")),
    "measure.add": (WRITE, _("La til et tiltak")),
    "measure.evaluate": (WRITE, _("Evaluerte et tiltak")),
    "ladder.view": (READ, _("Så tiltakstrappen")),
    # Meetings, agendas, minutes, tasks
    "meeting.view": (READ, _("Så møtet")),
    "meeting.agenda_view": (READ, _("Så et punkt på sakslisten")),
    "meeting.attendance_view": (READ, _("Så oppmøtet i møtet")),
    "meeting.guest_view": (READ, _("Så møtet som invitert gjest")),
    "meeting.ics": (READ, _("Lastet ned kalenderfil for møtet")),
    "invitation.pdf": (READ, _("Lagde PDF av møteinnkallingen")),
    "meeting.create": (WRITE, _("Opprettet møtet")),
    "meeting.start": (WRITE, _("Startet møtet")),
    "meeting.finish": (WRITE, _("Avsluttet møtet")),
    "meeting.agenda_add": (WRITE, _("Satte saken på sakslisten")),
    "meeting.agenda_edit": (WRITE, _("Endret et punkt på sakslisten")),
    "meeting.agenda_move": (WRITE, _("Flyttet et punkt på sakslisten")),
    "meeting.agenda_remove": (WRITE, _("Tok saken av sakslisten")),
    "meeting.attendance": (WRITE, _("Registrerte oppmøte i møtet")),
    "meeting.invitation_send": (WRITE, _("Sendte møteinnkallingen")),
    "meeting.guest_invite": (WRITE, _("Inviterte en gjest fra en annen tjeneste til møtet")),
    "meeting.guest_revoke": (WRITE, _("Trakk tilbake en gjesteinvitasjon")),
    "minutes.view": (READ, _("Så referatet")),
    "minutes.version_view": (READ, _("Så en godkjent versjon av referatet")),
    "minutes.edit": (WRITE, _("Skrev i referatet")),
    "minutes.approve": (WRITE, _("Godkjente referatet")),
    "minutes.reopen": (WRITE, _("Åpnet det godkjente referatet for endring")),
    "task.create": (WRITE, _("Opprettet en oppgave")),
    "task.done": (WRITE, _("Merket en oppgave som utført")),
    # PPT (the steps, "ppt.<step>", are in PREFIXES)
    "ppt.view": (READ, _("Så PPT-saken")),
    "ppt.list": (READ, _("Så PPT-saken i en liste")),
    "ppt.file": (READ, _("Lastet ned et dokument i PPT-saken")),
    "ppt.create": (WRITE, _("Opprettet PPT-saken")),
    "ppt.report": (WRITE, _("Registrerte en rapport i PPT-saken")),
    # Attendance
    "attendance.overview": (READ, _("Så fraværsoversikten")),
    "attendance.followup_view": (READ, _("Så nærværsoppfølgingen")),
    "attendance.student_view": (READ, _("Så elevens fravær")),
    "attendance.form_view": (READ, _("Så elevskjemaet for nærværsoppfølging")),
    "attendance.form_pdf": (READ, _("Lagde PDF av elevskjemaet for nærværsoppfølging")),
    "absence.import_preview": (READ, _("Forhåndsviste import av fravær")),
    "absence.register": (WRITE, _("Registrerte fravær")),
    "attendance.followup_open": (WRITE, _("Startet nærværsoppfølging")),
    "attendance.followup_close": (WRITE, _("Avsluttet nærværsoppfølgingen")),
    "attendance.step_record": (WRITE, _("Registrerte et trinn i nærværsoppfølgingen")),
    "attendance.step_evaluate": (WRITE, _("Evaluerte et trinn i nærværsoppfølgingen")),
    "attendance.form_entry": (WRITE, _("Registrerte svar i elevskjemaet for nærværsoppfølging")),
    # The student register and the team (laget.students imports, the team page)
    "register.preview": (READ, _("Forhåndsviste import fra elevregisteret")),
    "register.import": (WRITE, _("Importerte elever, foresatte og ansatte fra elevregisteret")),
    "student.import": (WRITE, _("Oppdaterte eleven fra elevregisteret")),
    "team.member_add": (WRITE, _("La til et medlem i ressursteamet")),
    "team.member_update": (WRITE, _("Endret et medlemskap i ressursteamet")),
    "team.member_remove": (WRITE, _("Fjernet et medlem fra ressursteamet")),
    "class.contact_teachers": (WRITE, _("Endret kontaktlærerne for en klasse")),
    "agency.save": (WRITE, _("Lagret en instans")),
    # Documents to the student's archive folder (elevmappe)
    "minutes.pdf": (READ, _("Lagde PDF av referatet")),
    "archive.view": (READ, _("Så dokumentene som skal til elevmappen")),
    "archive.send": (WRITE, _("Sendte dokumenter til elevmappen")),
    # A guest's sign-in (laget.meetings.guest_signin): events, neither reading nor changing a child's data
    "guest.signin": (OTHER, _("Gjest logget inn")),
    "guest.signin_link_sent": (OTHER, _("Sendte innloggingslenke til en gjest")),
    "guest.signin_link_opened": (OTHER, _("En gjest åpnet innloggingslenken")),
    "guest.signin_link_expired": (OTHER, _("En gjest brukte en utløpt innloggingslenke")),
    "guest.signin_link_reused": (OTHER, _("En gjest brukte en innloggingslenke på nytt")),
    "guest.signin_link_unknown": (OTHER, _("En ukjent innloggingslenke ble brukt")),
    "guest.signin_code_sent": (OTHER, _("Sendte innloggingskode til en gjest")),
    "guest.signin_code_wrong": (OTHER, _("En gjest skrev feil innloggingskode")),
    "guest.signin_code_expired": (OTHER, _("En gjest brukte en utløpt innloggingskode")),
    "guest.signin_invitation_ended": (OTHER, _("En gjest prøvde å logge inn etter at invitasjonen var avsluttet")),
    # The log itself and emergency access
    "audit.review": (READ, _("Så tilgangsloggen")),
    "audit.report": (READ, _("Lagde innsynsrapport fra tilgangsloggen")),
    "emergency.grant": (READ, _("Fikk nødtilgang til eleven")),
    "emergency.review": (READ, _("Gikk gjennom en nødtilgang")),
    # The school's routine (no student data)
    "wheel.seed": (WRITE, _("Fylte årshjulet fra rutinen")),
    "wheel.item_create": (WRITE, _("La til en aktivitet i årshjulet")),
    "wheel.item_delete": (WRITE, _("Slettet en aktivitet i årshjulet")),
    "wheel.materialise": (WRITE, _("Laget frister fra årshjulet")),
    "routine_description.create": (WRITE, _("Skrev rutinebeskrivelsen")),
    "routine_description.edit": (WRITE, _("Endret rutinebeskrivelsen")),
    "routine_description.pdf": (READ, _("Lagde PDF av rutinebeskrivelsen")),
}

# Families of codes built from a value (laget.ppt.services: f"ppt.{step}").
PREFIXES = {
    "ppt.": (WRITE, _("Registrerte et steg i PPT-saken")),
}

UNKNOWN = (OTHER, _("Annen handling"))


def _entry(action: str):
    if action in ACTIONS:
        return ACTIONS[action]
    for prefix, entry in PREFIXES.items():
        if action.startswith(prefix):
            return entry
    return UNKNOWN


def is_read(action: str) -> bool:
    """True when the action only showed the data; a write is logged only when something was written."""
    return _entry(action)[0] == READ


def is_write(action: str) -> bool:
    """True when the action changed data: never logged for a GET."""
    return _entry(action)[0] == WRITE


def action_label(action: str) -> str:
    """ "plan.view" → "Så tiltaksplanen", "plan.update" → "Endret tiltaksplanen"; never the code itself."""
    return str(_entry(action)[1])


def kind_label(action: str) -> str:
    """The report's "Lest / endret" column."""
    kind = _entry(action)[0]
    return str(_("Lest") if kind == READ else _("Endret") if kind == WRITE else _("Annet"))
