"""spaCy training data: the gold labels as a `.spacy` DocBin for `spacy train`.

One `Doc` per unit and target (a statement, quote or span with its decided
label; see `store.review.gold_labels`), tokenised by spaCy's blank
multi-language tokenizer, with `doc.cats` one-hot over every label of the
export: what spaCy's `textcat` (a stance classifier) trains on without a
converter. The unit's target, article and offsets are in `doc.user_data`.
spaCy is an optional extra (`pip install 'marginalia[spacy]'`): without it,
`SpacyMissing` says how to get it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.atomic import write_bytes_atomically

if TYPE_CHECKING:
    from store.records import Annotation

INSTALL_HINT = "pip install 'marginalia[spacy]'"


class SpacyMissing(RuntimeError):
    """spaCy is not installed; the message says how to install it."""


def _spacy() -> Any:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise SpacyMissing(
            f"the spacy format needs spaCy, an optional extra: {INSTALL_HINT}"
        ) from None
    return spacy, DocBin


def docbin_bytes(gold: Sequence[Annotation]) -> bytes:
    """The serialised DocBin of the gold labels (one Doc each)."""
    spacy, doc_bin_class = _spacy()
    nlp = spacy.blank("xx")
    labels = sorted({ann.label for ann in gold})
    docs = doc_bin_class(store_user_data=True)
    for ann in gold:
        doc = nlp.make_doc(ann.text)
        doc.cats = {label: float(label == ann.label) for label in labels}
        doc.user_data.update(
            {"target": ann.target, "article_id": ann.article_id, "start": ann.start,
             "end": ann.end, "unit": ann.unit}
        )  # fmt: skip
        docs.add(doc)
    data: bytes = docs.to_bytes()
    return data


def write_docbin(gold: Sequence[Annotation], path: Path) -> int:
    """Write the gold labels to `path` as a DocBin, atomically; returns how many."""
    write_bytes_atomically(path, docbin_bytes(gold))
    return len(gold)
