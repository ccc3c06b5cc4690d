"""sha256 manifests of a build folder, to show that two builds gave the same bytes.

``python -m tooling.manifest _build/html`` prints one ``<sha256>  <path>`` line per file, sorted
(the format ``sha256sum -c`` reads).
"""

import hashlib
import sys
from pathlib import Path


def manifest(folder):
    """``{relative posix path: sha256}`` for every file under ``folder``, hidden ones included."""
    folder = Path(folder)
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(first, second):
    """Paths whose bytes differ between two manifests, or that only one of them has."""
    return sorted(p for p in first.keys() | second.keys() if first.get(p) != second.get(p))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        raise SystemExit("usage: python -m tooling.manifest FOLDER")
    for path, digest in manifest(argv[0]).items():
        print(f"{digest}  {path}")


if __name__ == "__main__":
    main()
