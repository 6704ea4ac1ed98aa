# cachescope_add_library(<target> EXPORT_NAME <name> SOURCES <sources>...)
#
# One installable CacheScope library: a shared qt_add_library() target, the CacheScope::<name> alias,
# EXPORT_NAME <name>, OUTPUT_NAME <target>, the project VERSION/SOVERSION, the public include/ folder
# of the calling directory (build tree and install tree) plus its private src/, and the install rules
# (library into the CacheScopeTargets export set, include/CacheScope into the include folder).
# Compile definitions and link libraries stay with the caller.
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
        OUTPUT_NAME ${target}
        VERSION ${PROJECT_VERSION}
        SOVERSION ${PROJECT_VERSION_MAJOR})
    target_include_directories(${target}
        PUBLIC
            $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
            $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
        PRIVATE src)

    install(TARGETS ${target} EXPORT CacheScopeTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(DIRECTORY include/CacheScope DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()
