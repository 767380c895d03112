#include "libs/tiers/tier_cache.h"

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::tiers {
namespace {

// KEYS[1] the key; ARGV[1] the new record's bytes, ARGV[2] its version,
// ARGV[3] the TTL in ms. Returns 1 when stored, 0 when a higher version is
// there. The stored version is read from the protobuf wire format: the
// record's top-level fields are walked, skipping by wire type, until field 4
// (a varint).
constexpr char kPutScript[] = R"lua(
local function varint(s, i)
  local value, scale = 0, 1
  while true do
    local b = string.byte(s, i)
    if b == nil then return nil, i end
    value = value + (b % 128) * scale
    i = i + 1
    if b < 128 then return value, i end
    scale = scale * 128
  end
end
local function stored_version(s)
  local i = 1
  while i <= #s do
    local key
    key, i = varint(s, i)
    if key == nil then return -1 end
    local field, wire = math.floor(key / 8), key % 8
    if wire == 0 then
      local v
      v, i = varint(s, i)
      if field == 4 then return v end
    elseif wire == 2 then
      local len
      len, i = varint(s, i)
      if len == nil then return -1 end
      i = i + len
    elseif wire == 1 then i = i + 8
    elseif wire == 5 then i = i + 4
    else return -1 end
  end
  return 0
end
local current = redis.call('GET', KEYS[1])
if current and stored_version(current) > tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
)lua";

}  // namespace

std::string TierCacheKey(absl::string_view ambassador_id) {
  return absl::StrCat(kTierKeyPrefix, ambassador_id);
}

absl::StatusOr<redis::Args> TierCacheWriter::PutCommand(
    const common::v1::TierRecord& record) {
  if (record.ambassador_id().empty() || record.version() < 0) {
    return absl::InvalidArgumentError(
        "tier record: ambassador_id required, version not negative");
  }
  thread_local absl::BitGen random;
  const absl::Duration ttl = ttl_ * (1.0 - absl::Uniform(random, 0.0, 0.1));
  return redis::Args{
      "EVAL",
      kPutScript,
      "1",
      TierCacheKey(record.ambassador_id()),
      record.SerializeAsString(),
      absl::StrCat(record.version()),
      absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(ttl)))};
}

absl::StatusOr<bool> TierCacheWriter::Put(
    const common::v1::TierRecord& record) {
  NANO_ASSIGN_OR_RETURN(redis::Args command, PutCommand(record));
  NANO_ASSIGN_OR_RETURN(redis::RedisReply reply, redis_.Command(command));
  return reply.integer() == 1;
}

absl::Status TierCacheWriter::PutMany(
    const std::vector<common::v1::TierRecord>& records) {
  std::vector<redis::Args> commands;
  for (const common::v1::TierRecord& record : records) {
    NANO_ASSIGN_OR_RETURN(commands.emplace_back(), PutCommand(record));
  }
  if (commands.empty()) return absl::OkStatus();
  return redis_.Pipeline(commands).status();
}

absl::Status TierCacheWriter::Erase(absl::string_view ambassador_id) {
  return redis_.Command({"DEL", TierCacheKey(ambassador_id)}).status();
}

}  // namespace nanoinfluence::tiers
