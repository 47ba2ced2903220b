#include "cli/draw_command.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <httplib.h>

#include "core/draw/bundle.h"
#include "core/draw/ticket.h"
#include "core/hash.h"
#include "service/crypto.h"

namespace suiji::cli {
namespace {

struct DrawFlags {
  std::string file;
  std::vector<std::string> files;
  std::string seed;
  unsigned threads = 0;
  std::vector<std::string> keys;      // --key HEX|FILE
  std::vector<std::string> key_urls;  // --key-url URL (GET /api/v1/keys)
  bool allow_unsigned = false;
};

// The outcome of the signature check of a bundle whose outputs all matched.
struct SignatureVerdict {
  bool ok = false;
  std::string note;    // for the OK line
  std::string reason;  // DRAW_SIGNATURE_…
  std::string message;
};

SignatureVerdict SignatureFailure(std::string reason, std::string message) {
  return {false, "", std::move(reason), std::move(message)};
}

bool IsHex(std::string_view s, size_t size, bool lower_only) {
  if (s.size() != size) return false;
  const char* digits = lower_only ? "0123456789abcdef" : "0123456789abcdefABCDEF";
  return s.find_first_not_of(digits) == std::string_view::npos;
}

std::string Quote(std::string_view s) { return "“" + std::string(s) + "”"; }

// One string field of the signature object: present, a string, and (hex_len > 0) lowercase hex
// of that length. Messages and reasons as tools/verify_draw.py's signature_field.
std::optional<SignatureVerdict> SignatureField(const draw::Json& sig, const char* key,
                                               size_t hex_len, std::string* value) {
  const std::string path = std::string("signature.") + key;
  const auto it = sig.find(key);
  if (it == sig.end())
    return SignatureFailure("DRAW_SIGNATURE_FIELD", "平台签名字段 " + path + " 缺失");
  if (!it->is_string()) {
    return SignatureFailure("DRAW_SIGNATURE_FIELD", "平台签名字段 " + path + " 必须是字符串");
  }
  *value = it->get<std::string>();
  if (hex_len > 0 && !IsHex(*value, hex_len, true)) {
    return SignatureFailure("DRAW_SIGNATURE_FIELD", "平台签名字段 " + path + " 格式不正确（应为 " +
                                                        std::to_string(hex_len) +
                                                        " 位小写十六进制）");
  }
  return std::nullopt;
}

// The platform's Ed25519 signature of the 32 raw bytes of result_hash (DrawService::Reveal),
// with the key in the bundle; key_id must be that key's fingerprint; with `keys`, the key must be
// one of them. An unsigned bundle passes only with --allow-unsigned and no --key.
SignatureVerdict CheckSignature(const draw::Json& bundle, const std::string& result_hash,
                                const std::vector<std::string>& keys, bool allow_unsigned) {
  const auto it = bundle.find("signature");
  if (it == bundle.end() || it->is_null()) {
    if (allow_unsigned && keys.empty()) {
      return {true, "结果哈希正确，但未签名（按 --allow-unsigned 接受）", "", ""};
    }
    return SignatureFailure("DRAW_SIGNATURE_MISSING",
                            "结果哈希正确，但未签名：抽取包中没有平台签名 signature");
  }
  const draw::Json& sig = *it;
  if (!sig.is_object())
    return SignatureFailure("DRAW_SIGNATURE_FIELD", "平台签名（signature）必须是对象");
  std::string algorithm, key_id, public_key_hex, value_hex;
  if (auto bad = SignatureField(sig, "algorithm", 0, &algorithm)) return *bad;
  if (algorithm != "Ed25519") {
    return SignatureFailure("DRAW_SIGNATURE_ALGORITHM",
                            "不支持的签名算法" + Quote(algorithm) + "（应为 Ed25519）");
  }
  if (auto bad = SignatureField(sig, "key_id", 0, &key_id)) return *bad;
  if (auto bad = SignatureField(sig, "public_key", 64, &public_key_hex)) return *bad;
  if (auto bad = SignatureField(sig, "value", 128, &value_hex)) return *bad;
  const std::string public_key = *FromHex(public_key_hex);
  const std::string fingerprint = service::KeyFingerprint(public_key);
  if (key_id != fingerprint) {
    return SignatureFailure("DRAW_SIGNATURE_KEY_ID", "签名中的密钥编号（key_id）" + Quote(key_id) +
                                                         "与公钥的指纹 " + fingerprint + " 不符");
  }
  if (!service::VerifySignature(public_key, *FromHex(result_hash), *FromHex(value_hex))) {
    return SignatureFailure("DRAW_SIGNATURE_INVALID",
                            "平台签名与结果哈希不符（公钥指纹 " + fingerprint +
                                "）：抽取包被改动过，或不是用该公钥签名的");
  }
  if (keys.empty()) return {true, "签名有效，公钥指纹 " + fingerprint, "", ""};
  if (std::find(keys.begin(), keys.end(), public_key) == keys.end()) {
    std::string given;
    for (const std::string& k : keys)
      given += (given.empty() ? "" : "、") + service::KeyFingerprint(k);
    return SignatureFailure(
        "DRAW_SIGNATURE_KEY_MISMATCH",
        "签名有效，但签名公钥（指纹 " + fingerprint + "）不是指定的公钥（指纹 " + given + "）");
  }
  return {true, "签名有效，公钥指纹 " + fingerprint + "，与指定公钥一致", "", ""};
}

// Public keys in text: 64 hex digits, or JSON — GET /api/v1/keys ({"keys": [{"public_key"}]}) or
// one {"public_key"} object.
StatusOr<std::vector<std::string>> KeysFromText(std::string_view text, const std::string& where) {
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  const std::string_view trimmed =
      first == std::string_view::npos ? std::string_view() : text.substr(first, last - first + 1);
  if (IsHex(trimmed, 64, false)) return std::vector<std::string>{*FromHex(trimmed)};
  std::vector<std::string> keys;
  const nlohmann::json doc = nlohmann::json::parse(trimmed, nullptr, false);
  nlohmann::json entries = nlohmann::json::array();
  if (doc.is_object() && doc.contains("keys")) {
    entries = doc["keys"];
  } else {
    entries.push_back(doc);
  }
  if (entries.is_array()) {
    for (const auto& e : entries) {
      if (!e.is_object() || !e.contains("public_key") || !e["public_key"].is_string()) continue;
      const std::string pk = e["public_key"].get<std::string>();
      if (IsHex(pk, 64, false)) keys.push_back(*FromHex(pk));
    }
  }
  if (keys.empty()) {
    return InvalidArgument(
        "DRAW_KEY_INVALID",
        where + "中没有公钥：应为 64 位十六进制公钥，或平台 /api/v1/keys 返回的 JSON");
  }
  return keys;
}

// The platform's published keys from a URL such as https://host/api/v1/keys.
StatusOr<std::vector<std::string>> KeysFromUrl(const std::string& url) {
  const auto scheme_end = url.find("://");
  const auto path_start =
      scheme_end == std::string::npos ? std::string::npos : url.find('/', scheme_end + 3);
  auto unreadable = [&](const std::string& why) {
    return Unavailable("DRAW_KEY_URL_UNREADABLE", "无法从 " + url + " 获取平台公钥（" + why + "）");
  };
  if (scheme_end == std::string::npos ||
      (url.compare(0, scheme_end, "http") != 0 && url.compare(0, scheme_end, "https") != 0)) {
    return InvalidArgument("DRAW_KEY_INVALID",
                           "--key-url 应为 http:// 或 https:// 地址，如 https://HOST/api/v1/keys");
  }
  httplib::Client client(url.substr(0, path_start));
  client.set_connection_timeout(30);
  client.set_read_timeout(30);
  client.set_follow_location(true);
  const httplib::Result r =
      client.Get(path_start == std::string::npos ? "/" : url.substr(path_start));
  if (!r) return unreadable(httplib::to_string(r.error()));
  if (r->status != 200) return unreadable("HTTP " + std::to_string(r->status));
  return KeysFromText(r->body, "平台公钥地址 " + url + " 的返回");
}

// --key HEX|FILE and --key-url URL, each: the keys a signature must come from.
StatusOr<std::vector<std::string>> LoadKeys(const std::vector<std::string>& args,
                                            const std::vector<std::string>& urls) {
  std::vector<std::string> keys;
  for (const std::string& url : urls) {
    ASSIGN_OR_RETURN(std::vector<std::string> more, KeysFromUrl(url));
    keys.insert(keys.end(), more.begin(), more.end());
  }
  for (const std::string& arg : args) {
    if (IsHex(arg, 64, false)) {
      keys.push_back(*FromHex(arg));
      continue;
    }
    std::ifstream f(arg, std::ios::binary);
    std::ostringstream text;
    if (f) text << f.rdbuf();
    if (!f || f.bad()) {
      return InvalidArgument("DRAW_KEY_INVALID",
                             "--key 应为 64 位十六进制公钥或公钥文件，无法读取文件" + Quote(arg));
    }
    ASSIGN_OR_RETURN(std::vector<std::string> more,
                     KeysFromText(text.str(), "公钥文件" + Quote(arg)));
    keys.insert(keys.end(), more.begin(), more.end());
  }
  return keys;
}

// Parses the bundle as it is read: a bundle of millions of candidates is never held as text.
StatusOr<draw::Bundle> LoadBundle(Context& ctx, const std::string& file) {
  if (file == "-") return draw::ParseBundle(ctx.in);
  std::ifstream f(file, std::ios::binary);
  if (!f) return InvalidArgument("DRAW_FILE_UNREADABLE", "无法读取文件“" + file + "”");
  return draw::ParseBundle(f);
}

// Library exceptions must not reach the user as a stack trace or abort.
template <typename Fn>
void Guarded(Context& ctx, Fn fn) {
  try {
    fn();
  } catch (const std::bad_alloc&) {
    ReportError(ctx, ResourceExhausted("DRAW_OUT_OF_MEMORY", "内存不足，无法完成抽取计算"));
  } catch (const std::exception& e) {
    ReportError(ctx, Internal(e.what()));
  }
}

void Run(Context& ctx, const DrawFlags& flags) {
  StatusOr<draw::Bundle> bundle = LoadBundle(ctx, flags.file);
  if (!bundle.ok()) return ReportError(ctx, bundle.status());
  StatusOr<draw::Bundle> out = draw::RunBundle(std::move(*bundle), {.threads = flags.threads});
  if (!out.ok()) return ReportError(ctx, out.status());
  ctx.out << draw::DumpBundle(*out);
}

void Explain(Context& ctx, const DrawFlags& flags) {
  StatusOr<draw::Bundle> bundle = LoadBundle(ctx, flags.file);
  if (!bundle.ok()) return ReportError(ctx, bundle.status());
  StatusOr<std::string> text = draw::ExplainBundle(std::move(*bundle), {.threads = flags.threads});
  if (!text.ok()) return ReportError(ctx, text.status());
  ctx.out << *text;
}

// One file's verdict as a line, and its exit code.
std::pair<std::string, int> VerifyOne(Context& ctx, const std::string& file, const DrawFlags& flags,
                                      const std::vector<std::string>& keys) {
  StatusOr<draw::Bundle> bundle = LoadBundle(ctx, file);
  // The signature is all the check below needs of the document; the pool moves into the draw.
  draw::Json signed_part = draw::Json::object();
  if (bundle.ok()) {
    if (const auto it = bundle->doc.find("signature"); it != bundle->doc.end()) {
      signed_part["signature"] = *it;
    }
  }
  StatusOr<draw::BundleVerdict> verdict =
      bundle.ok() ? draw::VerifyBundle(std::move(*bundle), {.threads = flags.threads})
                  : bundle.status();
  if (!verdict.ok()) {
    const Status& s = verdict.status();
    return {"错误：" + std::string(s.message()) + "（" + std::string(s.reason()) + "）",
            ExitCodeFor(s)};
  }
  if (!verdict->ok) {
    return {"不一致：字段 " + verdict->field + " 与重新计算的结果不同；" + verdict->detail,
            kExitFailure};
  }
  const SignatureVerdict sig =
      CheckSignature(signed_part, verdict->result_hash, keys, flags.allow_unsigned);
  if (!sig.ok) return {"签名未通过：" + sig.message + "（" + sig.reason + "）", kExitFailure};
  return {"OK " + verdict->result_hash + " " + sig.note, kExitOk};
}

void Verify(Context& ctx, const DrawFlags& flags) {
  if (Status s = service::InitCrypto(); !s.ok()) return ReportError(ctx, s);
  StatusOr<std::vector<std::string>> keys = LoadKeys(flags.keys, flags.key_urls);
  if (!keys.ok()) return ReportError(ctx, keys.status());
  if (flags.files.size() == 1) {
    auto [line, code] = VerifyOne(ctx, flags.files[0], flags, *keys);
    (code == kExitUsage || code == kExitInternal ? ctx.err : ctx.out) << line << "\n";
    ctx.exit_code = code;
    return;
  }
  // Several files: one line each; the exit code is the worst (refused > mismatch > OK).
  int worst = kExitOk;
  for (const std::string& file : flags.files) {
    auto [line, code] = VerifyOne(ctx, file, flags, *keys);
    ctx.out << file << ": " << line << "\n";
    worst = std::max(worst, code);  // kExitOk < kExitFailure < kExitUsage < kExitInternal
  }
  ctx.exit_code = worst;
}

void Tickets(Context& ctx, const DrawFlags& flags) {
  const draw::TicketGenerator tickets(flags.seed);
  struct Entry {
    uint64_t prefix;
    std::string label;
    std::string text;  // filled lazily: only prefix ties and output need it
  };
  std::vector<Entry> entries;
  std::string line;
  while (std::getline(ctx.in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Blank lines separate nothing and label nothing: skipped, as tools/verify_draw.py does.
    if (line.empty()) continue;
    entries.push_back({tickets.Prefix(line), line, {}});
  }
  for (Entry& e : entries) e.text = tickets.Text(e.label);
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (a.text != b.text) return a.text < b.text;
    return a.label < b.label;
  });
  std::string out;
  for (const Entry& e : entries) out.append(e.label).append(" ").append(e.text).append("\n");
  ctx.out << out;
}

}  // namespace

