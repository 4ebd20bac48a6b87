"""Identity numbers from the school's register, turned into keys that can be matched but not read.

The national identity number (fødselsnummer / D-nummer) is sensitive (personopplysningsloven § 12):
Laget never stores it. What is stored is HMAC-SHA256 under `settings.PERSON_ID_KEY` — the same number
always gives the same key (so a re-import, and later a guardian's ID-porten login, finds the person),
and without the key the number cannot be recovered by trying all birth dates.
"""

import datetime
import hashlib
import hmac

from django.conf import settings

_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _key(kind: str, value: str) -> str:
    return hmac.new(settings.PERSON_ID_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def national_id_key(number: str) -> str:
    """The key of a (valid, normalised) national identity number: the same across schools and owners."""
    return _key("fnr", number)


def register_key(owner_id: int, number: str) -> str:
    """The key of the register's own student number, which is unique only within one owner's system."""
    return _key(f"elevnr:{owner_id}", number.strip().lower())


def _check_digit(digits, weights) -> int | None:
    rest = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    check = (11 - rest) % 11
    return None if check == 10 else check


def normalise_national_id(value: str) -> str | None:
    """Eleven digits with valid check digits, else None (spaces and a dot are allowed in the input)."""
    digits = "".join(ch for ch in str(value) if not ch.isspace() and ch != ".")
    if len(digits) != 11 or not digits.isdigit():
        return None
    if _check_digit(digits[:9], _K1) != int(digits[9]) or _check_digit(digits[:10], _K2) != int(digits[10]):
        return None
    if national_id_birth_date(digits) is None:
        return None
    return digits


def national_id_birth_date(digits: str) -> datetime.date | None:
    """The birth date in a national identity number: D-numbers add 40 to the day, H-numbers 40 and
    Skatteetaten's synthetic test numbers 80 to the month; the individual number gives the century."""
    day, month, year, individual = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6:9])
    if day > 40:
        day -= 40
    if month > 80:
        month -= 80
    elif month > 40:
        month -= 40
    if individual <= 499:
        century = 1900
    elif individual <= 749 and year >= 54:
        century = 1800
    elif year <= 39:
        century = 2000
    elif individual >= 900:
        century = 1900
    else:
        return None
    try:
        return datetime.date(century + year, month, day)
    except ValueError:
        return None
