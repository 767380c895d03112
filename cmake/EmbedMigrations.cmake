# Script mode (cmake -P): writes migrations.h/.cc holding the SQL of each
# NNNN_<name>.sql file as a nanoinfluence::sql::Migration.
#
# A line `-- @include <path>` (path from the repository root) is replaced by
# that file: the schema a library shares with every service (the event
# tables of libs/events) is written once and versioned by each service's own
# migration numbers.
set(entries "")
foreach(file IN LISTS SQL_FILES)
  get_filename_component(base ${file} NAME_WE)
  if(NOT base MATCHES "^([0-9]+)_([a-z0-9_]+)$")
    message(FATAL_ERROR "Migration ${file}: name it NNNN_<name>.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1}")
  set(name ${CMAKE_MATCH_2})
  file(READ ${file} sql)
  string(REGEX MATCHALL "-- @include [^\n]+" includes "${sql}")
  foreach(directive IN LISTS includes)
    string(REPLACE "-- @include " "" included "${directive}")
    string(STRIP "${included}" included)
    if(NOT EXISTS ${SOURCE_DIR}/${included})
      message(FATAL_ERROR "Migration ${file}: cannot include ${included}")
    endif()
    file(READ ${SOURCE_DIR}/${included} included_sql)
    string(REPLACE "${directive}" "${included_sql}" sql "${sql}")
  endforeach()
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
