# SPDX-License-Identifier: Apache-2.0
# libscap install rules (included by libs/libscap/CMakeLists.txt): libscap.so.<SOVERSION>, the
# headers under ${includedir}/scap/ plus the shared contract under ${includedir}/syscap/,
# libscap.pc and find_package(libscap) -> syscap::scap. Policy: docs/ABI.md.
include(SyscapInstall)

# Only the shared library's own dependencies; the pkg-config modules matter for static users and
# for -dev package dependencies (packaging/deb/debian/control). There are none left: libscap.so
# dlopen()s libz.so.1 for gzip data (src/zlib_dl.c) and libbpf.so.1 when a bpf engine opens
# (src/engines/bpf/libbpf_dl.c), so the runtime package depends on both explicitly
# (packaging/deb/debian/rules, packaging/rpm/syscap.spec).
set(_scap_pc_private "")

if(IS_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/include/scap")
  syscap_install_library(TARGET scap NAME scap
    HEADERS_DIR "${CMAKE_CURRENT_SOURCE_DIR}/include/scap"
    REQUIRES_PRIVATE "${_scap_pc_private}")
  syscap_install_uapi_headers()
else()
  message(WARNING "libscap: include/scap/ is missing, libscap is not installed")
endif()
