import sys

from lupex.cli import main

sys.exit(main())
