#!/usr/bin/env python3
"""Unit tests of testsuite_spec.py: how the runner reads a test's JSON (CTest
wasi_testsuite.spec_unit). The specs are shaped like the suite's own (wasm32-wasip3)."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testsuite_spec import SpecError, load_spec, parse_spec  # noqa: E402


def service(operations, **extra):
    return {"proposals": ["http"], "world": "wasi:http/service", "operations": operations, **extra}


class LegacySpecs(unittest.TestCase):
    def test_legacy_fields_become_run_read_wait(self):
        spec = parse_spec({"args": ["a"], "env": {"K": "V"}, "root": "fs-tests.dir",
                           "stdout": "hi", "exit_code": 3})
        self.assertEqual(spec.operations, [
            {"type": "run", "args": ["a"], "env": {"K": "V"}, "root": "fs-tests.dir"},
            {"type": "read", "id": "stdout", "payload": "hi"},
            {"type": "wait", "exit_code": 3}])
        self.assertFalse(spec.served)
        self.assertEqual(spec.proposals, [])

    def test_no_json_is_run_then_wait_for_zero(self):
        with tempfile.TemporaryDirectory() as d:
            spec = load_spec(os.path.join(d, "missing.json"))
        self.assertEqual(spec.operations, [{"type": "run"}, {"type": "wait", "exit_code": 0}])

    def test_broken_json_is_a_spec_error(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.json")
            with open(path, "w") as f:
                f.write('{"operations": [')
            with self.assertRaisesRegex(SpecError, "t.json is not JSON"):
                load_spec(path)

    def test_mixing_legacy_and_operations_is_refused(self):
        with self.assertRaisesRegex(SpecError, "mixes legacy"):
            parse_spec({"args": [], "operations": []})


class OperationSpecs(unittest.TestCase):
    def test_service_with_servers(self):
        spec = parse_spec(service(
            [{"type": "run"},
             {"type": "request", "method": "GET", "path": "/", "response": {"status": 200}},
             {"type": "kill", "signal": "SIGINT"}, {"type": "wait"}],
            servers=[{"name": "main", "endpoints": [
                         {"method": "GET", "path": "/chunked",
                          "response": {"status": 200, "chunks": ["one", "two"],
                                       "trailers": {"x-parts": "1"}}},
                         {"method": "POST", "path": "/echo", "mode": "echo-body"}]},
                     {"name": "dead", "kind": "closed"}]))
        self.assertTrue(spec.served)
        self.assertEqual(spec.proposals, ["http"])
        self.assertEqual([s["name"] for s in spec.servers], ["main", "dead"])
        self.assertEqual([op["type"] for op in spec.operations], ["run", "request", "kill", "wait"])

    def test_sockets_connect_send_recv(self):
        spec = parse_spec({"proposals": ["sockets"], "operations": [
            {"type": "run"}, {"type": "connect", "id": "echo-server", "protocol_type": "tcp"},
            {"type": "send", "id": "echo-server", "payload": "Hello"},
            {"type": "recv", "id": "echo-server", "payload": "Hello"}, {"type": "wait"}]})
        self.assertEqual(spec.proposals, ["sockets"])
        self.assertFalse(spec.served)

    def test_empty_operations_default_to_run_wait(self):
        self.assertEqual(parse_spec({"proposals": ["http"]}).operations,
                         [{"type": "run"}, {"type": "wait"}])

    def test_validation_rules(self):
        cases = {
            "a run operation without a wait": [{"type": "run"}],
            "a read operation outside run": [{"type": "read"}, {"type": "run"}, {"type": "wait"}],
            "before the previous run's wait": [{"type": "run"}, {"type": "run"}, {"type": "wait"}],
            "already connected": [{"type": "run"}, {"type": "connect"}, {"type": "connect"},
                                  {"type": "wait"}],
            "'other' was not connected": [{"type": "run"}, {"type": "connect"},
                                          {"type": "send", "id": "other"}, {"type": "wait"}],
            "`id` is required": [{"type": "run"}, {"type": "connect"}, {"type": "recv"},
                                 {"type": "wait"}],
            "unknown type 'sleep'": [{"type": "run"}, {"type": "sleep"}, {"type": "wait"}],
            "stream 'stdin' is not one of": [{"type": "run"}, {"type": "read", "id": "stdin"},
                                             {"type": "wait"}],
            "'SIGNOPE' is not a signal name": [{"type": "run"}, {"type": "kill", "signal": "SIGNOPE"},
                                               {"type": "wait"}],
            "must start with /": [{"type": "run"}, {"type": "request", "path": "x"}, {"type": "wait"}],
            "999 is not an HTTP status": [{"type": "run"},
                                          {"type": "request", "response": {"status": 999}},
                                          {"type": "wait"}],
            "unknown fields \\['timeout'\\]": [{"type": "run"}, {"type": "wait", "timeout": 3}],
            "exit_code must be an integer": [{"type": "run"}, {"type": "wait", "exit_code": "0"}],
        }
        for message, ops in cases.items():
            with self.subTest(message=message), self.assertRaisesRegex(SpecError, message):
                parse_spec({"operations": ops})

    def test_bad_top_level_fields(self):
        ops = [{"type": "run"}, {"type": "wait"}]
        with self.assertRaisesRegex(SpecError, "unknown proposals \\['threads'\\]"):
            parse_spec({"proposals": ["threads"], "operations": ops})
        with self.assertRaisesRegex(SpecError, "unknown world 'wasi:cli/reactor'"):
            parse_spec({"world": "wasi:cli/reactor", "operations": ops})
        with self.assertRaisesRegex(SpecError, "unknown spec fields \\['servrs'\\]"):
            parse_spec({"servrs": [], "operations": ops})

    def test_bad_servers(self):
        ops = [{"type": "run"}, {"type": "wait"}]
        cases = {
            "name 'a-b' must be letters": [{"name": "a-b", "kind": "closed"}],
            "a second server named 'MAIN'": [{"name": "main", "kind": "closed"},
                                            {"name": "MAIN", "kind": "closed"}],
            "a closed server has no endpoints": [{"name": "x", "kind": "closed", "endpoints": [
                {"method": "GET", "path": "/", "response": {}}]}],
            "mode 'echo' is not one of": [{"name": "x", "endpoints": [
                {"method": "GET", "path": "/", "mode": "echo"}]}],
            "`body` and `chunks` exclude each other": [{"name": "x", "endpoints": [
                {"method": "GET", "path": "/", "response": {"body": "a", "chunks": ["b"]}}]}],
            "'bad name' is not an HTTP header name": [{"name": "x", "endpoints": [
                {"method": "GET", "path": "/", "response": {"headers": {"bad name": "v"}}}]}],
        }
        for message, servers in cases.items():
            with self.subTest(message=message), self.assertRaisesRegex(SpecError, message):
                parse_spec(service(ops, servers=servers))


if __name__ == "__main__":
    unittest.main()
