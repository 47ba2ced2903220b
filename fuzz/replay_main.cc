// The `make test` driver for the fuzz targets (built with g++, no libFuzzer): runs every file
// of the seed corpus, then a fixed number of deterministic mutations of them, through the
// target's LLVMFuzzerTestOneInput. Fails (non-zero exit) when an exception escapes the target;
// a violated invariant aborts (FUZZ_CHECK). Before each input runs, its bytes are written to
// <crash-dir>/last-input so an abort leaves the reproducer behind.
//
//   replay CORPUS_DIR [--mutations N] [--seed S] [--max-len BYTES] [--crash-dir DIR]
//   replay FILE...    (runs just these inputs, e.g. a crash found by `make fuzz`)
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Tokens that matter to the parsers under test: JSON syntax, CSV quoting, XML/zip structure,
// numbers at type boundaries, multi-byte and invalid UTF-8.
const std::vector<std::string>& Dictionary() {
  static const std::vector<std::string> d = {"{",
                                             "}",
                                             "[",
                                             "]",
                                             "\"",
                                             ":",
                                             ",",
                                             "null",
                                             "true",
                                             "false",
                                             "-0",
                                             "1e309",
                                             "9223372036854775807",
                                             "-9223372036854775808",
                                             "18446744073709551616",
                                             "4294967296",
                                             "\\u0000",
                                             "\\ud800",
                                             "\xe4\xb8\xad",
                                             "\xff",
                                             "\xc0\x80",
                                             "\r\n",
                                             "\"\"",
                                             "=",
                                             "<",
                                             ">",
                                             "</",
                                             "/>",
                                             "&amp;",
                                             "&#0;",
                                             "<![CDATA[",
                                             "<!DOCTYPE",
                                             "PK\x03\x04",
                                             "PK\x01\x02",
                                             "PK\x05\x06",
                                             "\x00\x00\x00\x00",
                                             "<row r=\"1048577\">",
                                             "<c r=\"XFD1\" t=\"s\">",
                                             "<v>",
                                             "</v>"};
  return d;
}

std::string Mutate(std::string s, const std::vector<std::string>& corpus, std::mt19937_64& rng,
                   size_t max_len) {
  auto pick = [&](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
  const int ops = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < ops; ++k) {
    switch (rng() % 9) {
      case 0:  // flip a bit
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1:  // set a random byte
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(rng());
        break;
      case 2:  // erase a range
        if (!s.empty()) {
          size_t at = pick(s.size());
          s.erase(at, 1 + pick(std::min<size_t>(64, s.size() - at)));
        }
        break;
      case 3:  // insert random bytes
        s.insert(pick(s.size() + 1), std::string(1 + pick(8), static_cast<char>(rng())));
        break;
      case 4:  // insert a dictionary token
        s.insert(pick(s.size() + 1), Dictionary()[pick(Dictionary().size())]);
        break;
      case 5:  // duplicate a chunk
        if (!s.empty()) {
          size_t at = pick(s.size());
          std::string chunk = s.substr(at, 1 + pick(128));
          s.insert(pick(s.size() + 1), chunk);
        }
        break;
      case 6:  // truncate
        s.resize(pick(s.size() + 1));
        break;
      case 7:  // splice with another corpus input
        if (!corpus.empty()) {
          const std::string& o = corpus[pick(corpus.size())];
          s = s.substr(0, pick(s.size() + 1)) + o.substr(pick(o.size() + 1));
        }
        break;
      default:  // overwrite with an ASCII digit (numbers in text formats)
        if (!s.empty()) s[pick(s.size())] = static_cast<char>('0' + rng() % 10);
        break;
    }
  }
  if (s.size() > max_len) s.resize(max_len);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  long mutations = 2000;
  uint64_t seed = 20261202;
  size_t max_len = 64 * 1024;
  fs::path crash_dir = fs::temp_directory_path();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--mutations") mutations = std::stol(next());
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--max-len") max_len = std::stoul(next());
    else if (a == "--crash-dir") crash_dir = next();
    else paths.push_back(a);
  }
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);

  std::vector<std::string> corpus;
  std::vector<std::string> names;
  for (const std::string& p : paths) {
    if (fs::is_directory(p)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());  // deterministic order: same mutations every run
      for (const auto& f : files) {
        corpus.push_back(ReadFile(f));
        names.push_back(f.string());
      }
    } else if (fs::is_regular_file(p)) {
      corpus.push_back(ReadFile(p));
      names.push_back(p);
    } else {
      std::cerr << "replay: no such corpus file or directory: " << p << "\n";
      return 2;
    }
  }
  if (corpus.empty()) {
    std::cerr << "replay: empty corpus\n";
    return 2;
  }
  const fs::path last = crash_dir / ("fuzz-last-input-" + std::to_string(::getpid()));
  auto run = [&](const std::string& input, const std::string& label) {
    { std::ofstream(last, std::ios::binary | std::ios::trunc) << input; }
    try {
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    } catch (const std::exception& e) {
      std::cerr << "replay: exception escaped the target on " << label << ": " << e.what()
                << "\n  input saved in " << last << "\n";
      return false;
    } catch (...) {
      std::cerr << "replay: unknown exception escaped the target on " << label
                << "\n  input saved in " << last << "\n";
      return false;
    }
    return true;
  };
  for (size_t i = 0; i < corpus.size(); ++i)
    if (!run(corpus[i], names[i])) return 1;
  std::mt19937_64 rng(seed);
  for (long m = 0; m < mutations; ++m) {
    const size_t base = static_cast<size_t>(rng() % corpus.size());
    std::string input = Mutate(corpus[base], corpus, rng, max_len);
    if (!run(input, "mutation " + std::to_string(m) + " of " + names[base])) return 1;
  }
  fs::remove(last);
  std::cout << "replay: " << corpus.size() << " corpus inputs and " << mutations
            << " mutations (seed " << seed << ") passed\n";
  return 0;
}
