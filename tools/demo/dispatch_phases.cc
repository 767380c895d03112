// The dispatch side of the demo: the brand's stock and allocation, then the
// 3PL's pick list and the carriers' tracking files.
#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "libs/status/grpc_status.h"
#include "libs/status/status_macros.h"
#include "tools/demo/campaign_plan.h"
#include "tools/demo/phases.h"
#include "tools/demo/random_stream.h"
#include "tools/demo/retrying_call.h"
#include "tools/nanoctl_client/report_table.h"

namespace nanoinfluence::demo {
namespace {

namespace dv1 = dispatch::v1;
using tools::Thousands;

constexpr double kFirstFlavourShare = 0.6;
constexpr double kLostShare = 0.025;
constexpr double kReturnedShare = 0.01;

absl::Status Failed(const std::string& what, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(what, ": ", status.message()));
}

struct Carrier {
  const char* code;
  const char* tracking_url;
};

const std::vector<Carrier>& Carriers() {
  static const auto* carriers = new std::vector<Carrier>{
      {"colissimo", "https://www.laposte.fr/outils/suivre-vos-envois?code="},
      {"chronopost",
       "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT="},
      {"mondial-relay",
       "https://www.mondialrelay.fr/suivi-de-colis/?numeroExpedition="},
  };
  return *carriers;
}

// A parcel's carrier and tracking number as the carrier would issue them;
// `attempt` 1 for a re-sent parcel. Drawn per run, so a tracking number
// never matches a parcel of an earlier run on the same suite.
void DrawParcel(const DemoContext& demo, int member, int attempt,
                PersonRecord& person) {
  RandomStream rng(demo.options.seed + static_cast<uint64_t>(demo.ledger.run) *
                                           0x632be59bd9b4e019ULL,
                   "parcel", static_cast<uint64_t>(member * 2 + attempt));
  const size_t carrier = rng.Weighted({60, 25, 15});
  person.carrier = Carriers()[carrier].code;
  switch (carrier) {
    case 0:
      person.tracking_number =
          absl::StrFormat("6A%011d", rng.Between(0, 99999999999));
      break;
    case 1:
      person.tracking_number =
          absl::StrFormat("XW%09dFR", rng.Between(0, 999999999));
      break;
    default:
      person.tracking_number =
          absl::StrFormat("%08d", rng.Between(10000000, 99999999));
  }
}

std::string TrackingUrl(const PersonRecord& person) {
  for (const Carrier& carrier : Carriers()) {
    if (person.carrier == carrier.code) {
      return absl::StrCat(carrier.tracking_url, person.tracking_number);
    }
  }
  return "";
}

// The 3PL's pick list: every shipment of the campaign still to send.
absl::StatusOr<std::vector<dv1::FulfilmentRow>> PickList(DemoContext& demo) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", demo.bearers->ThreePl());
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  dv1::ExportFulfilmentRequest request;
  request.set_campaign_id(demo.ledger.campaign_id());
  auto reader = demo.dispatch->ExportFulfilment(&context, request);
  std::vector<dv1::FulfilmentRow> rows;
  dv1::ExportFulfilmentResponse message;
  while (reader->Read(&message)) {
    for (const auto& row : message.rows()) rows.push_back(row);
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return Failed("ExportFulfilment", FromGrpcStatus(status));
  return rows;
}

// Streams one tracking file to dispatch, 1,000 lines a message.
absl::Status ImportTracking(DemoContext& demo,
                            const std::vector<dv1::TrackingUpdate>& lines,
                            const std::string& file) {
  if (lines.empty()) return absl::OkStatus();
  grpc::ClientContext context;
  context.AddMetadata("authorization", demo.bearers->ThreePl());
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(120)));
  dv1::ImportTrackingUpdatesResponse response;
  auto writer = demo.dispatch->ImportTrackingUpdates(&context, &response);
  const std::string request_id = NewRequestId();
  for (size_t start = 0; start < lines.size(); start += 1000) {
    dv1::ImportTrackingUpdatesRequest message;
    message.set_request_id(request_id);
    for (size_t i = start; i < std::min(lines.size(), start + 1000); ++i) {
      *message.add_updates() = lines[i];
    }
    if (!writer->Write(message)) break;
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) {
    return Failed(absl::StrCat("ImportTrackingUpdates (", file, ")"),
                  FromGrpcStatus(status));
  }
  demo.ledger.tracking_lines += response.line_count();
  demo.ledger.tracking_rejected += response.rejected_count();
  for (const auto& result : response.results()) {
    if (result.outcome() == dv1::TRACKING_LINE_OUTCOME_REJECTED) {
      return absl::InternalError(absl::StrCat(
          file, " line ", result.line_number(),
          " rejected: ", dv1::TrackingRejectReason_Name(result.reason()), " ",
          result.detail()));
    }
  }
  return absl::OkStatus();
}

