// The decoded form of a component binary (the component model's design/mvp/Binary.md): what
// the bytes say, in the order they say it, with every index still an index into the index
// spaces of the component or type being read. Validation (component/validate/) gives those
// indices their meaning in TypeTables; the instantiator walks `Component::definitions` in
// order, since each definition may refer only to what precedes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "binary/module.hpp"
#include "component/types/types.hpp"
#include "binary/component_sort.hpp"
#include "stratus/types.hpp"

namespace stratus::component::ast {

// What an index refers to (Binary.md `sort`, with `core:sort` folded in).
using Sort = binary::ComponentSort;

struct SortIdx {
  Sort sort = Sort::Func;
  uint32_t index = 0;
};

// A `valtype`: a primitive, or the index of a defined type in the component's type space.
struct ValTypeUse {
  bool is_index = false;
  ValKind primitive = ValKind::Bool;  // !is_index: one of the primitives (is_primitive)
  uint32_t index = 0;                 // is_index: a type index
};

// An import or export name with its attributes (Binary.md `nameattributes`).
struct ExternName {
  std::string name;
  std::optional<std::string> implements;
  std::optional<std::string> version_suffix;
  std::optional<std::string> external_id;
  uint32_t offset = 0;  // where the name starts, for messages
};

// `typebound`: `(eq i)` or `(sub resource)`.
struct TypeBound {
  bool sub_resource = false;
  uint32_t eq_index = 0;  // !sub_resource
};

// `externdesc`: what an import (or an ascribed export) is.
enum class DescKind : uint8_t { CoreModule, Func, Value, Type, Component, Instance };
struct ExternDesc {
  DescKind kind = DescKind::Func;
  uint32_t index = 0;  // CoreModule: core type; Func, Component, Instance: type index
  ValTypeUse value;    // Value
  TypeBound bound;     // Type
};

// ---- Core types (core type section and module types) ----

// What a core import or a module-type export describes.
struct CoreImportDesc {
  CoreExternKind kind = CoreExternKind::Func;
  uint32_t type_index = 0;  // Func, Tag: a core type index
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct CoreModuleDecl {
  enum class Kind : uint8_t { Import, Type, OuterAlias, Export };
  Kind kind = Kind::Type;
  std::string module;  // Import
  std::string name;    // Import, Export
  CoreImportDesc desc; // Import, Export
  stratus::FuncType func;   // Type (core function types are the only core types decoded)
  uint32_t outer_count = 0; // OuterAlias (of a core type)
  uint32_t outer_index = 0;
  uint32_t offset = 0;
};

struct CoreTypeDef {
  bool is_module = false;
  stratus::FuncType func;              // !is_module
  std::vector<CoreModuleDecl> module;  // is_module
  uint32_t offset = 0;
};

// ---- Component-level types ----

struct NamedValType {
  std::string name;
  ValTypeUse type;
};
struct VariantCaseDef {
  std::string name;
  std::optional<ValTypeUse> type;
};

// `defvaltype`.
struct DefinedType {
  ValKind kind = ValKind::Bool;  // a primitive, or Record .. Future
  std::vector<NamedValType> fields;    // Record
  std::vector<VariantCaseDef> cases;   // Variant
  std::vector<ValTypeUse> types;       // Tuple
  std::vector<std::string> names;      // Flags, Enum
  std::optional<ValTypeUse> element;   // List, Option (some), Result (ok), Stream, Future
  std::optional<ValTypeUse> error;     // Result (err)
  std::optional<uint32_t> length;      // List: a fixed-length `list<T, N>`
  uint32_t resource = 0;               // Own, Borrow: the resource's type index
};

struct FuncTypeDef {
  std::vector<NamedValType> params;
  std::optional<ValTypeUse> result;
  bool async = false;
};

struct ResourceTypeDef {
  stratus::ValType rep = stratus::ValType::I32;
  std::optional<uint32_t> dtor;  // a core function index
};

struct TypeDecl;

// `deftype`.
struct TypeDef {
  enum class Kind : uint8_t { Defined, Func, Component, Instance, Resource };
  Kind kind = Kind::Defined;
  DefinedType defined;
  FuncTypeDef func;
  std::vector<TypeDecl> decls;  // Component, Instance: the declarations, in order
  ResourceTypeDef resource;
  uint32_t offset = 0;
};

struct Alias {
  enum class Kind : uint8_t { InstanceExport, CoreInstanceExport, Outer };
  Kind kind = Kind::InstanceExport;
  Sort sort = Sort::Func;
  uint32_t instance = 0;  // InstanceExport, CoreInstanceExport
  std::string name;       // InstanceExport, CoreInstanceExport
  uint32_t outer_count = 0;  // Outer
  uint32_t outer_index = 0;  // Outer
  uint32_t offset = 0;
};

struct Import {
  ExternName name;
  ExternDesc desc;
  uint32_t offset = 0;
};

// `componentdecl` / `instancedecl` (an instance type has no imports).
struct TypeDecl {
  enum class Kind : uint8_t { CoreType, Type, Alias, Export, Import };
  Kind kind = Kind::Type;
  CoreTypeDef core_type;  // CoreType
  TypeDef type;           // Type
  ast::Alias alias;       // Alias
  ExternName name;        // Export, Import
  ExternDesc desc;        // Export, Import
  uint32_t offset = 0;
};

// ---- Definitions ----

struct CoreInstance {
  struct Arg {
    std::string name;
    uint32_t instance = 0;  // a core instance index
  };
  struct InlineExport {
    std::string name;
    SortIdx item;  // a core sort
  };
  bool inline_exports = false;
  uint32_t module = 0;                 // !inline_exports: a core module index
  std::vector<Arg> args;               // !inline_exports
  std::vector<InlineExport> exports;   // inline_exports
  uint32_t offset = 0;
};

struct Instance {
  struct Arg {
    std::string name;
    SortIdx item;
  };
  struct InlineExport {
    ExternName name;
    SortIdx item;
  };
  bool inline_exports = false;
  uint32_t component = 0;              // !inline_exports: a component index
  std::vector<Arg> args;
  std::vector<InlineExport> exports;
  uint32_t offset = 0;
};

enum class CanonOptKind : uint8_t {
  Utf8,
  Utf16,
  Latin1Utf16,
  Memory,      // index: core memory
  Realloc,     // index: core func
  PostReturn,  // index: core func
  Async,
  Callback,    // index: core func
  CoreType,    // index: core type
  Gc,
};
struct CanonOpt {
  CanonOptKind kind = CanonOptKind::Utf8;
  uint32_t index = 0;
  uint32_t offset = 0;
};

enum class CanonKind : uint8_t {
  Lift,          // func_index: core func; type_index: component func type
  Lower,         // func_index: component func
  ResourceNew,   // type_index: the resource
  ResourceDrop,
  ResourceRep,
  // The async builtins, decoded so that components using them validate; they run later.
  BackpressureInc,
  BackpressureDec,
  TaskReturn,    // result, options
  TaskCancel,
  ContextGet,    // core_type, slot
  ContextSet,
  SubtaskDrop,
  SubtaskCancel, // flag: async
  StreamNew,     // type_index: the stream type
  StreamRead,    // type_index, options
  StreamWrite,
  StreamCancelRead,   // type_index, flag: async
  StreamCancelWrite,
  StreamDropReadable, // type_index
  StreamDropWritable,
  FutureNew,
  FutureRead,
  FutureWrite,
  FutureCancelRead,
  FutureCancelWrite,
  FutureDropReadable,
  FutureDropWritable,
  ErrorContextNew,          // options
  ErrorContextDebugMessage, // options
  ErrorContextDrop,
  WaitableSetNew,
  WaitableSetWait,   // flag: cancellable, memory
  WaitableSetPoll,
  WaitableSetDrop,
  WaitableJoin,
  ThreadYield,       // flag: cancellable
  ThreadIndex,
  ThreadNewIndirect, // type_index: core func type, table
  ThreadResumeLater,
  ThreadSuspend,     // flag: cancellable
  ThreadSuspendThenResume,
  ThreadYieldThenResume,
  ThreadSuspendThenPromote,
  ThreadYieldThenPromote,
  ThreadSpawnRef,       // type_index: core func type
  ThreadSpawnIndirect,  // type_index, table
  ThreadAvailableParallelism,
};

struct Canon {
  CanonKind kind = CanonKind::Lift;
  uint32_t func_index = 0;
  uint32_t type_index = 0;
  std::vector<CanonOpt> options;
  std::optional<ValTypeUse> result;  // TaskReturn
  bool flag = false;                 // async or cancellable, per kind
  uint32_t memory = 0;               // WaitableSetWait/Poll
  uint32_t table = 0;                // ThreadNewIndirect, ThreadSpawnIndirect
  stratus::ValType core_type = stratus::ValType::I32;  // ContextGet/Set
  uint32_t slot = 0;                 // ContextGet/Set
  uint32_t offset = 0;
};

struct Start {
  uint32_t func = 0;
  std::vector<uint32_t> args;  // value indices
  uint32_t results = 0;
  uint32_t offset = 0;
};

struct Export {
  ExternName name;
  SortIdx item;
  std::optional<ExternDesc> ascribed;
  uint32_t offset = 0;
};

struct Value {
  ValTypeUse type;
  std::vector<uint8_t> bytes;  // the encoded value
  uint32_t offset = 0;
};

struct CustomSection {
  std::string name;
  std::vector<uint8_t> data;
};

struct Component;

// One definition, in binary order: its kind and its index in the Component vector of that kind.
enum class DefKind : uint8_t {
  CoreModule,
  CoreInstance,
  CoreType,
  Component,
  Instance,
  Alias,
  Type,
  Canon,
  Start,
  Import,
  Export,
  Value,
};
struct Definition {
  DefKind kind = DefKind::Import;
  uint32_t index = 0;
};

struct Component {
  std::vector<Definition> definitions;
  std::vector<stratus::binary::Module> core_modules;  // decoded by the core decoder
  std::vector<CoreInstance> core_instances;
  std::vector<CoreTypeDef> core_types;
  std::vector<Component> components;  // nested
  std::vector<Instance> instances;
  std::vector<Alias> aliases;
  std::vector<TypeDef> types;
  std::vector<Canon> canons;
  std::vector<Start> starts;
  std::vector<Import> imports;
  std::vector<Export> exports;
  std::vector<Value> values;
  std::vector<CustomSection> customs;
  uint32_t offset = 0;  // where the component's preamble starts in the top-level binary
};

}  // namespace stratus::component::ast
