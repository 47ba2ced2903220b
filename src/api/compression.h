// Content codings for static assets (RFC 9110 §8.4): gzip through zlib and brotli through
// libbrotli (both Debian packages). The web root's files are encoded once each and kept in
// memory (api/static_files.h), never per request.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace suiji::api {

enum class ContentCoding { kIdentity, kGzip, kBrotli };

// "gzip", "br" or "identity": the Content-Encoding token.
std::string_view ContentCodingName(ContentCoding coding);

// gzip (RFC 1952) at zlib's best compression; nullopt when zlib fails (out of memory).
std::optional<std::string> GzipEncode(std::string_view data);

// brotli (RFC 7932) at `quality` 0..11 in text mode; nullopt when the encoder fails.
std::optional<std::string> BrotliEncode(std::string_view data, int quality);

// Which of the codings offered (`gzip_available`, `brotli_available`) an Accept-Encoding value
// asks for: the one with the highest q-value above zero (brotli on a tie, being smaller);
// `*` covers codings not named; x-gzip is gzip; a coding with q=0 is never chosen. Identity
// when the header is empty or accepts neither.
ContentCoding ChooseContentCoding(std::string_view accept_encoding, bool gzip_available,
                                  bool brotli_available);

}  // namespace suiji::api
