"""A build killed with SIGKILL at any point leaves no process behind, the last good output intact, and
debris that the next build removes and names."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.publish.staging import edition_lock

from .test_bad_inputs import make_project, tree_hash

COMMAND = [sys.executable, "-m", "builder", "build", "tiny", "--templates-dir", "templates"]


def session_members(session: int) -> list[int]:
    """Processes of a session (a build started in a new session takes its workers into it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def wait_for(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.005)
    return False


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("kill"))
    done = subprocess.run(COMMAND, cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return root


def staging(root: Path) -> list[Path]:
    return sorted((root / "output").glob(".tiny.staging-*"))


MOMENTS = {
    "while loading": lambda root: True,
    "once staging exists": lambda root: bool(staging(root)),
    "while the workers draw": lambda root: any(any(s.glob("*/figures/*.svg")) for s in staging(root)),
    "while a PDF is written": lambda root: any(any(s.glob("*/report.pdf")) or any(s.glob("*/.report.pdf-*"))
                                                for s in staging(root)),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_sigkill(project: Path, moment: str):
    before = tree_hash(project / "output" / "tiny")
    build = subprocess.Popen(COMMAND, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    reached = wait_for(lambda: MOMENTS[moment](project), timeout=60)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert reached, f"the build finished before it reached the moment: {moment}"
    assert wait_for(lambda: not session_members(build.pid), timeout=5), \
        f"processes of the killed build still run: {session_members(build.pid)}"
    assert tree_hash(project / "output" / "tiny") == before, "the last good output changed"
    debris = staging(project)
    again = subprocess.run(COMMAND, cwd=project, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert staging(project) == []
    for leftover in debris:
        assert f"note: removed output/{leftover.name} (" in again.stdout, again.stdout


def test_a_build_waits_while_another_run_of_the_edition_holds_its_lock(project: Path):
    before = tree_hash(project / "output" / "tiny")
    with edition_lock(project / "output" / "tiny"):
        waiting = subprocess.Popen(COMMAND, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = waiting.stderr.readline()
        while line and "waiting" not in line:
            line = waiting.stderr.readline()
        assert f"waiting for the other run of tiny (pid {os.getpid()}) to finish" in line
        time.sleep(0.5)
        assert waiting.poll() is None and tree_hash(project / "output" / "tiny") == before
    _, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
