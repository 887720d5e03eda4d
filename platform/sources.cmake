# The sources of dc_platform, shared by the native build and the browser build (web/).
set(DC_PLATFORM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/window.cpp
  ${CMAKE_CURRENT_LIST_DIR}/main_loop.cpp
  ${CMAKE_CURRENT_LIST_DIR}/persist.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data_paths.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fonts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/screenshot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stop_signals.cpp)
