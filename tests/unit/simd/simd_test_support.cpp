#include "simd_test_support.hpp"

#include <cstdio>

namespace simd_test {

std::string hex(const V128& v) {
  std::string out = "[";
  char buf[4];
  for (int i = 0; i < 16; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", v.bytes[i]);
    out += buf;
    if (i != 15) out += (i % 4 == 3) ? " | " : " ";
  }
  return out + "]";
}

namespace {

template <class T>
std::vector<T> integer_edges() {
  using L = std::numeric_limits<T>;
  using U = std::make_unsigned_t<T>;
  std::vector<T> edges = {T(0), T(1), T(2), T(-1), T(-2), L::min(), L::max(), T(L::min() + 1), T(L::max() - 1)};
  // Alternating bit patterns and values around the half-range boundaries.
  edges.push_back(static_cast<T>(static_cast<U>(0x5555555555555555ull)));
  edges.push_back(static_cast<T>(static_cast<U>(0xAAAAAAAAAAAAAAAAull)));
  edges.push_back(static_cast<T>(U(1) << (sizeof(T) * 4)));
  edges.push_back(static_cast<T>(U(U(1) << (sizeof(T) * 4)) - 1));
  return edges;
}

template <class F>
std::vector<F> float_edges() {
  using L = std::numeric_limits<F>;
  using B = BitsOf<F>;
  std::vector<F> edges = {F(0), -F(0), F(1), F(-1), F(0.5), F(-0.5), F(1.5), F(-1.5), F(2.5), F(-2.5),
                          F(0.49999997), F(-0.49999997), F(3.5), F(-3.5), F(0.75), F(-0.75),
                          L::infinity(), -L::infinity(), L::max(), L::lowest(), L::min(), -L::min(),
                          L::denorm_min(), -L::denorm_min(),
                          std::bit_cast<F>(B(L::min() == 0 ? 0 : std::bit_cast<B>(L::min()) - 1)),  // largest subnormal
                          F(2147483647.0), F(2147483648.0), F(2147483520.0), F(2147483904.0), F(-2147483648.0),
                          F(-2147483904.0), F(-2147483649.0), F(4294967295.0), F(4294967296.0), F(4294967040.0),
                          F(-1.0), F(-0.99999994), F(0.99999994), F(8388607.5), F(8388608.0), F(-8388607.5),
                          F(16777217.0), F(4503599627370495.5), F(4503599627370496.0), F(-4503599627370495.5),
                          F(9007199254740993.0)};
  // NaNs: canonical of both signs, signalling, quiet with payload.
  edges.push_back(std::bit_cast<F>(kCanonicalNan<F>));
  edges.push_back(std::bit_cast<F>(B(kCanonicalNan<F> | kSignBit<F>)));
  edges.push_back(std::bit_cast<F>(B((kCanonicalNan<F> & ~kQuietBit<F>) | 1)));               // +sNaN
  edges.push_back(std::bit_cast<F>(B((kCanonicalNan<F> & ~kQuietBit<F>) | 1 | kSignBit<F>)));  // -sNaN
  edges.push_back(std::bit_cast<F>(B(kCanonicalNan<F> | 0x12345)));                            // qNaN payload
  edges.push_back(std::bit_cast<F>(B((kCanonicalNan<F> & ~kQuietBit<F>) | (kQuietBit<F> >> 1))));  // sNaN high payload
  return edges;
}

}  // namespace

template <> const std::vector<int8_t>& edge_values() { static const auto v = integer_edges<int8_t>(); return v; }
template <> const std::vector<int16_t>& edge_values() { static const auto v = integer_edges<int16_t>(); return v; }
template <> const std::vector<int32_t>& edge_values() { static const auto v = integer_edges<int32_t>(); return v; }
template <> const std::vector<int64_t>& edge_values() { static const auto v = integer_edges<int64_t>(); return v; }
template <> const std::vector<float>& edge_values() { static const auto v = float_edges<float>(); return v; }
template <> const std::vector<double>& edge_values() { static const auto v = float_edges<double>(); return v; }

template <class T>
T random_lane(std::mt19937_64& rng) {
  uint64_t dice = rng() % 10;
  if constexpr (std::is_integral_v<T>) {
    using S = std::make_signed_t<T>;
    const auto& edges = edge_values<S>();
    if (dice < 5) return static_cast<T>(edges[rng() % edges.size()]);
    if (dice < 7) return static_cast<T>(static_cast<int64_t>(rng() % 33) - 16);  // small: equal lanes happen
    return static_cast<T>(rng());
  } else {
    const auto& edges = edge_values<T>();
    if (dice < 4) return edges[rng() % edges.size()];
    if (dice < 6) return std::bit_cast<T>(static_cast<BitsOf<T>>(rng()));
    if (dice < 8) return static_cast<T>(static_cast<int64_t>(rng() % 4001) - 2000) / T(4);  // halves, quarters
    // Magnitudes spread across the range where conversions and rounding are interesting.
    T magnitude = std::ldexp(static_cast<T>(rng() % 1000000) / T(1000000) + T(1), static_cast<int>(rng() % 70) - 5);
    return (rng() & 1) ? magnitude : -magnitude;
  }
}

template int8_t random_lane<int8_t>(std::mt19937_64&);
template uint8_t random_lane<uint8_t>(std::mt19937_64&);
template int16_t random_lane<int16_t>(std::mt19937_64&);
template uint16_t random_lane<uint16_t>(std::mt19937_64&);
template int32_t random_lane<int32_t>(std::mt19937_64&);
template uint32_t random_lane<uint32_t>(std::mt19937_64&);
template int64_t random_lane<int64_t>(std::mt19937_64&);
template uint64_t random_lane<uint64_t>(std::mt19937_64&);
template float random_lane<float>(std::mt19937_64&);
template double random_lane<double>(std::mt19937_64&);

}  // namespace simd_test
