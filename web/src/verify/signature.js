// The platform's Ed25519 signature of a bundle (Web Crypto; Chromium and Node ≥ 20 support
// Ed25519 in crypto.subtle). The bundle's "signature" object:
//   {"algorithm": "Ed25519", "key_id": "…", "public_key": "<64 hex>", "value": "<128 hex>"}
// signs the 32 raw bytes of result_hash (not its hex).
import { fromHex } from './bytes.js';

function field(obj, key) {
  if (!(obj instanceof Map)) return undefined;
  const v = obj.get(key);
  return typeof v === 'string' ? v : undefined;
}

/**
 * Checks the bundle's signature and, when the platform's published keys are known, that the
 * signing key is one of them.
 * @param {Map} bundle parsed bundle (json.js)
 * @param {{key_id: string, public_key: string}[]|null} platformKeys GET /api/v1/keys → keys, or null offline
 * @returns {Promise<{present: boolean, valid: boolean, algorithm?: string, keyId?: string,
 *   publicKey?: string, keyKnown: boolean|null, problem?: string}>}
 */
export async function checkSignature(bundle, platformKeys) {
  const sig = bundle instanceof Map ? bundle.get('signature') : undefined;
  if (!(sig instanceof Map)) {
    return { present: false, valid: false, keyKnown: null, problem: '抽取记录中没有平台签名' };
  }
  const algorithm = field(sig, 'algorithm');
  const keyId = field(sig, 'key_id');
  const publicKey = field(sig, 'public_key');
  const info = { present: true, valid: false, algorithm, keyId, publicKey, keyKnown: null };
  if (algorithm !== 'Ed25519') return { ...info, problem: `不支持的签名算法${algorithm ? `“${algorithm}”` : ''}` };
  const pub = fromHex(publicKey || '');
  const value = fromHex(field(sig, 'value') || '');
  const message = fromHex(field(bundle, 'result_hash') || '');
  if (!pub || pub.length !== 32) return { ...info, problem: '签名公钥格式不正确（应为 64 位十六进制）' };
  if (!value || value.length !== 64) return { ...info, problem: '签名值格式不正确（应为 128 位十六进制）' };
  if (!message || message.length !== 32) return { ...info, problem: '结果哈希（result_hash）格式不正确' };
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) return { ...info, problem: '此浏览器不支持 Web Crypto，无法核对签名（可用离线工具核对）' };
  let valid;
  try {
    const key = await subtle.importKey('raw', pub, { name: 'Ed25519' }, false, ['verify']);
    valid = await subtle.verify({ name: 'Ed25519' }, key, value, message);
  } catch {
    return { ...info, problem: '此浏览器不支持 Ed25519 签名核对（可用离线工具核对）', unsupported: true };
  }
  if (Array.isArray(platformKeys)) {
    info.keyKnown = platformKeys.some(
      (k) => typeof k.public_key === 'string' && k.public_key.toLowerCase() === publicKey.toLowerCase(),
    );
  }
  if (!valid) return { ...info, problem: '签名与结果哈希不符' };
  if (info.keyKnown === false) {
    return { ...info, valid: true, problem: '签名有效，但签名公钥不是本平台公布的公钥' };
  }
  return { ...info, valid: true };
}
