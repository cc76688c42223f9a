"""The layers of keys_l10n keep their import direction (docs/architecture.md, "Layers").

    core  <  adapters  <  usecases  <  views  <  cli

A module may import its own layer and the layers to its left, never one to its right. Views stand above use cases
because they render the result values the use cases return (they import those types, never the other way). The
package root (``keys_l10n/__init__.py``: the version) is ground floor: every layer may import it, it imports none.

Besides the direction, read from the source with ``ast`` (lazy imports inside functions and ``TYPE_CHECKING``
imports count too, since they are dependencies all the same):

- the libraries that reach outside the process or read file formats (translate-toolkit, GitPython, babel, polib,
  jinja2 and its markupsafe, nh3, WeasyPrint, mammoth) are imported only in ``adapters/``; rich only in ``views/``
  and ``cli/``; typer only in ``cli/``;
- the core does no I/O: no ``os``, ``shutil``, ``tempfile``, ``subprocess``, ``tomllib``..., no ``open()``, no
  ``Path.read_text()``-style call (``pathlib.Path`` as a type is fine);
- no module imports a private name (``_x``) of another module, nor reaches one as ``module._x`` (a package may
  import its own private submodules);
- every module lives in one of the layer folders.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "src" / "keys_l10n"
PACKAGE = "keys_l10n"
LAYERS = ("core", "adapters", "usecases", "views", "cli")
ADAPTER_LIBRARIES = frozenset(
    ["translate", "git", "gitdb", "babel", "polib", "jinja2", "markupsafe", "nh3", "weasyprint", "mammoth"]
)
ONLY_IN = {"rich": ("views", "cli"), "typer": ("cli",)}
CORE_NO_IO_MODULES = frozenset(
    [
        "os",
        "shutil",
        "tempfile",
        "subprocess",
        "tomllib",
        "fcntl",
        "glob",
        "socket",
        "sqlite3",
        "http",
        "urllib.request",
    ]
)
FILE_METHODS = frozenset(
    [
        "read_text",
        "read_bytes",
        "write_text",
        "write_bytes",
        "open",
        "is_file",
        "is_dir",
        "exists",
        "iterdir",
        "glob",
        "rglob",
        "mkdir",
        "unlink",
        "rmdir",
        "touch",
        "rename",
    ]
)


@dataclass(frozen=True)
class Module:
    name: str  # dotted, e.g. keys_l10n.core.merge
    path: Path
    is_package: bool

    @property
    def layer(self) -> str | None:
        parts = self.name.split(".")
        if len(parts) == 1:
            return "ground"
        if parts == [PACKAGE, "__main__"]:  # ``python -m keys_l10n``, should there be one: the command line
            return "cli"
        return parts[1] if parts[1] in LAYERS and (len(parts) > 2 or self.is_package) else None


def find_modules(package_dir: Path) -> dict[str, Module]:
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(package_dir).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = Module(".".join(parts), path, is_package)
    return found


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _rank(layer: str | None) -> int:
    return -1 if layer == "ground" else LAYERS.index(layer) if layer in LAYERS else len(LAYERS)


def _layer_of(name: str, modules: dict[str, Module]) -> str | None:
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return modules[name].layer if name in modules else None


def _own_package(module: Module) -> str:
    return module.name if module.is_package else module.name.rsplit(".", 1)[0]


def check_module(module: Module, modules: dict[str, Module], base: Path) -> list[str]:
    tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
    where = module.path.relative_to(base).as_posix()
    layer = module.layer
    problems: list[str] = []

    def problem(node: ast.AST, message: str) -> None:
        problems.append(f"{where}:{getattr(node, 'lineno', 1)}: {message}")

    if layer is None:
        problem(tree, f"{module.name} is in no layer folder ({', '.join(LAYERS)})")
        return problems

    def internal(node: ast.AST, target: str) -> None:
        target_layer = _layer_of(target, modules)
        if layer == "ground":
            problem(node, f"the package root imports {target}: it must import nothing of the package")
        elif _rank(target_layer) > _rank(layer):
            problem(node, f"{layer} imports {target} ({target_layer}): a lower layer imports a higher one")

    def private(node: ast.AST, name: str, owner: str) -> None:
        if name.startswith("_") and not name.startswith("__"):
            problem(node, f"imports the private name {name} of {owner}")

    def external(node: ast.AST, name: str) -> None:
        top = name.split(".")[0]
        if top in ADAPTER_LIBRARIES and layer != "adapters":
            problem(node, f"imports {name} outside adapters/ ({layer})")
        if top in ONLY_IN and layer not in ONLY_IN[top]:
            problem(node, f"imports {name} outside {' and '.join(f'{x}/' for x in ONLY_IN[top])} ({layer})")
        if layer == "core" and (name in CORE_NO_IO_MODULES or top in CORE_NO_IO_MODULES):
            problem(node, f"the core imports {name} (I/O)")

    aliases: set[str] = set()  # local names bound to modules of the package
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    internal(node, alias.name)
                    aliases.add(alias.asname or alias.name.split(".")[0])
                else:
                    external(node, alias.name)
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, node)
            if target != PACKAGE and not target.startswith(PACKAGE + "."):
                if not node.level:
                    external(node, target)
                continue
            plain = False
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:  # a submodule: its own layer counts; a private one only from its own package
                    internal(node, sub)
                    aliases.add(alias.asname or alias.name)
                    if target != _own_package(module):
                        private(node, alias.name, target)
                else:
                    plain = True
                    private(node, alias.name, target)
            if plain:
                internal(node, target)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            if node.attr.startswith("_") and not node.attr.startswith("__"):
                problem(node, f"reaches the private name {node.value.id}.{node.attr}")
        elif layer == "core" and isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                problem(node, "the core calls open() (I/O)")
            elif isinstance(func, ast.Attribute) and func.attr in FILE_METHODS:
                problem(node, f"the core calls .{func.attr}() (file system)")
    return problems


def violations(package_dir: Path) -> list[str]:
    modules = find_modules(package_dir)
    base = package_dir.parent
    found = [problem for module in modules.values() for problem in check_module(module, modules, base)]
    return sorted(found, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))


def test_layers_keep_their_import_direction() -> None:
    found = violations(PACKAGE_DIR)
    assert not found, "\n".join(["", *found])


def test_every_layer_exists() -> None:
    assert all((PACKAGE_DIR / layer / "__init__.py").is_file() for layer in LAYERS)


def _module_map(readme: Path) -> set[str]:
    """The paths the README's "Module map" section names (``core/merge.py``, ``core/checks/``)."""
    text = readme.read_text(encoding="utf-8")
    if "\n## Module map" not in text:
        pytest.fail("README.md has no '## Module map' section")
    section = text.split("\n## Module map", 1)[1].split("\n## ", 1)[0]
    return {m for m in re.findall(r"`([\w/]+(?:\.py|/))`", section) if m.split("/")[0] in LAYERS}


