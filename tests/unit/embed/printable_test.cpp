// printable() and what Trap::to_string does with the guest's names and a deep backtrace.
#include <gtest/gtest.h>

#include <algorithm>

#include "stratus/stratus.hpp"
#include "stratus/printable.hpp"

namespace stratus {
namespace {

TEST(Printable, PrintableUtf8IsKept) {
  EXPECT_EQ(printable("main"), "main");
  EXPECT_EQ(printable("std::vector<int>::push_back(int&&)"), "std::vector<int>::push_back(int&&)");
  EXPECT_EQ(printable("gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"), "gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(printable("a\\x41"), "a\\x41");  // backslashes are not doubled
  EXPECT_EQ(printable(""), "");
}

TEST(Printable, ControlCharactersAreEscaped) {
  EXPECT_EQ(printable("f\n    at forged_frame"), "f\\n    at forged_frame");
  EXPECT_EQ(printable("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(printable("a\r\tb"), "a\\r\\tb");
  EXPECT_EQ(printable(std::string_view("nul\0here", 8)), "nul\\x00here");
  EXPECT_EQ(printable("del\x7f"), "del\\x7f");
  EXPECT_EQ(printable("c1\xc2\x9b" "2J"), "c1\\u{9b}2J");                 // the 8-bit CSI
  EXPECT_EQ(printable("rlo\xe2\x80\xae" "txt"), "rlo\\u{202e}txt");       // bidi override
  EXPECT_EQ(printable("ls\xe2\x80\xa8" "x"), "ls\\u{2028}x");             // line separator
  EXPECT_EQ(printable("\xef\xbb\xbf" "bom"), "\\u{feff}bom");
}

TEST(Printable, InvalidUtf8BytesAreEscaped) {
  EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");          // overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
  EXPECT_EQ(printable("ab\xe6\x97"), "ab\\xe6\\x97");       // cut short
  EXPECT_EQ(printable("\x80z"), "\\x80z");
}

TEST(Printable, LongTextIsCutWithItsLength) {
  const std::string name(1 << 20, 'a');
  const std::string shown = printable(name);
  EXPECT_EQ(shown, std::string(kPrintableNameBytes, 'a') + "\xe2\x80\xa6 (1048576 bytes)");
  EXPECT_EQ(printable(std::string(kPrintableNameBytes, 'b')), std::string(kPrintableNameBytes, 'b'));
  // Escapes count against the budget and are never split.
  const std::string escapes = printable(std::string(100, '\x1b'), 10);
  EXPECT_EQ(escapes, "\\x1b\\x1b\xe2\x80\xa6 (100 bytes)");
  // Nor are characters.
  EXPECT_EQ(printable("\xe6\x97\xa5\xe6\x9c\xac", 4), "\xe6\x97\xa5\xe2\x80\xa6 (6 bytes)");
}

TEST(Printable, PrintableTextSurvivesASecondPass) {
  const std::string once = printable("x\ny\x1b\xff\xe2\x80\xae");
  EXPECT_EQ(printable(once), once);
}

TEST(TrapText, NamesAreEscaped) {
  Trap t(TrapKind::Unreachable, "unreachable",
         {Frame{1, "evil\n    at forged_frame\x1b[2J", "mod\x1b]0;title\x07", 0x10}, Frame{0, "main", "", 0}});
  EXPECT_EQ(t.to_string(),
            "unreachable\n  at mod\\x1b]0;title\\x07!evil\\n    at forged_frame\\x1b[2J @ 0x10\n  at main");
}

TEST(TrapText, AHugeNameIsCut) {
  Trap t(TrapKind::Unreachable, "unreachable", {Frame{1, std::string(1 << 20, 'n'), "", 0}});
  const std::string text = t.to_string();
  EXPECT_LT(text.size(), 400u);
  EXPECT_NE(text.find("\xe2\x80\xa6 (1048576 bytes)"), std::string::npos);
}

TEST(Printable, TheStartOfALongerTextSaysHowLong) {
  EXPECT_EQ(printable("abc", 256, 5000), "abc\xe2\x80\xa6 (5000 bytes)");
  EXPECT_EQ(printable("abc", 256, 3), "abc");
  EXPECT_EQ(printable("abcdef", 3, 5000), "abc\xe2\x80\xa6 (5000 bytes)");
}

TEST(TrapText, ACutNameReportsItsWholeLength) {
  Frame frame{1, std::string(kMaxFrameNameBytes, 'n'), "", 0};
  frame.func_name_bytes = 1 << 20;
  Trap t(TrapKind::Unreachable, "unreachable", {frame});
  EXPECT_NE(t.to_string().find("n\xe2\x80\xa6 (1048576 bytes)"), std::string::npos);
}

std::vector<Frame> numbered_frames(size_t n) {
  std::vector<Frame> frames;
  for (size_t i = 0; i < n; ++i) frames.push_back(Frame{static_cast<uint32_t>(i), "f" + std::to_string(i), "", 0});
  return frames;
}

size_t lines(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

TEST(TrapText, ALongBacktracePrintsItsEnds) {
  Trap t(TrapKind::CallStackExhausted, "call stack exhausted", numbered_frames(1000));
  const std::string text = t.to_string();
  EXPECT_EQ(lines(text), 2 * kPrintedBacktraceFrames + 1);
  EXPECT_NE(text.find("\n  at f49\n  \xe2\x80\xa6 900 frames omitted \xe2\x80\xa6\n  at f950\n"), std::string::npos);
  EXPECT_EQ(text.find("at f50\n"), std::string::npos);
  EXPECT_NE(text.find("at f999"), std::string::npos);
}

TEST(TrapText, FramesTheTrapLeftOutAreCounted) {
  // What the interpreter keeps of a 100,000-deep stack: 50 innermost, 50 outermost.
  Trap t(TrapKind::CallStackExhausted, "call stack exhausted", numbered_frames(100), 0, OmittedFrames{50, 99900});
  const std::string text = t.to_string();
  EXPECT_EQ(lines(text), 101u);
  EXPECT_NE(text.find("\n  at f49\n  \xe2\x80\xa6 99900 frames omitted \xe2\x80\xa6\n  at f50\n"), std::string::npos);
  Trap one(TrapKind::Unreachable, "unreachable", numbered_frames(2), 0, OmittedFrames{2, 1});
  EXPECT_EQ(one.to_string(), "unreachable\n  at f0\n  at f1\n  \xe2\x80\xa6 1 frame omitted \xe2\x80\xa6");
}

}  // namespace
}  // namespace stratus
