"""A stance project: its labels, targets, guidelines and team, from one TOML file.

Stance is always stance toward something: a project names its targets
("sanctions", "US–Russia dialogue"), and every label is given for one of them.
The file, `marginalia.toml` beside the articles or `--project FILE`, holds:

    [project]
    name = "Russia and the US, 2017"
    guidelines = "guidelines.md"     # Markdown, beside this file
    annotators = ["alice", "bob", "carol"]
    overlap = 2                      # annotators who see each article

    [[target]]
    name = "sanctions"
    description = "Economic sanctions against Russia."
    key = "F2"                       # optional: switches to this target

    [[label]]                        # the label scheme, as in a labels file
    ...

A bare labels file (`--labels`) is a project with no targets: every label is
then given for no target in particular. Every mistake is one `LabelsError`
line naming the file and the problem.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tui.labels import (
    LabelScheme,
    LabelsError,
    binding_key,
    load_labels,
    read_text_file,
    read_toml,
    refuse_unknown_keys,
    scheme_from,
)

PROJECT_FILE_NAME = "marginalia.toml"
"""The project file looked for beside the articles when none is named."""

_TOP_LEVEL_KEYS = ("project", "target", "label", "keys")
_PROJECT_KEYS = ("name", "guidelines", "annotators", "overlap")
_TARGET_KEYS = ("name", "description", "key")


@dataclass(frozen=True, slots=True)
class Target:
    """What a stance is about: its name (stored with each label), a description and,
    optionally, a key that switches to it."""

    name: str
    description: str = ""
    key: str | None = None

    @property
    def binding_key(self) -> str | None:
        """The key as Textual names it, if the target has one."""
        return None if self.key is None else binding_key(self.key)

    @property
    def binding_id(self) -> str:
        """The id of this target's key binding (usable in a `[keys]` table)."""
        return f"target.{self.name}"


@dataclass(frozen=True)
class Project:
    """Everything a team's labelling is set by."""

    scheme: LabelScheme
    targets: tuple[Target, ...] = ()
    """The targets, in the order they are offered; empty: labels have no target."""
    name: str = ""
    path: Path | None = None
    """The project file (None for a bare labels file)."""
    guidelines: str = ""
    """The annotation guidelines, Markdown."""
    guidelines_path: Path | None = None
    annotators: tuple[str, ...] = ()
    overlap: int | None = None
    """How many annotators see each article (with `annotators`), for agreement."""

    def target(self, name: str | None) -> Target | None:
        """The target called `name`, or None."""
        return next((t for t in self.targets if t.name == name), None)

    def target_after(self, name: str | None, step: int = 1) -> str | None:
        """The target `step` places after `name` in the project's order, going round
        (the first one when `name` is not a target); None when there are none."""
        names = [target.name for target in self.targets]
        if not names:
            return None
        current = names.index(name) if name in names else (-1 if step > 0 else 0)
        return names[(current + step) % len(names)]

    def assigned(self, article_id: str) -> tuple[str, ...]:
        """The annotators who label an article: all of them, or `overlap` of them
        chosen by a hash of article and name (the same ones on every machine, and
        adding an annotator moves few articles: rendezvous hashing)."""
        if not self.annotators or self.overlap is None:
            return self.annotators
        ranked = sorted(
            self.annotators,
            key=lambda who: hashlib.blake2b(
                f"{article_id}\0{who}".encode(), digest_size=8
            ).digest(),
        )
        return tuple(ranked[: self.overlap])


def _target(entry: object, index: int, source: str) -> Target:
    where = f"{source}: target {index + 1}"
    if not isinstance(entry, dict):
        raise LabelsError(f"{where}: expected a [[target]] table")
    name = entry.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{source}: target {name.strip()!r}"
    refuse_unknown_keys(entry, _TARGET_KEYS, where)
    if not isinstance(name, str) or not name.strip():
        raise LabelsError(f"{where}: needs a name")
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise LabelsError(f"{where}: description must be a string")
    key = entry.get("key")
    if key is not None and (
        not isinstance(key, str) or not key.strip() or "," in key or " " in key.strip()
    ):
        raise LabelsError(f'{where}: key must be one key, like key = "F2"')
    return Target(" ".join(name.split()), " ".join(description.split()), key and key.strip())


