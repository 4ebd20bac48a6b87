"""Who a Feide login belongs to (accounts.services.feide_user_resolve): only a user an administrator or
the staff import bound by Feide user id, then by Feide's `sub`; never a new user, never by e-mail."""

from django.contrib.auth import get_user_model

from laget.accounts.feide import is_multi_factor
from laget.accounts.models import FeideLink
from laget.accounts.services import feide_link_set, feide_user_resolve

SUB = "7b96eab9-b69e-4b8c-9636-1da868207864"


def test_first_login_binds_the_sub_then_the_sub_alone_recognises_the_user(world):
    feide_link_set(user=world.member, feide_userid="Feide:Ola.Nordmann@Skole.Kommune.no")
    assert FeideLink.objects.get(user=world.member).feide_userid == "ola.nordmann@skole.kommune.no"
    assert feide_user_resolve(sub=SUB, feide_userid="ola.nordmann@skole.kommune.no") == world.member
    assert FeideLink.objects.get(user=world.member).sub == SUB
    # Later logins need no user id claim: the sub is enough.
    assert feide_user_resolve(sub=SUB, feide_userid="") == world.member


def test_unknown_feide_users_are_never_created_nor_matched_by_email(world, db):
    users = get_user_model().objects.count()
    assert feide_user_resolve(sub=SUB, feide_userid="ukjent@skole.test") is None
    # The member's e-mail address as Feide user id: no binding was recorded, so no match.
    assert feide_user_resolve(sub=SUB, feide_userid=world.member.email) is None
    assert get_user_model().objects.count() == users
    assert not FeideLink.objects.exists()


def test_a_user_id_bound_to_another_sub_is_refused(world):
    feide_link_set(user=world.member, feide_userid="ola@skole.test")
    assert feide_user_resolve(sub=SUB, feide_userid="ola@skole.test") == world.member
    assert feide_user_resolve(sub="another-sub", feide_userid="ola@skole.test") is None
    assert FeideLink.objects.get(user=world.member).sub == SUB


def test_changing_the_user_id_unbinds_the_old_sub(world):
    feide_link_set(user=world.member, feide_userid="ola@skole.test")
    feide_user_resolve(sub=SUB, feide_userid="ola@skole.test")
    feide_link_set(user=world.member, feide_userid="ola@ny-skole.test")
    assert FeideLink.objects.get(user=world.member).sub is None
    assert feide_user_resolve(sub=SUB, feide_userid="ola@skole.test") is None


def test_a_deactivated_user_is_refused(world):
    feide_link_set(user=world.member, feide_userid="ola@skole.test")
    world.member.is_active = False
    world.member.save()
    assert feide_user_resolve(sub=SUB, feide_userid="ola@skole.test") is None


def test_only_feides_multi_factor_acr_skips_lagets_totp(settings):
    assert is_multi_factor("urn:mace:feide.no:auth:level:fad08:3")
    assert not is_multi_factor("urn:mace:feide.no:auth:level:fad08:2")
    assert not is_multi_factor("")
    settings.FEIDE_MFA_ACR_VALUES = ["urn:example:mfa"]
    assert is_multi_factor("urn:example:mfa")
    assert not is_multi_factor("urn:mace:feide.no:auth:level:fad08:3")
