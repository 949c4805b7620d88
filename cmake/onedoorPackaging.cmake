# Debian packages with CPack, one per install component (cpack -G DEB in the build tree):
#   libonedoor1      the shared library and the sample district
#   libonedoor-dev   headers (C API, FFI header, plugin ABI, SDK), libonedoor.so, CMake and
#                    pkg-config files, the static plugin SDK, the version script, man
#                    pages and the documentation
#   onedoor-plugins  the shipped department plugins (<libdir>/onedoor/plugins)
#   onedoor-tools    the command-line tools (the scenario harness)
# Built for /usr; the library's and plugins' dependencies come from dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME onedoor)
set(CPACK_PACKAGE_VENDOR "onedoor project")
set(CPACK_PACKAGE_CONTACT "onedoor maintainers <onedoor@example.org>")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL library dev plugins tools)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# the tools link libonedoor.so.1 from this build (their Depends names libonedoor1 anyway)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR})
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)  # a shlibs file, and ldconfig runs on install
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(OD_DEB_SAME "(= ${PROJECT_VERSION})")

set(CPACK_DEBIAN_LIBRARY_PACKAGE_NAME libonedoor1)
set(CPACK_DEBIAN_LIBRARY_DESCRIPTION
  "onedoor: one-door intake and collaborative handling of social assistance\nThe C library (libonedoor.so.1) a government portal embeds to take every\napplication at one window, route it to the departments, hold them to working-day\ndeadlines and archive the file, on an embedded SQLite database.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libonedoor-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "libonedoor1 ${OD_DEB_SAME}, libcurl4-openssl-dev, libssl-dev, libboost-json1.81-dev")
set(CPACK_DEBIAN_DEV_DESCRIPTION
  "onedoor: development files and plugin SDK\nHeaders (C API, FFI header, plugin ABI), CMake and pkg-config files, the static\nplugin SDK with onedoor_add_plugin(), man pages and documentation.")

set(CPACK_DEBIAN_PLUGINS_PACKAGE_NAME onedoor-plugins)
set(CPACK_DEBIAN_PLUGINS_PACKAGE_DEPENDS "libonedoor1 ${OD_DEB_SAME}")
set(CPACK_DEBIAN_PLUGINS_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PLUGINS_DESCRIPTION
  "onedoor: department plugins\nPlugins that deliver onedoor's jobs to department systems over HTTPS with\nStandard Webhooks signatures: webhook, civil, education, housing, hrss, socialorg.")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME onedoor-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_DEPENDS "libonedoor1 ${OD_DEB_SAME}")
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOLS_DESCRIPTION
  "onedoor: command-line tools\nonedoor-harness runs test scenarios written as JSON lines against the library.")

include(CPack)
