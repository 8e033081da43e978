# SPDX-License-Identifier: Apache-2.0
# The savefile engine: reads .scap captures (zlib, already linked by libscap).
file(GLOB _sf_sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/*.c")
list(APPEND SCAP_SOURCES ${_sf_sources})
list(APPEND SCAP_ENGINES savefile)
