# Script mode (cmake -P): writes migrations.h/.cc holding the SQL of each
# NNNN_<name>.sql file as a nanoinfluence::sql::Migration.
set(entries "")
foreach(file IN LISTS SQL_FILES)
  get_filename_component(base ${file} NAME_WE)
  if(NOT base MATCHES "^([0-9]+)_([a-z0-9_]+)$")
    message(FATAL_ERROR "Migration ${file}: name it NNNN_<name>.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  set(name ${CMAKE_MATCH_2})
  file(READ ${file} sql)
  string(APPEND entries "      {${version}, \"${name}\", R\"nano_sql(${sql})nano_sql\"},\n")
endforeach()
file(WRITE ${OUT_DIR}/migrations.h.tmp
"// Generated from the service's migrations/ folder. Do not edit.
#pragma once
#include <span>

#include \"libs/sql/migrations.h\"

namespace ${NAMESPACE} {
// The service's schema migrations, in version order.
std::span<const nanoinfluence::sql::Migration> Migrations();
}  // namespace ${NAMESPACE}
")
file(WRITE ${OUT_DIR}/migrations.cc.tmp
"// Generated from the service's migrations/ folder. Do not edit.
#include \"migrations.h\"

namespace ${NAMESPACE} {
std::span<const nanoinfluence::sql::Migration> Migrations() {
  static const nanoinfluence::sql::Migration kMigrations[] = {
${entries}  };
  return kMigrations;
}
}  // namespace ${NAMESPACE}
")
foreach(f migrations.h migrations.cc)
  file(COPY_FILE ${OUT_DIR}/${f}.tmp ${OUT_DIR}/${f} ONLY_IF_DIFFERENT)
endforeach()
