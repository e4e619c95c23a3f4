"""The ``mailtrace-mx`` command line (to be written)."""


def main() -> int:
    raise SystemExit("not yet implemented")
