"""Entry script that PyInstaller freezes into `bimedix-desktop`."""

import sys

from bimedix.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
