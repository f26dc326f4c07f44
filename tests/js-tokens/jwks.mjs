// Independent JOSE for the gateway-signed tokens (x-custom-jwt, upstream-jwt), with npm's jose.
// stdin, one of:
//   {"command":"keypair","alg":"RS256","kid":"kong"} -> {"privateJwk": {...}, "jwks": {"keys":[public JWK]}}
//   {"command":"verify","jwksUrl":"http://...","token":"...","algorithms":["RS256"]}
//       -> {"protectedHeader": {...}, "payload": {...}} after fetching the JWKS and verifying the signature,
//          or {"error": "<jose's code and message>"}
//   {"command":"verify-x5c","token":"...","algorithms":["RS256"]}
//       -> the same, verified with the certificate in the token's own x5c header (RFC 7515 §4.1.6: standard base64 DER)
//   {"command":"verify-jwks","jwks":{"keys":[...]},"tokens":["...","..."],"algorithms":["ES256"]}
//       -> {"results":[one answer as above per token]}: every token verified against the one JWKS given (fetched once
//          by the caller), e.g. tokens signed before and after a key rotation
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, importX509, jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';

const request = JSON.parse(readFileSync(0, 'utf8'));
let answer;
if (request.command === 'keypair') {
  const { publicKey, privateKey } = await generateKeyPair(request.alg, { extractable: true });
  const common = { kid: request.kid, alg: request.alg, use: 'sig' };
  answer = {
    privateJwk: { ...(await exportJWK(privateKey)), ...common },
    jwks: { keys: [{ ...(await exportJWK(publicKey)), ...common }] },
  };
} else if (request.command === 'verify') {
  try {
    const jwks = createRemoteJWKSet(new URL(request.jwksUrl));
    const { protectedHeader, payload } = await jwtVerify(request.token, jwks, { algorithms: request.algorithms });
    answer = { protectedHeader, payload };
  } catch (error) {
    answer = { error: `${error.code ?? error.name}: ${error.message}` };
  }
} else if (request.command === 'verify-x5c') {
  try {
    const [der] = decodeProtectedHeader(request.token).x5c;
    const pem = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----`;
    const key = await importX509(pem, request.algorithms[0]);
    const { protectedHeader, payload } = await jwtVerify(request.token, key, { algorithms: request.algorithms });
    answer = { protectedHeader, payload };
  } catch (error) {
    answer = { error: `${error.code ?? error.name}: ${error.message}` };
  }
} else if (request.command === 'verify-jwks') {
  const jwks = createLocalJWKSet(request.jwks);
  const results = [];
  for (const token of request.tokens) {
    try {
      const { protectedHeader, payload } = await jwtVerify(token, jwks, { algorithms: request.algorithms });
      results.push({ protectedHeader, payload });
    } catch (error) {
      results.push({ error: `${error.code ?? error.name}: ${error.message}` });
    }
  }
  answer = { results };
} else {
  throw new Error(`unknown command ${request.command}`);
}
process.stdout.write(JSON.stringify(answer));
