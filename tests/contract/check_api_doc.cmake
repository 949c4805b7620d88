# Fails when docs/api.md is not what tools/gen_api_doc prints from the declarations.
execute_process(COMMAND ${GEN} ${SRC}/docs/api-intro.md ${SRC}/docs/api-appendix.md OUTPUT_FILE ${OUT}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gen_api_doc failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${SRC}/docs/api.md RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "docs/api.md is out of date with the declarations (src/engine/operations.cpp, "
                      "docs/api-intro.md, docs/api-appendix.md). Regenerate it with:\n"
                      "  cmake --build build --target api_doc\n"
                      "(the generated page is ${OUT})")
endif()
