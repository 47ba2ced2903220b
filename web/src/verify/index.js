// SJ-DRAW-1 verifier: plain ES modules, no framework, for the browser (see worker.js) and for
// Node ≥ 20 (cli.mjs, tests/browser/verify_agreement.mjs).
export { verifyBundle, describeDifference, EXIT_OK, EXIT_MISMATCH, EXIT_REFUSED } from './verify.js';
export { checkSignature } from './signature.js';
export { parseBundle, readInput, Refused } from './bundle.js';
export { parseStrictJson, jsonEqual, toPlain } from './json.js';
export { sha256 } from './sha256.js';
export { ticket, TicketHasher, decimalOfWords, ticketText, ticketOfWords } from './tickets.js';
export { toHex, fromHex, compareUtf8, utf8 } from './bytes.js';
