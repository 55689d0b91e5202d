"""WIT names into C++ names (docs/wit-bindings.md, "Names")."""

CPP_KEYWORDS = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
    "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const",
    "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return",
    "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int",
    "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "return",
    "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
    "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
    "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    # Macros of the C library that a name must not spell.
    "errno", "assert", "offsetof", "setjmp", "va_arg", "EOF", "NULL",
}


def _keyword_safe(name):
    return name + "_" if name in CPP_KEYWORDS else name


def snake(*wit_names):
    """`last-operation-failed` -> `last_operation_failed`, `DNS-timeout` -> `dns_timeout`; several
    names join with `_` before the keyword check (`fields`, `delete` -> `fields_delete`)."""
    return _keyword_safe("_".join(n.replace("-", "_").replace(":", "_").lower() for n in wit_names))


def pascal(wit_name):
    """`stream-error` -> `StreamError`, `DNS-error-payload` -> `DnsErrorPayload`."""
    return _keyword_safe("".join(w[:1].upper() + w[1:].lower() for w in wit_name.replace(":", "-").split("-")))


def namespace_of_package(pkg_name):
    """`wasi:io` -> ["wasi", "io"] (nested `a:b:c` names give more parts)."""
    return [snake(pkg_name.namespace)] + [snake(p) for p in pkg_name.name.split(":")]


def cpp_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
