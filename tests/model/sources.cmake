# The model's test files: one list for the native model_tests and the browser build's
# model_web_tests, which run the same tests.
set(DC_MODEL_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/../test_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_support.cpp
  ${CMAKE_CURRENT_LIST_DIR}/clock_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/store_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/record_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/validation_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/service_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/figures_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/demo_data_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/envelope_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/privacy_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/erasure_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_import_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/record_import_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reference_names_tests.cpp
  ${CMAKE_CURRENT_LIST_DIR}/project_tests.cpp)
