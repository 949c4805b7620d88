# onedoor_add_plugin(<target> [OUTPUT_NAME <name>] SOURCES <files...>)
#
# A department plugin: a MODULE library lib<name>.so linked with the plugin SDK, that
# exports od_plugin_entry and nothing else (hidden visibility, the SDK's version script,
# the SDK's own symbols kept local), and has no undefined symbol left for the host to
# satisfy (a plugin never links libonedoor.so). Used by the shipped plugins and, after
# find_package(onedoor COMPONENTS plugin_sdk), by departments out of the tree.
#
# OD_PLUGIN_MAP (the version script) and OD_PLUGIN_SDK_TARGET (the SDK target) are set
# by whoever includes this file.
function(onedoor_add_plugin target)
  cmake_parse_arguments(P "" "OUTPUT_NAME" "SOURCES" ${ARGN})
  if(NOT P_SOURCES)
    message(FATAL_ERROR "onedoor_add_plugin(${target}): SOURCES is required")
  endif()
  if(NOT P_OUTPUT_NAME)
    set(P_OUTPUT_NAME ${target})
  endif()
  add_library(${target} MODULE ${P_SOURCES})
  target_link_libraries(${target} PRIVATE ${OD_PLUGIN_SDK_TARGET})
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib" OUTPUT_NAME ${P_OUTPUT_NAME}
    C_STANDARD 11 C_STANDARD_REQUIRED ON
    C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    LINKER_LANGUAGE CXX  # the SDK is C++: link its runtime even into a C plugin
    LINK_DEPENDS ${OD_PLUGIN_MAP})
  target_link_options(${target} PRIVATE
    -Wl,--version-script=${OD_PLUGIN_MAP} -Wl,--no-undefined -Wl,--exclude-libs,ALL)
endfunction()
