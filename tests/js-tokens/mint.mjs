// Mints the jwt test matrix with the npm `jose` and `jsonwebtoken` packages (and node:crypto for the malformed
// variants neither library will produce), so the gateway's verifier is judged by code that is not ours.
//
//   echo '{"keyPrefix":"m"}' | node mint.mjs
//
// Request (stdin, JSON, every field optional):
//   keyPrefix  credential keys are "<keyPrefix>-<alg>" and go into the iss claim   (default "node")
//   algs       the algorithms to mint                                               (default: all of ALGS)
//   now        unix seconds the time claims are relative to                        (default: the clock)
// Answer (stdout, JSON): { now, credentials: [{alg, key, secret, publicKeyPem, privateKeyPem}],
//                          tokens: { "<alg>": { "<variant>": "<compact JWS>" } } }
import { createHmac, KeyObject, randomBytes, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import jwt from 'jsonwebtoken';

const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };
const b64u = (bytes) => Buffer.from(bytes).toString('base64url');

const request = JSON.parse(readFileSync(0, 'utf8').trim() || '{}');
const keyPrefix = request.keyPrefix ?? 'node';
const algs = request.algs ?? ALGS;
const now = request.now ?? Math.floor(Date.now() / 1000);

const unknown = algs.filter((alg) => !ALGS.includes(alg));
if (unknown.length > 0) {
  throw new Error(`unknown algorithms: ${unknown.join(', ')}`);
}

// HS secrets are ASCII strings (Kong stores a credential's secret as text), at least as long as the hash.
async function keyMaterial(alg) {
  if (alg.startsWith('HS')) {
    const secret = randomBytes(Number(alg.slice(2)) / 8).toString('base64url');
    return { secret, signKey: new TextEncoder().encode(secret), jsonwebtokenKey: secret };
  }
  // EdDSA is Ed25519: jose 6 has no Ed448.
  const pair = await jose.generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const privateKeyPem = await jose.exportPKCS8(pair.privateKey);
  return { publicKeyPem: await jose.exportSPKI(pair.publicKey), privateKeyPem, signKey: pair.privateKey, jsonwebtokenKey: privateKeyPem };
}

const signJose = (claims, alg, key) => new jose.SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);

// The same header and signature over a payload that no longer matches them.
function tamper(token) {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  claims.sub = `${claims.sub}-tampered`;
  return `${header}.${b64u(JSON.stringify(claims))}.${signature}`;
}

// A hand-built JWS: for what jose refuses to make (an HMAC keyed with a PEM, a DER ECDSA signature).
function handSigned(header, claims, signInput) {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
  return `${input}.${b64u(signInput(Buffer.from(input, 'ascii')))}`;
}

const credentials = [];
const tokens = {};
for (const alg of algs) {
  const key = `${keyPrefix}-${alg}`;
  const material = await keyMaterial(alg);
  const other = await keyMaterial(alg);
  const claims = { iss: key, sub: 'js-tokens', iat: now, nbf: now - 60, exp: now + 3600 };
  const valid = await signJose(claims, alg, material.signKey);
  const variants = {
    valid,
    tampered: tamper(valid),
    'wrong-key': await signJose(claims, alg, other.signKey),
    'alg-none': new jose.UnsecuredJWT(claims).encode(),
    expired: await signJose({ ...claims, nbf: now - 7200, exp: now - 600 }, alg, material.signKey),
    'not-yet-valid': await signJose({ ...claims, nbf: now + 600 }, alg, material.signKey),
    'two-segments': valid.slice(0, valid.lastIndexOf('.')),
    'four-segments': `${valid}.${b64u('extra')}`,
    // Base64 '=' padding on the signature segment (none when its length is already a multiple of 4).
    'padded-signature': valid + '='.repeat((4 - (valid.length - valid.lastIndexOf('.') - 1) % 4) % 4),
  };
  if (material.publicKeyPem) {
    // Algorithm confusion: the public key, which everyone has, used as an HMAC secret.
    variants['hs256-with-public-pem'] = handSigned({ alg: 'HS256', typ: 'JWT' }, claims,
      (input) => createHmac('sha256', material.publicKeyPem).update(input).digest());
  }
  if (alg.startsWith('ES')) {
    // JWS wants raw r||s; an ASN.1 DER signature of the same input must not pass.
    variants['der-signature'] = handSigned({ alg, typ: 'JWT' }, claims,
      (input) => nodeSign(HASH[alg.slice(2)], input, { key: KeyObject.from(material.signKey), dsaEncoding: 'der' }));
  }
  if (alg !== 'EdDSA') {
    // A second implementation (auth0's jsonwebtoken has no EdDSA).
    variants.jsonwebtoken = jwt.sign(claims, material.jsonwebtokenKey, { algorithm: alg });
    variants['jsonwebtoken-expired'] = jwt.sign({ ...claims, nbf: now - 7200, exp: now - 600 }, material.jsonwebtokenKey, { algorithm: alg });
  }
  credentials.push({ alg, key, secret: material.secret ?? null, publicKeyPem: material.publicKeyPem ?? null, privateKeyPem: material.privateKeyPem ?? null });
  tokens[alg] = variants;
}

process.stdout.write(JSON.stringify({ now, credentials, tokens }));
