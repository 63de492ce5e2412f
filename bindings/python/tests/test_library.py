"""Loading, versions, status codes, and the declarations against the headers.

The signature test parses every SOCIALCAP_EXTERN prototype in
include/socialcap/*.h and checks that the binding declares that function
with exactly the matching ctypes argument and return types, so a changed C
signature fails here instead of corrupting memory at run time.
"""

import ctypes
import glob
import os
import re
import subprocess
import sys
import unittest

import socialcap
from socialcap import _lib
from _support import INCLUDE_DIR, SOURCE_ROOT

# Public functions the binding deliberately does not call, with the reason.
UNBOUND = {
    # The compact graph (compact.h) is a C API for national-scale runs;
    # not bound to Python yet.
    "socialcap_compact_options_init",
    "socialcap_compact_builder_new",
    "socialcap_compact_builder_free",
    "socialcap_compact_builder_errmsg",
    "socialcap_compact_builder_set_sector",
    "socialcap_compact_builder_set_actor",
    "socialcap_compact_builder_add_tie",
    "socialcap_compact_builder_start_fill",
    "socialcap_compact_builder_finish",
    "socialcap_compact_free",
    "socialcap_compact_actor_count",
    "socialcap_compact_tie_count",
    "socialcap_compact_memory",
    "socialcap_compact_neighbours",
    "socialcap_compact_areas_options_init",
    "socialcap_compact_area_count",
    "socialcap_compact_areas_ties",
    "socialcap_compact_areas_reach",
    "socialcap_compact_components",
}

_SCALARS = {
    "void": None, "int": ctypes.c_int, "unsigned int": ctypes.c_uint,
    "double": ctypes.c_double, "size_t": ctypes.c_size_t,
    "int32_t": ctypes.c_int32, "uint32_t": ctypes.c_uint32,
    "int64_t": ctypes.c_int64, "uint64_t": ctypes.c_uint64,
}


def _struct_mirrors(only_in_headers=False):
    """Mirrored structs by C name (those the headers define, if asked:
    a library older than the binding lacks some)."""
    defined = _defined_structs() if only_in_headers else None
    out = {}
    for value in vars(_lib).values():
        if isinstance(value, type) and issubclass(value, ctypes.Structure) \
                and getattr(value, "c_name", None):
            if defined is None or value.c_name in defined:
                out[value.c_name] = value
    return out


def _defined_structs():
    names = set()
    for path in glob.glob(os.path.join(INCLUDE_DIR, "socialcap", "*.h")):
        with open(path, encoding="utf-8") as f:
            names.update(re.findall(r"typedef\s+struct\s+(\w+)\s*\{", f.read()))
    return names


def _prototypes():
    protos = {}
    enums, opaque, fnptrs = set(), set(), set()
    paths = glob.glob(os.path.join(INCLUDE_DIR, "socialcap", "*.h")) + \
        glob.glob(os.path.join(INCLUDE_DIR, "socialcap", "*.h.in"))
    for path in sorted(paths):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        enums.update(re.findall(r"typedef\s+enum\s+\w+\s*\{[^}]*\}\s*(\w+)\s*;", text))
        opaque.update(re.findall(r"typedef\s+struct\s+(\w+)\s+\1\s*;", text))
        fnptrs.update(re.findall(r"typedef\s+[^;]*\(\s*\*\s*(\w+)\s*\)", text))
        for ret, name, args in re.findall(
                r"SOCIALCAP_EXTERN\s+([^;(]*?)\b(socialcap_\w+)\s*\(([^)]*)\)\s*;", text):
            params = [] if args.strip() == "void" else \
                [_strip_name(a) for a in args.split(",")]
            protos[name] = (ret.strip(), params)
    return protos, enums, opaque, fnptrs


def _strip_name(param):
    param = " ".join(param.split())
    m = re.match(r"^(.*?[\s*])(\w+)$", param)
    return m.group(1).strip() if m else param


def _ctype(decl, enums, opaque, fnptrs, structs, is_return):
    """The ctypes type a C type should be declared as."""
    words = decl.replace("*", " * ").split()
    stars = words.count("*")
    base = " ".join(w for w in words if w not in ("const", "*"))
    if base in enums:
        base_t = ctypes.c_int
    elif base in fnptrs:
        return ("fnptr", base, stars)
    elif base in opaque:
        base_t = ctypes.c_void_p
        stars -= 1
    elif base in structs:
        base_t = structs[base]
    elif base == "char":
        if stars == 0:
            raise AssertionError("plain char in " + decl)
        base_t = ctypes.c_char_p
        stars -= 1
    elif base == "void" and stars:
        base_t = ctypes.c_void_p
        stars -= 1
    elif base in _SCALARS:
        base_t = _SCALARS[base]
    else:
        raise AssertionError("no ctypes mapping for C type %r" % decl)
    for _ in range(stars):
        base_t = ctypes.POINTER(base_t)
    return base_t