// "Handed to the carrier" lines for the pick list's rows.
absl::Status ShipPickList(DemoContext& demo, int attempt,
                          const std::string& file) {
  NANO_ASSIGN_OR_RETURN(std::vector<dv1::FulfilmentRow> rows, PickList(demo));
  std::map<std::string, int> by_shipment;
  for (size_t i = 0; i < demo.ledger.people.size(); ++i) {
    if (demo.ledger.people[i].tester()) {
      by_shipment[demo.ledger.people[i].shipment_id] = static_cast<int>(i);
    }
  }
  std::vector<dv1::TrackingUpdate> lines;
  for (const dv1::FulfilmentRow& row : rows) {
    auto found = by_shipment.find(row.shipment_id());
    if (found == by_shipment.end()) continue;  // not ours
    PersonRecord& person = demo.ledger.people[found->second];
    DrawParcel(demo, found->second, attempt, person);
    dv1::TrackingUpdate& line = lines.emplace_back();
    line.set_shipment_id(row.shipment_id());
    line.set_carrier(person.carrier);
    line.set_status(common::v1::SHIPMENT_STATUS_SHIPPED);
    line.set_new_tracking_number(person.tracking_number);
    line.set_tracking_url(TrackingUrl(person));
    person.shipped = true;
  }
  return ImportTracking(demo, lines, file);
}

// A carrier's line: the parcel found by carrier and tracking number.
dv1::TrackingUpdate CarrierLine(const PersonRecord& person,
                                common::v1::ShipmentStatus status) {
  dv1::TrackingUpdate line;
  line.set_tracking_number(person.tracking_number);
  line.set_carrier(person.carrier);
  line.set_status(status);
  return line;
}

absl::StatusOr<dv1::AllocateSamplesResponse> Allocate(DemoContext& demo,
                                                      const std::string& sku) {
  dv1::AllocateSamplesRequest allocate;
  allocate.set_request_id(NewRequestId());
  allocate.set_campaign_id(demo.ledger.campaign_id());
  allocate.set_sku(sku);
  auto allocated =
      RetryingCall(&DispatchStub::AllocateSamples, *demo.dispatch,
                   demo.bearers->Brand(demo.ledger.brand_id), allocate);
  if (!allocated.ok()) {
    return Failed(absl::StrCat("AllocateSamples of ", sku), allocated.status());
  }
  for (const dv1::Shipment& shipment : allocated->allocated()) {
    const int member = demo.MemberOf(shipment.ambassador_id());
    if (member < 0) continue;
    PersonRecord& person = demo.ledger.people[member];
    person.shipment_id = shipment.shipment_id();
    person.sku = shipment.sku();
    person.allocated_tier = shipment.tier();
  }
  return allocated;
}

}  // namespace

absl::Status AllocateSamples(DemoContext& demo) {
  demo.progress.Begin("samples");
  Ledger& ledger = demo.ledger;
  const std::string brand = demo.bearers->Brand(ledger.brand_id);
  int64_t selected = 0;
  for (const PersonRecord& person : ledger.people) selected += person.selected;
  const int64_t first =
      std::llround(static_cast<double>(selected) * kFirstFlavourShare);
  const int64_t units[2] = {first, selected - first};
  for (int i = 0; i < 2; ++i) {
    dv1::SetStockRequest stock;
    stock.set_request_id(NewRequestId());
    stock.set_campaign_id(ledger.campaign_id());
    stock.set_sku(Products()[i].sku);
    stock.set_variant_label(Products()[i].variant_label);
    stock.set_units_on_hand(units[i]);
    // Dispatch learns of the campaign from recruitment's relay, a moment
    // after the opening.
    RetryOptions learn;
    learn.also_retry = UntilRelayed(grpc::StatusCode::NOT_FOUND);
    auto set = RetryingCall(&DispatchStub::SetStock, *demo.dispatch, brand,
                            stock, learn);
    if (!set.ok()) return Failed("SetStock", set.status());
    ledger.units_on_hand.push_back(units[i]);
  }
  // Testers are served in rank order (NANO first, the campaign's tier
  // priority): the first flavour runs out, the rest get the second.
  NANO_ASSIGN_OR_RETURN(dv1::AllocateSamplesResponse cacao,
                        Allocate(demo, Products()[0].sku));
  NANO_ASSIGN_OR_RETURN(dv1::AllocateSamplesResponse berries,
                        Allocate(demo, Products()[1].sku));
  ledger.first_sku_out_of_stock = cacao.unserved_count();
  ledger.allocated_per_sku = {cacao.allocated_count(),
                              berries.allocated_count()};
  if (berries.unserved_count() > 0) {
    return absl::InternalError(absl::StrCat(berries.unserved_count(),
                                            " selected testers got no sample"));
  }
  // A few spare bars of each flavour for parcels the carrier loses.
  const int64_t spare = std::max<int64_t>(2, (selected + 49) / 50);
  for (int i = 0; i < 2; ++i) {
    dv1::AdjustStockRequest restock;
    restock.set_request_id(NewRequestId());
    restock.set_campaign_id(ledger.campaign_id());
    restock.set_sku(Products()[i].sku);
    restock.set_reason(dv1::STOCK_ADJUSTMENT_REASON_RESTOCK);
    restock.set_quantity(spare);
    restock.set_note("spare bars for re-shipping lost parcels");
    auto adjusted = RetryingCall(&DispatchStub::AdjustStock, *demo.dispatch,
                                 brand, restock);
    if (!adjusted.ok()) return Failed("AdjustStock", adjusted.status());
    ledger.units_on_hand[i] += spare;
  }
  demo.progress.End(absl::StrCat(
      "stock ", units[0], " cacao-noisette + ", units[1],
      " fruits rouges; cacao-noisette to ", cacao.allocated_count(),
      " testers (", cacao.unserved_count(), " out of stock), fruits rouges to ",
      berries.allocated_count(), "; +", spare, " spare of each"));
  return absl::OkStatus();
}

