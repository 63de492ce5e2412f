"""Run the ```python blocks of a markdown file, in order, as one program.

Usage: run_doc_example.py FILE.md. Fails when the file has no such block,
when the code raises, or when the output differs from the plain ``` block
that follows a sentence "It prints ...:" after the last python block. The code runs
in a fresh temporary directory so that files it writes do not land in the
source tree.
"""

import contextlib
import io
import os
import re
import sys
import tempfile


def main(argv):
    if len(argv) != 2:
        print("usage: run_doc_example.py FILE.md", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    blocks = re.findall(r"^```python\n(.*?)^```$", text, re.M | re.S)
    if not blocks:
        print("no ```python block in %s" % argv[1], file=sys.stderr)
        return 1
    code = compile("\n".join(blocks), argv[1], "exec")
    tail = text[text.rindex("```python"):]
    expected = re.search(r"^It prints[^`]*?:\n\n```\n(.*?)^```$", tail, re.M | re.S)
    if "It prints" in tail and not expected:
        print("cannot find the output block after 'It prints'", file=sys.stderr)
        return 1
    out = io.StringIO()
    lib = os.environ.get("SOCIALCAP_LIBRARY")
    if lib and os.sep in lib:
        os.environ["SOCIALCAP_LIBRARY"] = os.path.abspath(lib)
    sys.path[:] = [os.path.abspath(p) for p in sys.path]
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        with contextlib.redirect_stdout(out):
            exec(code, {"__name__": "__main__"})
    sys.stdout.write(out.getvalue())
    if expected and out.getvalue() != expected.group(1):
        print("output differs from the documented output:\n" +
              expected.group(1), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
