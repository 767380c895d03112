// The kpi service's core (services/kpi/kpi.h) on a temporary SQLite file
// with every kpi migration applied, and helpers to feed it a generated
// campaign the way the producers' relays would.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "libs/sql/database.h"
#include "services/kpi/kpi.h"
#include "tests/harness/temp_dir.h"
#include "tests/kpi/support/campaign_events.h"

namespace nanoinfluence::kpi::testing {

class KpiCoreTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // A fresh core on its own database file (several per test are allowed).
  std::unique_ptr<Kpi> NewCore(const std::string& file);
  // Applies each batch, asserting success.
  void Ingest(Kpi& kpi,
              const std::vector<common::v1::IngestEventsRequest>& batches);
  // The campaign's report as ops.
  v1::CampaignReport Report(Kpi& kpi, const std::string& campaign_id);

  nanoinfluence::testing::TempDir dir_;
  std::vector<std::unique_ptr<sql::Database>> dbs_;
  std::unique_ptr<Kpi> kpi_;
  sql::Database* db_ = nullptr;  // kpi_'s
};

}  // namespace nanoinfluence::kpi::testing
