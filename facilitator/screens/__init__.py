"""The program's screens and dialogs, thin views over the core (see ../shared/STYLE.md).

Importing any of them makes every check box and radio button draw its state as
text ([x] / [ ], facilitator/widgets/toggles.py), also in an app that is not the
program's own (the tests' hosts), so no screen ever shows a state by colour alone.
"""

from facilitator.widgets import toggles  # noqa: F401 - check boxes show [x] / [ ], not a colour
