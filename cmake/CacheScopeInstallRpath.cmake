# Installed CacheScope binaries find CacheScope's libraries through a RUNPATH relative to where
# they are installed ($ORIGIN), so a prefix works wherever it is -- /opt/cachescope, a scratch
# folder -- without LD_LIBRARY_PATH. (Qt's own default for QML plugins assumes <prefix>/qml/<URI>,
# not our lib/qt6/qml/<URI>, and qt_standard_project_setup() gives libraries $ORIGIN/../lib too.)

# cachescope_relative_rpath(<out var> <install dir>)
#
# The RUNPATH for a binary installed into <install dir> (relative to the prefix) that needs the
# libraries in CMAKE_INSTALL_LIBDIR: "$ORIGIN" in the lib folder itself, "$ORIGIN/../lib" from
# bin/, "$ORIGIN/../../../lib" from lib/qt6/qml/CacheScope/, computed from the layout. With an
# absolute <install dir> or lib dir (a distribution's layout) the absolute lib dir.
function(cachescope_relative_rpath out_var install_dir)
    if(IS_ABSOLUTE "${install_dir}" OR IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
        set(${out_var} "${CMAKE_INSTALL_FULL_LIBDIR}" PARENT_SCOPE)
        return()
    endif()
    cmake_path(RELATIVE_PATH CMAKE_INSTALL_LIBDIR BASE_DIRECTORY "${install_dir}"
        OUTPUT_VARIABLE relative)
    if(relative STREQUAL "" OR relative STREQUAL ".")
        set(${out_var} "$ORIGIN" PARENT_SCOPE)
    else()
        set(${out_var} "$ORIGIN/${relative}" PARENT_SCOPE)
    endif()
endfunction()

# cachescope_install_rpath(<target> <install dir>)
#
# Gives <target>, installed into <install dir>, the RUNPATH above (and only that: no build-tree
# folder, no $ORIGIN/../lib that leads nowhere).
function(cachescope_install_rpath target install_dir)
    cachescope_relative_rpath(rpath "${install_dir}")
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "${rpath}")
endfunction()
