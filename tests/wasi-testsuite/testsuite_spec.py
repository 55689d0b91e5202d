"""A wasi-testsuite test's JSON spec, read and checked as the suite's SPECIFICATION.md and its
own runner have it: the legacy fields become the operations `run`, `read`, `wait`; an
operation-based spec keeps its `proposals`, `world` and `servers` beside the operations.
Everything the runner later relies on is checked here, so a malformed spec fails with a
reason before any process starts."""

import json
import os
import re
import signal
from dataclasses import dataclass, field

LEGACY_KEYS = {"args", "env", "root", "dirs", "exit_code", "stdout", "stderr"}
OPERATION_KEYS = {"operations", "proposals", "world", "servers"}
PROPOSALS = {"http", "sockets"}
COMMAND_WORLD = "wasi:cli/command"
SERVICE_WORLD = "wasi:http/service"
WORLDS = {COMMAND_WORLD, SERVICE_WORLD}
# The fields each operation may have (beside `type`).
OPERATION_FIELDS = {
    "run": {"args", "env", "root", "dirs"},
    "wait": {"exit_code"},
    "read": {"id", "payload"},
    "write": {"id", "payload"},
    "connect": {"id", "protocol_type"},
    "send": {"id", "payload"},
    "recv": {"id", "payload"},
    "request": {"method", "path", "headers", "body", "response"},
    "kill": {"signal"},
}
PROTOCOLS = {"tcp", "udp", "http"}
RESPONSE_FIELDS = {"status", "headers", "body"}
ENDPOINT_FIELDS = {"method", "path", "response", "mode"}
ENDPOINT_RESPONSE_FIELDS = {"status", "headers", "body", "chunks", "trailers"}
ENDPOINT_MODES = {"echo-headers", "echo-body"}
SERVER_NAME = re.compile(r"[A-Za-z0-9_]+\Z")
HTTP_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")


class SpecError(Exception):
    """A test's JSON that the runner cannot run as written."""


@dataclass
class Spec:
    operations: list
    proposals: list = field(default_factory=list)
    world: str = COMMAND_WORLD
    servers: list = field(default_factory=list)

    @property
    def served(self):
        """A wasi:http/service component is served over HTTP, not run as a command."""
        return self.world == SERVICE_WORLD


def default_spec():
    return Spec(operations=[{"type": "run"}, {"type": "wait", "exit_code": 0}])


def legacy_operations(spec):
    run = {"type": "run"}
    for key in ("args", "env", "root", "dirs"):
        if key in spec:
            run[key] = spec[key]
    ops = [run]
    for stream in ("stdout", "stderr"):
        if spec.get(stream) is not None:
            ops.append({"type": "read", "id": stream, "payload": spec[stream]})
    ops.append({"type": "wait", "exit_code": spec.get("exit_code", 0)})
    return ops


def load_spec(json_path):
    """The spec of the test whose JSON is at `json_path` (the default one when there is none)."""
    if not os.path.exists(json_path):
        return default_spec()
    with open(json_path, encoding="utf-8") as f:
        try:
            spec = json.load(f)
        except ValueError as e:
            raise SpecError(f"{os.path.basename(json_path)} is not JSON: {e}") from None
    return parse_spec(spec)


def parse_spec(spec):
    if not isinstance(spec, dict):
        raise SpecError("the spec is not a JSON object")
    unknown = set(spec) - LEGACY_KEYS - OPERATION_KEYS
    if unknown:
        raise SpecError(f"unknown spec fields {sorted(unknown)}")
    if set(spec) & OPERATION_KEYS and set(spec) & LEGACY_KEYS:
        raise SpecError("the spec mixes legacy fields with operations")
    if set(spec) & LEGACY_KEYS or not spec:
        ops = legacy_operations(spec)
        check_operations(ops)
        return Spec(operations=ops)
    proposals = spec.get("proposals", [])
    if not isinstance(proposals, list) or not all(isinstance(p, str) for p in proposals):
        raise SpecError("`proposals` must be a list of strings")
    unsupported = sorted(set(proposals) - PROPOSALS)
    if unsupported:
        raise SpecError(f"unknown proposals {unsupported} (the suite has {sorted(PROPOSALS)})")
    world = spec.get("world", COMMAND_WORLD)
    if world not in WORLDS:
        raise SpecError(f"unknown world {world!r} (the suite has {sorted(WORLDS)})")
    servers = check_servers(spec.get("servers", []))
    ops = spec.get("operations") or [{"type": "run"}, {"type": "wait"}]
    if not isinstance(ops, list):
        raise SpecError("`operations` must be a list")
    check_operations(ops)
    return Spec(operations=ops, proposals=proposals, world=world, servers=servers)


