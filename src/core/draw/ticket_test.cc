#include "core/draw/ticket.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/hash.h"

namespace suiji::draw {
namespace {

// Rivest's consistent_sampler (github.com/ron-rivest/consistent_sampler) prints tickets
// truncated to `digits` significant digits after the leading run of nines.
std::string RivestTrim(const std::string& ticket, size_t digits = 9) {
  size_t first_non_nine = 2;
  while (first_non_nine < ticket.size() && ticket[first_non_nine] == '9') ++first_non_nine;
  return ticket.substr(0, first_non_nine + digits);
}

std::vector<std::string> SampleOrder(const std::string& seed, const std::vector<std::string>& ids) {
  std::vector<std::pair<std::string, std::string>> tickets;
  for (const std::string& id : ids) tickets.emplace_back(Ticket(seed, id), id);
  std::sort(tickets.begin(), tickets.end());
  std::vector<std::string> order;
  for (const auto& t : tickets) order.push_back(t.second);
  return order;
}

// Independent reference for the ticket text: schoolbook base-256 → base-10 on the digest.
std::string ReferenceTicket(const std::string& seed, const std::string& label) {
  std::string digest = Sha256(ToHex(Sha256(seed)) + label);
  std::vector<int> bytes(digest.begin(), digest.end());
  for (int& b : bytes) b &= 0xff;
  std::string decimal;
  while (std::any_of(bytes.begin(), bytes.end(), [](int b) { return b != 0; })) {
    int rem = 0;
    for (int& b : bytes) {
      const int cur = rem * 256 + b;
      b = cur / 10;
      rem = cur % 10;
    }
    decimal.push_back(static_cast<char>('0' + rem));  // least significant first = reversed
  }
  while (decimal.size() < 64) decimal.push_back('0');
  return "0." + decimal;
}

TEST(TicketTest, MatchesRivestFirstFractionDocExample) {
  EXPECT_EQ(Ticket("01382438112797316654", "AB-130"),
            "0.26299714122838008416507544297546663599715395525154425586041245287750224561854");
}

TEST(TicketTest, MatchesRivestTicketHeapDocExample) {
  const std::string seed = "xy()134!g2n";
  EXPECT_EQ(Ticket(seed, "cat"),
            "0.24866413894129579898796850445568128508290132707747976039848637531569373309555");
  EXPECT_EQ(Ticket(seed, "dog"),
            "0.33886035615681875183111698317327684455682722683976874746986356932751818935066");
  EXPECT_EQ(Ticket(seed, "fish"),
            "0.74685932088827950509145941729789143204056041958068799542050396198792954500593");
  EXPECT_EQ(Ticket(seed, "goat"),
            "0.49599842072022713663423753308080171636735689997237236247068925068573448764387");
}

TEST(TicketTest, RangeHundredWithSeed41BeginsLikeRivestUsageExample4And5) {
  std::vector<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.push_back(std::to_string(i));
  const std::vector<std::string> order = SampleOrder("41", ids);
  EXPECT_EQ(std::vector<std::string>(order.begin(), order.begin() + 10),
            (std::vector<std::string>{"73", "51", "17", "58", "38", "42", "39", "20", "11", "67"}));
  EXPECT_EQ(RivestTrim(Ticket("41", "73")), "0.000508333");
  EXPECT_EQ(RivestTrim(Ticket("41", "51")), "0.003446232");
  EXPECT_EQ(RivestTrim(Ticket("41", "17")), "0.004419823");
  EXPECT_EQ(RivestTrim(Ticket("41", "58")), "0.020115273");
  EXPECT_EQ(RivestTrim(Ticket("41", "38")), "0.023482375");
}

TEST(TicketTest, ShufflesMatchRivestUsageExamples1To3) {
  EXPECT_EQ(SampleOrder("31", {"a", "b", "c", "d"}),
            (std::vector<std::string>{"b", "a", "d", "c"}));
  EXPECT_EQ(SampleOrder("77", {"a", "b", "c", "d"}),
            (std::vector<std::string>{"b", "d", "c", "a"}));
  // Example 3 samples Python objects by their str().
  EXPECT_EQ(SampleOrder("7711", {"1", "two", "('III', 3.0)", "(1, 1, 1, 1)"}),
            (std::vector<std::string>{"('III', 3.0)", "1", "two", "(1, 1, 1, 1)"}));
}

TEST(TicketTest, TicketsMatchRivestUsageExample8AndSamplerDocstring) {
  EXPECT_EQ(SampleOrder("52", {"a", "b", "c", "d", "e"}),
            (std::vector<std::string>{"d", "b", "e", "a", "c"}));
  EXPECT_EQ(RivestTrim(Ticket("52", "d")), "0.054468191");
  EXPECT_EQ(RivestTrim(Ticket("52", "b")), "0.197384308");
  EXPECT_EQ(RivestTrim(Ticket("52", "e")), "0.302883911");
  EXPECT_EQ(RivestTrim(Ticket("52", "a")), "0.366142288");
  EXPECT_EQ(RivestTrim(Ticket("52", "c")), "0.492683857");
  EXPECT_EQ(SampleOrder("314159", {"ab-1", "ab-2", "cd-1", "ef-3"}),
            (std::vector<std::string>{"cd-1", "ef-3", "ab-1", "ab-2"}));
  EXPECT_EQ(RivestTrim(Ticket("314159", "cd-1")), "0.317685817");
  EXPECT_EQ(RivestTrim(Ticket("314159", "ef-3")), "0.832984519");
  EXPECT_EQ(RivestTrim(Ticket("314159", "ab-1")), "0.9098039269");
  EXPECT_EQ(RivestTrim(Ticket("314159", "ab-2")), "0.9231549043");
}

TEST(TicketTest, TextMatchesSchoolbookReferenceForEveryLabelLengthAcrossTheBlockBoundary) {
  // 55 bytes is the last one-compression label; 56..119 take two; longer ones three.
  for (size_t len = 0; len <= 130; ++len) {
    std::string label;
    for (size_t i = 0; i < len; ++i) label.push_back(static_cast<char>('a' + (i * 7 + len) % 26));
    EXPECT_EQ(Ticket("seed-" + std::to_string(len % 3), label),
              ReferenceTicket("seed-" + std::to_string(len % 3), label))
        << "label length " << len;
  }
  EXPECT_EQ(Ticket("种子", "统一社会信用代码９１"),
            ReferenceTicket("种子", "统一社会信用代码９１"));
}

TEST(TicketTest, TextIsZeroFilledToSixtyFourDigitsAndKeepsAllSeventyEight) {
  TicketValue five{};
  five[7] = 5;
  EXPECT_EQ(TicketText(five), "0.5" + std::string(63, '0'));
  TicketValue max;
  max.fill(0xffffffffu);
  // 2^256 - 1 = 115792089237316195423570985008687907853269984665640564039457584007913129639935
  std::string digits =
      "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  std::reverse(digits.begin(), digits.end());
  EXPECT_EQ(TicketText(max), "0." + digits);
}

TEST(TicketTest, PrefixIsTheFirstNineteenDigitsAndOrdersLikeTheText) {
  const TicketGenerator gen("prefix-order");
  std::vector<std::string> labels;
  for (int i = 0; i < 2000; ++i) labels.push_back("L" + std::to_string(i));
  for (const std::string& l : labels) {
    EXPECT_EQ(gen.Prefix(l), std::stoull(gen.Text(l).substr(2, kTicketPrefixDigits))) << l;
  }
  for (size_t i = 1; i < labels.size(); ++i) {
    const std::string& a = labels[i - 1];
    const std::string& b = labels[i];
    EXPECT_EQ(gen.Prefix(a) < gen.Prefix(b), gen.Text(a) < gen.Text(b));
  }
}

// TicketPrefix reduces the 256-bit value mod 10^19 with one division (ticket.cc); the text
// goes limb by limb. Extreme words (0, 2^32 - 1, limbs just above 10^19) and random values.
TEST(TicketTest, PrefixEqualsTheTextsDigitsOnExtremeAndRandomValues) {
  std::vector<TicketValue> values = {
      TicketValue{}, TicketValue{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
                                 0xffffffff, 0xffffffff, 0xffffffff}};
  // 10^19 = 0x8ac7230489e80000: each limb at 10^19 - 1, 10^19 and 10^19 + 1.
  for (int limb = 0; limb < 4; ++limb) {
    for (const uint64_t x : {0x8ac7230489e7ffffull, 0x8ac7230489e80000ull, 0x8ac7230489e80001ull}) {
      TicketValue v{};
      v[2 * limb] = static_cast<uint32_t>(x >> 32);
      v[2 * limb + 1] = static_cast<uint32_t>(x);
      values.push_back(v);
      for (uint32_t& w : v) w = w == 0 ? 0xffffffff : w;
      values.push_back(v);
    }
  }
  std::mt19937_64 rng(19);
  for (int i = 0; i < 20000; ++i) {
    TicketValue v;
    for (uint32_t& w : v) w = static_cast<uint32_t>(rng());
    values.push_back(v);
  }
  for (const TicketValue& v : values) {
    EXPECT_EQ(TicketPrefix(v), std::stoull(TicketText(v).substr(2, kTicketPrefixDigits)));
  }
}

TEST(TicketTest, GeneratorAgreesWithOneOffFunction) {
  const TicketGenerator gen("41");
  EXPECT_EQ(gen.Text("73"), Ticket("41", "73"));
  EXPECT_EQ(gen.Text(std::string(56, 'x')), Ticket("41", std::string(56, 'x')));
}

}  // namespace
}  // namespace suiji::draw
