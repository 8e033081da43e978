# SPDX-License-Identifier: Apache-2.0
# libsinsp install rules (to be included by libs/libsinsp/CMakeLists.txt after the `sinsp` shared
# target): libsinsp.so.<SOVERSION>, headers under ${includedir}/sinsp/, libsinsp.pc and
# find_package(libsinsp) -> syscap::sinsp, which pulls in libscap. Policy: docs/ABI.md.
include(SyscapInstall)

# The public sinsp headers use libscap types, so libscap is a public pkg-config requirement.
syscap_install_library(TARGET sinsp NAME sinsp
  HEADERS_DIR "${CMAKE_CURRENT_SOURCE_DIR}/include/sinsp"
  REQUIRES "libscap"
  CMAKE_DEPENDS libscap)
