"""Checking that an address is a dask scheduler before a sweep sends it work.

:func:`check_dask_handshake` reads the first message of the server at ``tcp://host:port`` within
:data:`HANDSHAKE_TIMEOUT_S` and at most :data:`HANDSHAKE_MAX_BYTES`, so a wrong address or a server
of another protocol is a clear error instead of a hang.
"""

from __future__ import annotations

import time

from lupex.errors import InputError


#: Seconds a scheduler has to send its dask handshake.
HANDSHAKE_TIMEOUT_S = 10.0
#: Largest first message accepted from a scheduler during the handshake, bytes (a real dask
#: handshake is a few hundred bytes; this bounds what a server of another protocol can make us
#: allocate).
HANDSHAKE_MAX_BYTES = 1 << 20


def check_dask_handshake(address: str, timeout_s: float = HANDSHAKE_TIMEOUT_S) -> None:
    """Refuse, with an InputError, a ``tcp://`` address that does not answer like a dask scheduler.

    A dask comm peer sends its handshake as soon as a connection opens: an 8-byte length (the
    ``Q`` struct format, ``distributed.comm.tcp``) and then that many bytes of msgpack frames.
    This reads that much, within ``timeout_s`` and :data:`HANDSHAKE_MAX_BYTES`, with a plain
    socket (Ctrl-C works throughout), so a server of another protocol, or one that never
    answers, is a clear input error rather than a hang or a huge allocation in the dask client.
    Other schemes (``tls://``, ``ucx://``, ...) are left to dask.
    """
    import socket
    import struct
    from urllib.parse import urlsplit

    where = "--scheduler"
    allowed = "the address of a running dask scheduler, e.g. tcp://127.0.0.1:8786"
    scheme, sep, rest = address.partition("://")
    if sep and scheme == "tls":
        return  # the TLS handshake comes first: left to dask
    if sep and scheme != "tcp":
        raise InputError(where, address, f"{allowed} (a tcp:// or tls:// address; lupex's "
                         "sweeps do not use the other dask transports)")
    try:
        parts = urlsplit("tcp://" + (rest if sep else address))
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
    if not host or not port:
        raise InputError(where, address, allowed)
    deadline = time.monotonic() + timeout_s

    def recv_exactly(sock, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
            chunk = sock.recv(min(n - len(buf), 65536))
            if not chunk:
                raise ConnectionError("the connection was closed")
            buf += chunk
        return buf

    try:
        with socket.create_connection((host, port), timeout=timeout_s) as sock:
            (n,) = struct.unpack("Q", recv_exactly(sock, 8))
            if not 0 < n <= HANDSHAKE_MAX_BYTES:
                raise InputError(where, address, f"{allowed} (the server there does not speak "
                                 f"the dask protocol: its first message claims {n} bytes)")
            body = recv_exactly(sock, n)
            from distributed.protocol.core import loads
            from distributed.protocol.utils import unpack_frames

            msg = loads(unpack_frames(body))
            if not isinstance(msg, dict):
                raise ValueError(f"a {type(msg).__name__} instead of a handshake")
    except InputError:
        raise
    except TimeoutError:
        raise InputError(where, address, f"{allowed} (the server there did not send the dask "
                         f"handshake within {timeout_s:g} s)") from None
    except OSError as exc:
        raise InputError(where, address, f"{allowed} ({exc})") from None
    except Exception as exc:  # undecodable frames: another protocol
        raise InputError(where, address, f"{allowed} (the server there does not speak the dask "
                         f"protocol: {type(exc).__name__})") from None
