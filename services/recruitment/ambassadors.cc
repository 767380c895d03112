// RegisterAmbassador, GetAmbassador, UpdateAmbassador, ListAmbassadors.
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/auth/tenancy.h"
#include "libs/paging/page_token.h"
#include "libs/sql/conditions.h"
#include "libs/status/status_macros.h"
#include "libs/validation/field_checks.h"
#include "libs/validation/list_filters.h"
#include "services/recruitment/recruitment.h"

namespace nanoinfluence::recruitment {
namespace {

using google::protobuf::util::TimeUtil;
using validation::InvalidField;

v1::ConsentRecord Granted(absl::string_view version, absl::Time now) {
  v1::ConsentRecord record;
  record.set_granted(true);
  record.set_version(std::string(version));
  *record.mutable_recorded_at() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  return record;
}

// ALREADY_EXISTS when another ambassador uses `email`.
absl::Status CheckEmailFree(sql::Connection& tx, const std::string& email,
                            const std::string& ambassador_id) {
  NANO_ASSIGN_OR_RETURN(
      sql::ResultSet rows,
      tx.Query("SELECT ambassador_id FROM ambassadors WHERE email = ?",
               {email}));
  if (!rows.rows.empty() && rows.rows[0].Text(0) != ambassador_id) {
    return absl::AlreadyExistsError(
        "profile.email: already used by another ambassador");
  }
  return absl::OkStatus();
}

// The paths UpdateAmbassador accepts.
const std::set<std::string>& UpdatablePaths() {
  static const auto* paths =
      new std::set<std::string>{"profile.display_name",
                                "profile.first_name",
                                "profile.last_name",
                                "profile.email",
                                "profile.phone",
                                "profile.birth_date",
                                "profile.country_code",
                                "profile.postal_code",
                                "profile.shipping_address",
                                "profile.household",
                                "profile.universes",
                                "consent.terms_version",
                                "consent.data_processing_version",
                                "consent.marketing_version"};
  return *paths;
}

// Copies one field of the profile by name.
void CopyProfileField(const std::string& name,
                      const v1::AmbassadorProfile& from,
                      v1::AmbassadorProfile* to) {
  const auto* field =
      v1::AmbassadorProfile::descriptor()->FindFieldByName(name);
  const auto* reflection = to->GetReflection();
  reflection->ClearField(to, field);
  if (field->is_repeated()) {
    for (int i = 0; i < reflection->FieldSize(from, field); ++i) {
      reflection->AddEnumValue(
          to, field, reflection->GetRepeatedEnumValue(from, field, i));
    }
  } else if (field->cpp_type() ==
             google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
    if (reflection->HasField(from, field)) {
      reflection->MutableMessage(to, field)->CopyFrom(
          reflection->GetMessage(from, field));
    }
  } else {
    reflection->SetString(to, field, reflection->GetString(from, field));
  }
}

}  // namespace

absl::Status Recruitment::RegisterAmbassador(
    const Caller& caller, const v1::RegisterAmbassadorRequest& request,
    v1::RegisterAmbassadorResponse* response) {
  NANO_RETURN_IF_ERROR(validation::CheckRequestId(request.request_id()));
  std::string id;
  if (caller.role == common::v1::ROLE_AMBASSADOR) {
    // The sign-up flow minted the token with the new ambassador's id.
    if (!validation::IsUuid(caller.ambassador_id)) {
      return absl::PermissionDeniedError(
          "the token's ambassador_id is not a UUID");
    }
    id = caller.ambassador_id;
  }
  const int32_t today = validation::TodayKey();
  NANO_ASSIGN_OR_RETURN(
      v1::AmbassadorProfile profile,
      CleanProfile(request.profile(), "profile", policy_, today));
  NANO_RETURN_IF_ERROR(
      CheckConsentInput(request.consent(), "consent", policy_));
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        if (id.empty()) id = events::NewEventId();
        NANO_ASSIGN_OR_RETURN(std::optional<AmbassadorRow> existing,
                              LoadAmbassadorRow(tx, id));
        if (existing.has_value()) {
          return absl::AlreadyExistsError("ambassador_id: already registered");
        }
        NANO_RETURN_IF_ERROR(CheckEmailFree(tx, profile.email(), id));
        const absl::Time now = absl::Now();
        AmbassadorRow row;
        row.ambassador_id = id;
        row.profile = profile;
        row.country_code = profile.country_code();
        *row.consent.mutable_terms() =
            Granted(request.consent().terms_version(), now);
        *row.consent.mutable_data_processing() =
            Granted(request.consent().data_processing_version(), now);
        if (!request.consent().marketing_version().empty()) {
          *row.consent.mutable_marketing() =
              Granted(request.consent().marketing_version(), now);
        }
        row.tier.set_ambassador_id(id);
        row.tier.set_tier(common::v1::TIER_NANO);
        row.tier.set_version(1);
        *row.tier.mutable_computed_at() =
            TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
        row.created_at = row.updated_at = now;
        NANO_RETURN_IF_ERROR(SaveAmbassador(tx, row));
        NANO_RETURN_IF_ERROR(
            RecordConsent(tx, id, "terms", row.consent.terms()));
        NANO_RETURN_IF_ERROR(RecordConsent(tx, id, "data_processing",
                                           row.consent.data_processing()));
        if (row.consent.has_marketing()) {
          NANO_RETURN_IF_ERROR(
              RecordConsent(tx, id, "marketing", row.consent.marketing()));
        }
        common::v1::Event event;
        auto* registered = event.mutable_ambassador_registered();
        registered->set_ambassador_id(id);
        registered->set_country_code(profile.country_code());
        registered->set_tier(common::v1::TIER_NANO);
        registered->mutable_universes()->CopyFrom(profile.universes());
        NANO_RETURN_IF_ERROR(Emit(tx, "ambassador", id, std::move(event)));
        after.tiers.push_back(row.tier);
        after.data_subject = id;
        *response->mutable_ambassador() = AmbassadorView(row, {});
        return absl::OkStatus();
      });
}

