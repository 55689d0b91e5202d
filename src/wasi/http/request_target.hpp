// What wasi:http's request setters accept (0.2's outgoing-request, 0.3's request), so both
// hosts refuse the same texts: each returns whether the setter succeeds.
#pragma once

#include <string_view>

namespace stratus::wasi::http {

// An extension method: an RFC 9110 token, as on the request line.
bool is_valid_method_text(std::string_view text);
// RFC 3986's scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool is_valid_scheme_text(std::string_view text);
// A request target's path and query: no control byte, space or DEL, and none of `#`
// (a fragment is not sent), `<`, `>` or a backquote, which RFC 3986 leaves out of URIs and
// the http crate wasmtime uses refuses. Bytes from 0x80 (UTF-8) pass, as they do there.
bool is_valid_path_with_query(std::string_view text);
// RFC 3986's authority, [userinfo "@"] host [":" port]: userinfo and a registered name of
// unreserved, percent-encoded and sub-delimiter characters (userinfo also `:`), or a
// bracketed IP literal; a port present is 0-65535 in digits. Never empty.
bool is_valid_authority(std::string_view text);

}  // namespace stratus::wasi::http
