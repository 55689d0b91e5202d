#include "json_script.hpp"

#include <exception>
#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/wast/expectation.hpp"
#include "values.hpp"

namespace spectest {

using nlohmann::json;
using stratus::text::Command;
using stratus::wast::ScriptFormatError;
using Type = Command::Type;

namespace {

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScriptFormatError("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void read_module(const std::filesystem::path& dir, const json& command, Command& out) {
  out.module.bytes = read_file(dir / command.at("filename").get<std::string>());
  const bool text = command.contains("module_type") && command.at("module_type") == "text";
  out.module.form = text ? stratus::text::ScriptModule::Form::Text : stratus::text::ScriptModule::Form::Binary;
}

void read_action(const json& action, Command& out) {
  const std::string type = action.at("type").get<std::string>();
  if (type == "invoke") out.action.kind = stratus::text::Action::Kind::Invoke;
  else if (type == "get") out.action.kind = stratus::text::Action::Kind::Get;
  else throw ScriptFormatError("action type '" + type + "' is not supported");
  out.action.field = action.at("field").get<std::string>();
  out.action.module = action.value("module", "");
  for (const json& arg : action.value("args", json::array())) {
    out.action.args.push_back(parse_argument(arg));
    out.action.arg_lane_types.push_back(arg.value("lane_type", "i32"));
  }
}

Command read_command(const std::filesystem::path& dir, const json& command) {
  Command out;
  out.line = command.value("line", 0u);
  const std::string type = command.at("type").get<std::string>();
  if (type == "module") {
    out.type = Type::Module;
    out.name = command.value("name", "");
    read_module(dir, command, out);
  } else if (type == "register") {
    out.type = Type::Register;
    out.name = command.value("name", "");
    out.as = command.at("as").get<std::string>();
  } else if (type == "action" || type == "assert_return" || type == "assert_trap" || type == "assert_exhaustion") {
    out.type = type == "action"          ? Type::Action
               : type == "assert_return" ? Type::AssertReturn
               : type == "assert_trap"   ? Type::AssertTrap
                                         : Type::AssertExhaustion;
    read_action(command.at("action"), out);
    if (out.type == Type::AssertReturn)
      for (const json& e : command.at("expected")) out.expected.push_back(parse_expectation(e));
    if (out.type == Type::AssertTrap || out.type == Type::AssertExhaustion)
      out.text = command.at("text").get<std::string>();
  } else if (type == "assert_invalid" || type == "assert_malformed" || type == "assert_unlinkable" ||
             type == "assert_uninstantiable") {
    out.type = type == "assert_invalid"      ? Type::AssertInvalid
               : type == "assert_malformed"  ? Type::AssertMalformed
               : type == "assert_unlinkable" ? Type::AssertUnlinkable
                                             : Type::AssertUninstantiable;
    read_module(dir, command, out);
    out.text = command.at("text").get<std::string>();
  } else {
    out.type = Type::Unsupported;
    out.text = "command type '" + type + "' is not supported";
  }
  return out;
}

}  // namespace

std::vector<Command> read_json_script(const std::filesystem::path& json_path) {
  std::ifstream in(json_path);
  if (!in) throw ScriptFormatError("cannot open " + json_path.string());
  const json script = json::parse(in);
  std::vector<Command> commands;
  for (const json& command : script.at("commands")) {
    try {
      commands.push_back(read_command(json_path.parent_path(), command));
    } catch (const std::exception& e) {
      Command bad;
      bad.type = Type::Unreadable;
      bad.line = command.value("line", 0u);
      bad.text = e.what();
      commands.push_back(std::move(bad));
    }
  }
  return commands;
}

}  // namespace spectest
