// The kpi server as a real process over real gRPC: a generated campaign of a
// few thousand events arrives the way the producers' relays send it; the
// report equals an independent count and a recount; tenancy holds; exports
// stream whole files; a watch is pushed the change; every bad field of every
// RPC is named and changes nothing.
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "nanoinfluence/kpi/v1/kpi_service.grpc.pb.h"
#include "tests/harness/bad_input.h"
#include "tests/harness/one_message_call.h"
#include "tests/harness/service_process.h"
#include "tests/harness/temp_dir.h"
#include "tests/harness/test_database.h"
#include "tests/harness/test_tokens.h"
#include "tests/kpi/support/campaign_events.h"
#include "tests/kpi/support/expect_figures.h"

namespace nanoinfluence::kpi::testing {
namespace {

using nanoinfluence::testing::AddBearer;
using nanoinfluence::testing::AmbassadorCaller;
using nanoinfluence::testing::BadInput;
using nanoinfluence::testing::BrandCaller;
using nanoinfluence::testing::OneMessageCall;
using nanoinfluence::testing::OpsCaller;
using nanoinfluence::testing::ServiceCaller;
using nanoinfluence::testing::ServiceProcess;
using nanoinfluence::testing::TempDir;
using nanoinfluence::testing::TestToken;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kOtherBrand[] = "b0000000-0000-4000-8000-0000000000ff";

class KpiServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto process = ServiceProcess::Start("kpi", dir_->path());
    ASSERT_TRUE(process.ok()) << process.status();
    kpi_ = process->release();
    campaign_ = new GeneratedCampaign(GenerateCampaign({.applicants = 600}));
    for (const auto& batch : RelayBatches(campaign_->events)) {
      common::v1::IngestEventsResponse response;
      ASSERT_TRUE(Ingest(batch, &response).ok());
      ASSERT_EQ(response.applied_event_ids_size(), batch.events_size());
    }
  }
  static void TearDownTestSuite() {
    delete kpi_;
    delete campaign_;
    delete dir_;
  }

  static grpc::Status Ingest(const common::v1::IngestEventsRequest& batch,
                             common::v1::IngestEventsResponse* response) {
    grpc::ClientContext context;
    AddBearer(context, ServiceCaller(batch.producer()));
    return Stub()->IngestEvents(&context, batch, response);
  }
  static std::unique_ptr<v1::KpiService::Stub> Stub() {
    return v1::KpiService::NewStub(kpi_->channel());
  }
  static grpc::Status Report(const auth::Caller& caller,
                             v1::CampaignReport* report) {
    grpc::ClientContext context;
    AddBearer(context, caller);
    v1::GetCampaignReportRequest request;
    request.set_campaign_id(CampaignSpec().campaign_id);
    return Stub()->GetCampaignReport(&context, request, report);
  }
  static auth::Caller Brand() { return BrandCaller(CampaignSpec().brand_id); }

  // Rows per table of kpi's database: equal maps, nothing written.
  static std::map<std::string, int64_t> Snapshot() {
    std::map<std::string, int64_t> rows;
    for (const char* table :
         {"campaigns", "testers", "contents", "totals", "daily", "event_log",
          "idempotency_keys", "applied_events"}) {
      rows[table] = nanoinfluence::testing::QueryTestDatabase(
          dir_->path(), "kpi", absl::StrCat("SELECT COUNT(*) FROM ", table));
    }
    return rows;
  }

  static TempDir* dir_;
  static ServiceProcess* kpi_;
  static GeneratedCampaign* campaign_;
};

TempDir* KpiServiceTest::dir_ = nullptr;
ServiceProcess* KpiServiceTest::kpi_ = nullptr;
GeneratedCampaign* KpiServiceTest::campaign_ = nullptr;

