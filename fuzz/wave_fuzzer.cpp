// libFuzzer entry point for the WAVE parser: the first byte picks a type, the rest is WAVE
// text. Parsing must fail cleanly or give a value whose printed form parses back to the
// same value; the same text is also tried as a whole `name(args)` invocation.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "component/wave/wave.hpp"

namespace {

using namespace stratus::component;

struct Fixture {
  TypeTables types;
  std::vector<ValType> candidates;
  FuncType func;

  Fixture() {
    auto prim = [](ValKind k) { return ValType{k, 0}; };
    for (ValKind k : {ValKind::Bool, ValKind::S8, ValKind::U8, ValKind::S16, ValKind::U16, ValKind::S32, ValKind::U32,
                      ValKind::S64, ValKind::U64, ValKind::F32, ValKind::F64, ValKind::Char, ValKind::String}) {
      candidates.push_back(prim(k));
    }
    const ValType opt = types.add(OptionType{prim(ValKind::U8)});
    const ValType opt_opt = types.add(OptionType{opt});
    const ValType res = types.add(ResultType{prim(ValKind::String), prim(ValKind::S8)});
    const ValType bare = types.add(ResultType{std::nullopt, std::nullopt});
    const ValType e = types.add(EnumType{{"left", "ok", "none", "right-2"}});
    const ValType f = types.add(FlagsType{{"read", "write", "exec"}});
    const ValType v = types.add(VariantType{{{"empty", std::nullopt}, {"some", prim(ValKind::F64)}, {"text", res}}});
    const ValType t = types.add(TupleType{{prim(ValKind::Char), opt, e}});
    const ValType r = types.add(RecordType{{{"a", opt}, {"b", f}, {"c", v}, {"type", t}}});
    const ValType l = types.add(ListType{r, std::nullopt});
    const ValType fixed = types.add(ListType{prim(ValKind::U16), 3});
    ValType nested = l;
    for (int i = 0; i < 4; ++i) nested = types.add(ListType{types.add(OptionType{nested}), std::nullopt});
    for (ValType x : {opt, opt_opt, res, bare, e, f, v, t, r, l, fixed, nested}) candidates.push_back(x);
    func = FuncType{{{"x", r}, {"y", prim(ValKind::String)}, {"z", opt_opt}}, std::nullopt, false};
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Fixture& fx = fixture();
  const ValType type = fx.candidates[data[0] % fx.candidates.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  auto value = wave::parse_value(text, type, fx.types);
  if (value) {
    const std::string printed = wave::to_string(*value);
    auto again = wave::parse_value(printed, type, fx.types);
    if (!again || !(*again == *value)) {
      std::fprintf(stderr, "WAVE round trip broke: %s -> %s\n", printed.c_str(),
                   again ? wave::to_string(*again).c_str() : again.error().message().c_str());
      std::abort();
    }
  }
  if (auto call = wave::parse_call(text)) {
    (void)call->arguments(fx.func, fx.types);
    (void)call->name().to_string();
  }
  return 0;
}
