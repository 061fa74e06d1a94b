"""Started with PYTHONPATH=tests/windows, every Python process plays Windows (see play_windows.py)."""

import play_windows

play_windows.install()