def expect_type(where, value, kind, what):
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SpecError(f"{where} must be {what}")


def check_string_map(where, value):
    expect_type(where, value, dict, "an object of strings")
    for key, item in value.items():
        expect_type(f"{where}[{key!r}]", item, str, "a string")


def check_header_map(where, value):
    check_string_map(where, value)
    for name in value:
        if not HTTP_TOKEN.match(name):
            raise SpecError(f"{where}: {name!r} is not an HTTP header name")


def check_fields(where, op, allowed):
    unknown = set(op) - allowed
    if unknown:
        raise SpecError(f"{where}: unknown fields {sorted(unknown)}")


def check_status(where, status):
    expect_type(where, status, int, "an integer")
    if not 100 <= status <= 599:
        raise SpecError(f"{where} {status} is not an HTTP status")


def check_operations(ops):
    """SPECIFICATION.md's validation rules, and each operation's own fields."""
    running = False
    connections = set()
    for number, op in enumerate(ops, 1):
        if not isinstance(op, dict):
            raise SpecError(f"operation {number} is not an object")
        kind = op.get("type")
        where = f"operation {number} ({kind})"
        if kind not in OPERATION_FIELDS:
            raise SpecError(f"operation {number}: unknown type {kind!r}")
        check_fields(where, op, OPERATION_FIELDS[kind] | {"type"})
        if kind == "run":
            if running:
                raise SpecError("a run operation before the previous run's wait")
            running = True
            expect_type(f"{where} args", op.get("args", []), list, "a list")
            for arg in op.get("args", []):
                expect_type(f"{where} args", arg, str, "a list of strings")
            check_string_map(f"{where} env", op.get("env", {}))
            if op.get("root") is not None:
                expect_type(f"{where} root", op["root"], str, "a path")
            for d in op.get("dirs", []):
                expect_type(f"{where} dirs", d, str, "a list of paths")
            continue
        if not running:
            raise SpecError(f"a {kind} operation outside run ... wait")
        if kind == "wait":
            expect_type(f"{where} exit_code", op.get("exit_code", 0), int, "an integer")
            running = False
        elif kind in ("read", "write"):
            streams = ("stdout", "stderr") if kind == "read" else ("stdin",)
            stream = op.get("id", streams[0])
            if stream not in streams:
                raise SpecError(f"{where}: stream {stream!r} is not one of {list(streams)}")
            expect_type(f"{where} payload", op.get("payload", ""), str, "a string")
        elif kind == "connect":
            conn = op.get("id", "server")
            expect_type(f"{where} id", conn, str, "a string")
            if conn in connections:
                raise SpecError(f"{where}: connection {conn!r} is already connected")
            if op.get("protocol_type", "tcp") not in PROTOCOLS:
                raise SpecError(f"{where}: protocol_type must be one of {sorted(PROTOCOLS)}")
            connections.add(conn)
        elif kind in ("send", "recv"):
            if "id" not in op:
                raise SpecError(f"{where}: `id` is required")
            if op["id"] not in connections:
                raise SpecError(f"{where}: connection {op['id']!r} was not connected before")
            expect_type(f"{where} payload", op.get("payload", ""), str, "a string")
        elif kind == "request":
            method = op.get("method", "GET")
            expect_type(f"{where} method", method, str, "a string")
            if not HTTP_TOKEN.match(method):
                raise SpecError(f"{where}: {method!r} is not an HTTP method")
            path = op.get("path", "/")
            expect_type(f"{where} path", path, str, "a string")
            if not path.startswith("/") or any(c.isspace() for c in path):
                raise SpecError(f"{where}: path {path!r} must start with / and hold no spaces")
            check_header_map(f"{where} headers", op.get("headers", {}))
            expect_type(f"{where} body", op.get("body", ""), str, "a string")
            response = op.get("response", {})
            expect_type(f"{where} response", response, dict, "an object")
            check_fields(f"{where} response", response, RESPONSE_FIELDS)
            check_status(f"{where} response status", response.get("status", 200))
            check_header_map(f"{where} response headers", response.get("headers", {}))
            if "body" in response:
                expect_type(f"{where} response body", response["body"], str, "a string")
        elif kind == "kill":
            name = op.get("signal", "SIGKILL")
            if not isinstance(name, str) or not name.startswith("SIG") or not hasattr(signal, name):
                raise SpecError(f"{where}: {name!r} is not a signal name")
    if running:
        raise SpecError("a run operation without a wait")


