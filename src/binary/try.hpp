// Early-return helpers for Result-returning code in the binary layer.
#pragma once

// Evaluates `expr` (a Result<T>); on error returns the error from the enclosing function,
// otherwise declares `var` holding the value.
#define STRATUS_TRY_CONCAT_(a, b) a##b
#define STRATUS_TRY_NAME_(line) STRATUS_TRY_CONCAT_(stratus_try_result_, line)
#define STRATUS_TRY_IMPL_(tmp, var, expr) \
  auto tmp = (expr);                      \
  if (!tmp.ok()) return tmp.error();      \
  var = std::move(tmp).value()
#define STRATUS_TRY(var, expr) STRATUS_TRY_IMPL_(STRATUS_TRY_NAME_(__LINE__), var, expr)

// For Result<void>.
#define STRATUS_CHECK(expr)                       \
  do {                                            \
    auto stratus_check_result_ = (expr);          \
    if (!stratus_check_result_.ok()) return stratus_check_result_.error(); \
  } while (0)