absl::Status ShipParcels(DemoContext& demo) {
  demo.progress.Begin("shipping");
  Ledger& ledger = demo.ledger;
  NANO_RETURN_IF_ERROR(ShipPickList(demo, 0, "3PL shipping file"));

  // What the carriers report, parcel by parcel, in member order.
  std::vector<int> testers;
  for (size_t i = 0; i < ledger.people.size(); ++i) {
    if (ledger.people[i].shipped) testers.push_back(static_cast<int>(i));
  }
  const int count = static_cast<int>(testers.size());
  RandomStream fates(demo.options.seed, "parcel-fates");
  fates.Shuffle(testers);
  const int lost =
      count >= 10
          ? std::max(1, static_cast<int>(std::lround(count * kLostShare)))
          : 0;
  const int returned = static_cast<int>(std::lround(count * kReturnedShare));
  std::vector<dv1::TrackingUpdate> report;
  for (int i = 0; i < count; ++i) {
    PersonRecord& person = ledger.people[testers[i]];
    common::v1::ShipmentStatus status = common::v1::SHIPMENT_STATUS_DELIVERED;
    if (i < lost) {
      status = common::v1::SHIPMENT_STATUS_LOST;
      person.lost = true;
    } else if (i < lost + returned) {
      status = common::v1::SHIPMENT_STATUS_RETURNED;
      person.returned = true;
    } else {
      person.delivered = true;
    }
    report.push_back(CarrierLine(person, status));
  }
  NANO_RETURN_IF_ERROR(ImportTracking(demo, report, "carrier delivery file"));

  // Half the lost parcels are sent again, delivered this time.
  const int resend = (lost + 1) / 2;
  for (int i = 0; i < resend; ++i) {
    PersonRecord& person = ledger.people[testers[i]];
    dv1::UpdateShipmentStatusRequest again;
    again.set_request_id(NewRequestId());
    again.set_shipment_id(person.shipment_id);
    again.set_status(common::v1::SHIPMENT_STATUS_ALLOCATED);
    again.set_note("re-sent: the carrier lost the first parcel");
    auto moved = RetryingCall(&DispatchStub::UpdateShipmentStatus,
                              *demo.dispatch, demo.bearers->ThreePl(), again);
    if (!moved.ok()) return Failed("UpdateShipmentStatus", moved.status());
    person.reshipped = true;
  }
  if (resend > 0) {
    NANO_RETURN_IF_ERROR(ShipPickList(demo, 1, "3PL re-shipping file"));
    std::vector<dv1::TrackingUpdate> delivered;
    for (int i = 0; i < resend; ++i) {
      PersonRecord& person = ledger.people[testers[i]];
      delivered.push_back(
          CarrierLine(person, common::v1::SHIPMENT_STATUS_DELIVERED));
      person.delivered = true;
    }
    NANO_RETURN_IF_ERROR(
        ImportTracking(demo, delivered, "carrier re-delivery file"));
  }
  std::map<std::string, int> by_carrier;
  int64_t delivered = 0;
  for (int index : testers) {
    ++by_carrier[ledger.people[index].carrier];
    delivered += ledger.people[index].delivered;
  }
  std::string carriers;
  for (const auto& [carrier, parcels] : by_carrier) {
    absl::StrAppend(&carriers, carriers.empty() ? "" : " \u00b7 ", carrier, " ",
                    parcels);
  }
  demo.progress.End(absl::StrCat(
      count, " parcels shipped (", carriers, "); ", Thousands(delivered),
      " delivered, ", lost, " lost (", resend, " re-sent and delivered), ",
      returned, " returned; ", Thousands(ledger.tracking_lines),
      " tracking lines imported"));
  return absl::OkStatus();
}

}  // namespace nanoinfluence::demo
