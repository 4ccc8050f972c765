"""``python -m survey.cli``: the same command line as ``yousaid``."""

import sys

from survey.cli import main

sys.exit(main())
