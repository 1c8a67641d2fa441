"""Bundle entry point of the ``workstation`` command."""

import sys

from workstation.cli import main

sys.exit(main())
