// Independent verification of an Open Badges 3.0 credential with the Digital Credentials
// Consortium stack (@digitalcredentials/vc + eddsa-rdfc-2022 + its security document loader).
// Offline: the issuer's DID document and status-list credentials are registered statically, and
// any other DID or URL is refused instead of fetched.
//
// stdin:  {"credential": {...}, "didDocuments": [...], "statusLists": [...], "checkStatus": bool}
// stdout: {"verified": bool, "error": "...", "status": {...}}
import * as vc from '@digitalcredentials/vc';
import {DataIntegrityProof} from '@digitalcredentials/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import {securityLoader} from '@digitalcredentials/security-document-loader';
import {checkStatus} from '@digitalcredentials/vc-bitstring-status-list';

const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function offlineLoader({didDocuments = [], statusLists = []}) {
  const loader = securityLoader({fetchRemoteContexts: false});
  const registered = new Set();
  const add = (url, document) => { loader.addStatic(url, document); registered.add(url); };
  for (const didDocument of didDocuments) {
    add(didDocument.id, didDocument);
    for (const method of didDocument.verificationMethod || []) {
      add(method.id, {'@context': MULTIKEY_CONTEXT, ...method});
    }
  }
  for (const list of statusLists) add(list.id, list);
  const inner = loader.build();
  return async url => {
    if (url.startsWith('did:key:') || registered.has(url)) return inner(url);
    try {
      return await inner(url);  // the bundled contexts; nothing else is reachable
    } catch (error) {
      throw new Error(`not available offline: ${url}`);
    }
  };
}

const input = await readStdin();
const documentLoader = offlineLoader(input);
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
let result;
try {
  result = await vc.verifyCredential({
    credential: input.credential,
    suite,
    documentLoader,
    checkStatus: input.checkStatus
      ? options => checkStatus({...options, suite, documentLoader, verifyMatchingIssuers: true})
      : async () => ({verified: true}),
  });
} catch (error) {
  result = {verified: false, error};
}
const errors = [];
const collect = error => {
  if (!error) return;
  errors.push(error.message || String(error));
  for (const inner of error.errors || []) collect(inner);
  if (error.cause) collect(error.cause);
};
collect(result.error);
for (const item of result.results || []) collect(item.error);
if (result.statusResult) collect(result.statusResult.error);
process.stdout.write(JSON.stringify({
  verified: Boolean(result.verified),
  status: result.statusResult
    ? {verified: Boolean(result.statusResult.verified), results: (result.statusResult.results || []).map(r => ({verified: r.verified, status: r.status}))}
    : null,
  errors,
}));
