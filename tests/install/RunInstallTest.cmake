# Driver for the install.consumer test (cmake -P). Inputs: CACHESCOPE_BUILD_DIR, CACHESCOPE_SOURCE_DIR,
# CACHESCOPE_CONFIG, CONSUMER_SOURCE_DIR, WORK_DIR, INSTALL_LIBDIR, GENERATOR, CXX_COMPILER.
cmake_minimum_required(VERSION 3.21)
include("${CMAKE_CURRENT_LIST_DIR}/../cmake/InstallTestSteps.cmake")

install_test_prepare("install test"
    CACHESCOPE_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR INSTALL_LIBDIR GENERATOR)
install_test_install()
install_test_check_runpaths()

# The same consumer at C++17 (Qt 6's minimum, and all the package may ask for) and at C++20 (where
# std::span code written against the observer interface must keep compiling).
install_test_environment(run_env)
foreach(standard 17 20)
    install_test_build_consumer(build_dir found_dir NAME "cxx${standard}"
        CMAKE_ARGS "-DCONSUMER_CXX_STANDARD=${standard}")
    install_test_find_executable("${build_dir}" cachescope_consumer app)
    install_test_step("run consumer (cxx${standard})" "${CMAKE_COMMAND}" -E env ${run_env} "${app}")
endforeach()
message(STATUS "install test: passed (CacheScope from ${found_dir})")
