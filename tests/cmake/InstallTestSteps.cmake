# The steps the install-test drivers (tests/install/RunInstallTest.cmake,
# tests/qml/install/RunQmlInstallTest.cmake) share: install this build into a scratch prefix -- a
# folder outside the linker's search path, standing in for /opt/cachescope --, check that what was
# installed finds its libraries by itself, then configure and build a consumer project against that
# prefix only and run it with nothing pointing at the libraries. For `cmake -P` scripts; a driver
# includes this file and calls, in order:
#
#   install_test_prepare(<log prefix> <required input variables>...)
#       Fails if an input is unset or empty; sets `prefix` (WORK_DIR/prefix) in the caller and
#       starts from an empty WORK_DIR. <log prefix> starts every message of the steps below
#       ("install test", ...).
#   install_test_install()
#       `cmake --install` CACHESCOPE_BUILD_DIR (config CACHESCOPE_CONFIG) into ${prefix}.
#   install_test_check_runpaths()
#       Every shared object installed under ${prefix} has a RUNPATH (no RPATH) made only of
#       $ORIGIN-relative folders that exist, nothing of the build or source tree, and every
#       CacheScope library it needs resolves inside ${prefix} through it alone.
#   install_test_build_consumer(<build dir var> <found dir var> [NAME <name>] [CMAKE_ARGS <arg>...])
#       Configures CONSUMER_SOURCE_DIR into WORK_DIR/consumer-build[-<name>] with GENERATOR /
#       CXX_COMPILER / CACHESCOPE_CONFIG, the CMAKE_ARGS and only ${prefix} to find CacheScope in,
#       checks that CacheScope_DIR lies under ${prefix}, builds it, and returns the build folder
#       and the CacheScope_DIR that was used.
#   install_test_find_executable(<build dir> <executable name> <out var>)
#       The path of a consumer executable in <build dir>.
#   install_test_environment(<out var>)
#       `cmake -E env` arguments for running a consumer as a user of /opt/cachescope would:
#       LD_LIBRARY_PATH and QML2_IMPORT_PATH unset, QML_IMPORT_PATH at the prefix's QML folder
#       (when INSTALL_QMLDIR is set), offscreen.
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

function(install_test_build_consumer build_dir_var found_dir_var)
    cmake_parse_arguments(PARSE_ARGV 2 arg "" "NAME" "CMAKE_ARGS")
    set(consumer_build "${WORK_DIR}/consumer-build")
    set(label "consumer")
    if(arg_NAME)
        string(APPEND consumer_build "-${arg_NAME}")
        string(APPEND label " (${arg_NAME})")
    endif()
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
    install_test_step("configure ${label}"
        "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}" -G "${GENERATOR}"
            "-DCMAKE_PREFIX_PATH=${prefix}"
            -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
            ${build_type_arg} ${compiler_arg} ${arg_CMAKE_ARGS})

    file(STRINGS "${consumer_build}/CMakeCache.txt" found_dir REGEX "^CacheScope_DIR:")
    string(REGEX REPLACE "^CacheScope_DIR:[A-Z]+=" "" found_dir "${found_dir}")
    cmake_path(IS_PREFIX prefix "${found_dir}" NORMALIZE from_prefix)
    if(NOT from_prefix)
        message(FATAL_ERROR
            "${_install_test_log}: CacheScope was found in '${found_dir}', not under '${prefix}'")
    endif()

    install_test_step("build ${label}" "${CMAKE_COMMAND}" --build "${consumer_build}" ${config_args})
    set(${build_dir_var} "${consumer_build}" PARENT_SCOPE)
    set(${found_dir_var} "${found_dir}" PARENT_SCOPE)
endfunction()

function(install_test_find_executable build_dir executable out_var)
    file(GLOB_RECURSE app LIST_DIRECTORIES false "${build_dir}/${executable}")
    if(NOT app)
        message(FATAL_ERROR "${_install_test_log}: consumer executable ${executable} not found in ${build_dir}")
    endif()
    list(GET app 0 app)
    set(${out_var} "${app}" PARENT_SCOPE)
endfunction()

