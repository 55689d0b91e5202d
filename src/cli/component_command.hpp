// `stratus run` of a component, and `stratus wit`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/run_options.hpp"
#include "stratus/component/component.hpp"
#include "stratus/engine.hpp"
#include "stratus/result.hpp"
#include "stratus/runtime.hpp"

namespace stratus::cli {

// The binary `stratus run` was given. A regular file is only peeked at, so a module is read
// once, into the buffer it keeps (Module::from_file). Anything else (a FIFO, a device) can
// be read only once, so it is read here, within `max_bytes`, and `bytes` holds it.
struct RunInput {
  bool component = false;
  std::optional<std::vector<uint8_t>> bytes;
};
// Errors as Module::from_file reports them (ErrorKind::Io, ErrorKind::Resource).
Result<RunInput> open_run_input(const std::string& path, uint64_t max_bytes);

// Instantiates the compiled component with WASI 0.2 and 0.3 (one context; argv[0] is the
// file's base name) and runs its `wasi:cli/run@0.3.x` export, else its `wasi:cli/run@0.2.x`
// (exit status: 0 for ok, 1 for err, or what exit/exit-with-code asked), or
// `--invoke 'name(args)'` (WAVE arguments, WAVE results on stdout, as wasmtime's
// `run --invoke` prints them).
//
// A component importing wasi:http needs the http host, which only stratus-serve links (so
// `stratus` starts without libcurl and OpenSSL): in `stratus` such a run goes on in
// stratus-serve with the same words (cli/serve_launch.hpp); stratus-serve has set
// `set_wasi_http_linking` first.
int run_component(const RunOptions& options, const Runtime& runtime, const component::Component& compiled);

// Defines every WASI interface in a Linker, wasi:http's too: 0.2 (the proxy world's imports)
// and 0.3 (types and client), as wasi::p3::add_service_to_linker does.
using WasiHttpLinking = Result<void> (*)(component::Linker& linker);
void set_wasi_http_linking(WasiHttpLinking linking);

// `stratus wit FILE`: the component's world as WIT. `words` are the arguments after "wit".
int wit_command(const std::vector<std::string>& words);

}  // namespace stratus::cli
