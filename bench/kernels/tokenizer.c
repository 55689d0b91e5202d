// A C-like lexer over 64 KiB of generated source, n passes: byte classification through a
// switch, keyword lookup by hash, and number parsing.
#include "common.h"

#define SOURCE_BYTES (64 * 1024)
static char source[SOURCE_BYTES + 1];

enum token_kind { TOKEN_IDENT, TOKEN_KEYWORD, TOKEN_NUMBER, TOKEN_STRING, TOKEN_PUNCT, TOKEN_COMMENT, TOKEN_KINDS };

static const char *const keywords[] = {"if", "else", "while", "for", "return", "int",
                                       "char", "struct", "break", "continue", "static", "void"};
#define KEYWORD_COUNT (sizeof keywords / sizeof keywords[0])

static const char *const fragments[] = {
    "int ", "x", "y1", "count", "_tmp", " = ", "42", "0x1F", "3.25", " + ", " * ", "; ",
    "if (", ") {", "}\n", "return ", "while (", "\"str\\\"ing\"", "// note\n", "/* block */",
    "a->b", "++", "<= ", "&& ", "value_", "static ", "void ", "buffer[", "]", "\n"};
#define FRAGMENT_COUNT (sizeof fragments / sizeof fragments[0])

static void generate_source(void) {
  uint32_t seed = 0x70CE11;
  uint32_t pos = 0;
  while (pos < SOURCE_BYTES) {
    const char *f = fragments[rng_next(&seed) % FRAGMENT_COUNT];
    for (; *f && pos < SOURCE_BYTES; f++) source[pos++] = *f;
  }
  source[SOURCE_BYTES] = 0;
}

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_keyword(const char *start, uint32_t len) {
  for (uint32_t k = 0; k < KEYWORD_COUNT; k++) {
    const char *kw = keywords[k];
    uint32_t i = 0;
    while (i < len && kw[i] == start[i]) i++;
    if (i == len && kw[i] == 0) return 1;
  }
  return 0;
}

static uint32_t tokenize(uint32_t len, uint32_t counts[TOKEN_KINDS]) {
  uint32_t hash = CHECKSUM_SEED;
  uint32_t i = 0;
  while (i < len) {
    char c = source[i];
    uint32_t start = i;
    enum token_kind kind;
    switch (c) {
      case ' ': case '\t': case '\n': case '\r':
        i++;
        continue;
      case '"':
        for (i++; i < len && source[i] != '"'; i++)
          if (source[i] == '\\') i++;
        i++;
        kind = TOKEN_STRING;
        break;
      case '/':
        if (source[i + 1] == '/') {
          while (i < len && source[i] != '\n') i++;
          kind = TOKEN_COMMENT;
        } else if (source[i + 1] == '*') {
          for (i += 2; i + 1 < len && !(source[i] == '*' && source[i + 1] == '/'); i++) {}
          i += 2;
          kind = TOKEN_COMMENT;
        } else {
          i++;
          kind = TOKEN_PUNCT;
        }
        break;
      case '+': case '-': case '<': case '>': case '&': case '|': case '=':
        // Two-character operators: ++, ->, <=, &&, ==, ...
        if (source[i + 1] == c || source[i + 1] == '=' || (c == '-' && source[i + 1] == '>')) i += 2;
        else i++;
        kind = TOKEN_PUNCT;
        break;
      default:
        if (is_alpha(c)) {
          while (i < len && (is_alpha(source[i]) || is_digit(source[i]))) i++;
          kind = is_keyword(source + start, i - start) ? TOKEN_KEYWORD : TOKEN_IDENT;
        } else if (is_digit(c)) {
          uint32_t value = 0;
          if (c == '0' && source[i + 1] == 'x') {
            for (i += 2; i < len; i++) {
              char d = source[i];
              if (is_digit(d)) value = value * 16 + (uint32_t)(d - '0');
              else if (d >= 'A' && d <= 'F') value = value * 16 + (uint32_t)(d - 'A' + 10);
              else break;
            }
          } else {
            for (; i < len && (is_digit(source[i]) || source[i] == '.'); i++)
              if (source[i] != '.') value = value * 10 + (uint32_t)(source[i] - '0');
          }
          hash = mix32(hash, value);
          kind = TOKEN_NUMBER;
        } else {
          i++;
          kind = TOKEN_PUNCT;
        }
    }
    counts[kind]++;
    hash = mix32(hash, (uint32_t)kind << 16 | (i - start));
  }
  return hash;
}

uint32_t run(uint32_t n) {
  generate_source();
  uint32_t counts[TOKEN_KINDS] = {0};
  uint32_t hash = CHECKSUM_SEED;
  for (uint32_t round = 0; round < n; round++) {
    // Shorten the input a little each pass so no pass is a repeat of the last.
    hash = mix32(hash, tokenize(SOURCE_BYTES - (round % 512), counts));
  }
  for (int k = 0; k < TOKEN_KINDS; k++) hash = mix32(hash, counts[k]);
  return hash;
}
