// Web Worker running a verification off the main thread, so the page stays responsive.
//
// In:  {id, bytes: ArrayBuffer, platformKeys: [{key_id, public_key}] | null}
// Out: {id, type: 'progress', phase, done, total}
//      {id, type: 'result', verdict, signature, ms}   (verdict without the parsed bundle)
//      {id, type: 'error', message}
import { verifyBundle } from './verify.js';
import { checkSignature } from './signature.js';

self.onmessage = async (event) => {
  const { id, bytes, platformKeys } = event.data;
  const started = performance.now();
  try {
    const verdict = verifyBundle(new Uint8Array(bytes), {
      onProgress: (p) => self.postMessage({ id, type: 'progress', ...p }),
    });
    const bundle = verdict.bundle;
    delete verdict.bundle;
    if (verdict.computed) {
      // Keep the message small: the page shows the published lists, not the recomputed copies.
      const { outputs, ...rest } = verdict.computed;
      const hashes = {};
      for (const k of ['pool_root', 'elig_root', 'plan_hash', 'randomness', 'seed', 'result_hash']) {
        if (k in outputs) hashes[k] = outputs[k];
      }
      verdict.computed = { ...rest, hashes };
    }
    // The signature is checked whenever the bundle could be read, whatever the verdict.
    const signature = bundle instanceof Map ? await checkSignature(bundle, platformKeys) : null;
    self.postMessage({ id, type: 'result', verdict, signature, ms: performance.now() - started });
  } catch (err) {
    self.postMessage({ id, type: 'error', message: String((err && err.message) || err) });
  }
};
