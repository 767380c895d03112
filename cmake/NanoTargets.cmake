# Helpers that keep target names in step with folder names:
# libs/sql builds `nanoinfluence_sql`, aliased `nanoinfluence::sql`.

# nano_library(<name> SOURCES ... DEPS ...)
function(nano_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(nanoinfluence_${name} ${ARG_SOURCES})
  add_library(nanoinfluence::${name} ALIAS nanoinfluence_${name})
  target_include_directories(nanoinfluence_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(nanoinfluence_${name} PUBLIC ${ARG_DEPS})
endfunction()

# nano_server_allocator(<target>) links a server with jemalloc, which then
# serves every malloc and new of the process (NANO_JEMALLOC, CMakeLists.txt).
function(nano_server_allocator target)
  if(NANO_JEMALLOC)
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()

# nano_embed_migrations(<target> <namespace> <dir>) compiles the versioned
# migration files <dir>/NNNN_<name>.sql into <target>, behind
# `<namespace>::Migrations()` declared in the generated `migrations.h`.
# Embedding keeps each server a single self-contained binary.
function(nano_embed_migrations target namespace dir)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql_files)
  # Shared schema files a migration may `-- @include`.
  file(GLOB shared_sql CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/libs/*/schema/*.sql)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations)
  add_custom_command(
    OUTPUT ${out_dir}/migrations.cc ${out_dir}/migrations.h
    COMMAND ${CMAKE_COMMAND} -DOUT_DIR=${out_dir} -DNAMESPACE=${namespace}
            "-DSQL_FILES=${sql_files}" -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    DEPENDS ${sql_files} ${shared_sql}
            ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    COMMENT "Embedding migrations of ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out_dir}/migrations.cc)
  target_include_directories(${target} PUBLIC ${out_dir})
endfunction()

# nano_test(<name> SOURCES ... DEPS ... LABELS ... [POSTGRES]) builds a
# GoogleTest binary and registers each of its tests with CTest under the given
# labels. POSTGRES registers each a second time, named `postgres.<test>` and
# labelled `postgres`, storing into PostgreSQL (tests/harness/test_database.h)
# on the server of the fixture `postgres` (tests/harness/CMakeLists.txt).
function(nano_test name)
  cmake_parse_arguments(ARG "POSTGRES" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest
                                        GTest::gtest_main)
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}"
                       DISCOVERY_TIMEOUT 60)
  if(ARG_POSTGRES)
    gtest_discover_tests(${name} TEST_PREFIX "postgres."
                         TEST_LIST ${name}_POSTGRES_TESTS
                         DISCOVERY_TIMEOUT 60
                         PROPERTIES LABELS postgres
                                    ENVIRONMENT NANO_TEST_BACKEND=postgresql
                                    FIXTURES_REQUIRED postgres)
  endif()
endfunction()
