# Driver for install.qml_module (cmake -P). Inputs: CACHESCOPE_BUILD_DIR, CACHESCOPE_CONFIG,
# CONSUMER_SOURCE_DIR, WORK_DIR, INSTALL_LIBDIR, INSTALL_QMLDIR, GENERATOR, CXX_COMPILER.
cmake_minimum_required(VERSION 3.21)

foreach(var CACHESCOPE_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR INSTALL_LIBDIR INSTALL_QMLDIR GENERATOR)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "RunQmlInstallTest.cmake: ${var} is not set")
    endif()
endforeach()

set(prefix "${WORK_DIR}/prefix")
set(consumer_build "${WORK_DIR}/consumer-build")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

function(run_step name)
    message(STATUS "qml install test: ${name}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "qml install test: '${name}' failed (${rc})")
    endif()
endfunction()

set(config_args)
if(CACHESCOPE_CONFIG)
    set(config_args --config "${CACHESCOPE_CONFIG}")
endif()
run_step("install into ${prefix}"
    "${CMAKE_COMMAND}" --install "${CACHESCOPE_BUILD_DIR}" --prefix "${prefix}" ${config_args})

# The module folder must be complete: qmldir, plugin, type information.
set(module_dir "${prefix}/${INSTALL_QMLDIR}/CacheScope")
foreach(file qmldir libCacheScopePlugin.so CacheScopeQml.qmltypes)
    if(NOT EXISTS "${module_dir}/${file}")
        message(FATAL_ERROR "qml install test: ${module_dir}/${file} was not installed")
    endif()
endforeach()
file(STRINGS "${module_dir}/qmldir" qmldir_lines)
if(NOT "module CacheScope" IN_LIST qmldir_lines OR NOT "plugin CacheScopePlugin" IN_LIST qmldir_lines)
    message(FATAL_ERROR "qml install test: unexpected qmldir:\n${qmldir_lines}")
endif()
if("optional plugin CacheScopePlugin" IN_LIST qmldir_lines)
    message(FATAL_ERROR "qml install test: the plugin must not be optional (it registers the provider)")
endif()

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
    message(FATAL_ERROR "qml install test: CacheScope was found in '${found_dir}', not under '${prefix}'")
endif()

run_step("build consumer" "${CMAKE_COMMAND}" --build "${consumer_build}" ${config_args})

file(GLOB_RECURSE app LIST_DIRECTORIES false "${consumer_build}/cachescope_qml_consumer")
if(NOT app)
    message(FATAL_ERROR "qml install test: consumer executable not found in ${consumer_build}")
endif()
list(GET app 0 app)

# Exactly what the README tells an app: QML_IMPORT_PATH at the prefix's QML folder, the libraries
# on the loader path. Nothing points at the build tree (QML2_IMPORT_PATH cleared as well).
set(ld_path "${prefix}/${INSTALL_LIBDIR}")
if(DEFINED ENV{LD_LIBRARY_PATH} AND NOT "$ENV{LD_LIBRARY_PATH}" STREQUAL "")
    string(APPEND ld_path ":$ENV{LD_LIBRARY_PATH}")
endif()
run_step("run consumer"
    "${CMAKE_COMMAND}" -E env
        --unset=QML2_IMPORT_PATH
        "QML_IMPORT_PATH=${prefix}/${INSTALL_QMLDIR}"
        "LD_LIBRARY_PATH=${ld_path}"
        "QT_QPA_PLATFORM=offscreen"
        "${app}" "${CONSUMER_SOURCE_DIR}/main.qml" "${prefix}")
message(STATUS "qml install test: passed (CacheScope from ${found_dir})")
