# cachescope_add_library(<target> EXPORT_NAME <name> SOURCES <sources>...)
#
# One installable CacheScope library: a shared qt_add_library() target, the CacheScope::<name> alias,
# EXPORT_NAME <name>, OUTPUT_NAME <target>, the public include/ folder of the calling directory
# (build tree and install tree) plus its private src/, include/CacheScope installed into the include
# folder, and cachescope_install_library(). Compile definitions and link libraries stay with the
# caller.
function(cachescope_add_library target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "EXPORT_NAME" "SOURCES")
    if(arg_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "cachescope_add_library: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT arg_EXPORT_NAME OR NOT arg_SOURCES)
        message(FATAL_ERROR "cachescope_add_library(${target}): EXPORT_NAME and SOURCES are required")
    endif()

    qt_add_library(${target} SHARED ${arg_SOURCES})
    add_library(CacheScope::${arg_EXPORT_NAME} ALIAS ${target})
    set_target_properties(${target} PROPERTIES
        EXPORT_NAME ${arg_EXPORT_NAME}
        OUTPUT_NAME ${target})
    target_include_directories(${target}
        PUBLIC
            $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
            $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
        PRIVATE src)

    cachescope_install_library(${target})
    install(DIRECTORY include/CacheScope DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()

# cachescope_install_library(<target>)
#
# What every library of the CacheScopeTargets export set shares: the project VERSION/SOVERSION;
# C++20 inside but only C++17 asked of users (Qt 6's minimum -- the installed headers are C++17,
# and the install test compiles each of them at C++17); installed into the lib folder with a
# RUNPATH of $ORIGIN, so it finds its sibling libraries wherever the prefix is.
function(cachescope_install_library target)
    set_target_properties(${target} PROPERTIES
        VERSION ${PROJECT_VERSION}
        SOVERSION ${PROJECT_VERSION_MAJOR})
    target_compile_features(${target} PUBLIC cxx_std_17 PRIVATE cxx_std_20)
    cachescope_install_rpath(${target} "${CMAKE_INSTALL_LIBDIR}")
    install(TARGETS ${target} EXPORT CacheScopeTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
