// The technical names of a draw record (DRAW-SPEC: the bundle's and the API's field names) and
// the plain Chinese each is shown as. Wherever one of these appears as a label — the console's
// ceremony and commitment sheet, the portal's draw records, the verify panel — the Chinese name
// leads and the technical name follows as a small grey hint (components/draw/TermLabel.vue), so
// that a citizen reads 承诺值 and a verifier still finds plan_hash in the downloaded file.
export const DRAW_TERMS = {
  plan_hash: '承诺值',
  pool_root: '抽取名单指纹',
  elig_root: '候选人员名单指纹',
  commit: '密钥承诺',
  sources_decl: '随机数来源声明',
  secret: '服务器密钥',
  randomness: '公开随机数',
  seed: '抽取种子',
  selected: '抽中名单',
  reserve: '备选顺序',
  teams: '选派结果',
  result_hash: '结果指纹',
  signature: '平台签名',
  key_id: '密钥编号',
};

/** The plain Chinese name of a technical name; the name itself when the table has none. */
export function termName(term) {
  return DRAW_TERMS[term] || term;
}

/** "承诺值（plan_hash）": the same pair as one text, for places without markup (titles, prompts). */
export function termText(term) {
  return DRAW_TERMS[term] ? `${DRAW_TERMS[term]}（${term}）` : term;
}

/** The root a draw of `kind` commits to: pool_root (targets) or elig_root (assign). */
export function rootTerm(kind) {
  return kind === 'targets' ? 'pool_root' : 'elig_root';
}
