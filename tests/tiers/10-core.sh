#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Tier 10: the schema and the libscap event API, in the normal and the ASan+UBSan builds.
. "$SYSCAP_SRC/tests/lib/tier.sh"

core='^(test_schema|schema_|test_event)'
tier_ctest "$SYSCAP_BUILD" -R "$core"
tier_ctest "$SYSCAP_BUILD_ASAN" -R "$core"
tier_end
