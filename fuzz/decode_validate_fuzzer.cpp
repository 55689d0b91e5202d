// libFuzzer entry point: arbitrary bytes through every layer that exists. Errors are the
// expected outcome for almost all inputs; the fuzzer looks for crashes, sanitizer reports,
// hangs and disagreements between layers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "binary/decoder.hpp"
#include "binary/instr.hpp"

#if STRATUS_FUZZ_VALIDATE
#include "validate/validator.hpp"
#endif

#if STRATUS_FUZZ_RUNTIME
#include "stratus/engine.hpp"
#include "stratus/linker.hpp"
#include "stratus/module.hpp"
#include "stratus/store.hpp"
#endif

namespace {

// The decoder promises every body reads cleanly to its final `end`; check that promise.
void read_every_body(const stratus::binary::Module& m) {
  using namespace stratus::binary;
  Instr instr;
  for (uint32_t i = 0; i < m.codes.size(); ++i) {
    InstrReader reader(m.body(i), m.codes[i].body_offset);
    bool ended = false;
    while (!reader.at_end()) {
      if (!reader.read(instr).ok()) std::abort();
      ended = instr.op == Op::End;
    }
    if (!ended) std::abort();
  }
}

#if STRATUS_FUZZ_RUNTIME
// The public API must agree with decode + validate about what is a valid module; it may
// still refuse a valid one for lack of resources.
void check_agreement(const stratus::Result<stratus::Module>& module, bool expect_valid) {
  if (module.ok() && !expect_valid) std::abort();
  if (!module.ok() && expect_valid) {
    const auto kind = module.error().kind();
    if (kind == stratus::ErrorKind::Malformed || kind == stratus::ErrorKind::Invalid) std::abort();
  }
}

void compile_and_instantiate(std::span<const uint8_t> bytes, bool expect_valid) {
  static const stratus::Engine engine;
  auto module = stratus::Module::compile(engine, bytes);
  check_agreement(module, expect_valid);
  if (!module.ok()) return;
  (void)module->imports();
  (void)module->exports();
  stratus::Store store(engine);
  stratus::Linker linker(engine);  // defines nothing: modules with imports fail to link
  auto instance = linker.instantiate(store, *module);
  (void)instance;
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  auto decoded = stratus::binary::decode(bytes);
  if (!decoded.ok()) return 0;
  read_every_body(*decoded);
  bool valid = true;
#if STRATUS_FUZZ_VALIDATE
  valid = stratus::validate::validate(*decoded).ok();
#endif
#if STRATUS_FUZZ_RUNTIME
  // A start function may loop forever and there is no fuel to stop it; such inputs are
  // compiled but not instantiated so the fuzzer does not report them as hangs.
  if (decoded->start) {
    static const stratus::Engine engine;
    check_agreement(stratus::Module::compile(engine, bytes), valid);
  } else {
    compile_and_instantiate(bytes, valid);
  }
#endif
  (void)valid;
  return 0;
}
