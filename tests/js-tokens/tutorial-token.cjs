// Kong's JWT tutorials (docs.konghq.com jwt plugin "Craft a JWT with a secret (HS256)" / "with public/private keys
// (RS256 or ES256)", developer.konghq.com "Authenticate Consumers with the JWT plugin") build the token in the jwt.io
// debugger: header {"typ":"JWT","alg":...}, claims {"iss": <the credential's key>}, signed with the credential's
// secret or the private key. They print no code; this is that step written with npm's jsonwebtoken, as a reader
// of the tutorial would write it:
//
//   const jwt = require('jsonwebtoken');
//   const token = jwt.sign({ iss: key }, secret, { algorithm: 'HS256' });
//
// stdin: [{"key", "secret" (HS secret or PEM private key), "algorithm", "claims"?: extra claims, "noTimestamp"?}]
// stdout: the tokens, a JSON array in the same order.
const fs = require('fs');
const jwt = require('jsonwebtoken');

const requests = JSON.parse(fs.readFileSync(0, 'utf8'));
const tokens = requests.map(({ key, secret, algorithm, claims, noTimestamp }) =>
  jwt.sign({ iss: key, ...claims }, secret, { algorithm, noTimestamp: Boolean(noTimestamp) }));
process.stdout.write(JSON.stringify(tokens));
