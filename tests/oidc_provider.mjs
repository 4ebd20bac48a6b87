// A real OpenID Connect provider for the tests, on loopback: panva's oidc-provider (OpenID Certified).
//
// Everything protocol — discovery, authorization, codes (single use, PKCE), tokens, ID token signing,
// userinfo, JWKS — is the library's. This file is configuration only: one static client, test accounts
// with Feide-shaped claims and a configurable `acr` (Feide's multi-factor signal), and the login page
// every deployment of the library writes itself (interactions).
//
// Usage: node tests/oidc_provider.mjs CONFIG.json   (see tests/oidc_provider.py for the config shape)
// Prints one line `READY <issuer>` on stdout when it listens.

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { Provider } from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const host = config.host || '127.0.0.1';

const accountsByLogin = new Map(config.accounts.map((a) => [a.login, a]));
const accountsBySub = new Map(config.accounts.map((a) => [a.sub, a]));

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function loginForm(uid, error) {
  return page('Test-Feide: logg inn', `
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
  <label for="login">Feide-brukernavn</label> <input id="login" name="login" autocomplete="username" autofocus>
  <label for="password">Passord</label> <input id="password" name="password" type="password">
  <button type="submit">Logg inn</button>
</form>`);
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const server = http.createServer();
server.listen(config.port || 0, host, () => {
  const { port } = server.address();
  const issuer = `http://${host}:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: config.clients.map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris || [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: c.token_endpoint_auth_method || 'client_secret_basic',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-not-secret'] },
    acrValues: config.acr_values || [],
    claims: {
      // Like Feide, the ID token states the authentication level (acr) on every login, requested or not.
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'given_name', 'family_name'],
      email: ['email', 'email_verified'],
      // Feide's attribute group for the Feide user id (docs.feide.no, "User IDs").
      'userid-feide': ['https://n.feide.no/claims/eduPersonPrincipalName', 'https://n.feide.no/claims/userid_sec'],
    },
    scopes: ['openid', 'profile', 'email', 'userid-feide'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (ctx, sub) => {
      const account = accountsBySub.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
    },
    ttl: {
      // An account may ask for a short-lived ID token (the tests' "expired token" case).
      IdToken: (ctx) => accountsBySub.get(ctx.oidc.account?.accountId)?.id_token_ttl || 3600,
      AccessToken: 3600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Test-Feide: feil', `<p>${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
    },
  });

  // The tests' "expired ID token" case: hold the token response of a short-lived ID token until it
  // has expired, so the relying party receives an ID token that is already past its `exp`.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || !ctx.body || !ctx.body.id_token) return;
    const claims = JSON.parse(Buffer.from(ctx.body.id_token.split('.')[1], 'base64url').toString('utf8'));
    const wait = (claims.exp - Math.floor(Date.now() / 1000) + 1) * 1000;
    if (claims.exp - claims.iat <= 5 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  });

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(req.url.split('?')[0]);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        if (details.prompt.name === 'consent') {
          // Feide asks for consent in its own portal; here the static client is pre-approved.
          const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
          grant.addOIDCScope(details.params.scope);
          const grantId = await grant.save();
          return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        }
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return res.end(loginForm(details.uid));
      }
      const form = await readForm(req);
      const account = accountsByLogin.get(form.get('login'));
      if (!account || form.get('password') !== account.password) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.statusCode = 400;
        return res.end(loginForm(details.uid, 'Feil brukernavn eller passord.'));
      }
      const login = { accountId: account.sub };
      if (account.acr) login.acr = account.acr;
      if (account.amr) login.amr = account.amr;
      return provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
    } catch (err) {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end(page('Test-Feide: feil', `<p>${escape(err.message)}</p>`));
    }
  });

  process.stdout.write(`READY ${issuer}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