def test_the_readme_module_map_names_every_module_and_no_other() -> None:
    named = _module_map(PACKAGE_DIR.parents[1] / "README.md")
    files = {
        m.path.relative_to(PACKAGE_DIR).as_posix() for m in find_modules(PACKAGE_DIR).values() if m.layer in LAYERS
    }
    folders = {f.rsplit("/", 1)[0] + "/" for f in files}
    # a module is named itself, or its package folder below a layer is (``core/checks/``, ``cli/commands/``)
    covering = {m for m in named if m.endswith("/") and m.count("/") > 1}
    missing = sorted(
        f
        for f in files
        if Path(f).stem not in ("__init__", "__main__") and f not in named and not f.startswith(tuple(covering))
    )
    assert missing == [], "modules missing from the README's module map"
    assert sorted(named - files - folders) == [], "the README's module map names modules that do not exist"


# -- the test catches what it is meant to catch ------------------------------------------------------------------
def _plant(root: Path, files: dict[str, str]) -> Path:
    package = root / PACKAGE
    for name, text in {"__init__.py": '__version__ = "0"\n', **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for layer in LAYERS:
        init = package / layer / "__init__.py"
        if not init.exists():
            init.write_text("", encoding="utf-8")
    return package


CLEAN = {
    "core/model.py": "from pathlib import Path\nimport rapidfuzz\nfrom .. import __version__\nX: Path | None = None\n",
    "core/_impl.py": "Y = 1\n",
    "core/merge.py": "from . import _impl\nfrom ._impl import Y\nfrom .model import X\n",
    "adapters/po.py": "import polib\nfrom ..core.model import X\ndef read(p):\n    return open(p).read()\n",
    "usecases/update.py": "from ..adapters.po import read\nfrom ..core import merge\n",
    "views/table.py": "import rich\nfrom ..usecases.update import read\nfrom ..adapters import po\n",
    "cli/app.py": "import typer\nfrom ..views import table\nfrom ..usecases import update\n",
}


def test_a_clean_planted_package_passes(tmp_path: Path) -> None:
    assert violations(_plant(tmp_path, CLEAN)) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("core/bad.py", "from ..adapters.po import read\n", "core imports keys_l10n.adapters.po (adapters)"),
        ("core/bad.py", "def f():\n    from keys_l10n.usecases import update\n", "a lower layer imports a higher"),
        ("adapters/bad.py", "from ..views import table\n", "adapters imports keys_l10n.views.table (views)"),
        ("usecases/bad.py", "from keys_l10n.views.table import rich\n", "usecases imports keys_l10n.views.table"),
        ("views/bad.py", "from ..cli.app import typer\n", "views imports keys_l10n.cli.app (cli)"),
        ("core/bad.py", "from translate.storage import po\n", "imports translate.storage outside adapters/ (core)"),
        ("usecases/bad.py", "import git\n", "imports git outside adapters/ (usecases)"),
        ("views/bad.py", "from jinja2 import Environment\n", "imports jinja2 outside adapters/ (views)"),
        ("views/bad.py", "from markupsafe import Markup\n", "imports markupsafe outside adapters/"),
        ("usecases/bad.py", "import rich.table\n", "imports rich.table outside views/ and cli/ (usecases)"),
        ("views/bad.py", "import typer\n", "imports typer outside cli/ (views)"),
        ("core/bad.py", "import os\n", "the core imports os (I/O)"),
        ("core/bad.py", "def f(p):\n    return open(p)\n", "the core calls open() (I/O)"),
        ("core/bad.py", "def f(p):\n    return p.read_text()\n", "the core calls .read_text() (file system)"),
        ("usecases/bad.py", "from ..adapters.po import _private\n", "imports the private name _private"),
        ("usecases/bad.py", "from ..core import _impl\n", "imports the private name _impl of keys_l10n.core"),
        ("usecases/bad.py", "from ..adapters import po\nx = po._cache\n", "reaches the private name po._cache"),
        ("stray.py", "X = 1\n", "keys_l10n.stray is in no layer folder"),
        ("__init__.py", "from .core import model\n", "the package root imports keys_l10n.core.model"),
    ],
)
def test_a_planted_violation_is_caught(tmp_path: Path, name: str, text: str, expected: str) -> None:
    found = violations(_plant(tmp_path, {**CLEAN, name: text}))
    assert any(expected in line for line in found), found
    assert all(name in line for line in found), found  # and only there


if __name__ == "__main__":  # a quick listing while moving modules: python tests/test_layers.py [package_dir]
    print("\n".join(violations(Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE_DIR)) or "no violations")
