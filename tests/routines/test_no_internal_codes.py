"""Users never see an internal code: the routine page names the collaboration ladder and where a
version came from in words, and every deadline kind has a Norwegian label."""

from django.urls import reverse

from laget.deadlines.selectors import kind_label
from laget.ladders.presets import ensure_ladder_presets
from laget.routines.services import routine_load_preset


def test_routine_page_shows_names_not_codes(client, world):
    ensure_ladder_presets()
    routine_load_preset(school=world.school, preset="hustadvika_barneskole")
    client.force_login(world.lead)
    html = client.get(reverse("routines:routine")).content.decode()
    assert "Bedre tverrfaglig innsats" in html  # the ladder, by name
    assert "Lastet fra malen" in html
    assert ">bti<" not in html
    assert "preset:" not in html
    assert "hustadvika_barneskole" not in html.replace('value="hustadvika_barneskole"', "")


def test_every_deadline_kind_has_a_label():
    for kind in ("ppt.iep", "ppt.report", "ppt", "task", "wheel", "something.new"):
        label = kind_label(kind)
        assert "." not in label
        assert label != kind
