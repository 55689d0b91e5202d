#include "error_text.hpp"

#include "stratus/trap.hpp"

namespace stratus::wast {

std::string_view kind_name(stratus::ErrorKind kind) {
  using stratus::ErrorKind;
  switch (kind) {
    case ErrorKind::Malformed: return "Malformed";
    case ErrorKind::Invalid: return "Invalid";
    case ErrorKind::Link: return "Link";
    case ErrorKind::Argument: return "Argument";
    case ErrorKind::Trap: return "Trap";
    case ErrorKind::Resource: return "Resource";
    case ErrorKind::Io: return "Io";
    case ErrorKind::Config: return "Config";
    case ErrorKind::Host: return "Host";
  }
  return "Unknown";
}

std::string trap_text(const stratus::Error& error) {
  if (error.trap()) return error.trap()->message();
  return error.message();
}

std::string error_text(const stratus::Error& error) {
  return std::string(kind_name(error.kind())) + ": " + trap_text(error);
}

bool message_matches(std::string_view actual, std::string_view expected) {
  return actual.find(expected) != std::string_view::npos;
}

}  // namespace stratus::wast
