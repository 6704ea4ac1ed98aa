# Driver for install.qml_module (cmake -P). Inputs: CACHESCOPE_BUILD_DIR, CACHESCOPE_CONFIG,
# CONSUMER_SOURCE_DIR, WORK_DIR, INSTALL_LIBDIR, INSTALL_QMLDIR, GENERATOR, CXX_COMPILER.
cmake_minimum_required(VERSION 3.21)
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/InstallTestSteps.cmake")

install_test_prepare("qml install test"
    CACHESCOPE_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR INSTALL_LIBDIR INSTALL_QMLDIR GENERATOR)
install_test_install()

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

install_test_build_consumer(cachescope_qml_consumer app found_dir)

# Exactly what the README tells an app: QML_IMPORT_PATH at the prefix's QML folder, the libraries
# on the loader path. Nothing points at the build tree (QML2_IMPORT_PATH cleared as well).
install_test_library_path(ld_path)
install_test_step("run consumer"
    "${CMAKE_COMMAND}" -E env
        --unset=QML2_IMPORT_PATH
        "QML_IMPORT_PATH=${prefix}/${INSTALL_QMLDIR}"
        "LD_LIBRARY_PATH=${ld_path}"
        "QT_QPA_PLATFORM=offscreen"
        "${app}" "${CONSUMER_SOURCE_DIR}/main.qml" "${prefix}")
message(STATUS "qml install test: passed (CacheScope from ${found_dir})")
