// Turns a verifier verdict (src/verify/verify.js) and a signature check (signature.js) into
// the steps shown to people, in Chinese, each ✓ / ✗ / — , and an overall verdict. A step about
// one of the record's values names it by `term` (constants/drawTerms.js): the panel shows the
// plain name with the technical one as a hint.
import { termName, termText } from '@/constants/drawTerms';

// What a mismatch in each field means (docs/draw-spec.md §9).
export const FIELD_MEANINGS = {
  pool_root: '抽取名单（检查对象及其分层、权重）与承诺时的名单不一致：名单被改动过。',
  elig_root: '候选检查人员名单与承诺时的名单不一致：名单被改动过。',
  plan_hash:
    '抽取规则（分层与抽取数量，或每个任务的人数与任务上限）、抽取编号、随机数来源名称或服务器密钥与承诺时不一致：这不是当初承诺的那次抽取。',
  randomness: '随机数来源的取值与重新计算所用的取值不一致：某个来源的取值被改动过。',
  seed: '公布的抽取种子被改动过。',
  selected: '公布的抽中名单被改动过，与按规则重新抽取的结果不同。',
  reserve: '公布的备选顺序被改动过，与按规则重新抽取的结果不同。',
  teams: '公布的检查人员选派结果被改动过，与按规则重新选派的结果不同。',
  result_hash: '公布的结果指纹与重新计算的结果不一致。',
};

export function fieldMeaning(field) {
  if (!field) return '';
  if (field.startsWith('replacements[')) {
    return '替换记录中的替补对象（或人员）与按备选顺序重新计算的不一致：替换记录被改动过。';
  }
  return FIELD_MEANINGS[field] || '';
}

const INPUT_REASONS_OF_REPLACEMENT = new Set([
  'DRAW_REPLACE_NOT_IN_DRAW',
  'DRAW_REPLACE_NOT_IN_TEAM',
  'DRAW_REPLACE_UNKNOWN_TASK',
]);

/**
 * @param {object|null} verdict
 * @param {object|null} signature
 * @param {{kind?: string, offline?: boolean}} [opts]
 * @returns {{key: string, title: string, status: 'ok'|'fail'|'skip'|'warn', note: string, value?: string}[]}
 */
