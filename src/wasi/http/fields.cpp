#include "wasi/http/fields.hpp"

#include <algorithm>
#include <array>

namespace stratus::wasi::http {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// wasmtime's DEFAULT_FORBIDDEN_HEADERS (host included: the client derives it from the
// authority), and te, which is hop-by-hop as connection is.
constexpr std::array<std::string_view, 10> kForbidden = {
    "connection", "keep-alive",        "proxy-authenticate", "proxy-authorization", "proxy-connection",
    "te",         "transfer-encoding", "upgrade",            "host",                "http2-settings"};

Error too_many(size_t entries, size_t bytes) {
  return Error(ErrorKind::Host, "wasi:http fields: more than " + std::to_string(kMaxFieldEntries) + " entries or " +
                                    std::to_string(kMaxFieldBytes) + " bytes (this would make " +
                                    std::to_string(entries) + " entries, " + std::to_string(bytes) +
                                    " bytes): the host bounds what one fields resource holds");
}

}  // namespace

bool is_valid_field_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return is_tchar(static_cast<unsigned char>(c)); });
}

bool is_valid_field_value(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c == '\t' || (c >= 0x20 && c != 0x7f);
  });
}

std::string lower_case_field_name(std::string name) {
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return name;
}

bool field_names_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool is_forbidden_field_name(std::string_view name) {
  return std::any_of(kForbidden.begin(), kForbidden.end(), [&](std::string_view f) { return field_names_equal(f, name); });
}

Fields::Fields(FieldList entries, bool immutable) : entries_(std::move(entries)), immutable_(immutable) {
  for (const auto& [n, v] : entries_) bytes_ += n.size() + v.size();
}

Result<std::variant<Fields, Fields::SetError>> Fields::from_guest(FieldList entries) {
  Fields fields;
  for (auto& [name, value] : entries) {
    auto r = fields.append(name, value);
    if (!r) return r.error();
    if (*r) return std::variant<Fields, SetError>(std::in_place_index<1>, **r);
  }
  return std::variant<Fields, SetError>(std::in_place_index<0>, std::move(fields));
}

std::vector<std::string> Fields::get(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : entries_)
    if (field_names_equal(n, name)) out.push_back(v);
  return out;
}

bool Fields::has(std::string_view name) const {
  return std::any_of(entries_.begin(), entries_.end(), [&](const auto& e) { return field_names_equal(e.first, name); });
}

std::optional<Fields::SetError> Fields::check_change(std::string_view name) const {
  if (immutable_) return SetError::Immutable;
  if (!is_valid_field_name(name)) return SetError::InvalidSyntax;
  if (is_forbidden_field_name(name)) return SetError::Forbidden;
  return std::nullopt;
}

Result<void> Fields::check_bounds(size_t more_entries, size_t more_bytes) const {
  const size_t entries = entries_.size() + more_entries;
  const size_t bytes = bytes_ + more_bytes;
  if (entries > kMaxFieldEntries || bytes > kMaxFieldBytes) return too_many(entries, bytes);
  return {};
}

Result<std::optional<Fields::SetError>> Fields::set(std::string_view name, const std::vector<std::string>& values) {
  if (auto e = check_change(name)) return e;
  size_t added = 0;
  for (const std::string& v : values) {
    if (!is_valid_field_value(v)) return std::optional(SetError::InvalidSyntax);
    added += name.size() + v.size();
  }
  // What set replaces no longer counts, so a guest may always overwrite a header in place.
  size_t removed_entries = 0, removed_bytes = 0;
  for (const auto& [n, v] : entries_)
    if (field_names_equal(n, name)) ++removed_entries, removed_bytes += n.size() + v.size();
  const size_t entries = entries_.size() - removed_entries + values.size();
  const size_t bytes = bytes_ - removed_bytes + added;
  if (entries > kMaxFieldEntries || bytes > kMaxFieldBytes) return too_many(entries, bytes);
  remove(name);
  for (const std::string& v : values) entries_.emplace_back(std::string(name), v);
  bytes_ += added;
  return std::optional<SetError>();
}

Result<std::optional<Fields::SetError>> Fields::append(std::string_view name, std::string_view value) {
  if (auto e = check_change(name)) return e;
  if (!is_valid_field_value(value)) return std::optional(SetError::InvalidSyntax);
  if (auto b = check_bounds(1, name.size() + value.size()); !b) return b.error();
  entries_.emplace_back(std::string(name), std::string(value));
  bytes_ += name.size() + value.size();
  return std::optional<SetError>();
}

std::optional<Fields::SetError> Fields::remove(std::string_view name) {
  if (auto e = check_change(name)) return e;
  std::erase_if(entries_, [&](const auto& e) {
    if (!field_names_equal(e.first, name)) return false;
    bytes_ -= e.first.size() + e.second.size();
    return true;
  });
  return std::nullopt;
}

}  // namespace stratus::wasi::http
