#include "tests/recruitment/recruitment_client.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "hiredis/hiredis.h"
#include "libs/events/outbox.h"
#include "tests/harness/test_database.h"

namespace nanoinfluence::testing {

RecruitmentUnderTest::RecruitmentUnderTest() {
  auto redis = RedisServer::Start();
  if (!redis.ok()) {
    start_error_ = redis.status().ToString();
    return;
  }
  redis_ = *std::move(redis);
  auto process = ServiceProcess::Start(
      "recruitment", dir_.path(),
      {absl::StrCat("--redis=127.0.0.1:", redis_->port())});
  if (!process.ok()) {
    start_error_ = process.status().ToString();
    return;
  }
  process_ = *std::move(process);
  stub_ = recruitment_v1::RecruitmentService::NewStub(process_->channel());
}

RecruitmentUnderTest::~RecruitmentUnderTest() {
  if (process_ != nullptr) process_->Stop();
}

std::string RecruitmentUnderTest::RegisterAmbassador(const std::string& tag) {
  auto answer = Call(&RecruitmentStub::RegisterAmbassador, OpsCaller(),
                     RegisterRequest(ValidProfile(tag)));
  return answer.ok() ? answer.response.ambassador().ambassador_id() : "";
}

void RecruitmentUnderTest::LinkAccount(const std::string& ambassador_id,
                                       int64_t followers, double engagement) {
  recruitment_v1::LinkSocialAccountRequest request;
  request.set_request_id(NewRequestId());
  request.set_ambassador_id(ambassador_id);
  request.mutable_account()->set_network(common::v1::SOCIAL_NETWORK_INSTAGRAM);
  request.mutable_account()->set_handle(absl::StrCat("handle_", ambassador_id));
  request.mutable_account()->set_followers(followers);
  request.mutable_account()->set_engagement_rate_percent(engagement);
  Call(&RecruitmentStub::LinkSocialAccount, OpsCaller(), request);
}

std::string RecruitmentUnderTest::OpenCampaign(
    const std::string& brand_id, const recruitment_v1::CampaignSpec& spec) {
  recruitment_v1::CreateCampaignRequest create;
  create.set_request_id(NewRequestId());
  *create.mutable_campaign() = spec;
  auto created =
      Call(&RecruitmentStub::CreateCampaign, BrandCaller(brand_id), create);
  if (!created.ok()) return "";
  recruitment_v1::OpenCampaignRequest open;
  open.set_request_id(NewRequestId());
  open.set_campaign_id(created.response.campaign().campaign_id());
  auto opened =
      Call(&RecruitmentStub::OpenCampaign, BrandCaller(brand_id), open);
  return opened.ok() ? opened.response.campaign().campaign_id() : "";
}

std::string RecruitmentUnderTest::Apply(const std::string& ambassador_id,
                                        const std::string& campaign_id) {
  recruitment_v1::ApplyToCampaignRequest request;
  request.set_request_id(NewRequestId());
  request.set_campaign_id(campaign_id);
  request.set_motivation("I eat one every morning.");
  auto answer = Call(&RecruitmentStub::ApplyToCampaign,
                     AmbassadorCaller(ambassador_id), request);
  return answer.ok() ? answer.response.application().application_id() : "";
}

int64_t RecruitmentUnderTest::CountRows(const std::string& table,
                                        const std::string& where) const {
  return QueryTestDatabase(
      dir_.path(), "recruitment",
      absl::StrCat("SELECT COUNT(*) FROM ", table, " WHERE ", where));
}

std::string RecruitmentUnderTest::DatabaseBytes() const {
  return TestDatabaseContents(dir_.path(), "recruitment");
}

std::string RecruitmentUnderTest::RedisBytes() const {
  std::string bytes;
  redisContext* redis = redisConnect("127.0.0.1", redis_->port());
  if (redis == nullptr || redis->err != 0) return "<unreachable>";
  auto* keys = static_cast<redisReply*>(redisCommand(redis, "KEYS *"));
  for (size_t i = 0; keys != nullptr && i < keys->elements; ++i) {
    const std::string key(keys->element[i]->str, keys->element[i]->len);
    bytes += key;
    auto* value = static_cast<redisReply*>(
        redisCommand(redis, "GET %b", key.data(), key.size()));
    if (value != nullptr && value->type == REDIS_REPLY_STRING) {
      bytes.append(value->str, value->len);
    }
    freeReplyObject(value);
  }
  freeReplyObject(keys);
  redisFree(redis);
  return bytes;
}

std::string NewRequestId() { return events::NewEventId(); }
std::string UnknownId() { return events::NewEventId(); }

recruitment_v1::AmbassadorProfile ValidProfile(const std::string& tag) {
  recruitment_v1::AmbassadorProfile profile;
  profile.set_display_name(absl::StrCat("Cam ", tag));
  profile.set_first_name(absl::StrCat("Camille ", tag));
  profile.set_last_name("Martin");
  profile.set_email(absl::StrCat(tag, "@example.fr"));
  profile.mutable_birth_date()->set_year(1990);
  profile.mutable_birth_date()->set_month(6);
  profile.mutable_birth_date()->set_day(15);
  profile.set_country_code("FR");
  profile.set_postal_code("75011");
  profile.add_universes(common::v1::UNIVERSE_FOOD);
  common::v1::PostalAddress* address = profile.mutable_shipping_address();
  address->set_recipient_name(absl::StrCat("Camille ", tag));
  address->set_line1(absl::StrCat("12 rue ", tag));
  address->set_postal_code("75011");
  address->set_city("Paris");
  address->set_country_code("FR");
  return profile;
}

recruitment_v1::RegisterAmbassadorRequest RegisterRequest(
    const recruitment_v1::AmbassadorProfile& profile) {
  recruitment_v1::RegisterAmbassadorRequest request;
  request.set_request_id(NewRequestId());
  *request.mutable_profile() = profile;
  request.mutable_consent()->set_terms_version("2026-01");
  request.mutable_consent()->set_data_processing_version("2026-01");
  return request;
}

recruitment_v1::CampaignSpec ValidCampaignSpec(int slots) {
  recruitment_v1::CampaignSpec spec;
  spec.set_name("Crunchy oat bar");
  spec.set_description("Taste it at breakfast and tell us.");
  spec.set_brand_name("Oat & Co");
  spec.set_product_sku("OAT-BAR-40G");
  spec.set_product_name("Oat bar, 40 g");
  spec.set_universe(common::v1::UNIVERSE_FOOD);
  spec.mutable_targeting()->add_country_codes("FR");
  spec.mutable_targeting()->add_universes(common::v1::UNIVERSE_FOOD);
  spec.set_slots(slots);
  auto* nano = spec.add_quotas();
  nano->set_tier(common::v1::TIER_NANO);
  nano->set_percent(70);
  auto* micro = spec.add_quotas();
  micro->set_tier(common::v1::TIER_MICRO);
  micro->set_percent(30);
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  spec.mutable_application_window()->mutable_start()->set_seconds(now - 3600);
  spec.mutable_application_window()->mutable_end()->set_seconds(now +
                                                                7 * 86400);
  spec.set_post_deadline_days(21);
  return spec;
}

}  // namespace nanoinfluence::testing
