"""The terminal console of lupex's commands: rich's, except for a closed pipe.

rich ends the process with status 1 when the reader of standard output goes away (``lupex data
list | head -1``); lupex's commands instead raise :class:`BrokenPipeError`, which the command line
turns into the same quiet exit as every other command (status 141, nothing on standard error).
"""

from __future__ import annotations

import errno

from rich.console import Console as _RichConsole


class Console(_RichConsole):
    """:class:`rich.console.Console` whose broken pipe is handled by the lupex command line."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")
