// Web Worker running a verification off the main thread, so the page stays responsive.
//
// In:  {id, bytes: ArrayBuffer, platformKeys: [{key_id, public_key}] | null}
// Out: {id, type: 'summary', summary: {kind, drawId, title, department, poolSize, taskCount}}
//      {id, type: 'progress', phase, done, total}
//      {id, type: 'result', verdict, signature, ms}   (verdict without the parsed bundle)
//      {id, type: 'error', message}
import { verifyBundle } from './verify.js';
import { checkSignature } from './signature.js';

/** A few fields of a parsed bundle for the page to show while the draw is recomputed. */
function summarise(b) {
  if (!(b instanceof Map)) return null;
  const str = (k) => (typeof b.get(k) === 'string' ? b.get(k) : '');
  const pool = b.get('pool');
  const eligible = b.get('eligible');
  return {
    kind: str('kind'),
    drawId: str('draw_id'),
    title: str('title'),
    department: str('department'),
    poolSize: Array.isArray(pool) ? pool.length : null,
    taskCount: eligible instanceof Map ? eligible.size : null,
  };
}

self.onmessage = async (event) => {
  const { id, bytes, platformKeys } = event.data;
  const started = performance.now();
  try {
    let lastProgress = 0;
    const verdict = verifyBundle(new Uint8Array(bytes), {
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastProgress < 40) return;
        lastProgress = now;
        self.postMessage({ id, type: 'progress', ...p });
      },
      onParsed: (bundle) => self.postMessage({ id, type: 'summary', summary: summarise(bundle) }),
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
