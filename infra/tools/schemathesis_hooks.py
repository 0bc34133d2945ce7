"""Hooks for schemathesis (SCHEMATHESIS_HOOKS=schemathesis_hooks, see schemathesis.sh)."""

import schemathesis

# The inbound-mail webhook takes raw MIME: send generated bodies as text.
schemathesis.serializer.alias("message/rfc822", "text/plain")
