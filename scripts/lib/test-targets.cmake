# cmake -DJSON_FILE=<ctest --show-only=json-v1 output> -DBUILD_DIR=<dir> -DOUT_FILE=<file> -P test-targets.cmake
# Writes the Ninja targets of the executables those tests run, one a line: the executable's path
# relative to BUILD_DIR, or the test's name when ctest does not know the path yet (not built). Writes
# the single line ALL when some test runs anything else (a script, an installed tool) or when there
# are no tests, so that the caller builds everything instead of guessing.
cmake_minimum_required(VERSION 3.21)
file(READ "${JSON_FILE}" json)
string(JSON count LENGTH "${json}" tests)
set(targets)
set(all FALSE)
if(count EQUAL 0)
    set(all TRUE)
else()
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
        string(JSON exe ERROR_VARIABLE err GET "${json}" tests ${i} command 0)
        if(err OR NOT exe)
            # ctest leaves out the command of an executable that is not built yet (a cold folder).
            # Every test here is named after its executable target; the caller checks that Ninja
            # knows that name and builds everything otherwise.
            string(JSON name GET "${json}" tests ${i} name)
            list(APPEND targets "${name}")
            continue()
        endif()
        cmake_path(IS_PREFIX BUILD_DIR "${exe}" NORMALIZE inside)
        if(NOT inside)
            set(all TRUE)
            break()
        endif()
        file(RELATIVE_PATH rel "${BUILD_DIR}" "${exe}")
        list(APPEND targets "${rel}")
    endforeach()
endif()
if(all)
    file(WRITE "${OUT_FILE}" "ALL\n")
else()
    list(REMOVE_DUPLICATES targets)
    list(JOIN targets "\n" lines)
    file(WRITE "${OUT_FILE}" "${lines}\n")
endif()