absl::Status Recruitment::GetAmbassador(const Caller& caller,
                                        const v1::GetAmbassadorRequest& request,
                                        v1::Ambassador* response) {
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(
        *response, LoadAmbassadorView(tx, caller, request.ambassador_id()));
    return absl::OkStatus();
  });
}

absl::Status Recruitment::UpdateAmbassador(
    const Caller& caller, const v1::UpdateAmbassadorRequest& request,
    v1::UpdateAmbassadorResponse* response) {
  const auto& paths = request.update_mask().paths();
  if (paths.empty()) return InvalidField("update_mask", "required");
  NANO_RETURN_IF_ERROR(
      validation::CheckMaxSize("update_mask.paths", paths.size(), 20));
  for (int i = 0; i < paths.size(); ++i) {
    if (!UpdatablePaths().contains(paths[i])) {
      return InvalidField(
          validation::Indexed("update_mask.paths", i),
          absl::StrCat("\"", paths[i], "\" is not a field that can change"));
    }
  }
  return Write(
      caller, request, response, [&](sql::Connection& tx, AfterCommit& after) {
        NANO_ASSIGN_OR_RETURN(
            AmbassadorRow row,
            LoadVisibleAmbassador(tx, caller, request.ambassador_id()));
        const absl::Time now = absl::Now();
        v1::AmbassadorProfile merged = row.profile;
        v1::ConsentInput consent;
        consent.set_terms_version(row.consent.terms().version());
        consent.set_data_processing_version(
            row.consent.data_processing().version());
        consent.set_marketing_version(row.consent.marketing().granted()
                                          ? row.consent.marketing().version()
                                          : "");
        for (const std::string& path : paths) {
          if (absl::StartsWith(path, "profile.")) {
            CopyProfileField(path.substr(8), request.profile(), &merged);
          } else if (path == "consent.terms_version") {
            consent.set_terms_version(request.consent().terms_version());
          } else if (path == "consent.data_processing_version") {
            consent.set_data_processing_version(
                request.consent().data_processing_version());
          } else {
            consent.set_marketing_version(
                request.consent().marketing_version());
          }
        }
        for (const char* purpose :
             {"terms_version", "data_processing_version"}) {
          const bool cleared = purpose == std::string("terms_version")
                                   ? consent.terms_version().empty()
                                   : consent.data_processing_version().empty();
          if (cleared) {
            return InvalidField(absl::StrCat("consent.", purpose),
                                "cannot be cleared; withdrawing consent is "
                                "EraseAmbassador");
          }
        }
        NANO_ASSIGN_OR_RETURN(
            row.profile,
            CleanProfile(merged, "profile", policy_, validation::TodayKey()));
        row.country_code = row.profile.country_code();
        // Only the versions that change must be the published ones.
        const auto changed = [&](const v1::ConsentRecord& record,
                                 const std::string& version) {
          return version != (record.granted() ? record.version() : "");
        };
        v1::ConsentInput to_check;
        if (changed(row.consent.terms(), consent.terms_version())) {
          to_check.set_terms_version(consent.terms_version());
        } else {
          to_check.set_terms_version(policy_.terms_version);
        }
        if (changed(row.consent.data_processing(),
                    consent.data_processing_version())) {
          to_check.set_data_processing_version(
              consent.data_processing_version());
        } else {
          to_check.set_data_processing_version(policy_.data_processing_version);
        }
        if (changed(row.consent.marketing(), consent.marketing_version())) {
          to_check.set_marketing_version(consent.marketing_version());
        }
        NANO_RETURN_IF_ERROR(CheckConsentInput(to_check, "consent", policy_));
        const struct {
          const char* purpose;
          v1::ConsentRecord* record;
          std::string version;
        } purposes[] = {
            {"terms", row.consent.mutable_terms(), consent.terms_version()},
            {"data_processing", row.consent.mutable_data_processing(),
             consent.data_processing_version()},
            {"marketing", row.consent.mutable_marketing(),
             consent.marketing_version()},
        };
        for (const auto& p : purposes) {
          if (!changed(*p.record, p.version)) continue;
          if (p.version.empty()) {
            p.record->set_granted(false);
            *p.record->mutable_recorded_at() =
                TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
          } else {
            *p.record = Granted(p.version, now);
          }
          NANO_RETURN_IF_ERROR(
              RecordConsent(tx, row.ambassador_id, p.purpose, *p.record));
        }
        NANO_RETURN_IF_ERROR(
            CheckEmailFree(tx, row.profile.email(), row.ambassador_id));
        row.updated_at = now;
        NANO_RETURN_IF_ERROR(SaveAmbassador(tx, row));
        NANO_ASSIGN_OR_RETURN(auto accounts,
                              LoadSocialAccounts(tx, row.ambassador_id));
        after.data_subject = row.ambassador_id;
        *response->mutable_ambassador() = AmbassadorView(row, accounts);
        return absl::OkStatus();
      });
}