def check_servers(servers):
    """The `servers` list: each a name (HTTP_SERVER_<NAME>) and either `kind: closed` or
    endpoints the loopback server answers."""
    expect_type("`servers`", servers, list, "a list")
    names = set()
    for number, server in enumerate(servers, 1):
        where = f"server {number}"
        expect_type(where, server, dict, "an object")
        check_fields(where, server, {"name", "kind", "endpoints"})
        name = server.get("name")
        if not isinstance(name, str) or not SERVER_NAME.match(name):
            raise SpecError(f"{where}: name {name!r} must be letters, digits and _")
        if name.upper() in names:
            raise SpecError(f"{where}: a second server named {name!r}")
        names.add(name.upper())
        kind = server.get("kind", "endpoints")
        if kind == "closed":
            if server.get("endpoints"):
                raise SpecError(f"{where}: a closed server has no endpoints")
            continue
        if kind != "endpoints":
            raise SpecError(f"{where}: kind {kind!r} is not `closed`")
        endpoints = server.get("endpoints", [])
        expect_type(f"{where} endpoints", endpoints, list, "a list")
        for index, endpoint in enumerate(endpoints, 1):
            at = f"{where} endpoint {index}"
            expect_type(at, endpoint, dict, "an object")
            check_fields(at, endpoint, ENDPOINT_FIELDS)
            method, path = endpoint.get("method"), endpoint.get("path")
            if not isinstance(method, str) or not HTTP_TOKEN.match(method):
                raise SpecError(f"{at}: method {method!r} is not an HTTP method")
            if not isinstance(path, str) or not path.startswith("/"):
                raise SpecError(f"{at}: path {path!r} must start with /")
            if "mode" in endpoint:
                if endpoint["mode"] not in ENDPOINT_MODES:
                    raise SpecError(f"{at}: mode {endpoint['mode']!r} is not one of {sorted(ENDPOINT_MODES)}")
                if "response" in endpoint:
                    raise SpecError(f"{at}: an echo endpoint has no response")
                continue
            response = endpoint.get("response")
            expect_type(f"{at} response", response, dict, "an object")
            check_fields(f"{at} response", response, ENDPOINT_RESPONSE_FIELDS)
            check_status(f"{at} response status", response.get("status", 200))
            check_header_map(f"{at} response headers", response.get("headers", {}))
            if "body" in response and "chunks" in response:
                raise SpecError(f"{at} response: `body` and `chunks` exclude each other")
            expect_type(f"{at} response body", response.get("body", ""), str, "a string")
            chunks = response.get("chunks", [])
            expect_type(f"{at} response chunks", chunks, list, "a list of strings")
            for chunk in chunks:
                expect_type(f"{at} response chunks", chunk, str, "a list of strings")
            check_header_map(f"{at} response trailers", response.get("trailers", {}))
    return servers
