"""Where something is in a WIT file, and the one error the generator reports."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    col: int

    def __str__(self):
        return f"{self.path}:{self.line}:{self.col}"


class WitError(Exception):
    """A problem in the WIT input, reported as `file:line:col: message`."""

    def __init__(self, loc, message):
        super().__init__(f"{loc}: {message}" if loc else message)
        self.loc = loc
        self.message = message
