// The four services running together (a real redis-server, recruitment,
// dispatch, ugc and kpi binaries wired to each other) and one object of each
// kind a valid request may name: a brand's open campaign with three selected
// testers, stock, a delivered shipment, a piece of content, an ambassador
// with social accounts, a draft, a campaign to close, an uplift study.
// Requests name them by placeholder ("{C}" the campaign), see Ids().
//
//   MatrixWorld world;
//   ASSERT_TRUE(world.ok()) << world.error();
//   auto channel = world.suite().ChannelTo("kpi");
#pragma once

#include <map>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "tests/dispatch/dispatch_suite.h"

namespace nanoinfluence::testing {

class MatrixWorld {
 public:
  MatrixWorld();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  DispatchSuite& suite() { return suite_; }

  // Placeholder -> id: {B} brand, {C} the open campaign (sku OAT-BAR-40G),
  // {T0} {T1} {T2} its testers, {AP} T2's application, {SH} T0's delivered
  // shipment (stock line OAT), {CT} T0's content, {A} an ambassador with
  // social accounts {S} and {S2} (the one to unlink), {V} an ambassador to
  // erase, {D} a draft campaign, {X} an open campaign to close, {O} an open
  // campaign to apply to and select from, {WAP} an application to withdraw
  // (to {O}) by ambassador {W}, {ST} an uplift study of {C}, {NOW} the
  // setup's time in seconds.
  const std::map<std::string, std::string>& Ids() const { return ids_; }

  // The ids of brand {B}'s objects (and {B}), which no other brand's
  // answer may hold.
  std::vector<std::string> BrandObjectIds() const;

  // The ids of every ambassador but tester {T1} and of their objects
  // (applications, shipment, content, social accounts), which no answer to
  // {T1} may hold.
  std::vector<std::string> OtherAmbassadorsObjectIds() const;

  // Waits until every producer's outbox reached each of its subscribers (the
  // constructor did once the world was made).
  bool WaitUntilEventsDelivered();

  // The service `name` ("kpi") of the suite's contracts; nullptr for none.
  static const google::protobuf::ServiceDescriptor* Service(
      const std::string& name);

 private:
  // Each step fills ids_ or sets error_.
  void BuildRecruitment();
  void BuildDispatchAndUgc();
  void BuildKpi();
  std::string Register(const std::string& tag);
  std::string LinkAccount(const std::string& ambassador,
                          common::v1::SocialNetwork network);
  std::string CreateCampaign(bool open);

  DispatchSuite suite_;
  std::string error_;
  std::map<std::string, std::string> ids_;
};

}  // namespace nanoinfluence::testing
