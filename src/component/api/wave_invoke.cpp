#include "component/api/wave_invoke.hpp"

#include "component/api/access.hpp"
#include "component/api/compiled_component.hpp"
#include "component/wave/wave.hpp"

namespace stratus::component {

Result<WaveCall> prepare_wave_call(const Component& component, const Instance& instance, std::string_view text) {
  const detail::CompiledComponent& c = detail::Access::impl(component);
  auto call = wave::parse_call(text);
  if (!call) return call.error();
  auto found = wave::find_exported_func(c.types->component(c.type), *c.types, call->name());
  if (!found) return found.error();
  auto func = instance.get_func(found->instance ? *found->instance + "#" + found->name : found->name);
  if (!func) return Error(ErrorKind::Link, "the instance has no function `" + call->name().to_string() + "`");
  auto args = call->arguments(c.types->func(found->type), *c.types);
  if (!args) return args.error();
  return WaveCall{*func, std::move(args).value()};
}

std::string wave_results(std::span<const Val> results) { return wave::results_to_string(results); }

}  // namespace stratus::component
