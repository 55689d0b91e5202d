// The component model's types as validation resolves them: one TypeTables per compiled
// top-level component (its nested components included), read by the canonical ABI, the
// instantiator, the linker and the WIT printer. The binary format's type definitions are
// syntax (indices into the index spaces of the component being read); these are their
// meaning, with every index already resolved.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stratus/types.hpp"

namespace stratus::component {

// The kind of a value type. The primitives come first, in the order of their binary
// encodings (0x7f bool .. 0x73 string, then 0x64 error-context); the rest index the
// TypeTables vector of their kind.
enum class ValKind : uint8_t {
  Bool,
  S8,
  U8,
  S16,
  U16,
  S32,
  U32,
  S64,
  U64,
  F32,
  F64,
  Char,
  String,
  ErrorContext,
  Record,   // TypeTables::records
  Variant,  // variants
  List,     // lists
  Tuple,    // tuples
  Flags,    // flags
  Enum,     // enums
  Option,   // options
  Result,   // results
  Own,      // resources: the resource owned
  Borrow,   // resources: the resource borrowed
  Stream,   // streams
  Future,   // futures
};

inline constexpr bool is_primitive(ValKind k) { return k <= ValKind::ErrorContext; }
// The kind's WIT spelling: `u32`, `error-context`, `record`, `own`, ...
const char* kind_name(ValKind k);

// A value type: a kind and, unless primitive, an index into the TypeTables of its kind.
struct ValType {
  ValKind kind = ValKind::Bool;
  uint32_t index = 0;
  bool operator==(const ValType&) const = default;
};

struct Field {
  std::string name;
  ValType type;
};
struct RecordType {
  std::vector<Field> fields;
};

struct Case {
  std::string name;
  std::optional<ValType> type;
};
struct VariantType {
  std::vector<Case> cases;
};

struct ListType {
  ValType element;
  std::optional<uint32_t> length;  // a fixed-length list, `list<T, N>`
};

struct TupleType {
  std::vector<ValType> types;
};

struct FlagsType {
  std::vector<std::string> names;
};

struct EnumType {
  std::vector<std::string> names;
};

struct OptionType {
  ValType some;
};

struct ResultType {
  std::optional<ValType> ok;
  std::optional<ValType> err;
};

struct StreamType {
  std::optional<ValType> element;
};

struct FutureType {
  std::optional<ValType> value;
};

// A resource type. Resource types are generative: each definition, each abstract import and
// each instantiation of a definition is a type of its own, so identity is the index. (Some
// entries are the aliases validation used for naming; no type refers to them afterwards.)
struct ResourceTypeEntry {
  std::string name;  // the name it was first imported or exported under, for messages
  // Defined by a `(type (resource (rep i32) ...))` of a concrete component, as opposed to an
  // abstract `(sub resource)` import or export bound from outside.
  bool defined = false;
};

struct Param {
  std::string name;
  ValType type;
};
struct FuncType {
  std::vector<Param> params;
  std::optional<ValType> result;
  bool async = false;
};

struct FuncTypeId {
  uint32_t index = 0;
  bool operator==(const FuncTypeId&) const = default;
};
struct InstanceTypeId {
  uint32_t index = 0;
  bool operator==(const InstanceTypeId&) const = default;
};
struct ComponentTypeId {
  uint32_t index = 0;
  bool operator==(const ComponentTypeId&) const = default;
};
struct CoreModuleTypeId {
  uint32_t index = 0;
  bool operator==(const CoreModuleTypeId&) const = default;
};
struct ResourceId {
  uint32_t index = 0;
  bool operator==(const ResourceId&) const = default;
};

// An entry of the component-level type index space.
enum class TypeKind : uint8_t { Value, Func, Resource, Instance, Component };
struct AnyType {
  TypeKind kind = TypeKind::Value;
  ValType value;        // Value
  uint32_t index = 0;   // Func, Resource, Instance, Component: the TypeTables index
  bool operator==(const AnyType&) const = default;
};

// What a component import or export is.
enum class ExternKind : uint8_t { CoreModule, Func, Value, Type, Instance, Component };
struct ExternType {
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;  // CoreModule, Func, Instance, Component: the TypeTables index
  ValType value;       // Value
  AnyType type;        // Type: the type the name stands for
};

struct NamedExtern {
  std::string name;
  ExternType type;
};

struct InstanceType {
  std::vector<NamedExtern> exports;
  // The abstract resources the type's `(export "r" (type (sub resource)))` declarations
  // introduce: each instance of the type has resources of its own in their place.
  std::vector<uint32_t> defined_resources = {};
};

struct ComponentType {
  std::vector<NamedExtern> imports;
  std::vector<NamedExtern> exports;
  // The abstract resources its imports introduce (bound by each instantiation's arguments)
  // and the ones its exports introduce (fresh for each instance).
  std::vector<uint32_t> imported_resources = {};
  std::vector<uint32_t> defined_resources = {};
};

// Core wasm, as component-level core module and instance types speak of it.
enum class CoreExternKind : uint8_t { Func, Table, Memory, Global, Tag };
struct CoreExternType {
  CoreExternKind kind = CoreExternKind::Func;
  stratus::FuncType func;  // Func, and Tag's parameters
  TableType table;
  MemoryType memory;
  GlobalType global;
};
struct CoreImport {
  std::string module;
  std::string name;
  CoreExternType type;
};
struct CoreExport {
  std::string name;
  CoreExternType type;
};
struct CoreModuleType {
  std::vector<CoreImport> imports;
  std::vector<CoreExport> exports;
};

// Every type of one top-level component. Types are appended, never removed, so an index
// stays valid for the life of the component.
struct TypeTables {
  std::vector<RecordType> records;
  std::vector<VariantType> variants;
  std::vector<ListType> lists;
  std::vector<TupleType> tuples;
  std::vector<FlagsType> flags;
  std::vector<EnumType> enums;
  std::vector<OptionType> options;
  std::vector<ResultType> results;
  std::vector<StreamType> streams;
  std::vector<FutureType> futures;
  std::vector<ResourceTypeEntry> resources;
  std::vector<FuncType> funcs;
  std::vector<InstanceType> instances;
  std::vector<ComponentType> components;
  std::vector<CoreModuleType> core_modules;
  // The value type an async built-in names, by the canon definition's offset: a stream or
  // future built-in's stream<T>/future<T>, task.return's result (absent: none).
  std::map<uint32_t, std::optional<ValType>> canon_value_types;

