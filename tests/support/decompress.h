// Decoding compressed HTTP bodies in tests (gzip with zlib, brotli with libbrotlidec), so that a
// test compares what a client would read. A body that does not decode gives a marker string that
// no expected text equals. Targets using this link ZLIB::ZLIB and PkgConfig::BROTLIDEC.
#pragma once

#include <brotli/decode.h>
#include <zlib.h>

#include <cstdint>
#include <string>

namespace suiji::testing {

inline std::string Gunzip(const std::string& in) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "<init failed>";
  std::string out;
  char buf[16384];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : "<not gzip>";
}

// Bodies up to 4 MiB decoded (the largest test asset is far smaller).
inline std::string Unbrotli(const std::string& in) {
  std::string out(4 << 20, '\0');
  size_t size = out.size();
  if (BrotliDecoderDecompress(in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size,
                              reinterpret_cast<uint8_t*>(out.data())) !=
      BROTLI_DECODER_RESULT_SUCCESS)
    return "<not brotli>";
  out.resize(size);
  return out;
}

}  // namespace suiji::testing
