"""What the app remembers between runs for the user: the theme, and where the
cursor was in each article (so reopening an article, even tomorrow, goes back
to the statement being read).

One small JSON file in the user's state folder (`$MARGINALIA_STATE` overrides
it), rewritten atomically. It is only a convenience: a missing or damaged file
is treated as empty and rewritten, never reported as an error.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from store import write_bytes_atomically

STATE_ENV = "MARGINALIA_STATE"
MAX_POSITIONS = 5000
"""Reading positions kept, the most recently read articles first."""


def default_state_file() -> Path:
    """`$MARGINALIA_STATE`, else `state.json` in the platform's user state folder."""
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_state_dir("marginalia")) / "state.json"


class UserState:
    """The theme and the reading positions, loaded once and saved on change."""

    def __init__(self, path: Path | None = None) -> None:
        """Read the state file (a missing or damaged one gives an empty state)."""
        self.path = path or default_state_file()
        self.theme: str | None = None
        self._positions: dict[str, int] = {}
        self._dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict):
            theme = data.get("theme")
            self.theme = theme if isinstance(theme, str) else None
            positions = data.get("positions")
            if isinstance(positions, dict):
                self._positions = {
                    str(k): v for k, v in positions.items() if isinstance(v, int) and v >= 0
                }

    def position(self, article_id: str) -> int:
        """The sentence the cursor was last on in an article (0 if never read)."""
        return self._positions.get(article_id, 0)

    def set_position(self, article_id: str, index: int) -> None:
        """Remember the cursor's sentence in an article."""
        self._positions.pop(article_id, None)
        self._positions[article_id] = index
        while len(self._positions) > MAX_POSITIONS:
            del self._positions[next(iter(self._positions))]
        self._dirty = True

    def set_theme(self, theme: str) -> None:
        """Remember the theme, and save at once (themes change rarely)."""
        if theme != self.theme:
            self.theme = theme
            self._dirty = True
            self.save()

    def save(self) -> None:
        """Write the state if it changed; a failure to write is not worth an error."""
        if not self._dirty:
            return
        data = {"theme": self.theme, "positions": self._positions}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomically(
                self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"), durable=False
            )
            self._dirty = False
        except OSError:
            pass