  const RecordType& record(ValType t) const { return records[t.index]; }
  const VariantType& variant(ValType t) const { return variants[t.index]; }
  const ListType& list(ValType t) const { return lists[t.index]; }
  const TupleType& tuple(ValType t) const { return tuples[t.index]; }
  const FlagsType& flags_of(ValType t) const { return flags[t.index]; }
  const EnumType& enum_of(ValType t) const { return enums[t.index]; }
  const OptionType& option(ValType t) const { return options[t.index]; }
  const ResultType& result(ValType t) const { return results[t.index]; }
  const FuncType& func(FuncTypeId id) const { return funcs[id.index]; }
  const InstanceType& instance(InstanceTypeId id) const { return instances[id.index]; }
  const ComponentType& component(ComponentTypeId id) const { return components[id.index]; }

  ValType add(RecordType t) { return push(records, std::move(t), ValKind::Record); }
  ValType add(VariantType t) { return push(variants, std::move(t), ValKind::Variant); }
  ValType add(ListType t) { return push(lists, std::move(t), ValKind::List); }
  ValType add(TupleType t) { return push(tuples, std::move(t), ValKind::Tuple); }
  ValType add(FlagsType t) { return push(flags, std::move(t), ValKind::Flags); }
  ValType add(EnumType t) { return push(enums, std::move(t), ValKind::Enum); }
  ValType add(OptionType t) { return push(options, std::move(t), ValKind::Option); }
  ValType add(ResultType t) { return push(results, std::move(t), ValKind::Result); }
  ValType add(StreamType t) { return push(streams, std::move(t), ValKind::Stream); }
  ValType add(FutureType t) { return push(futures, std::move(t), ValKind::Future); }
  FuncTypeId add(FuncType t) { return FuncTypeId{push_index(funcs, std::move(t))}; }
  InstanceTypeId add(InstanceType t) { return InstanceTypeId{push_index(instances, std::move(t))}; }
  ComponentTypeId add(ComponentType t) { return ComponentTypeId{push_index(components, std::move(t))}; }
  CoreModuleTypeId add(CoreModuleType t) { return CoreModuleTypeId{push_index(core_modules, std::move(t))}; }
  ResourceId add(ResourceTypeEntry t) { return ResourceId{push_index(resources, std::move(t))}; }

 private:
  template <class T>
  static uint32_t push_index(std::vector<T>& v, T t) {
    v.push_back(std::move(t));
    return static_cast<uint32_t>(v.size() - 1);
  }
  template <class T>
  static ValType push(std::vector<T>& v, T t, ValKind kind) {
    return ValType{kind, push_index(v, std::move(t))};
  }
};

// Whether two value types of one TypeTables are the same type: structurally, as the spec
// compares them, not by index (`(result)` written twice is two entries of one type).
// Resources compare by identity.
bool same_val_type(const TypeTables& types, ValType a, ValType b);

}  // namespace stratus::component