void AddDrawCommands(CLI::App& app, Context& ctx) {
  auto flags = std::make_shared<DrawFlags>();
  CLI::App* draw = app.add_subcommand("draw", "可验证随机抽取（SJ-DRAW-1）：运行、验证、计算签号");
  draw->require_subcommand(1);

  CLI::App* run = draw->add_subcommand("run", "按抽取文件运行抽取，输出完整的抽取包（JSON）");
  run->add_option("FILE", flags->file, "抽取文件（JSON），“-”表示标准输入")->required();
  run->add_option("--threads", flags->threads, "计算线程数（0 表示全部核心；结果与线程数无关）");
  run->callback([&ctx, flags] { Guarded(ctx, [&] { Run(ctx, *flags); }); });

  CLI::App* explain =
      draw->add_subcommand("explain", "逐步列出抽取的每个中间值（叶子哈希、承诺、种子、签号顺序）");
  explain->add_option("FILE", flags->file, "抽取文件（JSON），“-”表示标准输入")->required();
  explain->callback([&ctx, flags] { Guarded(ctx, [&] { Explain(ctx, *flags); }); });

  CLI::App* verify =
      draw->add_subcommand("verify", "重新计算并核对抽取包的每个输出字段，核对平台的 Ed25519 签名");
  verify->add_option("FILE", flags->files, "抽取包（JSON），“-”表示标准输入")->required();
  verify->add_option("--threads", flags->threads, "计算线程数（0 表示全部核心）");
  verify
      ->add_option("--key", flags->keys,
                   "签名公钥必须是此公钥：64 位十六进制，或含公钥的文件（十六进制，或平台 "
                   "/api/v1/keys 返回的 JSON）；可重复")
      ->allow_extra_args(false);  // one value per --key: the files that follow are FILEs
  verify
      ->add_option("--key-url", flags->key_urls,
                   "从平台公钥地址获取公钥，如 https://HOST/api/v1/keys；可重复")
      ->allow_extra_args(false);
  verify->add_flag("--allow-unsigned", flags->allow_unsigned,
                   "接受完全没有签名的抽取包（测试向量），报告“结果哈希正确，但未签名”；"
                   "有签名时仍核对");
  verify->callback([&ctx, flags] { Guarded(ctx, [&] { Verify(ctx, *flags); }); });

  CLI::App* tickets =
      draw->add_subcommand("tickets", "从标准输入逐行读取标签，按签号顺序输出“标签 签号”");
  tickets->add_option("--seed", flags->seed, "种子字符串")->required();
  tickets->callback([&ctx, flags] { Guarded(ctx, [&] { Tickets(ctx, *flags); }); });
}

}  // namespace suiji::cli
