"""Releases: a clean build archived as PDF/A-3 with its data attached, a manifest of hashes, and
its verification (every hash again, or a rebuild from the recorded commit).

    output/releases/<edition>/<version>/
        report-en.pdf, report-zh.pdf   PDF/A-3b, results and edition data attached inside
        results.csv, results.xlsx
        manifest.json                  SHA-256 of every file, commit, tool and font versions
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from pathlib import Path

from ..app import BuildOptions, build
from ..edition.read import display_path
from ..errors import ReleaseError, problem, quote
from ..languages import language
from ..render.fonts import find_font

PDF_VARIANT = "pdf/a-3b"
MANIFEST = "manifest.json"
NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")
"""A release version (and an edition id): a plain name, never a path."""
SOURCES = ("builder", "figures", "templates", "content", "data")


@dataclass
class Verification:
    """What `cityindex verify` found."""

    path: Path
    checked: int = 0
    differ: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    rebuilt_differ: list[str] | None = None  # None: no rebuild asked for

    @property
    def ok(self) -> bool:
        return not (self.differ or self.missing or self.extra or self.rebuilt_differ)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def git(*args: str, cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        error = (getattr(exc, "stderr", "") or str(exc)).strip().splitlines()
        raise ReleaseError(problem("git", f"git {' '.join(args[:2])}", error=error[-1] if error else "an error"))\
            from None
    return done.stdout.strip()


def check_name(value: str, what: str) -> None:
    if not NAME.match(value) or ".." in value:
        raise ReleaseError(problem("release-version", what, found=quote(value)))


def release(edition: str, version: str, *, root: Path, output_dir: Path, allow_dirty: bool = False) -> Path:
    """Build EDITION from the last commit's tree and archive it; refuses to overwrite a release."""
    check_name(version, "--version")
    check_name(edition, "EDITION")
    dest = output_dir / "releases" / edition / version
    if dest.exists():
        raise ReleaseError(problem("release-exists", display_path(dest), version=version, edition=edition))
    changes = changed_files(root)
    if changes and not allow_dirty:
        raise ReleaseError(problem("release-dirty", files=", ".join(changes[:10]) + (" ..." if len(changes) > 10
                                                                                     else "")))
    commit = git("rev-parse", "HEAD", cwd=root)
    with tempfile.TemporaryDirectory(dir=output_dir.parent if output_dir.parent.exists() else None) as tmp:
        staged = Path(tmp) / version
        make_release(edition, version, commit, root, staged, dirty_tree(root) if changes else None)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(staged, dest)  # atomic, and fails rather than replace a release made meanwhile
        except OSError:
            raise ReleaseError(problem("release-exists", display_path(dest), version=version, edition=edition)) \
                from None
    return dest


def dirty_tree(root: Path) -> dict:
    """What a release built from uncommitted sources was built from: the changed files and a hash of
    the change (the diff against the commit, plus every untracked file), so that it can be told apart."""
    diff = subprocess.run(["git", "diff", "HEAD", "--binary", "--", *SOURCES], cwd=root, capture_output=True,
                          check=True).stdout
    digest = hashlib.sha256(diff)
    untracked = git("ls-files", "--others", "--exclude-standard", "--", *SOURCES, cwd=root).splitlines()
    for name in sorted(untracked):
        digest.update(name.encode() + b"\0" + (root / name).read_bytes())
    return {"files": changed_files(root), "diff_sha256": digest.hexdigest()}


def changed_files(root: Path) -> list[str]:
    """Source files that differ from the last commit, untracked ones included."""
    changed = git("diff", "--name-only", "HEAD", "--", *SOURCES, cwd=root).splitlines()
    untracked = git("ls-files", "--others", "--exclude-standard", "--", *SOURCES, cwd=root).splitlines()
    return sorted(set(changed) | set(untracked))