TEST_F(KpiServiceTest, ReportEqualsAnIndependentCountAndARecount) {
  v1::CampaignReport report;
  ASSERT_TRUE(Report(Brand(), &report).ok());
  ExpectFigures(report, campaign_->expected);
  EXPECT_EQ(report.events_applied(),
            static_cast<int64_t>(campaign_->events.size()));
  EXPECT_EQ(report.campaign_name(), CampaignSpec().campaign_name);
  EXPECT_EQ(report.brand_name(), CampaignSpec().brand_name);
  EXPECT_EQ(report.product_name(), CampaignSpec().product_name);

  grpc::ClientContext context;
  AddBearer(context, OpsCaller());
  v1::RecountRequest request;
  request.set_request_id("recount-service-test");
  request.set_campaign_id(CampaignSpec().campaign_id);
  request.set_source(v1::RECOUNT_SOURCE_EVENT_LOG);
  request.set_compare_only(true);
  v1::RecountResponse recount;
  ASSERT_TRUE(Stub()->Recount(&context, request, &recount).ok());
  EXPECT_EQ(recount.facts_replayed(),
            static_cast<int64_t>(campaign_->events.size()));
  EXPECT_THAT(recount.differences(), IsEmpty());
}

TEST_F(KpiServiceTest, RedeliveredBatchesChangeNothing) {
  v1::CampaignReport before;
  ASSERT_TRUE(Report(OpsCaller(), &before).ok());
  const auto batches = RelayBatches(campaign_->events);
  common::v1::IngestEventsResponse response;
  ASSERT_TRUE(Ingest(batches.back(), &response).ok());
  EXPECT_EQ(response.applied_event_ids_size(), 0);
  EXPECT_EQ(response.duplicate_event_ids_size(), batches.back().events_size());
  v1::CampaignReport after;
  ASSERT_TRUE(Report(OpsCaller(), &after).ok());
  EXPECT_EQ(after.version(), before.version());
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString());
}

