"""Reads cases.txt (the format is in README.md): a list of Case, in file order."""
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Case:
    component: str
    call: str
    expected: str          # what a conforming host prints
    jco_expected: str      # what jco transpile + Node prints (the same unless `; jco ->`)
    line: int


def split_outside_literals(text, separator):
    """Splits at the first `separator` outside "..." and '...' literals (with \\ escapes)."""
    quote = None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == '\\':
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in '"\'':
            quote = c
        elif text.startswith(separator, i):
            return text[:i], text[i + len(separator):]
        i += 1
    return text, None


def read_cases(path):
    cases = []
    components = None
    for number, raw in enumerate(Path(path).read_text(encoding='utf-8').splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        section = re.fullmatch(r'\[([a-z0-9 -]+)\]', line)
        if section:
            components = section.group(1).split()
            continue
        if components is None:
            raise ValueError(f'{path}:{number}: a case before any [components] line')
        call, rest = split_outside_literals(line, ' -> ')
        if rest is None:
            raise ValueError(f'{path}:{number}: no " -> " in {line!r}')
        expected, jco = split_outside_literals(rest, ' ; jco -> ')
        for component in components:
            cases.append(Case(component, call.strip(), expected.strip(), (jco or expected).strip(), number))
    return cases


def matches(expected, output):
    """`error` and `unsupported` stand for any message of their kind; the rest is exact."""
    for kind in ('error', 'unsupported'):
        if expected == kind:
            return output == kind or output.startswith(kind + ':')
    return output == expected
