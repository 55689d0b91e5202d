"""WIT text into tokens. Comments (line, nested block, doc) are dropped here."""
from dataclasses import dataclass

from .errors import Location, WitError

PUNCT = {
    "{": "{", "}": "}", "(": "(", ")": ")", "<": "<", ">": ">", ",": ",", ":": ":", ";": ";",
    ".": ".", "=": "=", "*": "*", "@": "@", "/": "/", "_": "_",
}


@dataclass
class Token:
    kind: str  # "id", "num" (also versions: digits first), "->", or a punctuation character, "eof"
    text: str
    loc: Location
    escaped: bool = False  # `%name`: an identifier even if it spells a keyword


def _is_id_start(c):
    return c.isascii() and c.isalpha()


def _is_id_char(c):
    return c.isascii() and (c.isalnum() or c == "-")


def tokenize(text, path):
    tokens = []
    i, line, col = 0, 1, 1
    n = len(text)

    def loc():
        return Location(path, line, col)

    def advance(k):
        nonlocal i, line, col
        for _ in range(k):
            if text[i] == "\n":
                line += 1
                col = 1
            else:
                col += 1
            i += 1

    while i < n:
        c = text[i]
        if c in " \t\r\n":
            advance(1)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                advance(1)
        elif text.startswith("/*", i):
            start = loc()
            depth = 0
            while True:
                if i >= n:
                    raise WitError(start, "unterminated block comment")
                if text.startswith("/*", i):
                    depth += 1
                    advance(2)
                elif text.startswith("*/", i):
                    depth -= 1
                    advance(2)
                    if depth == 0:
                        break
                else:
                    advance(1)
        elif text.startswith("->", i):
            tokens.append(Token("->", "->", loc()))
            advance(2)
        elif c == "%" or _is_id_start(c):
            start = loc()
            escaped = c == "%"
            if escaped:
                advance(1)
                if i >= n or not _is_id_start(text[i]):
                    raise WitError(start, "`%` must be followed by an identifier")
            j = i
            while j < n and _is_id_char(text[j]):
                j += 1
            word = text[i:j]
            if word.endswith("-") or "--" in word:
                raise WitError(start, f"invalid identifier `{word}`: words are separated by single `-`")
            for part in word.split("-"):
                if not part[0].isalpha():
                    raise WitError(start, f"invalid identifier `{word}`: each word must start with a letter")
            tokens.append(Token("id", word, start, escaped))
            advance(j - i)
        elif c.isdigit():
            # Integers and semantic versions (`0.2.12`, `0.2.0-rc-2024-01-01`, `1.0.0+build`).
            start = loc()
            j = i
            while j < n and (text[j].isascii() and (text[j].isalnum() or text[j] in ".-+")):
                j += 1
            while text[j - 1] in ".-+":  # `@0.2.12.{a}`: the dot belongs to the `use`
                j -= 1
            tokens.append(Token("num", text[i:j], start))
            advance(j - i)
        elif c in PUNCT:
            tokens.append(Token(c, c, loc()))
            advance(1)
        else:
            raise WitError(loc(), f"unexpected character {c!r}")
    tokens.append(Token("eof", "", loc()))
    return tokens
