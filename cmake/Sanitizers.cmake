# CACHESCOPE_SANITIZE: which sanitizers to build everything with (GCC/Clang).
#   ""                   none (default)
#   "address;undefined"  ASan + UBSan, UBSan findings are fatal
#   "thread"             TSan
# Qt itself is not instrumented; scripts/test sets the runtime options and suppression files
# (tests/sanitizers/) that make the results trustworthy.
set(CACHESCOPE_SANITIZE "" CACHE STRING
    "Sanitizers to build with: empty, \"address;undefined\" or \"thread\"")

if(CACHESCOPE_SANITIZE)
    set(_cachescope_known_sanitizers address undefined thread)
    foreach(_s IN LISTS CACHESCOPE_SANITIZE)
        if(NOT _s IN_LIST _cachescope_known_sanitizers)
            message(FATAL_ERROR "CACHESCOPE_SANITIZE: unknown sanitizer '${_s}' "
                                "(known: ${_cachescope_known_sanitizers})")
        endif()
    endforeach()
    if("thread" IN_LIST CACHESCOPE_SANITIZE AND "address" IN_LIST CACHESCOPE_SANITIZE)
        message(FATAL_ERROR "CACHESCOPE_SANITIZE: thread and address cannot be combined")
    endif()
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        message(FATAL_ERROR "CACHESCOPE_SANITIZE needs GCC or Clang")
    endif()

    list(JOIN CACHESCOPE_SANITIZE "," _cachescope_sanitize_flag)
    add_compile_options(-fsanitize=${_cachescope_sanitize_flag} -fno-omit-frame-pointer)
    add_link_options(-fsanitize=${_cachescope_sanitize_flag})
    if("undefined" IN_LIST CACHESCOPE_SANITIZE)
        add_compile_options(-fno-sanitize-recover=undefined)
    endif()
    message(STATUS "CacheScope: building with -fsanitize=${_cachescope_sanitize_flag}")
    unset(_cachescope_sanitize_flag)
    unset(_cachescope_known_sanitizers)
endif()
