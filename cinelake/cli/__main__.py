"""`python -m cinelake.cli`: what `cinelake` runs (the pipeline's steps call it so)."""

import sys

from cinelake.cli import main

sys.exit(main())
