// wasi:http/types' fields: header or trailer entries as the guest sees them, with the
// WIT's rules for what may change them.
//
// Names compare case-insensitively and keep the spelling they were given; values are bytes.
// Fields the host hands out as a request's or response's headers are immutable (set, append
// and delete fail with header-error.immutable); the guest's own (the constructor, from-list,
// clone) are mutable. Names the guest may not set are wasmtime's default forbidden list
// and te (connection-level headers and host, which the server or client owns). A guest adding entries without end
// is bounded by kMaxFieldEntries and kMaxFieldBytes: past them the call traps.
#pragma once

#include <cstdint>
#include <string>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "stratus/result.hpp"
#include "wasi/http/exchange.hpp"
#include "wasi/p2/resource_table.hpp"

namespace stratus::wasi::http {

inline constexpr size_t kMaxFieldEntries = 1024;
inline constexpr size_t kMaxFieldBytes = 256 * 1024;  // names and values together

// A field-name is an RFC 9110 token; a value holds no NUL, CR, LF or other control byte but
// tab (obs-text, bytes 0x80-0xFF, is allowed, as the http crate wasmtime uses allows it).
bool is_valid_field_name(std::string_view name);
bool is_valid_field_value(std::string_view value);
bool is_forbidden_field_name(std::string_view name);
bool field_names_equal(std::string_view a, std::string_view b);
// The name in ASCII lower case, as WASI 0.3's hosts keep names (wasmtime's does the same).
std::string lower_case_field_name(std::string name);

class Fields final : public p2::HostObject {
 public:
  enum class SetError { InvalidSyntax, Forbidden, Immutable };

  Fields() = default;
  Fields(FieldList entries, bool immutable);
  std::string_view resource_name() const override { return "fields"; }

  // The guest's from-list: each entry checked as append checks it. A wrong entry is the
  // error's value; past the bounds is an Error (a trap).
  static Result<std::variant<Fields, SetError>> from_guest(FieldList entries);

  std::vector<std::string> get(std::string_view name) const;
  bool has(std::string_view name) const;
  // nullopt: done. Outer Error: the bounds (a trap).
  Result<std::optional<SetError>> set(std::string_view name, const std::vector<std::string>& values);
  Result<std::optional<SetError>> append(std::string_view name, std::string_view value);
  std::optional<SetError> remove(std::string_view name);

  const FieldList& entries() const { return entries_; }
  bool immutable() const { return immutable_; }
  // A mutable copy (the guest's clone).
  Fields clone() const { return Fields(entries_, false); }

 private:
  std::optional<SetError> check_change(std::string_view name) const;
  Result<void> check_bounds(size_t more_entries, size_t more_bytes) const;

  FieldList entries_;
  bool immutable_ = false;
  size_t bytes_ = 0;
};

}  // namespace stratus::wasi::http
