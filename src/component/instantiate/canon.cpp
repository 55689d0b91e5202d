#include "component/instantiate/canon.hpp"

#include <string>

#include "component/api/compiled_component.hpp"
#include "component/instantiate/call.hpp"

namespace stratus::component::detail {

namespace {

Error unsupported_canon(const char* what, uint32_t offset) {
  return Error(ErrorKind::Link, std::string("cannot instantiate: ") + what + " (at offset " + std::to_string(offset) +
                                    ") is not supported yet");
}

Result<stratus::Func> core_func(const Frame& f, uint32_t index, const char* role) {
  if (index >= f.core_funcs.size())
    return Error(ErrorKind::Invalid, std::string("instantiation: ") + role + " core function index " + std::to_string(index) + " out of range");
  const auto* func = std::get_if<stratus::Func>(&f.core_funcs[index]);
  if (!func) return Error(ErrorKind::Invalid, std::string("instantiation: ") + role + " is not a core function");
  return *func;
}

Result<CanonOptions> options_of(const Frame& f, const ast::Canon& canon) {
  CanonOptions o;
  for (const ast::CanonOpt& opt : canon.options) {
    switch (opt.kind) {
      case ast::CanonOptKind::Utf8: o.encoding = abi::StringEncoding::Utf8; break;
      case ast::CanonOptKind::Utf16: o.encoding = abi::StringEncoding::Utf16; break;
      case ast::CanonOptKind::Latin1Utf16: o.encoding = abi::StringEncoding::Latin1Utf16; break;
      case ast::CanonOptKind::Memory: {
        if (opt.index >= f.core_memories.size())
          return Error(ErrorKind::Invalid, "instantiation: core memory index " + std::to_string(opt.index) + " out of range");
        const auto* m = std::get_if<Memory>(&f.core_memories[opt.index]);
        if (!m) return Error(ErrorKind::Invalid, "instantiation: the memory option is not a memory");
        o.memory = *m;
        break;
      }
      case ast::CanonOptKind::Realloc: {
        auto fn = core_func(f, opt.index, "the realloc option's");
        if (!fn) return fn.error();
        o.realloc = *fn;
        break;
      }
      case ast::CanonOptKind::PostReturn: {
        auto fn = core_func(f, opt.index, "the post-return option's");
        if (!fn) return fn.error();
        o.post_return = *fn;
        break;
      }
      case ast::CanonOptKind::CoreType: break;
      case ast::CanonOptKind::Async:
      case ast::CanonOptKind::Callback: return unsupported_canon("an async canonical option", opt.offset);
      case ast::CanonOptKind::Gc: return unsupported_canon("the gc canonical option", opt.offset);
    }
  }
  return o;
}

}  // namespace

Result<CanonMade> make_canon(Store& store, StoreRecords& records, Frame& frame, const ast::Canon& canon) {
  const CompiledComponent& component = *records.component;
  CanonMade made;
  switch (canon.kind) {
    case ast::CanonKind::Lift: {
      auto core = core_func(frame, canon.func_index, "the lifted");
      if (!core) return core.error();
      auto options = options_of(frame, canon);
      if (!options) return options.error();
      FuncRecord& rec = records.funcs.emplace_back();
      rec.types = component.types;
      rec.layouts = &component.layouts;
      rec.core = *core;
      rec.options = std::move(*options);
      rec.instance = frame.state;
      Item item;
      item.sort = ast::Sort::Func;
      item.func = &rec;
      made.func = item;
      return made;
    }
    case ast::CanonKind::Lower: {
      if (canon.func_index >= frame.funcs.size() || !frame.funcs[canon.func_index].func)
        return Error(ErrorKind::Invalid, "instantiation: lowered function index " + std::to_string(canon.func_index) + " out of range");
      const FuncRecord* callee = frame.funcs[canon.func_index].func;
      if (!callee->type)
        return unsupported_canon("lowering a function of a nested component instance (a component-to-component call)",
                                 canon.offset);
      auto options = options_of(frame, canon);
      if (!options) return options.error();
      const stratus::FuncType core = callee->layouts->func(*callee->type).core_type(abi::FlattenFor::Lower);
      ComponentInstanceState* caller = frame.state;
      made.core_func = stratus::Func::wrap(
          store, core,
          [callee, caller, opts = std::move(*options)](Caller& c, std::span<const stratus::Val> params,
                                                       std::span<stratus::Val> results) -> Result<void> {
            return call_lowered(c.store(), *callee, *caller, opts, params, results);
          });
      return made;
    }
    case ast::CanonKind::ResourceNew:
    case ast::CanonKind::ResourceDrop:
    case ast::CanonKind::ResourceRep: return unsupported_canon("resource.new, resource.drop and resource.rep", canon.offset);
    default: return unsupported_canon("an async canonical built-in", canon.offset);
  }
}

}  // namespace stratus::component::detail
