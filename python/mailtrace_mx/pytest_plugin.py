"""pytest plugin of mailtrace-mx (registered through the ``pytest11`` entry point)."""
