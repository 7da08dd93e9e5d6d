"""`make_app`: the app as the command line builds it, and as the tests build it.

Checking the label scheme's keys against the screens' bindings happens here,
before anything is drawn, so a bad labels file is one line on the terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from store import default_annotator, default_db_path, sample_corpus_path
from tui.app import MarginaliaApp
from tui.labels import LabelScheme, LabelsError
from tui.project import Target, open_project
from tui.session import AppConfig, Session


def make_app(
    corpus: Path | None = None,
    *,
    db: Path | None = None,
    annotator: str | None = None,
    labels: Path | None = None,
    project: Path | None = None,
    cache_dir: Path | None = None,
    state_file: Path | None = None,
    read_only: bool = False,
    local_clipboard: bool = True,
    poll_seconds: float = 1.0,
) -> MarginaliaApp:
    """Build the app; raises `tui.labels.LabelsError` for an unusable labels or
    project file (`project`, `labels`, or `marginalia.toml` beside the articles)."""
    corpus = sample_corpus_path() if corpus is None else corpus
    chosen = open_project(corpus, project, labels)
    check_label_keys(chosen.scheme, chosen.targets)
    config = AppConfig(
        corpus=corpus,
        db=default_db_path() if db is None else db,
        annotator=default_annotator() if annotator is None else annotator,
        project=chosen,
        cache_dir=cache_dir,
        state_file=state_file,
        read_only=read_only,
        local_clipboard=local_clipboard,
        poll_seconds=poll_seconds,
    )
    return MarginaliaApp(Session(config))


_NAMED_KEYS = (
    "enter|tab|space|escape|backspace|delete|insert|home|end|pageup|pagedown|up|down|left|"
    "right|minus|plus|tilde|colon|at|asterisk|apostrophe|ampersand"
)
_ONE_KEY = re.compile(
    rf"(?:(?:ctrl|alt|shift)\+)*(?:.|f\d{{1,2}}|[a-z]+_[a-z_]+|{_NAMED_KEYS})", re.DOTALL
)


def check_label_keys(scheme: LabelScheme, targets: tuple[Target, ...] = ()) -> None:
    """Refuse a scheme whose keys cannot work: a label or target key that is not one
    key or hides a reader key, an unknown binding id in `[keys]`, or two bindings of
    one screen given the same key."""
    from tui.screens.library import LibraryScreen
    from tui.screens.reader_keys import READER_BINDINGS, label_bindings, target_bindings
    from tui.screens.review_keys import REVIEW_BINDINGS, decide_bindings

    where = scheme.path
    for label in scheme.labels:
        if not _ONE_KEY.fullmatch(label.binding_key):
            raise LabelsError(f"{where}: key {label.key!r} of label {label.name!r} is not one key")
    for target in targets:
        if target.binding_key is not None and not _ONE_KEY.fullmatch(target.binding_key):
            raise LabelsError(
                f"{where}: key {target.key!r} of target {target.name!r} is not one key"
            )
    screens = {
        "reader": [
            *READER_BINDINGS,
            *label_bindings(scheme),
            *target_bindings(targets),
            *MarginaliaApp.BINDINGS,
        ],
        "library": [*LibraryScreen.BINDINGS, *MarginaliaApp.BINDINGS],
        "review": [*REVIEW_BINDINGS, *decide_bindings(scheme), *MarginaliaApp.BINDINGS],
    }
    known = {b.id for bindings in screens.values() for b in bindings if isinstance(b, Binding)}
    for binding_id in scheme.keys:
        if binding_id not in known:
            raise LabelsError(f"{where}: [keys] names no binding {binding_id!r}")
    for screen, bindings in screens.items():
        owner = {"ctrl+p": "the command palette"}
        for binding in bindings:
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            keys = scheme.keys.get(binding.id, binding.key)
            for key in (k.strip() for k in keys.split(",")):
                if owner.setdefault(key, binding.id) != binding.id:
                    raise LabelsError(
                        f"{where}: key {key!r} is given to both {owner[key]} and "
                        f"{binding.id} in the {screen}; pick another (digits are always free)"
                    )
