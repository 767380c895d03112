// Early-return helpers for absl::Status, which Abseil 20220623 does not ship.
//
//   absl::StatusOr<Shipment> Allocate(...) {
//     NANO_RETURN_IF_ERROR(ValidateRequest(request));
//     NANO_ASSIGN_OR_RETURN(Stock stock, store.LoadStock(sku));
//     ...
//   }
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status); returns it from the enclosing function
// when it is not OK.
#define NANO_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::absl::Status nano_status_ = (expr);        \
    if (!nano_status_.ok()) return nano_status_; \
  } while (false)

#define NANO_STATUS_CONCAT_INNER_(a, b) a##b
#define NANO_STATUS_CONCAT_(a, b) NANO_STATUS_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status from the
// enclosing function when it is not OK, else moves its value into `lhs`,
// which may declare a variable: NANO_ASSIGN_OR_RETURN(auto rows, Query(...)).
#define NANO_ASSIGN_OR_RETURN(lhs, rexpr)                                    \
  NANO_ASSIGN_OR_RETURN_IMPL_(NANO_STATUS_CONCAT_(nano_statusor_, __LINE__), \
                              lhs, rexpr)

#define NANO_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr)  \
  auto statusor = (rexpr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()
