"""mailtrace-mx: concurrent, cached MX discovery and mail-zone validation.

The public names are those of ``shared/API.md``; they are re-exported here from the
native core (``mailtrace_mx._core``) and the small Python layer around it.
"""

from ._core import (
    DomainReport,
    Finding,
    MailZoneValidator,
    MXDiscovery,
    MXDiscoveryConfig,
    MXRecord,
    MxTargetNotCnameZoneValidator,
    MxTargetResolvableInZoneZoneValidator,
    MxValue,
    Record,
    ValidationReason,
    Zone,
    check_domain,
    check_domain_async,
    get_hosts,
    normalize_domain,
    resolve_addresses,
    validate_zone,
)
from .bulk import check_domains, check_domains_async
from .clusters import Clusters
from .errors import (
    InternalError,
    InvalidDomain,
    LookupTimeout,
    MXLookupError,
    NoMXRecords,
    NullMX,
    NXDomain,
    ServerFailure,
)

__all__ = [
    # MX discovery (API.md section 1)
    "Clusters",
    "MXDiscovery",
    "MXDiscoveryConfig",
    "MXRecord",
    "get_hosts",
    "normalize_domain",
    # errors raised by MXDiscovery.lookup
    "InternalError",
    "InvalidDomain",
    "LookupTimeout",
    "MXLookupError",
    "NXDomain",
    "NoMXRecords",
    "NullMX",
    "ServerFailure",
    # zone validators (section 2)
    "MailZoneValidator",
    "MxTargetNotCnameZoneValidator",
    "MxTargetResolvableInZoneZoneValidator",
    "MxValue",
    "Record",
    "ValidationReason",
    "Zone",
    "validate_zone",
    # live check (section 4)
    "DomainReport",
    "Finding",
    "check_domain",
    "check_domain_async",
    "resolve_addresses",
    # bulk checks (section 5)
    "check_domains",
    "check_domains_async",
]
