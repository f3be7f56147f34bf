"""Route 53 hosted zone IDs shaped like the real ones.

moto 5.2.5 makes a zone ID of 22 random characters from ``A-Z0-9``, so most IDs do not start with
``Z`` (e.g. ``4K7Q…``). Real IDs are ``Z`` followed by uppercase letters and digits (``Z`` plus 20
is the common length today, older zones are shorter), and the module validates ``zone_id`` with
``^(/hostedzone/)?Z[A-Z0-9]{1,32}$``: an emulator ID that fails it breaks ``existing-zone`` style
configurations at plan time. Custom IDs registered with moto's ID manager (or the
``_custom_id_`` tag) still win, as with moto's own generator.
"""

from __future__ import annotations

import random
import string

from moto.route53.models import HostedZoneIdentifier
from moto.utilities.id_generator import moto_id

ID_LENGTH = 21  # "Z" + 20, the length Route 53 issues for new zones
_CHARS = string.ascii_uppercase + string.digits
_rng = random.SystemRandom()


@moto_id
def create_zone_id(resource_identifier, existing_ids=None, tags=None) -> str:  # type: ignore[no-untyped-def]
    taken = set(existing_ids or [])
    while True:
        zone_id = "Z" + "".join(_rng.choice(_CHARS) for _ in range(ID_LENGTH - 1))
        if zone_id not in taken:
            return zone_id


def _generate(self: HostedZoneIdentifier, existing_ids=None, tags=None) -> str:  # type: ignore[no-untyped-def]
    return create_zone_id(resource_identifier=self, existing_ids=existing_ids, tags=tags)


def install() -> None:
    HostedZoneIdentifier.generate = _generate  # type: ignore[method-assign]
