#include "core/draw/commitment.h"

#include "core/hash.h"

namespace suiji::draw {
namespace {

std::string_view KindNoun(IdKind kind) {
  switch (kind) {
    case IdKind::kTarget: return "检查对象标识";
    case IdKind::kTask: return "任务标识";
    case IdKind::kInspector: return "检查人员标识";
  }
  return "标识";
}

// Quotes user text in messages; invalid UTF-8 is never echoed back.
std::string Quote(std::string_view s) {
  if (!IsValidUtf8(s)) return "（含无效字符）";
  return "“" + std::string(s) + "”";
}

}  // namespace

ByteWriter& ByteWriter::U32(uint32_t v) {
  bytes_.push_back(static_cast<char>(v >> 24));
  bytes_.push_back(static_cast<char>(v >> 16));
  bytes_.push_back(static_cast<char>(v >> 8));
  bytes_.push_back(static_cast<char>(v));
  return *this;
}

ByteWriter& ByteWriter::Lp(std::string_view bytes) {
  U32(static_cast<uint32_t>(bytes.size()));
  bytes_.append(bytes);
  return *this;
}

ByteWriter& ByteWriter::Raw(std::string_view bytes) {
  bytes_.append(bytes);
  return *this;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values above U+10FFFF are not UTF-8.
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

Status ValidateSecret(std::string_view secret) {
  if (secret.size() != kSecretBytes) {
    return InvalidArgument(kReasonSecretInvalid,
                           "服务器密钥必须恰好为 32 字节（64 位小写十六进制）");
  }
  return OkStatus();
}

Status ValidateSourceNames(const std::vector<std::string>& names) {
  if (names.empty()) return InvalidArgument(kReasonNoSource, "至少需要声明一个公开随机源");
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) {
      return InvalidArgument(kReasonSourceNameEmpty,
                             "第 " + std::to_string(i + 1) + " 个随机源的名称为空");
    }
    RETURN_IF_ERROR(ValidateText(names[i], "随机源名称"));
  }
  return OkStatus();
}

Status ValidateSourceValues(const std::vector<std::string>& names,
                            const std::vector<std::string>& values) {
  if (values.size() != names.size()) {
    return InvalidArgument(kReasonSourceValueCount, "随机源取值数量（" +
                                                        std::to_string(values.size()) +
                                                        "）与声明的随机源数量（" +
                                                        std::to_string(names.size()) + "）不一致");
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) {
      return InvalidArgument(kReasonSourceValueEmpty, "随机源" + Quote(names[i]) + "的取值为空");
    }
    RETURN_IF_ERROR(ValidateText(values[i], "随机源取值"));
  }
  return OkStatus();
}

namespace commitment_detail {

Status ValidateUnusualId(std::string_view id, IdKind kind) {
  const std::string noun(KindNoun(kind));
  if (id.empty()) return InvalidArgument(kReasonIdEmpty, noun + "不能为空");
  if (!IsValidUtf8(id)) return InvalidArgument(kReasonInvalidUtf8, noun + "不是有效的 UTF-8 文本");
  if (id.size() > kMaxIdBytes) {
    return InvalidArgument(kReasonIdTooLong, noun + Quote(id) + "超过 64 字节");
  }
  if (id.find('#') != std::string_view::npos) {
    return InvalidArgument(kReasonIdHasHash, noun + Quote(id) + "不能包含“#”");
  }
  return OkStatus();
}

}  // namespace commitment_detail

Status ValidateText(std::string_view s, std::string_view what) {
  if (!IsValidUtf8(s)) {
    return InvalidArgument(kReasonInvalidUtf8, std::string(what) + "不是有效的 UTF-8 文本");
  }
  return OkStatus();
}

std::string SourcesDecl(const std::vector<std::string>& names) {
  ByteWriter w;
  w.Lp("SJ-DRAW-1/sources");
  for (const std::string& n : names) w.Lp(n);
  return Sha256(w.bytes());
}

std::string Commit(std::string_view secret) {
  return Sha256(ByteWriter().Lp("SJ-DRAW-1/secret").Raw(secret).bytes());
}

std::string PlanHash(std::string_view draw_id, std::string_view kind, const DrawPlan& plan) {
  ByteWriter w;
  w.Lp("SJ-DRAW-1/plan")
      .Lp(draw_id)
      .Lp(kind)
      .Lp(plan.root)
      .Lp(plan.params)
      .Lp(plan.sources_decl)
      .Lp(plan.commit);
  return Sha256(w.bytes());
}

DrawSeed DeriveSeed(std::string_view plan_hash, const std::vector<std::string>& names,
                    const std::vector<std::string>& values, std::string_view secret) {
  ByteWriter r;
  r.Lp("SJ-DRAW-1/reveal");
  for (size_t i = 0; i < names.size(); ++i) r.Lp(names[i]).Lp(values[i]);
  DrawSeed s;
  s.randomness = Sha256(r.bytes());
  s.master =
      Sha256(ByteWriter().Lp("SJ-DRAW-1/seed").Lp(plan_hash).Lp(s.randomness).Lp(secret).bytes());
  s.seed = ToHex(s.master);
  return s;
}

}  // namespace suiji::draw