export function buildSteps(verdict, signature, opts = {}) {
  if (!verdict) return [];
  const kind = verdict.kind || opts.kind || 'targets';
  const steps = [];
  const checks = new Map((verdict.checks || []).map((c) => [c.field, c]));
  const hashes = (verdict.computed && verdict.computed.hashes) || {};
  const inter = (verdict.computed && verdict.computed.intermediate) || {};
  const refused = verdict.status === 'refused';
  const refusedAtReplacement = refused && INPUT_REASONS_OF_REPLACEMENT.has(verdict.reason);
  const firstBad = verdict.status === 'mismatch' ? verdict.field : null;

  steps.push({
    key: 'read',
    title: '读取抽取记录，检查格式和输入规则',
    status: refused && !refusedAtReplacement ? 'fail' : 'ok',
    note:
      refused && !refusedAtReplacement
        ? `${verdict.message}（${verdict.reason}）`
        : kind === 'targets'
          ? '检查对象抽取：分层、抽取数量、名单、随机数来源均符合规则'
          : '检查人员选派：任务、候选人员、每组人数和任务上限均符合规则',
  });
  const blocked = refused && !refusedAtReplacement;

  // `title` is the verb before the value's name (计算, 核对 …): the step reads "计算承诺值".
  const fieldStep = (key, field, title, okNote, value) => {
    const c = checks.get(field);
    const named = { key, title: `${title}${termName(field)}`, verb: title, term: field };
    if (blocked || !c) return { ...named, status: 'skip', note: '未进行' };
    return {
      ...named,
      status: c.ok ? 'ok' : 'fail',
      note: c.ok ? okNote : `${field === firstBad ? '首个不一致的字段。' : ''}${c.detail || ''}`,
      value: c.ok ? value : undefined,
      first: field === firstBad,
    };
  };

  const root = kind === 'targets' ? 'pool_root' : 'elig_root';
  steps.push(
    fieldStep(
      'root',
      root,
      '计算',
      kind === 'targets' ? '与记录一致：抽取名单就是承诺时的名单' : '与记录一致：候选人员名单就是承诺时的名单',
      hashes[root],
    ),
  );
  const plan = fieldStep(
    'plan',
    'plan_hash',
    '计算',
    kind === 'targets'
      ? '与记录一致：分层与抽取数量、随机数来源名称、服务器密钥均与承诺时相同'
      : '与记录一致：每个任务的人数与任务上限、随机数来源名称、服务器密钥均与承诺时相同',
    hashes.plan_hash,
  );
  if (plan.status !== 'skip' && inter.commit) {
    plan.details = [
      ['commit', inter.commit],
      ['sources_decl', inter.sources_decl],
    ];
  }
  steps.push(plan);
  steps.push(
    fieldStep('randomness', 'randomness', '由随机数来源的取值计算', '与记录一致', hashes.randomness),
  );
  steps.push(fieldStep('seed', 'seed', '计算', '与记录一致', hashes.seed));
  if (kind === 'targets') {
    steps.push(fieldStep('selected', 'selected', '计算每个对象的签号，按签号重新得出', '重新抽取的名单与公布的抽中名单完全一致'));
    steps.push(fieldStep('reserve', 'reserve', '核对', '与公布的备选顺序完全一致'));
  } else {
    steps.push(fieldStep('teams', 'teams', '按签号确定任务顺序，重新得出', '重新选派的结果与公布的完全一致'));
  }
  steps.push(fieldStep('result', 'result_hash', '计算', '与记录一致', hashes.result_hash));

  // Replacements.
  const repChecks = (verdict.checks || []).filter((c) => c.field.startsWith('replacements['));
  if (blocked) {
    steps.push({ key: 'replacements', title: '核对替换记录', status: 'skip', note: '未进行' });
  } else if (refusedAtReplacement) {
    steps.push({ key: 'replacements', title: '核对替换记录', status: 'fail', note: `${verdict.message}（${verdict.reason}）` });
  } else if (repChecks.length === 0) {
    steps.push({ key: 'replacements', title: '核对替换记录', status: 'ok', note: '本次抽取没有替换记录' });
  } else {
    const bad = repChecks.find((c) => !c.ok);
    steps.push({
      key: 'replacements',
      title: '核对替换记录',
      status: bad ? 'fail' : 'ok',
      note: bad
        ? `${bad.field}：${bad.detail}`
        : `${repChecks.length} 条替换记录的替补${kind === 'targets' ? '对象' : '人员'}均与按规则计算的一致`,
      first: bad && bad.field === firstBad,
    });
  }

  // Signature.
  if (!signature) {
    steps.push({ key: 'signature', title: '核对平台签名（Ed25519）', status: 'skip', note: '未进行' });
  } else if (!signature.present) {
    steps.push({ key: 'signature', title: '核对平台签名（Ed25519）', status: 'warn', note: signature.problem });
  } else {
    steps.push({
      key: 'signature',
      title: '核对平台签名（Ed25519）',
      status: signature.valid ? 'ok' : signature.unsupported ? 'warn' : 'fail',
      note: signature.valid
        ? `签名有效：平台对结果指纹的签名与记录中的公钥相符（密钥编号 ${signature.keyId || '未标明'}）`
        : signature.problem,
    });
    if (signature.valid) {
      steps.push({
        key: 'key',
        title: '核对签名公钥是否为本平台公布的公钥',
        status: signature.keyKnown === true ? 'ok' : signature.keyKnown === false ? 'fail' : 'warn',
        note:
          signature.keyKnown === true
            ? '一致：签名公钥与本平台公布的公钥相同'
            : signature.keyKnown === false
              ? '不一致：签名公钥不是本平台公布的公钥。若该记录来自其他平台，请向发布该记录的平台核对公钥。'
              : '暂时无法获取本平台公布的公钥，未核对',
        value: signature.publicKey,
      });
    }
  }
  return steps;
}

/**
 * The overall verdict: level 'ok' (green), 'warn' (amber) or 'fail' (red), a title and a text.
 */
export function overallVerdict(verdict, signature) {
  if (!verdict) return null;
  if (verdict.status === 'refused') {
    return {
      level: 'fail',
      title: '验证未通过：抽取记录不符合规则，无法重新计算',
      text: `${verdict.message}（${verdict.reason}）`,
    };
  }
  if (verdict.status === 'mismatch') {
    return {
      level: 'fail',
      title: `验证未通过：${termText(verdict.field)}与重新计算的结果不同`,
      text: fieldMeaning(verdict.field),
      field: verdict.field,
    };
  }
  if (!signature || !signature.present) {
    return {
      level: 'warn',
      title: '抽取结果可以复现，但记录中没有平台签名',
      text: '按规则重新计算的每一项结果都与记录一致，但无法确认这份记录是由平台发布的。',
    };
  }
  if (!signature.valid) {
    return {
      level: signature.unsupported ? 'warn' : 'fail',
      title: signature.unsupported ? '抽取结果可以复现，签名未能核对' : '验证未通过：平台签名无效',
      text: signature.unsupported
        ? '按规则重新计算的每一项结果都与记录一致。此浏览器无法核对 Ed25519 签名，请使用离线工具核对。'
        : `${signature.problem}。记录可能被改动过，或不是由平台签名的。`,
    };
  }
  if (signature.keyKnown === false) {
    return {
      level: 'fail',
      title: '验证未通过：签名公钥不是本平台公布的公钥',
      text: '按规则重新计算的结果与记录一致，签名本身有效，但签名用的不是本平台的密钥。若该记录来自其他平台，请向该平台核对公钥。',
    };
  }
  return {
    level: 'ok',
    title: '验证通过',
    text:
      signature.keyKnown === true
        ? '按规则重新计算的每一项结果都与抽取记录完全一致，平台签名有效，签名公钥与本平台公布的公钥一致。'
        : '按规则重新计算的每一项结果都与抽取记录完全一致，平台签名有效（暂时无法获取本平台公钥，公钥未核对）。',
  };
}
