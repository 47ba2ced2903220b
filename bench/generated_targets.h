// Deterministic demo-like target rows for the benchmarks that generate a directory
// (registers_bench, api_bench): a SplitMix64 mix of the row index picks names, roads, kinds
// and industries; OrgBody gives each index its own 统一社会信用代码 body.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace suiji::bench {

// SplitMix64's output function.
inline uint64_t Mix(uint64_t z) {
  z += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// `prefix` + 6 code characters, distinct for every index below 31^6 (a bench that adds rows to
// the demo directory uses a prefix the demo's own codes do not: "MB", not "MA").
inline std::string OrgBody(std::string_view prefix, int64_t i) {
  constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string tail(6, '0');
  int64_t v = (i * 7919 + 104729) % (31LL * 31 * 31 * 31 * 31 * 31);
  for (int k = 5; k >= 0; --k) {
    tail[k] = kAlphabet[v % 31];
    v /= 31;
  }
  return std::string(prefix) + tail;
}

inline constexpr const char* kTrade[] = {"鑫源", "恒达", "华美", "佳福", "瑞祥",
                                         "宏兴", "隆昌", "泰丰", "茂源", "百顺"};
inline constexpr const char* kKinds[] = {"餐饮店",       "便利店",       "商贸有限公司",
                                         "建材有限公司", "科技有限公司", "美容美发店"};
inline constexpr const char* kIndustries[] = {"62", "52", "51", "51", "65", "80"};
inline constexpr const char* kRoads[] = {"花园路", "经八路", "文化路", "农业路",
                                         "东风路", "未来路", "金水路", "黄河路"};

}  // namespace suiji::bench
