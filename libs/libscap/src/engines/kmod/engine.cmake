# SPDX-License-Identifier: Apache-2.0
# The kmod engine: live capture through the syscap kernel module (or a Falco-built one).
list(APPEND SCAP_SOURCES "${CMAKE_CURRENT_LIST_DIR}/kmod_engine.c" "${CMAKE_CURRENT_LIST_DIR}/kmod_ring.c")
list(APPEND SCAP_ENGINES kmod)
