"""Passwords: at least 12 characters, long allowed, common ones refused, no composition rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password",
    [
        "tolv tegn ok",  # exactly 12, spaces allowed
        "bare små bokstaver uten tall",  # no composition rules
        "ALLEPASSORDERLANGE",
        "en veldig lang passfrase " * 10,  # long is fine
    ],
)
def test_long_passwords_without_composition_rules_are_accepted(db, password):
    validate_password(password)


def test_eleven_characters_are_too_short(db):
    with pytest.raises(ValidationError) as exc:
        validate_password("elleve tegn")
    assert any(e.code == "password_too_short" for e in exc.value.error_list)


@pytest.mark.parametrize("password", ["123456123456", "123qweasdzxc", "1q2w3e4r5t6y", "qwertyuiop123"])
def test_common_passwords_are_refused(db, password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any(e.code == "password_too_common" for e in exc.value.error_list)


def test_passwords_are_hashed_with_argon2_by_the_production_hashers(client, world, settings):
    """The suite hashes with MD5 for speed; this one test uses the production list. A new password is
    stored as Argon2id and logs in through the real form; an older PBKDF2 hash still logs in and is
    upgraded to Argon2 on the way."""
    from accounts_helpers import PASSWORD, password_login
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    user = world.teacher
    user.set_password(PASSWORD)
    user.save()
    assert user.password.startswith("argon2$argon2id$")
    assert password_login(client, user).status_code == 302

    client.logout()
    legacy = world.member
    legacy.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    legacy.save()
    assert password_login(client, legacy).status_code == 302
    legacy.refresh_from_db()
    assert legacy.password.startswith("argon2$argon2id$")
