"""A real, certified OpenID Connect provider on loopback, for the Feide tests and the production smoke test.

The provider is panva's `oidc-provider` from npm (OpenID Certified; a devDependency in package.json),
configured by tests/oidc_provider.mjs: one static client, test accounts with Feide-shaped claims and
a configurable `acr`. Nothing of the protocol is written here.

    with start_oidc_provider(redirect_uris=[f"{base}/logg-inn/feide/tilbake/"]) as op:
        settings.FEIDE_DISCOVERY_URL = op.discovery_url   # or os.environ.update(op.env())
        ... log in as op.account("mfa") in the browser: fill #login and #password, submit

The pytest fixture `oidc_provider` (tests/conftest.py) wraps this.
"""

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "oidc_provider.mjs"

# Feide's acr for a login with its own multi-factor authentication (docs.feide.no, "Service-initiated
# MFA using OpenID Connect"). The password-only value below is this test provider's own.
FEIDE_MFA_ACR = "urn:mace:feide.no:auth:level:fad08:3"
PASSWORD_ONLY_ACR = "urn:mace:feide.no:auth:level:fad08:2"
FEIDE_USERID_CLAIM = "https://n.feide.no/claims/eduPersonPrincipalName"


@dataclass
class TestAccount:
    """One Feide user at the test provider. `login`/`password` are typed into its login page."""

    login: str
    sub: str
    name: str
    email: str
    feide_userid: str = ""
    acr: str = ""
    id_token_ttl: int = 0  # seconds; 0 = the provider's default (an hour)
    password: str = "feide-test-passord"
    extra_claims: dict = field(default_factory=dict)

    def config(self) -> dict:
        given, _sp, family = self.name.partition(" ")
        claims = {
            "name": self.name,
            "given_name": given,
            "family_name": family,
            "email": self.email,
            "email_verified": True,
            **self.extra_claims,
        }
        if self.feide_userid:
            claims[FEIDE_USERID_CLAIM] = self.feide_userid
            claims["https://n.feide.no/claims/userid_sec"] = [f"feide:{self.feide_userid}"]
        return {
            "login": self.login,
            "password": self.password,
            "sub": self.sub,
            "acr": self.acr,
            "id_token_ttl": self.id_token_ttl,
            "claims": claims,
        }


def default_accounts() -> list[TestAccount]:
    """With Feide's multi-factor level, without it, one whose ID token expires at once, one Laget does not know."""
    return [
        TestAccount(
            login="mfa",
            sub="7b96eab9-0000-4000-8000-000000000001",
            name="Mona Flerfaktor",
            email="mona@skole.test",
            feide_userid="mona@skole.test",
            acr=FEIDE_MFA_ACR,
        ),
        TestAccount(
            login="passord",
            sub="7b96eab9-0000-4000-8000-000000000002",
            name="Per Passord",
            email="per@skole.test",
            feide_userid="per@skole.test",
            acr=PASSWORD_ONLY_ACR,
        ),
        TestAccount(
            login="utlopt",
            sub="7b96eab9-0000-4000-8000-000000000003",
            name="Ulla Utløpt",
            email="ulla@skole.test",
            feide_userid="ulla@skole.test",
            acr=FEIDE_MFA_ACR,
            id_token_ttl=1,
        ),
        TestAccount(
            login="ukjent",
            sub="7b96eab9-0000-4000-8000-000000000004",
            name="Ukjent Person",
            email="ukjent@annen.test",
            feide_userid="ukjent@annen.test",
            acr=FEIDE_MFA_ACR,
        ),
    ]


@dataclass
class OidcProvider:
    issuer: str
    client_id: str
    client_secret: str
    accounts: list[TestAccount]
    process: subprocess.Popen

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def account(self, login: str) -> TestAccount:
        return next(a for a in self.accounts if a.login == login)

    def env(self) -> dict[str, str]:
        """Laget's environment variables for this provider (laget/settings.py, section Feide)."""
        return {
            "FEIDE_DISCOVERY_URL": self.discovery_url,
            "FEIDE_CLIENT_ID": self.client_id,
            "FEIDE_CLIENT_SECRET": self.client_secret,
        }


def node_binary() -> str | None:
    return shutil.which("node")


@contextlib.contextmanager
def start_oidc_provider(
    *,
    redirect_uris: list[str],
    accounts: list[TestAccount] | None = None,
    client_id: str = "laget-test",
    client_secret: str = "laget-test-hemmelighet-som-er-lang-nok",
    acr_values: list[str] | None = None,
    timeout: float = 20,
):
    """Start the provider on a free loopback port; stop it on exit. Raises RuntimeError if it does not start."""
    node = node_binary()
    if node is None:
        raise RuntimeError("node is not installed (needed for the test OpenID Connect provider)")
    accounts = accounts if accounts is not None else default_accounts()
    config = {
        "host": "127.0.0.1",
        "port": 0,
        "clients": [{"client_id": client_id, "client_secret": client_secret, "redirect_uris": redirect_uris}],
        "accounts": [a.config() for a in accounts],
        "acr_values": acr_values or sorted({a.acr for a in accounts if a.acr}),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
        config_path = f.name
    env = {**os.environ, "NODE_ENV": "test"}
    process = subprocess.Popen(
        [node, str(SCRIPT), config_path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(HERE.parent),
        env=env,
    )
    try:
        issuer = _wait_ready(process, timeout)
        # Drain stderr so the library's warnings never fill the pipe and block it.
        threading.Thread(target=process.stderr.read, daemon=True).start()
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield OidcProvider(
            issuer=issuer, client_id=client_id, client_secret=client_secret, accounts=accounts, process=process
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        Path(config_path).unlink(missing_ok=True)


def _wait_ready(process: subprocess.Popen, timeout: float) -> str:
    result: dict = {}

    def read():
        line = process.stdout.readline()
        result["line"] = line

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    line = result.get("line", "")
    if not line.startswith("READY "):
        process.kill()
        err = process.stderr.read() if process.stderr else ""
        raise RuntimeError(f"the test OpenID Connect provider did not start: {line!r} {err[-2000:]}")
    return line.split(" ", 1)[1].strip()


__all__ = ["FEIDE_MFA_ACR", "OidcProvider", "TestAccount", "default_accounts", "start_oidc_provider"]
