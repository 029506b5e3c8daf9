"""Keep libasound's C-level error messages ("ALSA lib pcm.c: ...") off the terminal."""

from __future__ import annotations

import ctypes
import sys
from typing import Any

_ALSA_HANDLER: list[Any] = []
"""The installed no-op handler; kept here for the life of the process, because libasound
calls it through a raw pointer and a collected ctypes callback would crash the process."""


def _ignore_alsa_error(
    file: bytes | None, line: int, func: bytes | None, err: int, fmt: bytes | None
) -> None:
    """Drop one libasound error message."""


def silence_alsa() -> bool:
    """Stop libasound printing its C-level errors ("ALSA lib pcm.c: ...") to the terminal.

    Installs a no-op ``snd_lib_error_set_handler`` once per process. Safe to call often, and
    on systems without ALSA (it does nothing there).

    Returns:
        Whether a handler is installed.
    """
    if _ALSA_HANDLER:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        lib = ctypes.CDLL("libasound.so.2")
    except OSError:
        return False
    # The real handler is variadic; the five fixed arguments are all it needs to accept.
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    handler = handler_type(_ignore_alsa_error)
    lib.snd_lib_error_set_handler(handler)
    _ALSA_HANDLER.extend((lib, handler))
    return True
