"""`python -m facilitator`: the same program as the `facilitator` command.

It runs from a checkout without any install too (`python -m facilitator` in
the repository root, with the dependencies at hand): the stylesheets are found
beside the package (facilitator/ui.py).
"""

from facilitator.cli import main

if __name__ == "__main__":
    main()
