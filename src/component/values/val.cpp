#include "stratus/component/val.hpp"

#include <bit>

namespace stratus::component {

bool Val::operator==(const Val& o) const {
  if (v_.index() != o.v_.index()) return false;
  if (const auto* f = std::get_if<float>(&v_)) {
    return std::bit_cast<uint32_t>(*f) == std::bit_cast<uint32_t>(std::get<float>(o.v_));
  }
  if (const auto* d = std::get_if<double>(&v_)) {
    return std::bit_cast<uint64_t>(*d) == std::bit_cast<uint64_t>(std::get<double>(o.v_));
  }
  return v_ == o.v_;
}

}  // namespace stratus::component
