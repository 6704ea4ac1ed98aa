# Driver for the install.consumer test (cmake -P). Inputs: CACHESCOPE_BUILD_DIR, CACHESCOPE_CONFIG,
# CONSUMER_SOURCE_DIR, WORK_DIR, INSTALL_LIBDIR, GENERATOR, CXX_COMPILER.
cmake_minimum_required(VERSION 3.21)
include("${CMAKE_CURRENT_LIST_DIR}/../cmake/InstallTestSteps.cmake")

install_test_prepare("install test"
    CACHESCOPE_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR INSTALL_LIBDIR GENERATOR)
install_test_install()
install_test_build_consumer(cachescope_consumer app found_dir)

install_test_library_path(ld_path)
install_test_step("run consumer"
    "${CMAKE_COMMAND}" -E env "LD_LIBRARY_PATH=${ld_path}" "${app}")
message(STATUS "install test: passed (CacheScope from ${found_dir})")
