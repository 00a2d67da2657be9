"""`python -m bimedix` starts the desktop app."""

import sys

from bimedix.gui.app import main

sys.exit(main())
