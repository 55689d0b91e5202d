#include "component/instantiate/canon.hpp"

#include <string>

#include "component/api/compiled_component.hpp"
#include "component/instantiate/async_canon.hpp"
#include "component/instantiate/async_lower.hpp"
#include "component/instantiate/call.hpp"
#include "component/instantiate/instantiate.hpp"
#include "embed/raw_host_func.hpp"

namespace stratus::component::detail {

namespace {

Error unsupported_canon(const char* what, uint32_t offset) {
  return Error(ErrorKind::Link, std::string("cannot instantiate: ") + what + " (at offset " + std::to_string(offset) +
                                    ") is not supported yet");
}

Result<stratus::Func> core_func(const Frame& f, uint32_t index, const char* role) {
  if (index >= f.core_funcs.size())
    return Error(ErrorKind::Invalid, std::string("instantiation: ") + role + " core function index " +
                                         std::to_string(index) + " out of range");
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
          return Error(ErrorKind::Invalid,
                       "instantiation: core memory index " + std::to_string(opt.index) + " out of range");
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
      case ast::CanonOptKind::Async: o.async = true; break;
      case ast::CanonOptKind::Callback: {
        auto fn = core_func(f, opt.index, "the callback option's");
        if (!fn) return fn.error();
        o.callback = *fn;
        break;
      }
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
      const auto& own = frame.closure.compiled->own_types;
      rec.types = own ? own->types : component.types;
      rec.layouts = own ? own->layouts.get() : component.layouts.get();
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
        return Error(ErrorKind::Invalid,
                     "instantiation: lowered function index " + std::to_string(canon.func_index) + " out of range");
      const FuncRecord* callee = frame.funcs[canon.func_index].func;
      if (!callee->type)
        return unsupported_canon("lowering a function of a nested component instance (a component-to-component call)",
                                 canon.offset);
      auto options = options_of(frame, canon);
      if (!options) return options.error();
      if (options->async) {
        auto lowered = make_async_lower(store, *callee, *frame.state, std::move(*options), canon.offset);
        if (!lowered) return lowered.error();
        made.core_func = *lowered;
        return made;
      }
      const stratus::FuncType* core = find_lowered(records.pre->lowered, callee->layouts, *callee->type);
      if (!core)
        core = stratus::detail::intern_func_type(
            store.engine(), callee->layouts->func(*callee->type).core_type(abi::FlattenFor::Lower));
      const LoweredImport& lowered =
          records.lowered_imports.emplace_back(LoweredImport{callee, frame.state, std::move(*options)});
      made.core_func = stratus::detail::wrap_raw(
          store, core,
          [](const void* context, Caller& c, std::span<const stratus::Val> params,
             std::span<stratus::Val> results) -> Result<void> {
            const auto& l = *static_cast<const LoweredImport*>(context);
            return call_lowered(c.store(), *l.callee, *l.caller, l.options, params, results);
          },
          &lowered);
      return made;
    }
    case ast::CanonKind::ResourceNew:
    case ast::CanonKind::ResourceDrop:
    case ast::CanonKind::ResourceRep: {
      if (canon.type_index >= frame.types.size() || !frame.types[canon.type_index].resource)
        return Error(ErrorKind::Invalid,
                     "instantiation: type " + std::to_string(canon.type_index) + " is not a resource");
      const ResourceCanon& rc =
          records.resource_canons.emplace_back(ResourceCanon{frame.types[canon.type_index].resource, frame.state});
      if (canon.kind == ast::CanonKind::ResourceNew) {
        made.core_func = stratus::detail::wrap_raw(
            store, records.pre->i32_to_i32,
            [](const void* context, Caller&, std::span<const stratus::Val> params,
               std::span<stratus::Val> results) -> Result<void> {
              const auto& r = *static_cast<const ResourceCanon*>(context);
              auto h =
                  abi::resource_new(r.state->flags, r.state->handles, *r.type, static_cast<uint32_t>(params[0].i32()));
              if (!h) return h.error();
              results[0] = stratus::Val::i32(static_cast<int32_t>(*h));
              return {};
            },
            &rc);
      } else if (canon.kind == ast::CanonKind::ResourceRep) {
        made.core_func = stratus::detail::wrap_raw(
            store, records.pre->i32_to_i32,
            [](const void* context, Caller&, std::span<const stratus::Val> params,
               std::span<stratus::Val> results) -> Result<void> {
              const auto& r = *static_cast<const ResourceCanon*>(context);
              auto rep = abi::resource_rep(r.state->handles, *r.type, static_cast<uint32_t>(params[0].i32()));
              if (!rep) return rep.error();
              results[0] = stratus::Val::i32(static_cast<int32_t>(*rep));
              return {};
            },
            &rc);
      } else {
        made.core_func = stratus::detail::wrap_raw(
            store, records.pre->i32_to_none,
            [](const void* context, Caller&, std::span<const stratus::Val> params,
               std::span<stratus::Val>) -> Result<void> {
              const auto& r = *static_cast<const ResourceCanon*>(context);
              return abi::resource_drop(r.state->flags, r.state->handles, *r.type,
                                        static_cast<uint32_t>(params[0].i32()));
            },
            &rc);
      }
      return made;
    }
    default: {
      auto options = options_of(frame, canon);
      if (!options) return options.error();
      auto builtin = make_async_builtin(store, records, frame, canon, std::move(*options));
      if (!builtin) return builtin.error();
      made.core_func = *builtin;
      return made;
    }
  }
}

Result<const abi::RuntimeResourceType*> make_resource_type(Store& store, StoreRecords& records, const Frame& frame,
                                                           const ast::TypeDef& def) {
  abi::RuntimeResourceType& rt = records.resource_types.emplace_back();
  rt.impl = &frame.state->flags;
  if (def.resource.dtor) {
    auto dtor = core_func(frame, *def.resource.dtor, "the resource destructor");
    if (!dtor) return dtor.error();
    Store* s = &store;  // the records live in the Store, so it outlives the destructor
    rt.destructor = [s, f = *dtor](uint32_t rep) -> Result<void> {
      uint64_t cells[1] = {rep};
      return stratus::detail::call_cells(*s, f.raw(), cells);
    };
  }
  return &rt;
}

}  // namespace stratus::component::detail
