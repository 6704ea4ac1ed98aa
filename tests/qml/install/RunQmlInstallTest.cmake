# Driver for install.qml_module (cmake -P). Inputs: CACHESCOPE_BUILD_DIR, CACHESCOPE_SOURCE_DIR,
# CACHESCOPE_CONFIG, CONSUMER_SOURCE_DIR, WORK_DIR, INSTALL_LIBDIR, INSTALL_QMLDIR, GENERATOR,
# CXX_COMPILER, and QMLTESTRUNNER (optional: Qt's qmltestrunner, run as a second runner).
cmake_minimum_required(VERSION 3.21)
include("${CMAKE_CURRENT_LIST_DIR}/../../cmake/InstallTestSteps.cmake")

install_test_prepare("qml install test"
    CACHESCOPE_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR INSTALL_LIBDIR INSTALL_QMLDIR GENERATOR)
install_test_install()

# The module folders must be complete: qmldir, plugin, type information.
foreach(module IN ITEMS "CacheScope|CacheScopePlugin|CacheScopeQml"
                        "CacheScope/Inspector|CacheScopeInspectorPlugin|CacheScopeInspectorQml")
    string(REPLACE "|" ";" module "${module}")
    list(GET module 0 path)
    list(GET module 1 plugin)
    list(GET module 2 backing)
    set(module_dir "${prefix}/${INSTALL_QMLDIR}/${path}")
    foreach(file qmldir lib${plugin}.so ${backing}.qmltypes)
        if(NOT EXISTS "${module_dir}/${file}")
            message(FATAL_ERROR "qml install test: ${module_dir}/${file} was not installed")
        endif()
    endforeach()
    file(STRINGS "${module_dir}/qmldir" qmldir_lines)
    string(REPLACE "/" "." uri "${path}")
    if(NOT "module ${uri}" IN_LIST qmldir_lines OR NOT "plugin ${plugin}" IN_LIST qmldir_lines)
        message(FATAL_ERROR "qml install test: unexpected ${path}/qmldir:\n${qmldir_lines}")
    endif()
    if("optional plugin ${plugin}" IN_LIST qmldir_lines)
        message(FATAL_ERROR "qml install test: ${plugin} must not be optional (it does work at import)")
    endif()
endforeach()
install_test_check_runpaths()

install_test_build_consumer(build_dir found_dir)
install_test_find_executable("${build_dir}" cachescope_qml_consumer image_app)
install_test_find_executable("${build_dir}" cachescope_inspector_app inspector_app)
install_test_find_executable("${build_dir}" tst_cachescope_inspector inspector_test)

# Exactly what the README tells an app: QML_IMPORT_PATH at the prefix's QML folder, and nothing
# else -- no LD_LIBRARY_PATH (the plugins find their libraries through RUNPATH), nothing pointing
# at the build tree.
install_test_environment(run_env)
install_test_step("run image consumer"
    "${CMAKE_COMMAND}" -E env ${run_env}
        "${image_app}" "${CONSUMER_SOURCE_DIR}/main.qml" "${prefix}")

# The inspector in fresh processes per import order and runner. Whether it loaded used to vary
# from process to process (a third of the Quick Test runs failed, whatever the file imported first:
# Qt 6.4 resolved the grouped `palette { placeholderText }` through one of two registrations of the
# palette type, see qml/CacheInspector.qml), so each test file runs several times: at that rate,
# all 30 runs (15 without qmltestrunner) passing by chance would be a few in a million (1 in 600).
# The QQmlApplicationEngine app never failed that way in 100 runs; it runs once per order.
set(runs_per_order 3)
set(orders inspector_first controls_first controls_basic_first layouts_first quick_only)
set(imports_inspector_first CacheScope.Inspector QtQuick QtQuick.Controls)
set(imports_controls_first QtQuick.Controls QtQuick CacheScope.Inspector)
set(imports_controls_basic_first QtQuick.Controls.Basic QtQuick CacheScope.Inspector)
set(imports_layouts_first QtQuick.Layouts QtQuick CacheScope.Inspector)
set(imports_quick_only QtQuick CacheScope.Inspector)
if(QMLTESTRUNNER AND NOT EXISTS "${QMLTESTRUNNER}")
    message(FATAL_ERROR "qml install test: QMLTESTRUNNER ${QMLTESTRUNNER} does not exist")
endif()
foreach(order IN LISTS orders)
    set(ORDER_NAME "${order}")
    list(JOIN imports_${order} "\nimport " IMPORTS)
    string(PREPEND IMPORTS "import ")
    set(order_dir "${WORK_DIR}/orders/${order}")
    configure_file("${CONSUMER_SOURCE_DIR}/inspector_app.qml.in" "${order_dir}/inspector_app.qml" @ONLY)
    configure_file("${CONSUMER_SOURCE_DIR}/tst_inspector.qml.in" "${order_dir}/tst_inspector.qml" @ONLY)

    install_test_step("inspector app, ${order}"
        "${CMAKE_COMMAND}" -E env ${run_env}
            "${inspector_app}" "${order_dir}/inspector_app.qml" "${prefix}")
    foreach(run RANGE 1 ${runs_per_order})
        install_test_step("inspector quick test, ${order}, run ${run}"
            "${CMAKE_COMMAND}" -E env ${run_env} "CACHESCOPE_TEST_PREFIX=${prefix}"
                "${inspector_test}" -input "${order_dir}/tst_inspector.qml")
        if(QMLTESTRUNNER)
            install_test_step("qmltestrunner, ${order}, run ${run}"
                "${CMAKE_COMMAND}" -E env ${run_env}
                    "${QMLTESTRUNNER}" -input "${order_dir}/tst_inspector.qml")
        endif()
    endforeach()
endforeach()
if(NOT QMLTESTRUNNER)
    message(STATUS "qml install test: Qt's qmltestrunner not found; ran the app's Quick Test runner only")
endif()
message(STATUS "qml install test: passed (CacheScope from ${found_dir})")
