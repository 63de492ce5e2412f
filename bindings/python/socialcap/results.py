"""Indicator tables (``socialcap_results``): named columns of doubles,
labelled rows, and the options that produced them."""

import enum
import math
from ctypes import byref, c_double, c_uint32

from . import _convert as cv
from ._handle import Handle
from .errors import NotFoundError, class_for_status

try:  # numpy is optional; without it columns are lists
    import numpy as _np
    import numpy.ctypeslib as _npct
except ImportError:  # pragma: no cover - depends on the system
    _np = None


class RowKind(enum.IntEnum):
    """socialcap_row_kind: what the rows of a table are."""
    ACTORS = 0
    NETWORK = 1
    NEIGHBOURHOODS = 2
    SECTORS = 3


class Table(Handle):
    """A read-only table of indicator values.

    ``columns`` lists the column names and ``labels`` the row labels (actor
    ids, neighbourhood codes, sector labels, or ``"network"``). Values
    undefined for a row are NaN (``None`` in :meth:`to_dicts` and
    :meth:`row` when ``nan_as_none`` is true).

    - ``table["constraint"]`` or ``table.column("constraint")``: one column,
      as a numpy array when numpy is importable (one copy of the C column),
      else a list;
    - ``table.to_numpy()``: all values as a (rows, columns) float64 array,
      copied column by column;
    - ``table.to_dicts()``: a list of ``{"label": ..., column: value}``;
    - ``table.row(label)`` / ``table.value(label, column)``;
    - ``table.options``: the options echo, a dict name -> number.

    The table borrows its row labels from the network it was computed on;
    it is closed when that network is closed.
    """

    _what = "results table"

    def __init__(self, lib, ptr, owner, borrowed=False):
        self._lib = lib
        # A table borrowed from a series is freed by it; every table reads
        # its row labels from the network, which is its owner or the
        # series' owner.
        free = (lambda p: None) if borrowed else lib.socialcap_results_free
        self._adopt(ptr, free, owner)
        self._owner = owner
        n = lib.socialcap_results_column_count(ptr)
        self.columns = [cv.string(lib.socialcap_results_column_name(ptr, c))
                        for c in range(n)]
        self._col = {name: c for c, name in enumerate(self.columns)}

    def __repr__(self):
        if self.closed:
            return "<socialcap.Table (closed)>"
        return "<socialcap.Table: %d rows (%s) x %d columns>" % (
            len(self), self.row_kind.name.lower(), len(self.columns))

    @property
    def row_kind(self):
        return RowKind(self._lib.socialcap_results_row_kind(self._handle()))

    def __len__(self):
        return self._lib.socialcap_results_row_count(self._handle())

    @property
    def labels(self):
        ptr = self._handle()
        lib = self._lib
        return [cv.string(lib.socialcap_results_row_label(ptr, r))
                for r in range(lib.socialcap_results_row_count(ptr))]

    @property
    def options(self):
        """The options echo: every option that influenced the numbers."""
        ptr = self._handle()
        lib = self._lib
        return {cv.string(lib.socialcap_results_option_name(ptr, k)):
                lib.socialcap_results_option_value(ptr, k)
                for k in range(lib.socialcap_results_option_count(ptr))}

    def option(self, name):
        """Value of the echoed option @p name (NotFoundError if absent)."""
        out = c_double()
        self._check(self._lib.socialcap_results_find_option(
            self._handle(), cv.text(name, "option name"), byref(out)),
            "option %r" % name)
        return out.value

    def column_index(self, name):
        try:
            return self._col[name]
        except KeyError:
            raise NotFoundError("no column %r (columns: %s)"
                                % (name, ", ".join(self.columns)), -3,
                                "SOCIALCAP_ENOTFOUND") from None

    def row_index(self, label):
        """Row of @p label (a str), or a checked row number (an int)."""
        ptr = self._handle()
        if isinstance(label, str):
            out = c_uint32()
            self._check(self._lib.socialcap_results_find_row(
                ptr, byref(out), cv.text(label, "row label")),
                "row %r" % label)
            return out.value
        row = cv.u32(label, "row")
        if row >= self._lib.socialcap_results_row_count(ptr):
            raise NotFoundError("row %d is out of range" % row, -3,
                                "SOCIALCAP_ENOTFOUND")
        return row

    def value(self, row, column):
        """The value at (@p row, @p column): label or index, name or index."""
        ptr = self._handle()
        r = self.row_index(row)
        c = self.column_index(column) if isinstance(column, str) else \
            cv.u32(column, "column")
        out = c_double()
        self._check(self._lib.socialcap_results_value(ptr, r, c, byref(out)),
                    "cell (%r, %r)" % (row, column))
        return out.value

    def row(self, label, nan_as_none=False):
        """One row as a dict column -> value."""
        r = self.row_index(label)
        ptr = self._handle()
        get = self._lib.socialcap_results_get
        return {name: _none(get(ptr, r, c), nan_as_none)
                for c, name in enumerate(self.columns)}

    def _column_pointer(self, name):
        ptr = self._handle()
        c = self.column_index(name) if isinstance(name, str) else \
            cv.u32(name, "column")
        rows = self._lib.socialcap_results_row_count(ptr)
        data = self._lib.socialcap_results_column(ptr, c)
        if not data and rows:
            raise NotFoundError("column %r is out of range" % (name,), -3,
                                "SOCIALCAP_ENOTFOUND")
        return data, rows

    def column(self, name, as_list=None):
        """Column @p name: a numpy array (one copy) when numpy is
        importable and @p as_list is not true, else a list of floats."""
        data, rows = self._column_pointer(name)
        if as_list is None:
            as_list = _np is None
        if as_list:
            return data[:rows] if rows else []
        if _np is None:
            raise ImportError("numpy is not available")
        if not rows:
            return _np.empty(0, dtype=_np.float64)
        return _npct.as_array(data, shape=(rows,)).copy()

    __getitem__ = column

    def __contains__(self, name):
        return name in self._col

    def to_numpy(self):
        """All values, shape (rows, columns), float64, copied per column."""
        if _np is None:
            raise ImportError("numpy is not available")
        ptr = self._handle()
        rows = self._lib.socialcap_results_row_count(ptr)
        out = _np.empty((rows, len(self.columns)), dtype=_np.float64)
        if rows:
            for c in range(len(self.columns)):
                data = self._lib.socialcap_results_column(ptr, c)
                out[:, c] = _npct.as_array(data, shape=(rows,))
        return out

    def to_columns(self):
        """A dict column name -> list of floats (no numpy needed)."""
        return {name: self.column(c, as_list=True)
                for c, name in enumerate(self.columns)}

    def to_dicts(self, nan_as_none=False):
        """One dict per row: {"label": ..., column: value, ...}."""
        cols = self.to_columns()
        out = []
        for r, label in enumerate(self.labels):
            row = {"label": label}
            for name, values in cols.items():
                row[name] = _none(values[r], nan_as_none)
            out.append(row)
        return out

    def text(self, row, column):
        """The unit a unit-valued cell names (area tables: the actor id in
        key_institution, the sector label in growth_fund), or None."""
        self._lib.require("areas")
        r = self.row_index(row)
        c = self.column_index(column) if isinstance(column, str) else \
            cv.u32(column, "column")
        return cv.string(self._lib.socialcap_areas_text(self._handle(), r, c))

    def _check(self, status, what):
        if status != 0:
            lib = self._lib
            raise class_for_status(status)(
                "%s: %s" % (what, cv.string(lib.socialcap_strerror(status))),
                status, cv.string(lib.socialcap_error_name(status)))


def _none(value, nan_as_none):
    return None if nan_as_none and math.isnan(value) else value

