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
