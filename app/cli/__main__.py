"""`python -m bimedix.cli` runs the `bimedix` command line."""

import sys

from bimedix.cli import main

sys.exit(main())
