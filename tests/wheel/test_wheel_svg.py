import re

from django.urls import reverse


def test_wheel_svg_coordinates_use_a_decimal_point(client, world):
    """The Norwegian locale writes 12,5; SVG needs 12.5 or the month labels land in a corner."""
    client.force_login(world.lead)
    html = client.get(reverse("wheel:year")).content.decode()
    coords = re.findall(r' (?:x|y|cx|cy|x1|y1|x2|y2)="([^"]*)"', html)
    assert coords
    assert not [c for c in coords if "," in c]
