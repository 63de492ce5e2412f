"""Ownership of one C handle: freed exactly once, by close() or the GC.

A C handle may borrow from another (a snapshot reads its network's labels
and allocator, so the network must be freed last). The ownership lives in
small `_Resource` records, separate from the Python objects users hold: a
parent resource keeps its children in a plain set and frees them before
itself. That order holds even when the garbage collector finalises a
network and its snapshots in the same cycle, where weak references are
already cleared and finalisers run in no particular order.
"""

import threading

from .errors import ClosedError


class _Resource:
    __slots__ = ("ptr", "free", "parent", "children", "lock")

    def __init__(self, ptr, free, parent):
        self.ptr = ptr
        self.free = free
        self.parent = parent
        self.children = set()
        self.lock = threading.RLock() if parent is None else parent.lock
        if parent is not None:
            with self.lock:
                if parent.ptr is None:
                    free(ptr)
                    raise ClosedError("the owning handle is closed")
                parent.children.add(self)

    def detach(self):
        """Give up ownership without freeing (the handle was consumed by
        another object); whatever borrows from it is closed first."""
        with self.lock:
            for child in list(self.children):
                child.close()
            ptr, self.ptr = self.ptr, None
            if self.parent is not None:
                self.parent.children.discard(self)
                self.parent = None
            return ptr

    def close(self):
        with self.lock:
            ptr = self.ptr
            if ptr is None:
                return
            for child in list(self.children):
                child.close()
            self.ptr = None
            if self.parent is not None:
                self.parent.children.discard(self)
                self.parent = None
            self.free(ptr)


class Handle:
    """Base of the objects that own a C handle.

    ``close()`` frees the handle and everything that borrows from it and is
    safe to call twice; the garbage collector calls it too. Objects are
    context managers.
    """

    _res = None
    _what = "handle"

    def _adopt(self, ptr, free, owner=None):
        self._res = _Resource(ptr, free, owner._res if owner is not None else None)

    def _handle(self):
        res = self._res
        ptr = res.ptr if res is not None else None
        if ptr is None:
            raise ClosedError("%s is closed" % self._what)
        return ptr

    @property
    def closed(self):
        """True once the handle has been freed."""
        return self._res is None or self._res.ptr is None

    def close(self):
        """Free the C handle and those that borrow from it. Idempotent."""
        if self._res is not None:
            self._res.close()

    def __enter__(self):
        self._handle()
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finaliser
            pass
