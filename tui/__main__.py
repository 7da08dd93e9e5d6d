"""`python -m tui`: the `marginalia` command."""

import sys

from tui.cli import main

sys.exit(main())
