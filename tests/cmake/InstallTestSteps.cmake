# The steps the install-test drivers (tests/install/RunInstallTest.cmake,
# tests/qml/install/RunQmlInstallTest.cmake) share: install this build into a scratch prefix, then
# configure and build a consumer project against that prefix only. For `cmake -P` scripts; a driver
# includes this file and calls, in order:
#
#   install_test_prepare(<log prefix> <required input variables>...)
#       Fails if an input is unset or empty; sets `prefix` (WORK_DIR/prefix) and `consumer_build`
#       (WORK_DIR/consumer-build) in the caller and starts from an empty WORK_DIR. <log prefix>
#       starts every message of the steps below ("install test", ...).
#   install_test_install()
#       `cmake --install` CACHESCOPE_BUILD_DIR (config CACHESCOPE_CONFIG) into ${prefix}.
#   install_test_build_consumer(<executable name> <app var> <found dir var>)
#       Configures CONSUMER_SOURCE_DIR with GENERATOR / CXX_COMPILER / CACHESCOPE_CONFIG and only
#       ${prefix} to find CacheScope in, checks that CacheScope_DIR lies under ${prefix}, builds it,
#       and returns the consumer executable's path and the CacheScope_DIR that was used.
#   install_test_library_path(<out var>)
#       ${prefix}/INSTALL_LIBDIR followed by any LD_LIBRARY_PATH of the environment.
#   install_test_step(<name> <command>...)
#       Runs one command, logged; fails the test if it fails.
cmake_minimum_required(VERSION 3.21)

function(install_test_prepare log_prefix)
    cmake_path(GET CMAKE_SCRIPT_MODE_FILE FILENAME script)
    foreach(var IN LISTS ARGN)
        if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
            message(FATAL_ERROR "${script}: ${var} is not set")
        endif()
    endforeach()
    set(_install_test_log "${log_prefix}" PARENT_SCOPE)
    set(prefix "${WORK_DIR}/prefix" PARENT_SCOPE)
    set(consumer_build "${WORK_DIR}/consumer-build" PARENT_SCOPE)
    file(REMOVE_RECURSE "${WORK_DIR}")
    file(MAKE_DIRECTORY "${WORK_DIR}")
endfunction()

function(install_test_step name)
    message(STATUS "${_install_test_log}: ${name}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${_install_test_log}: '${name}' failed (${rc})")
    endif()
endfunction()

# --config <CACHESCOPE_CONFIG> for `cmake --install` / `cmake --build`, if a config is given.
function(_install_test_config_args out_var)
    set(args)
    if(CACHESCOPE_CONFIG)
        set(args --config "${CACHESCOPE_CONFIG}")
    endif()
    set(${out_var} ${args} PARENT_SCOPE)
endfunction()

function(install_test_install)
    _install_test_config_args(config_args)
    install_test_step("install into ${prefix}"
        "${CMAKE_COMMAND}" --install "${CACHESCOPE_BUILD_DIR}" --prefix "${prefix}" ${config_args})
endfunction()

function(install_test_build_consumer executable app_var found_dir_var)
    _install_test_config_args(config_args)
    set(build_type_arg)
    if(CACHESCOPE_CONFIG)
        set(build_type_arg "-DCMAKE_BUILD_TYPE=${CACHESCOPE_CONFIG}")
    endif()
    set(compiler_arg)
    if(CXX_COMPILER)
        set(compiler_arg "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
    endif()
    # Only the scratch prefix may provide CacheScope: no package registry, no build tree.
    install_test_step("configure consumer"
        "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}" -G "${GENERATOR}"
            "-DCMAKE_PREFIX_PATH=${prefix}"
            -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
            ${build_type_arg} ${compiler_arg})

    file(STRINGS "${consumer_build}/CMakeCache.txt" found_dir REGEX "^CacheScope_DIR:")
    string(REGEX REPLACE "^CacheScope_DIR:[A-Z]+=" "" found_dir "${found_dir}")
    cmake_path(IS_PREFIX prefix "${found_dir}" NORMALIZE from_prefix)
    if(NOT from_prefix)
        message(FATAL_ERROR
            "${_install_test_log}: CacheScope was found in '${found_dir}', not under '${prefix}'")
    endif()

    install_test_step("build consumer" "${CMAKE_COMMAND}" --build "${consumer_build}" ${config_args})

    file(GLOB_RECURSE app LIST_DIRECTORIES false "${consumer_build}/${executable}")
    if(NOT app)
        message(FATAL_ERROR "${_install_test_log}: consumer executable not found in ${consumer_build}")
    endif()
    list(GET app 0 app)
    set(${app_var} "${app}" PARENT_SCOPE)
    set(${found_dir_var} "${found_dir}" PARENT_SCOPE)
endfunction()

function(install_test_library_path out_var)
    set(ld_path "${prefix}/${INSTALL_LIBDIR}")
    if(DEFINED ENV{LD_LIBRARY_PATH} AND NOT "$ENV{LD_LIBRARY_PATH}" STREQUAL "")
        string(APPEND ld_path ":$ENV{LD_LIBRARY_PATH}")
    endif()
    set(${out_var} "${ld_path}" PARENT_SCOPE)
endfunction()
