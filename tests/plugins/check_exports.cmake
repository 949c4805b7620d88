# cmake -DNM=nm -DFILES="a.so;b.so" -P check_exports.cmake
# Fails unless each file's dynamic symbol table defines exactly od_plugin_entry.
foreach(f IN LISTS FILES)
  execute_process(COMMAND ${NM} -D --defined-only ${f}
    OUTPUT_VARIABLE out RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nm failed on ${f}: ${err}")
  endif()
  string(REGEX MATCHALL "[^\n]+" lines "${out}")
  set(names "")
  foreach(l IN LISTS lines)
    string(REGEX REPLACE "^.* " "" name "${l}")
    list(APPEND names ${name})
  endforeach()
  if(NOT names STREQUAL "od_plugin_entry")
    message(FATAL_ERROR "${f} exports [${names}], expected only od_plugin_entry")
  endif()
  message(STATUS "${f}: exports only od_plugin_entry")
endforeach()