function(install_test_environment out_var)
    set(env --unset=LD_LIBRARY_PATH --unset=QML2_IMPORT_PATH "QT_QPA_PLATFORM=offscreen")
    if(INSTALL_QMLDIR)
        list(APPEND env "QML_IMPORT_PATH=${prefix}/${INSTALL_QMLDIR}")
    else()
        list(APPEND env --unset=QML_IMPORT_PATH)
    endif()
    set(${out_var} ${env} PARENT_SCOPE)
endfunction()

function(install_test_check_runpaths)
    # Without LD_LIBRARY_PATH, as the consumers run: only the files' own RUNPATH may find the
    # libraries (file(GET_RUNTIME_DEPENDENCIES) follows the loader's rules, environment included).
    unset(ENV{LD_LIBRARY_PATH})
    file(GLOB_RECURSE candidates LIST_DIRECTORIES false "${prefix}/*.so" "${prefix}/*.so.*")
    set(checked 0)
    foreach(file IN LISTS candidates)
        if(IS_SYMLINK "${file}")
            continue()
        endif()
        file(READ_ELF "${file}" RUNPATH runpath RPATH rpath ERROR not_elf)
        if(not_elf)
            continue()
        endif()
        math(EXPR checked "${checked} + 1")
        file(RELATIVE_PATH shown "${prefix}" "${file}")
        if(rpath)
            message(FATAL_ERROR "${_install_test_log}: ${shown} has an RPATH (${rpath}); "
                "only a RUNPATH lets LD_LIBRARY_PATH override it")
        endif()
        if(NOT runpath)
            message(FATAL_ERROR "${_install_test_log}: ${shown} has no RUNPATH")
        endif()
        cmake_path(GET file PARENT_PATH origin)
        foreach(entry IN LISTS runpath)
            if(NOT entry MATCHES "^\\$ORIGIN(/|$)")
                message(FATAL_ERROR "${_install_test_log}: ${shown}: RUNPATH entry '${entry}' is not "
                    "relative to $ORIGIN (RUNPATH ${runpath})")
            endif()
            string(REPLACE "$ORIGIN" "${origin}" folder "${entry}")
            cmake_path(NORMAL_PATH folder)
            cmake_path(IS_PREFIX prefix "${folder}" NORMALIZE inside)
            if(NOT inside OR NOT IS_DIRECTORY "${folder}")
                message(FATAL_ERROR "${_install_test_log}: ${shown}: RUNPATH entry '${entry}' leads "
                    "to '${folder}', not to a folder of the prefix")
            endif()
        endforeach()
        foreach(tree IN ITEMS "${CACHESCOPE_BUILD_DIR}" "${CACHESCOPE_SOURCE_DIR}")
            string(FIND "${runpath}" "${tree}" at)
            if(tree AND at GREATER_EQUAL 0)
                message(FATAL_ERROR "${_install_test_log}: ${shown}: RUNPATH ${runpath} names ${tree}")
            endif()
        endforeach()

        # Every CacheScope library it needs, found through that RUNPATH in the prefix.
        file(GET_RUNTIME_DEPENDENCIES MODULES "${file}"
            RESOLVED_DEPENDENCIES_VAR resolved UNRESOLVED_DEPENDENCIES_VAR unresolved
            PRE_INCLUDE_REGEXES "CacheScope" PRE_EXCLUDE_REGEXES ".")
        if(unresolved)
            message(FATAL_ERROR "${_install_test_log}: ${shown} (RUNPATH ${runpath}) does not find "
                "${unresolved}")
        endif()
        foreach(dependency IN LISTS resolved)
            cmake_path(IS_PREFIX prefix "${dependency}" NORMALIZE inside)
            if(NOT inside)
                message(FATAL_ERROR "${_install_test_log}: ${shown} finds ${dependency} outside the prefix")
            endif()
        endforeach()
        message(STATUS "${_install_test_log}: ${shown}: RUNPATH ${runpath}")
    endforeach()
    if(checked EQUAL 0)
        message(FATAL_ERROR "${_install_test_log}: no shared object installed under ${prefix}")
    endif()
endfunction()