class Declarations(unittest.TestCase):
    def test_every_public_function_is_declared_exactly(self):
        lib = _lib.load()
        protos, enums, opaque, fnptrs = _prototypes()
        self.assertGreaterEqual(len(protos), 60)
        structs = _struct_mirrors()
        declared = {name: (res, args) for name, res, args in _lib.all_declarations()}
        unknown = set(lib.declared) - set(protos)
        self.assertEqual(unknown, set(), "bound but not in the headers")
        checked = 0
        for name, (ret, params) in sorted(protos.items()):
            if name in UNBOUND:
                continue
            with self.subTest(function=name):
                self.assertTrue(name in declared, "public function %s not bound" % name)
                if name not in lib.declared:
                    continue  # absent from this older build of the library
                res, args = declared[name]
                want = _ctype(ret, enums, opaque, fnptrs, structs, True)
                self.assertIs(res, want, "return type of " + name)
                self.assertEqual(len(args), len(params), "arity of " + name)
                for i, (got, param) in enumerate(zip(args, params)):
                    want = _ctype(param, enums, opaque, fnptrs, structs, False)
                    if isinstance(want, tuple):
                        self.assertIs(got, _lib.FUNCTION_TYPES[want[1]],
                                      "%s argument %d" % (name, i))
                    elif want is ctypes.c_char_p and got is ctypes.POINTER(ctypes.c_char):
                        pass  # a writable buffer (char *buf)
                    else:
                        self.assertIs(got, want, "%s argument %d (%s)"
                                      % (name, i, param))
                checked += 1
        self.assertGreaterEqual(checked, 60)

    def test_struct_mirrors_have_the_c_sizes(self):
        # Compile a tiny C program printing sizeof/offsetof of every
        # mirrored struct, when a compiler is at hand.
        cc = os.environ.get("CC", "cc")
        structs = _struct_mirrors(only_in_headers=True)
        lines = ['#include <stdio.h>', '#include <stddef.h>',
                 '#include <socialcap.h>', 'int main(void) {']
        for cname, cls in sorted(structs.items()):
            lines.append('printf("%s %%zu\\n", sizeof(%s));' % (cname, cname))
            for field in cls._fields_:
                cfield = getattr(cls, "c_fields", {}).get(field[0], field[0])
                lines.append('printf("%s.%s %%zu\\n", offsetof(%s, %s));'
                             % (cname, field[0], cname, cfield))
        lines.append("return 0; }")
        build = os.environ.get("SOCIALCAP_BUILD_INCLUDE",
                               os.path.join(SOURCE_ROOT, "build", "include"))
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "sizes.c")
            exe = os.path.join(tmp, "sizes")
            with open(src, "w") as f:
                f.write("\n".join(lines))
            try:
                subprocess.run([cc, "-std=c11", "-I", INCLUDE_DIR, "-I", build,
                                "-o", exe, src], check=True,
                               capture_output=True)
            except (OSError, subprocess.CalledProcessError) as exc:
                if "SOCIALCAP_BUILD_INCLUDE" in os.environ:
                    raise  # under CTest the compiler must work
                self.skipTest("cannot compile the size probe: %s" % exc)
            out = subprocess.run([exe], check=True, capture_output=True,
                                 text=True).stdout
        sizes = dict(line.rsplit(" ", 1) for line in out.splitlines())
        for cname, cls in structs.items():
            self.assertEqual(int(sizes[cname]), ctypes.sizeof(cls), cname)
            for field in cls._fields_:
                self.assertEqual(int(sizes["%s.%s" % (cname, field[0])]),
                                 getattr(cls, field[0]).offset,
                                 "%s.%s" % (cname, field[0]))


class Loading(unittest.TestCase):
    def test_version(self):
        self.assertRegex(socialcap.version(), r"^\d+\.\d+\.\d+$")
        major, minor, patch = map(int, socialcap.version().split("."))
        self.assertEqual(socialcap.version_number(),
                         major * 1000000 + minor * 1000 + patch)
        self.assertEqual(major, 0)

    def test_loaded_the_library_named_in_the_environment(self):
        want = os.environ.get("SOCIALCAP_LIBRARY")
        if not want:
            self.skipTest("SOCIALCAP_LIBRARY not set")
        self.assertEqual(socialcap.library_path(), want)

    def test_a_wrong_explicit_path_is_an_error_not_a_fallback(self):
        code = "import socialcap; socialcap.version()"
        env = dict(os.environ, SOCIALCAP_LIBRARY="/nonexistent/libsocialcap.so.0")
        proc = subprocess.run([sys.executable, "-c", code], env=env,
                              capture_output=True, text=True)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("LibraryNotFoundError", proc.stderr)
        self.assertIn("/nonexistent/libsocialcap.so.0", proc.stderr)

    def test_a_relative_path_is_taken_from_the_import_time_directory(self):
        want = os.environ.get("SOCIALCAP_LIBRARY")
        if not want:
            self.skipTest("SOCIALCAP_LIBRARY not set")
        folder, name = os.path.split(os.path.abspath(want))
        code = ("import os, socialcap; os.chdir('/'); "
                "print(socialcap.library_path(), socialcap.version())")
        env = dict(os.environ, SOCIALCAP_LIBRARY=os.path.join(".", name),
                   PYTHONPATH=os.pathsep.join(os.path.abspath(p) for p in sys.path if p))
        proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=folder,
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(proc.stdout.startswith(os.path.join(folder, name)))

    def test_status_codes(self):
        self.assertEqual(socialcap.error_name(-2), "SOCIALCAP_EINVAL")
        self.assertEqual(socialcap.strerror(-1), "out of memory")
        self.assertEqual(socialcap.error_name(-99), "SOCIALCAP_UNKNOWN")
        for status in range(-11, 0):
            cls = socialcap.errors.class_for_status(status)
            self.assertEqual(cls.status, status)
            self.assertIn(socialcap.error_name(status)[len("SOCIALCAP_"):],
                          {"ENOMEM", "EINVAL", "ENOTFOUND", "EEXISTS", "ERANGE",
                           "EPARSE", "EIO", "EFORMAT", "ELIMIT", "ECANCELED",
                           "EVERSION"})
        self.assertIs(socialcap.errors.class_for_status(-99), socialcap.SocialcapError)


if __name__ == "__main__":
    unittest.main()
