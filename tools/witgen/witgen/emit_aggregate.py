"""A package's or world's add_to_linker: its interfaces in dependency order, one Host each."""
from .cpp_types import header_path, interface_namespace, package_parts
from .emit_interface import GENERATED, RESULT, STORE
from .names import namespace_of_package, snake
from .resolve import add_with_deps


def package_interfaces(pkg):
    ordered = []
    for iface in pkg.interfaces.values():
        add_with_deps(iface, ordered)
    return [i for i in ordered if i.package is pkg]


def member_names(ifaces, within_package):
    if within_package:
        return [snake(i.name) for i in ifaces]
    short = [f"{snake(i.package.name.name)}_{snake(i.name)}" for i in ifaces]
    if len(set(short)) == len(short):
        return short
    return ["_".join(namespace_of_package(i.package.name) + [snake(i.name)]) for i in ifaces]


def aggregate_path(pkg, world=None):
    parts = ["wit"] + package_parts(pkg)
    if world is not None:
        parts.append(snake(world.name))
    return "/".join(parts)


def emit(pkg, ifaces, source_label, world=None):
    """(header, source) for the package (world None) or one of its worlds."""
    ns_parts = ["stratus", "wit"] + package_parts(pkg) + ([snake(world.name)] if world else [])
    ns = "::".join(ns_parts)
    members = member_names(ifaces, world is None)
    what = f"world `{pkg.name.unversioned()}/{world.name}`" if world else f"package `{pkg.name}`"
    path = aggregate_path(pkg, world)
    h = [GENERATED.format(src=source_label), "#pragma once\n\n#include <functional>\n\n",
         '#include "stratus/component/bindings.hpp"\n#include "stratus/component/linker.hpp"\n']
    h += [f'#include "{header_path(i)}"\n' for i in ifaces]
    h.append(f"\nnamespace {ns} {{\n\n")
    h.append(f"// The hosts of the {what}'s imports{', with the interfaces they use' if world else ''}: "
             "one getter per interface.\nstruct Hosts {\n")
    for m, i in zip(members, ifaces):
        h.append(f"  ::std::function<::{'::'.join(interface_namespace(i))}::Host&({STORE}&)> {m};\n")
    h.append("};\n\n")
    h.append("// Adds every interface of `hosts` in dependency order. An unset getter is an ErrorKind::Link error,\n"
             "// found before anything is added.\n")
    h.append(f"{RESULT}<void> add_to_linker(::stratus::component::Linker& linker, "
             "::stratus::component::bindings::ResourceTypes& types,\n"
             "                           const Hosts& hosts);\n\n")
    h.append(f"}}  // namespace {ns}\n")
    s = [GENERATED.format(src=source_label), f'#include "{path}.hpp"\n\n', f"namespace {ns} {{\n\n",
         f"{RESULT}<void> add_to_linker(::stratus::component::Linker& linker, "
         "::stratus::component::bindings::ResourceTypes& types,\n"
         "                           const Hosts& hosts) {\n"]
    # Every getter is checked before anything is added, so a missing one leaves the linker as it was.
    for m, i in zip(members, ifaces):
        s.append(f"  if (!hosts.{m}) {{\n    return ::stratus::Error(::stratus::ErrorKind::Link, "
                 f"\"{what}: no host for {i.qualified()} (set Hosts::{m})\");\n  }}\n")
    for m, i in zip(members, ifaces):
        s.append(f"  if (auto r = ::{'::'.join(interface_namespace(i))}::add_to_linker(linker, types, hosts.{m}); !r) "
                 "return r;\n")
    s.append("  return {};\n}\n\n")
    s.append(f"}}  // namespace {ns}\n")
    return path, "".join(h), "".join(s)
