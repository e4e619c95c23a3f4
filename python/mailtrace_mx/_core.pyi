# Type stubs of the native module mailtrace_mx._core, checked by `make stubtest`.
# Each area keeps its own section; edit only yours.

# === discovery ===

# === testserver ===

# === zone ===
