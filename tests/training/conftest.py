"""Training tests share the CPU with other jobs (CI runners, the rest of the
suite): OpenMP threads that spin while waiting burn the cores the other
thread needs. Measured on the 2-core VM at load 10: the end-to-end module
took 57 s with passive waiting, several minutes with spinning. Must be set
before torch is imported, hence here."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
