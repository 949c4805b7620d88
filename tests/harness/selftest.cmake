# Runs the harness on selftest/wrong_expectation.jsonl and checks that it fails and that
# its report names the scenario, the file and line, the step and the wrong expectation.
#   cmake -DHARNESS=... -DSCENARIO=... -DDISTRICT=... -P selftest.cmake
execute_process(COMMAND ${HARNESS} --district ${DISTRICT} ${SCENARIO}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "the harness passed a scenario with a wrong expectation")
endif()
foreach(pattern
    "FAIL scenario \"selftest-wrong-expectation\" [^\n]*wrong_expectation.jsonl:6"
    "step: {\"op\":\"case.get\",\"as\":\"town.gulou/officer\",\"req\":{\"case_id\":\"C371502-2026-[0-9]+\"}"
    "at 'state': expected \"archived-on-purpose\", got \"open\""
    "\n[0-9]+ passed, 1 failed\n$")
  if(NOT out MATCHES "${pattern}")
    message(FATAL_ERROR "the harness output lacks: ${pattern}")
  endif()
endforeach()
