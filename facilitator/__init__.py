"""facilitator: runs the meeting of a small peer network group from a laptop."""

__version__ = "0.1.0"
