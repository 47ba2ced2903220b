// `suiji draw …`: the offline draw tools (DRAW-SPEC SJ-DRAW-1).
//   draw run FILE        prints the complete bundle (input + every output) as JSON
//   draw verify FILE…    "OK <result_hash> 签名有效，公钥指纹 <key_id>" (exit 0), the first
//                        mismatching field (exit 1) or the signature's failure: "签名未通过：…
//                        （DRAW_SIGNATURE_…）" (exit 1); with several files, one "FILE: …" line
//                        each. --key HEX|FILE: the signer must be this key (or one of the keys in
//                        a saved GET /api/v1/keys answer); --key-url URL: one of the keys that
//                        URL (GET /api/v1/keys) answers; --allow-unsigned: a bundle with no
//                        signature at all (golden vectors) is OK "结果哈希正确，但未签名".
//                        Same lines as tools/verify_draw.py verify.
//   draw explain FILE    prints every intermediate value (same format as tools/verify_draw.py)
//   draw tickets --seed  reads one label per line on stdin, prints "label ticket" in ticket order
// FILE "-" is stdin. Invalid input: one Chinese line on stderr, exit 2.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli.h"

namespace suiji::cli {

void AddDrawCommands(CLI::App& app, Context& ctx);

}  // namespace suiji::cli