absl::Status Recruitment::ListAmbassadors(
    const Caller& caller, const v1::ListAmbassadorsRequest& request,
    v1::ListAmbassadorsResponse* response) {
  NANO_ASSIGN_OR_RETURN(paging::Page page, paging::ReadPage(request));
  sql::Conditions where;
  where.Add("erased_at IS NULL");
  if (!request.email().empty()) {
    if (request.email().size() > 254) {
      return InvalidField("email", "at most 254 characters");
    }
    where.Add("email = ?", {NormalizeEmail(request.email())});
  }
  NANO_ASSIGN_OR_RETURN(
      auto countries,
      validation::CountryValues("country_codes", request.country_codes()));
  where.AddIn("country_code", countries);
  if (!request.postal_code_prefix().empty()) {
    if (request.postal_code_prefix().size() > 10) {
      return InvalidField("postal_code_prefix", "at most 10 characters");
    }
    const std::string prefix =
        validation::PostalCodeKey(request.postal_code_prefix());
    where.Add("substr(postal_key, 1, ?) = ?",
              {static_cast<int64_t>(prefix.size()), prefix});
  }
  NANO_ASSIGN_OR_RETURN(auto tiers, validation::EnumValues<common::v1::Tier>(
                                        "tiers", request.tiers(), 3));
  where.AddIn("tier", tiers);
  NANO_ASSIGN_OR_RETURN(auto universes,
                        validation::EnumValues<common::v1::Universe>(
                            "universes", request.universes(), 16));
  if (!universes.empty()) {
    int64_t bits = 0;
    for (const sql::Value& universe : universes) {
      bits |= int64_t{1} << std::get<int64_t>(universe);
    }
    where.Add("(universes & ?) != 0", {bits});
  }
  NANO_RETURN_IF_ERROR(
      validation::CheckTimeRange("registered", request.registered()));
  if (request.registered().has_start()) {
    where.Add(
        "created_at >= ?",
        {TimeUtil::TimestampToMicroseconds(request.registered().start())});
  }
  if (request.registered().has_end()) {
    where.Add("created_at < ?",
              {TimeUtil::TimestampToMicroseconds(request.registered().end())});
  }
  if (request.active_test_only()) {
    where.Add(
        "EXISTS (SELECT 1 FROM active_tests t "
        "WHERE t.ambassador_id = ambassadors.ambassador_id)");
  }
  if (!page.after.empty()) {
    NANO_ASSIGN_OR_RETURN(auto cursor, paging::TimeCursor::Parse(page.after));
    where.AddAfter("created_at", "ambassador_id", cursor.time, cursor.id,
                   /*descending=*/true);
  }
  where.AddParam(static_cast<int64_t>(page.size + 1));
  const std::string sql = absl::StrCat(
      "SELECT ", kAmbassadorColumns, " FROM ambassadors WHERE ", where.sql(),
      " ORDER BY created_at DESC, ambassador_id DESC LIMIT ?");
  return db_.Transact(sql::TxMode::kRead, [&](sql::Connection& tx) {
    NANO_ASSIGN_OR_RETURN(sql::ResultSet rows, tx.Query(sql, where.params()));
    for (size_t i = 0; i < rows.rows.size() && i < size_t(page.size); ++i) {
      const AmbassadorRow row = AmbassadorFromRow(rows.rows[i]);
      NANO_ASSIGN_OR_RETURN(auto accounts,
                            LoadSocialAccounts(tx, row.ambassador_id));
      *response->add_ambassadors() = AmbassadorView(row, accounts);
    }
    if (rows.rows.size() > size_t(page.size)) {
      const AmbassadorRow last = AmbassadorFromRow(rows.rows[page.size - 1]);
      response->mutable_page()->set_next_page_token(
          page.NextToken(paging::TimeCursor{absl::ToUnixMicros(last.created_at),
                                            last.ambassador_id}
                             .Format()));
    }
    return absl::OkStatus();
  });
}

}  // namespace nanoinfluence::recruitment
