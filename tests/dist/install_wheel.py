"""Install the built wheel into a fresh venv of every CPython 3.9+ present, without Rust,
and run ``smoke.py`` in each (``make test-dist``).

    python tests/dist/install_wheel.py [DIST_DIR]

Interpreters are found in pyenv's versions folder (``$PYENV_ROOT``, default ``~/.pyenv``)
and as ``python3.X`` on ``PATH``; a missing minor version is reported and skipped. The
install runs with no ``cargo``/``rustc`` on ``PATH`` and ``--no-index --only-binary :all:``
on the dist folder, so it can only succeed from the wheel. PyYAML, the one runtime
dependency, is installed first through pip's normal index (or its cache).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
MINORS = range(9, 14)  # CPython 3.9 to 3.13: the versions the abi3-py39 wheel promises
RUST_TOOLS = ("cargo", "rustc", "rustup")


def interpreter_version(exe: str) -> Optional[tuple[int, int]]:
    """(major, minor) of ``exe``, or None if it does not run (e.g. a pyenv shim)."""
    try:
        out = subprocess.run(
            [exe, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
        return int(out[0]), int(out[1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def find_interpreter(minor: int) -> Optional[str]:
    """A working CPython 3.``minor``: the newest pyenv build first, then PATH."""
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    pattern = os.path.join(root, "versions", f"3.{minor}.*", "bin", f"python3.{minor}")
    candidates = sorted(glob.glob(pattern), reverse=True)
    on_path = shutil.which(f"python3.{minor}")
    if on_path:
        candidates.append(on_path)
    for exe in candidates:
        if interpreter_version(exe) == (3, minor):
            return exe
    return None


def rust_free_env() -> dict[str, str]:
    """The environment with every PATH entry that holds a Rust tool removed."""
    env = dict(os.environ)
    kept = [
        d
        for d in env.get("PATH", "").split(os.pathsep)
        if d and not any(os.path.exists(os.path.join(d, tool)) for tool in RUST_TOOLS)
    ]
    env["PATH"] = os.pathsep.join(kept)
    for var in ("CARGO_HOME", "RUSTUP_HOME", "PYO3_PYTHON", "VIRTUAL_ENV"):
        env.pop(var, None)
    return env


def the_wheel(dist: str) -> str:
    """The one abi3 wheel in ``dist``."""
    wheels = glob.glob(os.path.join(dist, "mailtrace_mx-*.whl"))
    if len(wheels) != 1:
        sys.exit(f"expected exactly one wheel in {dist}, found {wheels}; run `make dist`")
    if "-cp39-abi3-" not in os.path.basename(wheels[0]):
        sys.exit(f"not an abi3 wheel for CPython >= 3.9: {wheels[0]}")
    check_contents(wheels[0])
    return wheels[0]


def check_contents(wheel: str) -> None:
    """The wheel ships the package with its stubs and demo data, and no tests."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    for needed in (
        "mailtrace_mx/_core.pyi",
        "mailtrace_mx/py.typed",
        "mailtrace_mx/demo/zones.yaml",
    ):
        if needed not in names:
            sys.exit(f"{wheel} lacks {needed}")
    stray = [n for n in names if not n.startswith(("mailtrace_mx/", "mailtrace_mx-"))]
    stray += [n for n in names if "/tests/" in n or os.path.basename(n).startswith("test_")]
    if stray:
        sys.exit(f"{wheel} carries files users do not need: {stray}")


def run(cmd: list[str], env: dict[str, str], cwd: str) -> None:
    """Runs ``cmd``, exiting with its output if it fails."""
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"FAILED: {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
    if proc.stdout.strip():
        print("   ", proc.stdout.strip().splitlines()[-1])


def check_one(exe: str, dist: str, env: dict[str, str]) -> None:
    """Fresh venv, PyYAML, the wheel (no index, binary only), then the smoke test."""
    with tempfile.TemporaryDirectory(prefix="mx-dist-") as tmp:
        venv = os.path.join(tmp, "venv")
        run([exe, "-m", "venv", venv], env, tmp)
        py = os.path.join(venv, "bin", "python")
        pip = [py, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        run([*pip, "PyYAML>=6"], env, tmp)
        run(
            [*pip, "--no-index", "--only-binary", ":all:", "--find-links", dist, "mailtrace-mx"],
            env,
            tmp,
        )
        # cwd is the temporary folder, so the source tree's python/ cannot shadow the install.
        run([py, os.path.join(HERE, "smoke.py")], env, tmp)


def main() -> None:
    dist = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "dist")
    wheel = the_wheel(dist)
    env = rust_free_env()
    for tool in RUST_TOOLS:
        assert shutil.which(tool, path=env["PATH"]) is None, f"{tool} still on PATH"
    print(f"wheel: {os.path.basename(wheel)} ({os.path.getsize(wheel) / 1e6:.2f} MB)")
    tested, skipped = [], []
    for minor in MINORS:
        exe = find_interpreter(minor)
        if exe is None:
            print(f"3.{minor}: no interpreter found, skipped")
            skipped.append(f"3.{minor}")
            continue
        start = time.monotonic()
        print(f"3.{minor}: {exe}")
        check_one(exe, dist, env)
        print(f"    ok in {time.monotonic() - start:.1f} s")
        tested.append(f"3.{minor}")
    if not tested:
        sys.exit("no CPython 3.9-3.13 found: nothing was tested")
    print(
        f"test-dist: passed on {', '.join(tested)}"
        + (f"; skipped (absent) {', '.join(skipped)}" if skipped else "")
    )


if __name__ == "__main__":
    main()
