# SPDX-License-Identifier: Apache-2.0
list(APPEND SCAP_SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_engine.c")
list(APPEND SCAP_ENGINES test)
