# suiji_test(NAME SOURCES ... LIBS ... [LABELS ...] [PG]): a GoogleTest executable registered
# with ctest. PG tests get the throwaway PostgreSQL cluster fixture (tests/pg_fixture.sh).
# API_CONTRACT: the suite's HTTP answers are logged (SUIJI_API_LOG_DIR) and validated against
# docs/api/openapi.yaml after the suites ran (tests/CMakeLists.txt, fixture api_responses, which
# also starts and stops the PostgreSQL cluster). gtest_discover_tests cannot pass a list-valued
# property in CMake 3.25, so each property here has one value.
function(suiji_test name)
  cmake_parse_arguments(T "PG;API_CONTRACT" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  # A multi-label list must reach ctest as one property value: escape its separators.
  string(REPLACE ";" "\\;" labels "${T_LABELS}")
  set(props LABELS "${labels}")
  if(T_API_CONTRACT)
    list(APPEND props FIXTURES_REQUIRED api_responses
         ENVIRONMENT_MODIFICATION "SUIJI_API_LOG_DIR=set:${PROJECT_BINARY_DIR}/api-responses")
  elseif(T_PG)
    list(APPEND props FIXTURES_REQUIRED pg)
  endif()
  if(T_PG)
    list(APPEND props ENVIRONMENT "SUIJI_TEST_PG_URL_FILE=${PROJECT_BINARY_DIR}/pgtest.url")
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ${props})
endfunction()

# suiji_embed(OUT_VAR NAMESPACE SYMBOL FILES...): compiles files into a generated .cc
# exposing `const std::vector<suiji::EmbeddedFile>& SYMBOL()` in NAMESPACE.
function(suiji_embed out_var ns symbol)
  set(files ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${symbol}_embedded.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${ns} -DSYMBOL=${symbol}
            "-DFILES=${files}" -P "${PROJECT_SOURCE_DIR}/cmake/embed.cmake"
    DEPENDS ${files} "${PROJECT_SOURCE_DIR}/cmake/embed.cmake"
    COMMENT "Embedding ${symbol}" VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
