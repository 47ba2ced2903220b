// Runs the SJ-DRAW-1 verifier (src/verify/) in a Web Worker and exposes its progress and
// verdict reactively. One worker per page, created on first use, ended with the component.
import { onBeforeUnmount, reactive } from 'vue';

const PHASES = {
  read: { label: '正在读取抽取记录', from: 0, to: 0.05 },
  check: { label: '正在检查抽取输入', from: 0.05, to: 0.1 },
  merkle: { label: '正在计算名单默克尔根', from: 0.1, to: 0.5 },
  tickets: { label: '正在计算签号并重新抽取', from: 0.5, to: 0.97 },
  signature: { label: '正在核对平台签名', from: 0.97, to: 1 },
};

export function useDrawVerifier() {
  const state = reactive({
    running: false,
    phaseLabel: '',
    fraction: 0,
    summary: null, // {kind, drawId, title, department, poolSize, taskCount} once the file is read
    verdict: null, // see verify/verify.js (without the parsed bundle)
    signature: null, // see verify/signature.js
    ms: 0,
    error: '',
  });
  let worker = null;
  let seq = 0;
  let pending = null;

  function ensureWorker() {
    if (worker) return worker;
    worker = new Worker(new URL('../verify/worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => {
      const msg = event.data;
      if (!pending || msg.id !== pending.id) return;
      if (msg.type === 'summary') {
        state.summary = msg.summary;
        return;
      }
      if (msg.type === 'progress') {
        const p = PHASES[msg.phase] || PHASES.check;
        const f = msg.total > 0 ? Math.min(1, msg.done / msg.total) : 0;
        state.phaseLabel = p.label;
        state.fraction = p.from + (p.to - p.from) * f;
        return;
      }
      const done = pending;
      pending = null;
      state.running = false;
      state.fraction = 1;
      if (msg.type === 'result') {
        state.verdict = msg.verdict;
        state.signature = msg.signature;
        state.ms = msg.ms;
        done.resolve(msg);
      } else {
        state.error = msg.message || '验证过程中出现错误';
        done.reject(new Error(state.error));
      }
    };
    worker.onerror = (event) => {
      state.running = false;
      state.error = '浏览器无法运行验证程序：' + (event.message || '未知错误');
      if (pending) pending.reject(new Error(state.error));
      pending = null;
      worker = null;
    };
    return worker;
  }

  /**
   * Verifies bundle bytes (copied: the caller keeps its own).
   * @param {Uint8Array} bytes
   * @param {{key_id: string, public_key: string}[]|null} platformKeys
   */
  function run(bytes, platformKeys) {
    if (pending) {
      // A newer request replaces an older one: restart the worker.
      worker.terminate();
      worker = null;
      pending.reject(new Error('cancelled'));
      pending = null;
    }
    state.running = true;
    state.summary = null;
    state.verdict = null;
    state.signature = null;
    state.error = '';
    state.fraction = 0;
    state.phaseLabel = PHASES.read.label;
    const id = ++seq;
    const copy = bytes.slice().buffer;
    // Plain objects only: a reactive proxy cannot be posted to a worker.
    const keys = Array.isArray(platformKeys)
      ? platformKeys.map((k) => ({ key_id: String(k.key_id || ''), public_key: String(k.public_key || '') }))
      : null;
    return new Promise((resolve, reject) => {
      pending = { id, resolve, reject };
      ensureWorker().postMessage({ id, bytes: copy, platformKeys: keys }, [copy]);
    }).catch((err) => {
      if (err.message !== 'cancelled') throw err;
      return null;
    });
  }

  function reset() {
    state.summary = null;
    state.verdict = null;
    state.signature = null;
    state.error = '';
    state.fraction = 0;
  }

  onBeforeUnmount(() => {
    if (worker) worker.terminate();
    worker = null;
  });

  return { state, run, reset };
}