def make_release(edition: str, version: str, commit: str, root: Path, dest: Path, dirty: dict | None = None) -> None:
    """Build with dates from the commit (SOURCE_DATE_EPOCH) and write the release files to dest."""
    epoch = git("log", "-1", "--format=%ct", commit, cwd=root)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "output"
            summary = build(edition, BuildOptions(data_dir=root / "data", content_dir=root / "content",
                                                  output_dir=out, pdf_variant=PDF_VARIANT,
                                                  attach=("results", "data")))
            built = out / edition
            dest.mkdir(parents=True)
            for lang in summary.langs:
                shutil.copyfile(built / lang / "report.pdf", dest / f"report-{lang}.pdf")
            for name in ("results.csv", "results.xlsx"):
                shutil.copyfile(built / name, dest / name)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    manifest = {
        "edition": edition, "version": version, "commit": commit, "dirty": dirty, "source_date_epoch": int(epoch),
        "pdf_variant": PDF_VARIANT,
        "files": {p.name: sha256(p) for p in sorted(dest.iterdir())},
        "tools": tool_versions(),
        "fonts": font_versions(summary.langs),
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def tool_versions() -> dict[str, str]:
    from weasyprint.text.ffi import pango

    return {"python": platform.python_version(), "weasyprint": package_version("weasyprint"),
            "matplotlib": package_version("matplotlib"), "pandas": package_version("pandas"),
            "fonttools": package_version("fonttools"), "uharfbuzz": package_version("uharfbuzz"),  # the subsetter
            "pango": _pango_version(pango.pango_version())}


def _pango_version(number: int) -> str:
    """Pango encodes its version as major * 10000 + minor * 100 + micro."""
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def font_versions(langs: list[str]) -> dict[str, list[dict[str, str]]]:
    """Per language, every font face its pages may be set in (the typeface, then its fallbacks; each style), with
    the file's SHA-256: a rebuild elsewhere can tell whether it has the same fonts."""
    fonts = {}
    for lang in langs:
        faces = []
        for face in language(lang).typefaces:
            for style in face.styles:
                font = find_font(face, style)
                faces.append({"family": face.family, "style": style.name, "file": str(font.path),
                              "index": str(font.index), "sha256": sha256(Path(font.path))})
        fonts[lang] = faces
    return fonts


def verify(path: Path, *, rebuild: bool = False, root: Path | None = None) -> Verification:
    """Check every hash in the manifest; with rebuild, build the recorded commit again and compare."""
    manifest = read_manifest(path)
    result = Verification(path)
    recorded: dict[str, str] = manifest["files"]
    present = {p.name for p in path.iterdir() if p.is_file() and p.name != MANIFEST}
    for name, digest in sorted(recorded.items()):
        if name not in present:
            result.missing.append(name)
        else:
            result.checked += 1
            if sha256(path / name) != digest:
                result.differ.append(name)
    result.extra = sorted(present - set(recorded))
    if rebuild:
        result.rebuilt_differ = rebuilt_differences(manifest, root or Path.cwd())
    return result


def read_manifest(path: Path) -> dict:
    """The manifest of the release at path, checked for the keys verify needs."""
    manifest_path = path / MANIFEST
    shown = display_path(manifest_path)
    if not manifest_path.is_file():
        raise ReleaseError(problem("manifest-missing", shown))
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ReleaseError(problem("manifest-invalid", shown, exc.lineno, found=f"invalid JSON ({exc.msg})",
                                   expected="the JSON that cityindex release wrote")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReleaseError(problem("manifest-invalid", shown, found=str(exc), expected="a readable UTF-8 file")) \
            from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise ReleaseError(problem("manifest-invalid", shown, None, "files", found=quote(json.dumps(files)),
                                   expected="a mapping of file names to SHA-256 hashes"))
    for name in files:
        if Path(name).name != name or name in (".", ".."):
            raise ReleaseError(problem("manifest-invalid", shown, None, "files", found=quote(name),
                                       expected="plain file names inside the release folder"))
    return manifest


def rebuilt_differences(manifest: dict, root: Path) -> list[str]:
    """Build the recorded commit in a fresh worktree; the files whose hashes differ from the manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        git("worktree", "add", "--detach", str(tree), manifest["commit"], cwd=root)
        try:
            again = Path(tmp) / "release"
            make_release(manifest["edition"], manifest["version"], manifest["commit"], tree, again)
            return sorted(name for name, digest in manifest["files"].items()
                          if not (again / name).exists() or sha256(again / name) != digest)
        finally:
            git("worktree", "remove", "--force", str(tree), cwd=root)


def verification_text(v: Verification) -> str:
    lines = [f"{v.path}: {v.checked} files checked"]
    lines += [f"  DIFFERS  {name}: its SHA-256 is not the one in the manifest" for name in v.differ]
    lines += [f"  MISSING  {name}" for name in v.missing]
    lines += [f"  EXTRA    {name}: not in the manifest" for name in v.extra]
    if v.rebuilt_differ is not None:
        lines += [f"  REBUILT  {name}: a rebuild of the recorded commit gives other bytes" for name in v.rebuilt_differ]
        if not v.rebuilt_differ:
            lines.append("  a rebuild of the recorded commit gives the same bytes")
    lines.append("verified" if v.ok else "NOT verified")
    return "\n".join(lines)
