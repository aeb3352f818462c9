"""`python -m startup ARGS` = `rasa ARGS` with the project's runtime fixes applied first."""
import sys

from startup import patches

if __name__ == "__main__":
    patches.apply()
    from rasa.__main__ import main

    sys.argv[0] = "rasa"
    main()
