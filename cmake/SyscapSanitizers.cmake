# SPDX-License-Identifier: Apache-2.0
# -DSYSCAP_SANITIZE=ON: ASan + UBSan for every userspace target, aborting on the first report.
if(SYSCAP_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${_san})
  add_link_options(${_san})
endif()
