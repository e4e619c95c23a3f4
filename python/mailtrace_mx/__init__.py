"""mailtrace-mx: concurrent, cached MX discovery and mail-zone validation.

The public names are those of ``shared/API.md``; they are re-exported here from the
native core (``mailtrace_mx._core``) and the small Python layer around it.
"""

from ._core import *  # noqa: F403
from .clusters import Clusters as Clusters
from .errors import *  # noqa: F403
