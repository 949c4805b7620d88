# Runs the harness with --keep-going on one self-test scenario that must fail, and checks
# that it failed for the right reasons: exactly the lines the scenario names in comments
#   # must report line N: REGEX
# have a failure block, and each block contains a message matching REGEX. For files that
# cannot carry such comments (empty, a directory) pass -DLINE=N -DEXPECT=REGEX instead.
#   cmake -DHARNESS=... -DSCENARIO=... -DSIM=... -DPLUGINS=... -DDISTRICT=... [-DLINE= -DEXPECT=]
#         -P selftest_strict.cmake
# A scenario skipped because the simulator is not built prints "harness-selftest-skipped"
# (ctest's SKIP_REGULAR_EXPRESSION).
execute_process(COMMAND ${HARNESS} --keep-going --sim ${SIM} --plugins ${PLUGINS} --district ${DISTRICT}
                        ${SCENARIO}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc EQUAL 77)
  message("harness-selftest-skipped")
  return()
endif()
if(rc EQUAL 0)
  message(FATAL_ERROR "the harness passed ${SCENARIO}, which must fail")
endif()
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "the harness exited with ${rc} (expected 1: an assertion failed)")
endif()
get_filename_component(fname "${SCENARIO}" NAME)
string(REPLACE "." "\\." fname_re "${fname}")

set(checks)
if(DEFINED LINE)
  list(APPEND checks "${LINE}:${EXPECT}")
endif()
if(NOT IS_DIRECTORY "${SCENARIO}")
  file(STRINGS "${SCENARIO}" comments REGEX "^# must report line [0-9]+: ")
  foreach(c IN LISTS comments)
    string(REGEX REPLACE "^# must report line ([0-9]+): (.*)$" "\\1:\\2" c "${c}")
    list(APPEND checks "${c}")
  endforeach()
endif()
if(NOT checks)
  message(FATAL_ERROR "${SCENARIO} names no line that must fail (# must report line N: ...)")
endif()

# the lines expected to fail, and the lines that did
set(want_lines)
foreach(c IN LISTS checks)
  string(REGEX REPLACE "^([0-9]+):.*$" "\\1" n "${c}")
  string(REGEX REPLACE "^[0-9]+:(.*)$" "\\1" re "${c}")
  list(APPEND want_lines ${n})
  if(NOT out MATCHES "FAIL scenario [^\n]*${fname_re}:${n}\n(  step: [^\n]*\n)?  failed:\n(    [^\n]*\n)*    [^\n]*${re}")
    message(FATAL_ERROR "the harness did not report line ${n} of ${fname} with: ${re}")
  endif()
endforeach()
list(REMOVE_DUPLICATES want_lines)
string(REGEX MATCHALL "FAIL scenario [^\n]*${fname_re}:[0-9]+\n" blocks "${out}")
set(got_lines)
foreach(b IN LISTS blocks)
  string(REGEX REPLACE "^.*:([0-9]+)\n$" "\\1" n "${b}")
  list(APPEND got_lines ${n})
endforeach()
list(SORT want_lines COMPARE NATURAL)
list(SORT got_lines COMPARE NATURAL)
if(NOT want_lines STREQUAL got_lines)
  message(FATAL_ERROR "lines that failed: '${got_lines}'; lines that must fail (and only those): '${want_lines}'")
endif()
