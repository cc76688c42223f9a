"""No command loses a translation (hypothesis): over random small projects and random sequences of `migrate`,
`migrate --overwrite`, `merge`, `update`, `import`, `import --overwrite` and `tm import`, with a translator
editing catalogs between commands, every non-empty msgstr present in the project's catalogs before a command is
present after it: in a live entry, an obsolete ``#~`` entry, or the language memory ``locale/tm/<lang>.po``.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXED_EPOCH, write_project
from keys_l10n.adapters.config import ProjectConfig, load_config
from keys_l10n.adapters.po import read_catalog
from keys_l10n.adapters.po_write import serialize, write_atomic
from keys_l10n.adapters.tmx import write_tmx
from keys_l10n.usecases.catalogs import extract, update
from keys_l10n.usecases.importing import import_translation
from keys_l10n.usecases.merge import merge_files
from keys_l10n.usecases.migrate import migrate
from keys_l10n.usecases.tm import import_tm

SENTENCES = (
    "Water is a common good.",
    "The river feeds the fields.",
    "Springs run dry in summer.",
    "We share the well with neighbours.",
    "Care for the soil every season.",
    "Seeds are kept for next year.",
    "The cooperative meets on Mondays.",
)
TRANSLATIONS = {s: s.upper() for s in SENTENCES}
paragraphs = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3, unique=True).map(" ".join)
booklet_texts = st.lists(paragraphs, min_size=1, max_size=4, unique=True).map(
    lambda ps: "# Title\n\n" + "\n\n".join(ps) + "\n"
)
COMMANDS = ("migrate", "migrate --overwrite", "merge", "update", "import", "import --overwrite", "tm import")
steps = st.lists(st.tuples(st.sampled_from(COMMANDS), st.integers(0, 2**16)), min_size=1, max_size=5)


def translations(root: Path) -> set[str]:
    """Every non-empty msgstr of every catalog under locale/ (live, fuzzy, obsolete, memory)."""
    found: set[str] = set()
    for path in sorted((root / "locale").rglob("*.po")):
        for entry in read_catalog(path).catalog.entries:
            found.update(t for t in entry.translations if t)
    return found


def play_translator(root: Path, seed: int) -> None:
    """Translate or re-translate some entries of every catalog (a reviewer's fixes)."""
    rng = random.Random(seed)
    for path in sorted((root / "locale").rglob("*.po")):
        if path.parent.name == "tm":
            continue
        catalog = read_catalog(path).catalog
        entries = tuple(
            e.changed(msgstr=f"{e.msgid.upper()} v{rng.randint(1, 3)}", flags=())
            if not e.obsolete and rng.random() < 0.5
            else e
            for e in catalog.entries
        )
        write_atomic(path, serialize(replace(catalog, entries=entries)))


def run_command(config: ProjectConfig, root: Path, command: str, seed: int, tmp: Path) -> None:
    rng = random.Random(seed)
    edition = rng.choice(("A", "B"))
    if command.startswith("migrate"):
        old, new = ("A", "B") if rng.random() < 0.7 else ("B", "A")
        migrate(config, old, new, overwrite=command.endswith("--overwrite"))
    elif command == "update":
        update(config)
    elif command == "merge":
        extract(config)
        po = config.po_path(edition, "es", "b")
        if po.exists():  # in place (msgmerge -U), and from the other edition into a new file
            merge_files(po, config.pot_path(edition, "b"), po, previous=True)
            merge_files(po, config.pot_path("B", "b"), root / "locale" / "merged" / f"{seed}.po", previous=True)
    elif command.startswith("import"):
        text = (root / "source" / edition / "b.md").read_text(encoding="utf-8")
        for sentence, translated in TRANSLATIONS.items():
            text = text.replace(sentence, translated if rng.random() < 0.7 else f"{translated} ({seed})")
        source = tmp / "b.es.md"
        source.write_text(text, encoding="utf-8")
        import_translation(
            config, edition=edition, lang="es", translated=source, booklet="b", overwrite=command.endswith("overwrite")
        )
    elif command == "tm import":
        pairs = [(s, f"{t} tm{rng.randint(1, 2)}", "") for s, t in TRANSLATIONS.items() if rng.random() < 0.5]
        tmx = tmp / "memory.tmx"
        tmx.write_bytes(write_tmx(pairs or [("Title", "TÍTULO", "")], source_lang="en", target_lang="es"))
        import_tm(config, tmx, "es")


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=booklet_texts, second=booklet_texts, plan=steps)
def test_no_command_loses_a_translation(
    first: str, second: str, plan: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        root = write_project(tmp / "p", editions={"A": "source/A", "B": "source/B"}, booklets={"b": first})
        (root / "source" / "B" / "b.md").write_text(second, encoding="utf-8")
        config = load_config(root)
        extract(config)
        update(config)
        play_translator(root, 0)
        for command, seed in plan:
            before = translations(root)
            run_command(config, root, command, seed, tmp)
            lost = before - translations(root)
            assert not lost, f"{command} lost {sorted(lost)}"
            play_translator(root, seed)
