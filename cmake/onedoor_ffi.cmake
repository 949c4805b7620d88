# Generates onedoor_ffi.h from onedoor.h: the header as an FFI parser reads it (PHP's
# FFI::load, or any cdef-style loader). Run with cmake -P:
#   -DCC=<C compiler> -DHEADER=<onedoor.h> -DSTUB_DIR=<scratch dir> -DOUT=<onedoor_ffi.h>
#   -DFFI_LIB=libonedoor.so.1
# FFI parsers know no preprocessor: the header is run through the C preprocessor with
# OD_API empty and an empty <stdint.h> (the parsers know int32_t), and the integer
# macros the preprocessor would drop (status codes, versions) come back as an enum.
foreach(v CC HEADER STUB_DIR OUT FFI_LIB)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "onedoor_ffi.cmake: -D${v}= is required")
  endif()
endforeach()

file(MAKE_DIRECTORY ${STUB_DIR})
file(WRITE ${STUB_DIR}/stdint.h "/* int32_t and friends are built into FFI parsers */\n")
execute_process(
  COMMAND ${CC} -E -P -nostdinc -I${STUB_DIR} -DOD_API= -x c ${HEADER}
  OUTPUT_VARIABLE body ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "preprocessing ${HEADER} failed: ${err}")
endif()
string(REGEX REPLACE "\n[ \t]*\n+" "\n" body "${body}")

# #define OD_NAME <integer> -> enum entry; the order of the header is kept
file(STRINGS ${HEADER} defines REGEX "^#define OD_[A-Z0-9_]+ +-?[0-9]+")
set(entries "")
foreach(line IN LISTS defines)
  string(REGEX MATCH "^#define (OD_[A-Z0-9_]+) +(-?[0-9]+)" _ "${line}")
  list(APPEND entries "  ${CMAKE_MATCH_1} = ${CMAKE_MATCH_2}")
endforeach()
list(JOIN entries ",\n" entries)
if(entries STREQUAL "")
  message(FATAL_ERROR "no integer constants found in ${HEADER}")
endif()

get_filename_component(name ${HEADER} NAME)
# PHP reads the two #defines only at the very top of the file, before any comment
file(WRITE ${OUT}.tmp
"#define FFI_SCOPE \"onedoor\"
#define FFI_LIB \"${FFI_LIB}\"
/* onedoor_ffi.h - generated from ${name} by cmake/onedoor_ffi.cmake; do not edit.
 * The C API for FFI loaders, e.g. PHP: FFI::load('/usr/include/onedoor/onedoor_ffi.h')
 * in a php-fpm preload script, then FFI::scope('onedoor') in requests. C programs
 * include <onedoor/onedoor.h> instead; the documentation is there. */
enum od_constants {
${entries}
};
${body}")
# only touch OUT when it changed, so dependants do not rebuild for nothing
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
file(REMOVE ${OUT}.tmp)
