// A component-model value of any WIT type, for dynamic calls (`Func::call`, `--invoke`).
// A Val says what it is (a record knows its field names, a variant its case name), so it can
// be printed without its type; lowering one checks it against the type it is lowered as.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace stratus::component {

class Val;

// An optional payload with value semantics: copying a Val copies what it holds.
class ValBox {
 public:
  ValBox() = default;
  ValBox(Val v);  // NOLINT(google-explicit-constructor): a payload converts from its value
  ValBox(const ValBox& o);
  ValBox(ValBox&&) noexcept = default;
  ValBox& operator=(const ValBox& o);
  ValBox& operator=(ValBox&&) noexcept = default;
  ~ValBox();

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  const Val& operator*() const { return *p_; }
  const Val* operator->() const { return p_.get(); }
  Val* operator->() { return p_.get(); }
  Val& operator*() { return *p_; }
  bool operator==(const ValBox& o) const;

 private:
  std::unique_ptr<Val> p_;
};

// A resource handle as the host holds it: the index of the resource in the Store's table of
// host-held resources, and whether the host owns it or borrows it for one call.
struct ResourceHandle {
  uint32_t index = 0;
  bool own = true;
  bool operator==(const ResourceHandle&) const = default;
};

// A `stream<T>` or `future<T>` end as the host holds it: its index in the Store's table of
// host-held async ends (stratus/component/async.hpp takes it into a reader or writer).
struct StreamHandle {
  uint32_t index = 0;
  bool operator==(const StreamHandle&) const = default;
};
struct FutureHandle {
  uint32_t index = 0;
  bool operator==(const FutureHandle&) const = default;
};

// An `error-context` value: what it carries is its debug message. Lifting one from a guest
// copies the message (the guest keeps its handle); lowering one gives the guest a new handle
// in its instance's table with this message, which error-context.debug-message reads.
struct ErrorContext {
  std::string debug_message;
  bool operator==(const ErrorContext&) const = default;
};

class Val {
 public:
  struct List {
    std::vector<Val> elements;
    bool operator==(const List&) const = default;
  };
  struct Field;
  struct Record {
    std::vector<Field> fields;
    bool operator==(const Record&) const;
  };
  struct Tuple {
    std::vector<Val> elements;
    bool operator==(const Tuple&) const = default;
  };
  struct Variant {
    std::string case_name;
    ValBox payload;
    bool operator==(const Variant&) const = default;
  };
  struct Enum {
    std::string name;
    bool operator==(const Enum&) const = default;
  };
  struct Option {
    ValBox value;  // empty: none
    bool operator==(const Option&) const = default;
  };
  struct Result {
    bool is_ok = true;
    ValBox payload;
    bool operator==(const Result&) const = default;
  };
  struct Flags {
    std::vector<std::string> names;  // the flags that are set, in the type's order
    bool operator==(const Flags&) const = default;
  };

  using Storage = std::variant<bool, int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, int64_t,
                               uint64_t, float, double, char32_t, std::string, List, Record, Tuple,
                               Variant, Enum, Option, Result, Flags, ResourceHandle, StreamHandle,
                               FutureHandle, ErrorContext>;

  Val();  // false
  // One converting constructor per alternative, so the integer types stay apart:
  // `Val(uint8_t{1})` is a u8, `Val(1)` an s32. They are defined below the class, where
  // Field is complete. NOLINTBEGIN(google-explicit-constructor)
  Val(bool v);
  Val(int8_t v);
  Val(uint8_t v);
  Val(int16_t v);
  Val(uint16_t v);
  Val(int32_t v);
  Val(uint32_t v);
  Val(int64_t v);
  Val(uint64_t v);
  Val(float v);
  Val(double v);
  Val(char32_t v);
  Val(std::string v);
  Val(const char* v);
  Val(List v);
  Val(Record v);
  Val(Tuple v);
  Val(Variant v);
  Val(Enum v);
  Val(Option v);
  Val(Result v);
  Val(Flags v);
  Val(ResourceHandle v);
  Val(StreamHandle v);
  Val(FutureHandle v);
  Val(ErrorContext v);
  // NOLINTEND(google-explicit-constructor)

  const Storage& storage() const { return v_; }
  Storage& storage() { return v_; }
  template <class T>
  bool is() const {
    return std::holds_alternative<T>(v_);
  }
  template <class T>
  const T& as() const {
    return std::get<T>(v_);
  }

  // Bit-exact for floats (NaN payloads compare by bits), as tests want.
  bool operator==(const Val& o) const;

 private:
  Storage v_;
};

struct Val::Field {
  std::string name;
  Val value;
  bool operator==(const Field&) const = default;
};
inline Val::Val() : v_(false) {}
inline Val::Val(Record v) : v_(std::move(v)) {}
inline Val::Val(bool v) : v_(v) {}
inline Val::Val(int8_t v) : v_(v) {}
inline Val::Val(uint8_t v) : v_(v) {}
inline Val::Val(int16_t v) : v_(v) {}
inline Val::Val(uint16_t v) : v_(v) {}
inline Val::Val(int32_t v) : v_(v) {}
inline Val::Val(uint32_t v) : v_(v) {}
inline Val::Val(int64_t v) : v_(v) {}
inline Val::Val(uint64_t v) : v_(v) {}
inline Val::Val(float v) : v_(v) {}
inline Val::Val(double v) : v_(v) {}
inline Val::Val(char32_t v) : v_(v) {}
inline Val::Val(std::string v) : v_(std::move(v)) {}
inline Val::Val(const char* v) : v_(std::string(v)) {}
inline Val::Val(List v) : v_(std::move(v)) {}
inline Val::Val(Tuple v) : v_(std::move(v)) {}
inline Val::Val(Variant v) : v_(std::move(v)) {}
inline Val::Val(Enum v) : v_(std::move(v)) {}
inline Val::Val(Option v) : v_(std::move(v)) {}
inline Val::Val(Result v) : v_(std::move(v)) {}
inline Val::Val(Flags v) : v_(std::move(v)) {}
inline Val::Val(ResourceHandle v) : v_(v) {}
inline Val::Val(StreamHandle v) : v_(v) {}
inline Val::Val(FutureHandle v) : v_(v) {}
inline Val::Val(ErrorContext v) : v_(std::move(v)) {}
inline bool Val::Record::operator==(const Record& o) const { return fields == o.fields; }

inline ValBox::ValBox(Val v) : p_(std::make_unique<Val>(std::move(v))) {}
inline ValBox::ValBox(const ValBox& o) : p_(o.p_ ? std::make_unique<Val>(*o.p_) : nullptr) {}
inline ValBox& ValBox::operator=(const ValBox& o) {
  if (this != &o) p_ = o.p_ ? std::make_unique<Val>(*o.p_) : nullptr;
  return *this;
}
inline ValBox::~ValBox() = default;
inline bool ValBox::operator==(const ValBox& o) const {
  if (!p_ || !o.p_) return !p_ && !o.p_;
  return *p_ == *o.p_;
}

}  // namespace stratus::component
