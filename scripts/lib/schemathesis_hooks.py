"""Schemathesis hooks for scripts/check-api (loaded through SCHEMATHESIS_HOOKS).

A tus chunk (`application/offset+octet-stream`) is raw bytes, which schemathesis has no serializer
for: generate them as such.
"""
import schemathesis
from hypothesis import strategies as st

schemathesis.openapi.media_type("application/offset+octet-stream", st.binary(max_size=64 * 1024))