def _team(table: dict[str, object], source: str) -> tuple[tuple[str, ...], int | None]:
    annotators = table.get("annotators", [])
    if not isinstance(annotators, list) or not all(
        isinstance(a, str) and a.strip() for a in annotators
    ):
        raise LabelsError(f"{source}: [project] annotators must be a list of names")
    names = tuple(a.strip() for a in annotators)
    if len(set(names)) != len(names):
        raise LabelsError(f"{source}: [project] annotators names someone twice")
    overlap = table.get("overlap")
    if overlap is None:
        return names, None
    if type(overlap) is not int or overlap < 1:
        raise LabelsError(f"{source}: [project] overlap must be a whole number, 1 or more")
    if not names:
        raise LabelsError(f"{source}: [project] overlap needs the annotators listed")
    if overlap > len(names):
        raise LabelsError(
            f"{source}: [project] overlap {overlap} is more than the {len(names)} annotators"
        )
    return names, overlap


def parse_project(text: str, path: Path) -> Project:
    """A project from the TOML text of `path` (guidelines are read beside it)."""
    source = str(path)
    data = read_toml(text, path)
    refuse_unknown_keys(data, _TOP_LEVEL_KEYS, source, also=("labels",))
    scheme = scheme_from(data, path)
    table = data.get("project", {})
    if not isinstance(table, dict):
        raise LabelsError(f"{source}: [project] must be a table")
    refuse_unknown_keys(table, _PROJECT_KEYS, f"{source}: [project]")
    name = table.get("name", "")
    if not isinstance(name, str):
        raise LabelsError(f"{source}: [project] name must be a string")
    entries = data.get("target", [])
    if not isinstance(entries, list):
        raise LabelsError(f"{source}: targets are [[target]] tables")
    targets = tuple(_target(entry, i, source) for i, entry in enumerate(entries))
    seen: set[str] = set()
    for target in targets:
        if target.name in seen:
            raise LabelsError(f"{source}: target {target.name!r} is defined twice")
        seen.add(target.name)
    guidelines, guidelines_path = "", None
    if "guidelines" in table:
        relative = table["guidelines"]
        if not isinstance(relative, str) or not relative.strip():
            raise LabelsError(f"{source}: [project] guidelines must name a Markdown file")
        guidelines_path = path.parent / relative.strip()
        guidelines = read_text_file(guidelines_path, f"guidelines file named in {source}")
    annotators, overlap = _team(table, source)
    return Project(
        scheme, targets, name.strip(), path, guidelines, guidelines_path, annotators, overlap
    )


def load_project(path: Path) -> Project:
    """Read a project file."""
    return parse_project(read_text_file(path, "project file"), path)


def find_project(corpus: Path) -> Path | None:
    """The project file beside the articles: in the corpus folder, or beside a JSONL
    file or a page dump; None when there is none."""
    folder = corpus if corpus.is_dir() else corpus.parent
    candidate = folder / PROJECT_FILE_NAME
    return candidate if candidate.is_file() else None


def open_project(corpus: Path, project: Path | None = None, labels: Path | None = None) -> Project:
    """The project the app runs: `--project`, or `--labels` alone, or the project file
    beside the articles, or the built-in labels with no targets."""
    if project is not None and labels is not None:
        raise LabelsError("--project and --labels: give one (a project file holds labels too)")
    if project is not None:
        return load_project(project)
    if labels is not None:
        scheme = load_labels(labels)
        return Project(scheme)
    found = find_project(corpus)
    if found is not None:
        return load_project(found)
    return Project(load_labels())
