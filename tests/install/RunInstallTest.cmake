# Driver for the install.consumer test (cmake -P). Inputs: CACHESCOPE_BUILD_DIR, CACHESCOPE_CONFIG,
# CONSUMER_SOURCE_DIR, WORK_DIR, INSTALL_LIBDIR, GENERATOR, CXX_COMPILER.
cmake_minimum_required(VERSION 3.21)

foreach(var CACHESCOPE_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR INSTALL_LIBDIR GENERATOR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "RunInstallTest.cmake: ${var} is not set")
    endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
set(consumer_build "${WORK_DIR}/consumer-build")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(run_step name)
    message(STATUS "install test: ${name}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "install test: '${name}' failed (${rc})")
    endif()
endfunction()

set(config_args)
if(CACHESCOPE_CONFIG)
    set(config_args --config "${CACHESCOPE_CONFIG}")
endif()
run_step("install into ${prefix}"
    "${CMAKE_COMMAND}" --install "${CACHESCOPE_BUILD_DIR}" --prefix "${prefix}" ${config_args})

set(build_type_arg)
if(CACHESCOPE_CONFIG)
    set(build_type_arg "-DCMAKE_BUILD_TYPE=${CACHESCOPE_CONFIG}")
endif()
set(compiler_arg)
if(CXX_COMPILER)
    set(compiler_arg "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
# Only the scratch prefix may provide CacheScope: no package registry, no build tree.
run_step("configure consumer"
    "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}" -G "${GENERATOR}"
        "-DCMAKE_PREFIX_PATH=${prefix}"
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
        ${build_type_arg} ${compiler_arg})

file(STRINGS "${consumer_build}/CMakeCache.txt" found_dir REGEX "^CacheScope_DIR:")
string(REGEX REPLACE "^CacheScope_DIR:[A-Z]+=" "" found_dir "${found_dir}")
cmake_path(IS_PREFIX prefix "${found_dir}" NORMALIZE from_prefix)
if(NOT from_prefix)
    message(FATAL_ERROR "install test: CacheScope was found in '${found_dir}', not under '${prefix}'")
endif()

run_step("build consumer" "${CMAKE_COMMAND}" --build "${consumer_build}" ${config_args})

file(GLOB_RECURSE app LIST_DIRECTORIES false "${consumer_build}/cachescope_consumer")
if(NOT app)
    message(FATAL_ERROR "install test: consumer executable not found in ${consumer_build}")
endif()
list(GET app 0 app)
set(ld_path "${prefix}/${INSTALL_LIBDIR}")
if(DEFINED ENV{LD_LIBRARY_PATH} AND NOT "$ENV{LD_LIBRARY_PATH}" STREQUAL "")
    string(APPEND ld_path ":$ENV{LD_LIBRARY_PATH}")
endif()
run_step("run consumer"
    "${CMAKE_COMMAND}" -E env "LD_LIBRARY_PATH=${ld_path}" "${app}")
message(STATUS "install test: passed (CacheScope from ${found_dir})")
