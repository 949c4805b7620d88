"""onedoor for Python, through ctypes (no compiler, no third-party package).

    from onedoor import Engine, OnedoorError
    with Engine({"database": "district.db", "district_file": "dongchangfu.json"}) as eng:
        case = eng.call("intake", {"actor": {...}, "applicant": {...}, ...})

Requests are dicts (sent as UTF-8 JSON), responses come back as dicts, and a status other
than OK raises the OnedoorError subclass for that status, carrying the error document's
code, message and field. The library is found as libonedoor.so.1, or at the path in the
ONEDOOR_LIBRARY environment variable.

Why the out-parameter is a c_void_p: ctypes turns a c_char_p result into a Python bytes
object and drops the pointer, so it could never reach od_free and every response would
leak. The pointer is kept, copied with string_at, then freed.
"""
import ctypes
import json
import os
import threading

__all__ = ["Engine", "OnedoorError", "Invalid", "NotFound", "Forbidden", "Conflict",
           "Archived", "TooLarge", "ConfigError", "StorageError", "NoMemory", "Misuse",
           "UnknownOperation", "InternalError", "library"]


class OnedoorError(Exception):
    """A status other than OD_OK. status: the int code; code: its name ("INVALID");
    field: the JSON path of the offending field, or None; document: the whole error."""

    status = -1

    def __init__(self, status, code, message, field=None, document=None):
        self.status, self.code, self.message, self.field = status, code, message, field
        self.document = document or {}
        where = " (field %s)" % field if field else ""
        super().__init__("%s: %s%s" % (code, message, where))


class Invalid(OnedoorError): status = 1
class NotFound(OnedoorError): status = 2
class Forbidden(OnedoorError): status = 3
class Conflict(OnedoorError): status = 4
class Archived(OnedoorError): status = 5
class TooLarge(OnedoorError): status = 6
class ConfigError(OnedoorError): status = 7
class StorageError(OnedoorError): status = 8
class NoMemory(OnedoorError): status = 9
class Misuse(OnedoorError): status = 10
class UnknownOperation(OnedoorError): status = 11
class InternalError(OnedoorError): status = 12

_BY_STATUS = {c.status: c for c in OnedoorError.__subclasses__()}

_lib = None
_lib_lock = threading.Lock()


def library():
    """The loaded libonedoor, with its seven functions declared."""
    global _lib
    with _lib_lock:
        if _lib is None:
            lib = ctypes.CDLL(os.environ.get("ONEDOOR_LIBRARY", "libonedoor.so.1"))
            lib.od_version.restype = ctypes.c_char_p
            lib.od_version.argtypes = []
            lib.od_version_number.restype = ctypes.c_int32
            lib.od_version_number.argtypes = []
            lib.od_status_name.restype = ctypes.c_char_p
            lib.od_status_name.argtypes = [ctypes.c_int32]
            lib.od_open.restype = ctypes.c_int32
            lib.od_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p),
                                    ctypes.POINTER(ctypes.c_void_p)]
            lib.od_close.restype = None
            lib.od_close.argtypes = [ctypes.c_void_p]
            lib.od_call.restype = ctypes.c_int32
            lib.od_call.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                    ctypes.POINTER(ctypes.c_void_p)]
            lib.od_free.restype = None
            lib.od_free.argtypes = [ctypes.c_void_p]
            _lib = lib
        return _lib


def _take(lib, ptr):
    """Copy a document the library returned and give the memory back with od_free."""
    if not ptr.value:
        return None
    try:
        return ctypes.string_at(ptr.value).decode("utf-8")
    finally:
        lib.od_free(ptr)


def _raise(lib, status, text):
    doc = json.loads(text) if text else {}
    err = doc.get("error", {})
    code = err.get("code") or lib.od_status_name(status).decode("ascii")
    cls = _BY_STATUS.get(status, OnedoorError)
    raise cls(status, code, err.get("message", ""), err.get("field"), doc)


def _encode(doc):
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    return text.encode("utf-8")


class Engine:
    """One engine: a district, its database and its plugins. Any thread may call it;
    close() must not race with other calls."""

    def __init__(self, config):
        self._handle = None
        self._lib = library()
        handle, error = ctypes.c_void_p(), ctypes.c_void_p()
        status = self._lib.od_open(_encode(config), ctypes.byref(handle), ctypes.byref(error))
        text = _take(self._lib, error)
        if status != 0:
            _raise(self._lib, status, text)
        self._handle = handle

    def call(self, operation, request=None):
        """Run one operation; returns the response as a dict or raises OnedoorError."""
        if self._handle is None:
            raise Misuse(10, "MISUSE", "the engine is closed")
        out = ctypes.c_void_p()
        status = self._lib.od_call(self._handle, operation.encode("utf-8"),
                                   _encode(request if request is not None else {}),
                                   ctypes.byref(out))
        text = _take(self._lib, out)
        if status != 0:
            _raise(self._lib, status, text)
        return json.loads(text)

    def close(self):
        if self._handle is not None:
            self._lib.od_close(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    @staticmethod
    def version():
        return library().od_version().decode("ascii")
