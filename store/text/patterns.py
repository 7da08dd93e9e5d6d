"""Small helpers for writing patterns the regex engine runs fast."""

from __future__ import annotations

import re

WHITESPACE = "".join(filter(str.isspace, map(chr, range(0x3001))))
"""Every character `\\s` matches (none lies beyond U+3000), for `str.strip`."""


def trie_pattern(words: list[str] | tuple[str, ...]) -> str:
    """One regex alternation for many words, branching letter by letter.

    Python's engine tries a flat alternation's branches one after another at
    every position; a trie fails at the first letter, which makes looking for
    many words at once several times faster (attribution verbs in an article,
    the hint words of a junk rule in a line).
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)
