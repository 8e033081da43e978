# SPDX-License-Identifier: Apache-2.0
# The bpf engine: live capture through the CO-RE probe (bpf/), loaded with Debian's libbpf.
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(LIBBPF QUIET IMPORTED_TARGET libbpf>=0.8)
endif()
if(LIBBPF_FOUND)
  list(APPEND SCAP_SOURCES "${CMAKE_CURRENT_LIST_DIR}/bpf_engine.c" "${CMAKE_CURRENT_LIST_DIR}/bpf_probe.c")
  list(APPEND SCAP_ENGINES bpf)
  list(APPEND SCAP_ENGINE_LIBS PkgConfig::LIBBPF)
else()
  message(STATUS "libscap: libbpf not found (libbpf-dev): the bpf engine is not built")
endif()