TEST_F(KpiServiceTest, AnotherBrandSeesNothing) {
  const auth::Caller other = BrandCaller(kOtherBrand);
  v1::CampaignReport report;
  EXPECT_EQ(Report(other, &report).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      Report(AmbassadorCaller("a0000000-0000-4000-8000-000000000001"), &report)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  {
    grpc::ClientContext context;
    AddBearer(context, other);
    v1::GetBrandOverviewRequest request;
    v1::GetBrandOverviewResponse overview;
    ASSERT_TRUE(Stub()->GetBrandOverview(&context, request, &overview).ok());
    EXPECT_THAT(overview.campaigns(), IsEmpty());
  }
  {
    grpc::ClientContext context;
    AddBearer(context, other);
    v1::GetBrandOverviewRequest request;
    request.set_brand_id(CampaignSpec().brand_id);
    v1::GetBrandOverviewResponse overview;
    EXPECT_EQ(
        Stub()->GetBrandOverview(&context, request, &overview).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    grpc::ClientContext context;
    AddBearer(context, other);
    v1::ExportReportRequest request;
    request.set_campaign_id(CampaignSpec().campaign_id);
    request.set_format(v1::EXPORT_FORMAT_CSV);
    auto reader = Stub()->ExportReport(&context, request);
    v1::ExportReportResponse chunk;
    EXPECT_FALSE(reader->Read(&chunk));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    // Naming another brand is refused even beside the caller's own
    // campaign, as the tenancy rule says (it used to be ignored).
    grpc::ClientContext context;
    AddBearer(context, Brand());
    v1::GetMetricTimeSeriesRequest request;
    request.set_campaign_id(CampaignSpec().campaign_id);
    request.set_brand_id(kOtherBrand);
    request.set_metric(v1::METRIC_VIEWS);
    request.mutable_days()->mutable_first_day()->set_year(2026);
    request.mutable_days()->mutable_first_day()->set_month(1);
    request.mutable_days()->mutable_first_day()->set_day(1);
    *request.mutable_days()->mutable_last_day() = request.days().first_day();
    v1::GetMetricTimeSeriesResponse series;
    EXPECT_EQ(
        Stub()->GetMetricTimeSeries(&context, request, &series).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
}

TEST_F(KpiServiceTest, BrandOverviewShowsTheCampaignsHeadline) {
  grpc::ClientContext context;
  AddBearer(context, Brand());
  v1::GetBrandOverviewRequest request;
  v1::GetBrandOverviewResponse overview;
  ASSERT_TRUE(Stub()->GetBrandOverview(&context, request, &overview).ok());
  ASSERT_EQ(overview.campaigns_size(), 1);
  const v1::CampaignHeadline& headline = overview.campaigns(0);
  EXPECT_EQ(headline.campaign_id(), CampaignSpec().campaign_id);
  EXPECT_EQ(headline.delivered(), campaign_->expected.delivered[0]);
  EXPECT_EQ(headline.approved_ugc(), campaign_->expected.approved[0]);
  EXPECT_EQ(headline.online_reach(), campaign_->expected.reach[0]);
}

// Reassembles an export, checking the stream's framing.
std::string Export(v1::KpiService::Stub& stub, v1::ExportFormat format,
                   v1::ExportReportResponse* first) {
  grpc::ClientContext context;
  AddBearer(context, BrandCaller(CampaignSpec().brand_id));
  v1::ExportReportRequest request;
  request.set_campaign_id(CampaignSpec().campaign_id);
  request.set_format(format);
  auto reader = stub.ExportReport(&context, request);
  std::string file;
  v1::ExportReportResponse chunk;
  bool last = false;
  for (int i = 0; reader->Read(&chunk); ++i) {
    if (i == 0) *first = chunk;
    EXPECT_FALSE(last) << "a message after the last one";
    EXPECT_EQ(chunk.offset(), static_cast<int64_t>(file.size()));
    EXPECT_LE(chunk.chunk().size(), 65536u);
    file += chunk.chunk();
    last = chunk.last();
    if (last) {
      EXPECT_EQ(chunk.total_bytes(), static_cast<int64_t>(file.size()));
    }
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_TRUE(last);
  return file;
}

TEST_F(KpiServiceTest, ExportsStreamWholeFiles) {
  auto stub = Stub();
  v1::ExportReportResponse first;
  const std::string csv = Export(*stub, v1::EXPORT_FORMAT_CSV, &first);
  EXPECT_EQ(first.content_type(), "text/csv; charset=utf-8");
  EXPECT_THAT(first.file_name(), ::testing::EndsWith(".csv"));
  EXPECT_THAT(csv, ::testing::StartsWith(
                       "section,tier,sku,platform,kind,reason,metric,value"));
  EXPECT_THAT(csv, HasSubstr(absl::StrCat(",delivered,",
                                          campaign_->expected.delivered[0])));

  const std::string html = Export(*stub, v1::EXPORT_FORMAT_HTML, &first);
  EXPECT_EQ(first.content_type(), "text/html; charset=utf-8");
  for (const char* chart :
       {"chart-funnel", "chart-content-per-day", "chart-rating-distribution",
        "chart-tier-breakdown", "chart-uplift"}) {
    EXPECT_THAT(html, HasSubstr(chart));
  }
}

// One more approved review of the campaign, as the ugc relay sends it;
// `n` makes its ids and sequence distinct from the other calls'.
common::v1::IngestEventsRequest OneMoreApprovedReview(
    const v1::CampaignReport& now, int n) {
  const std::string id = absl::StrCat("0000-4000-8000-00000000abc", n);
  common::v1::IngestEventsRequest batch;
  batch.set_producer("ugc");
  common::v1::Event* event = batch.add_events();
  event->set_event_id(absl::StrCat("e0000000-", id));
  event->set_producer("ugc");
  event->set_sequence(1'000'000 + n);
  event->set_type("nanoinfluence.common.v1.ContentSubmitted");
  *event->mutable_occurred_at() = now.as_of_time();
  auto* facts = event->mutable_content_submitted()->mutable_content();
  facts->set_content_id(absl::StrCat("c0000000-", id));
  facts->set_campaign_id(CampaignSpec().campaign_id);
  facts->set_brand_id(CampaignSpec().brand_id);
  facts->set_sku(CampaignSpec().sku);
  facts->set_ambassador_id(absl::StrCat("a0000000-", id));
  facts->set_kind(common::v1::CONTENT_KIND_REVIEW);
  facts->set_platform(common::v1::PLATFORM_MARKETPLACE);
  facts->set_rating(5);
  *facts->mutable_submitted_at() = now.as_of_time();
  event->mutable_content_submitted()->set_status(
      common::v1::CONTENT_STATUS_APPROVED);
  return batch;
}

// Watches the campaign on `watched`, has `ingesting` take one more review,
// and expects the watch to be pushed it.
void ExpectTheWatchIsPushedTheReview(ServiceProcess& watched,
                                     ServiceProcess& ingesting, int n) {
  grpc::ClientContext context;
  AddBearer(context, BrandCaller(CampaignSpec().brand_id));
  v1::WatchCampaignReportRequest request;
  request.set_campaign_id(CampaignSpec().campaign_id);
  request.mutable_min_interval()->set_seconds(1);
  // Not a timing check: a stream never pushed fails here instead of hanging.
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  auto reader = v1::KpiService::NewStub(watched.channel())
                    ->WatchCampaignReport(&context, request);
  v1::CampaignReport first;
  ASSERT_TRUE(reader->Read(&first));

  grpc::ClientContext ingest_context;
  AddBearer(ingest_context, ServiceCaller("ugc"));
  common::v1::IngestEventsResponse response;
  ASSERT_TRUE(v1::KpiService::NewStub(ingesting.channel())
                  ->IngestEvents(&ingest_context,
                                 OneMoreApprovedReview(first, n), &response)
                  .ok());
  ASSERT_EQ(response.applied_event_ids_size(), 1);

  v1::CampaignReport pushed;
  ASSERT_TRUE(reader->Read(&pushed));
  EXPECT_GT(pushed.version(), first.version());
  EXPECT_EQ(pushed.total().ugc().approved_total(),
            first.total().ugc().approved_total() + 1);
  context.TryCancel();
  reader->Finish();
}

TEST_F(KpiServiceTest, AWatchIsPushedTheChange) {
  ExpectTheWatchIsPushedTheReview(*kpi_, *kpi_, 1);
}

// Two kpi replicas on one database: the replica holding the stream did not
// commit the change, and still pushes it.
TEST_F(KpiServiceTest, AWatchIsPushedAChangeAnotherReplicaCommitted) {
  auto other = ServiceProcess::Start("kpi", dir_->path());
  ASSERT_TRUE(other.ok()) << other.status();
  ExpectTheWatchIsPushedTheReview(**other, *kpi_, 2);
}

std::vector<BadInput> Cases() {
  const std::string campaign = R"(campaign_id: "{C}")";
  const std::string days =
      R"(days { first_day { year: 2026 month: 1 day: 1 } last_day { year: 2026 month: 1 day: 31 } })";
  const std::string series = campaign + " metric: METRIC_VIEWS " + days;
  const std::string study =
      R"(request_id: "r-{N}" campaign_id: "{C}" name: "North" before { first_day { year: 2026 month: 1 day: 1 } last_day { year: 2026 month: 1 day: 31 } } during { first_day { year: 2026 month: 2 day: 1 } last_day { year: 2026 month: 2 day: 28 } })";
  return {
      {"GetCampaignReport", campaign, R"(campaign_id: "")", "campaign_id"},
      {"GetCampaignReport", campaign,
       R"(conversion_curve { name: "x" points { reviews: 5 } })",
       "conversion_curve.points"},
      {"GetMetricTimeSeries", series, "metric: METRIC_UNSPECIFIED", "metric"},
      {"GetMetricTimeSeries", campaign + " metric: METRIC_VIEWS", "", "days"},
      {"GetMetricTimeSeries", series,
       R"(days { last_day { year: 2025 month: 12 day: 1 } })", "days.last_day"},
      {"GetMetricTimeSeries", series,
       R"(days { last_day { year: 2027 month: 12 day: 1 } })", "days"},
      {"GetMetricTimeSeries", series,
       "metric: METRIC_AVERAGE_RATING cumulative: true", "cumulative"},
      {"GetBrandOverview", "", "", "brand_id"},
      {"GetBrandOverview", R"(brand_id: "{B}")",
       R"(page { page_token: "garbage" })", "page.page_token"},
      {"GetBrandOverview", R"(brand_id: "{B}")", "state: 7", "state"},
      {"CreateUpliftStudy", study, R"(name: "")", "name"},
      {"CreateUpliftStudy", study,
       R"(during { first_day { year: 2026 month: 1 day: 15 } })",
       "during.first_day"},
      {"RecordStoreSales", R"(request_id: "r-s" study_id: "{S}")", "", "sales"},
      {"GetUpliftResult", R"(study_id: "{S}")", "iterations: 5", "iterations"},
      {"ListUpliftStudies", "", "", "brand_id"},
      {"ListUpliftStudies", R"(brand_id: "{B}")",
       R"(page { page_token: "garbage" })", "page.page_token"},
      {"GetMetricTimeSeries", series, "tier: 9", "tier"},
      {"ExportReport", campaign, "", "format"},
      {"ExportReport", "format: EXPORT_FORMAT_CSV", "", "campaign_id"},
      {"WatchCampaignReport", campaign, "min_interval { seconds: 0 nanos: 5 }",
       "min_interval"},
      {"WatchCampaignReport", "", "", "campaign_id"},
      {"Recount", R"(request_id: "r-rc" campaign_id: "{C}")", "", "source"},
      {"Recount", R"(request_id: "r-rc" source: RECOUNT_SOURCE_EVENT_LOG)", "",
       "campaign_id"},
      // A malformed id is bad input, not a campaign or brand that is missing.
      {"GetCampaignReport", campaign, R"(campaign_id: "x")", "campaign_id"},
      {"GetMetricTimeSeries", series, R"(campaign_id: "c\000")", "campaign_id"},
      {"GetMetricTimeSeries", "metric: METRIC_VIEWS " + days,
       R"(brand_id: "b 1")", "brand_id"},
      {"GetBrandOverview", "", R"(brand_id: "not a brand")", "brand_id"},
      {"ListUpliftStudies", "", R"(brand_id: "not a brand")", "brand_id"},
      {"ListUpliftStudies", R"(brand_id: "{B}")", R"(campaign_id: "x")",
       "campaign_id"},
      {"ExportReport", "format: EXPORT_FORMAT_CSV", R"(campaign_id: "x")",
       "campaign_id"},
      {"WatchCampaignReport", "", R"(campaign_id: "x")", "campaign_id"},
      {"Recount", R"(request_id: "r-rc" source: RECOUNT_SOURCE_EVENT_LOG)",
       R"(campaign_id: "x")", "campaign_id"},
  };
}

TEST_F(KpiServiceTest, EveryBadFieldIsNamedAndNothingIsWritten) {
  // A study to name in the study cases.
  std::string study_id;
  {
    grpc::ClientContext context;
    AddBearer(context, OpsCaller());
    v1::CreateUpliftStudyRequest request;
    request.set_request_id("bad-input-study");
    request.set_campaign_id(CampaignSpec().campaign_id);
    request.set_name("Bad input");
    auto day = [](int month, int d) {
      common::v1::Date date;
      date.set_year(2026);
      date.set_month(month);
      date.set_day(d);
      return date;
    };
    *request.mutable_before()->mutable_first_day() = day(1, 1);
    *request.mutable_before()->mutable_last_day() = day(1, 31);
    *request.mutable_during()->mutable_first_day() = day(2, 1);
    *request.mutable_during()->mutable_last_day() = day(2, 28);
    v1::UpliftStudy study;
    ASSERT_TRUE(Stub()->CreateUpliftStudy(&context, request, &study).ok());
    study_id = study.study_id();
  }
  const auto before = Snapshot();
  const auto* service =
      v1::GetCampaignReportRequest::descriptor()->file()->FindServiceByName(
          "KpiService");
  int n = 0;
  std::set<std::string> covered = nanoinfluence::testing::ExpectEachNamed(
      *service, Cases(),
      [&](const std::string& text) {
        return absl::StrReplaceAll(text, {{"{C}", CampaignSpec().campaign_id},
                                          {"{S}", study_id},
                                          {"{B}", CampaignSpec().brand_id},
                                          {"{N}", absl::StrCat(++n)}});
      },
      [&](const std::string& method, const std::string& bytes) {
        grpc::GenericStub stub(kpi_->channel());
        return OneMessageCall(bytes).Run(
            stub, absl::StrCat("/nanoinfluence.kpi.v1.KpiService/", method),
            absl::StrCat("Bearer ", TestToken(OpsCaller())));
      });
  {
    grpc::GenericStub stub(kpi_->channel());
    EXPECT_EQ(OneMessageCall("")
                  .Run(stub, "/nanoinfluence.kpi.v1.KpiService/IngestEvents",
                       absl::StrCat("Bearer ", TestToken(ServiceCaller("ugc"))))
                  .error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    covered.insert("IngestEvents");
  }
  nanoinfluence::testing::ExpectAllCovered(*service, covered);
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace nanoinfluence::kpi::testing
