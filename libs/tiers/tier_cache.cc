#include "libs/tiers/tier_cache.h"

#include <limits>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "libs/status/status_macros.h"

namespace nanoinfluence::tiers {
namespace {

// KEYS[1] the key; ARGV[1] the new record's bytes, ARGV[2] its version as a
// protobuf varint ("" for 0), ARGV[3] the TTL in ms. Returns 1 when stored,
// 0 when the stored record has a higher version.
//
// The stored version is read from the protobuf wire format: the top-level
// fields are walked, skipping by wire type, and the last field 4 (a varint)
// is the version. Versions are compared as varints, exactly (Lua numbers are
// doubles and lose precision past 2^53): a longer canonical varint is a
// larger number, and equal lengths compare from the most significant group.
// A stored value that does not parse, or holds a negative version (ten
// bytes), is overwritten.
constexpr char kPutScript[] = R"lua(
local function varint_end(s, i)
  for n = 0, 9 do
    local b = string.byte(s, i + n)
    if b == nil then return nil end
    if b < 128 then return i + n + 1 end
  end
  return nil
end
local function small_varint(s, i)
  local j = varint_end(s, i)
  if j == nil or j - i > 4 then return nil, nil end
  local value, scale = 0, 1
  for k = i, j - 1 do
    value = value + (string.byte(s, k) % 128) * scale
    scale = scale * 128
  end
  return value, j
end
local function stored_version(s)
  local i, found = 1, ""
  while i <= #s do
    local key
    key, i = small_varint(s, i)
    if key == nil then return nil end
    local field, wire = math.floor(key / 8), key % 8
    if wire == 0 then
      local j = varint_end(s, i)
      if j == nil then return nil end
      if field == 4 then found = string.sub(s, i, j - 1) end
      i = j
    elseif wire == 2 then
      local len
      len, i = small_varint(s, i)
      if len == nil then return nil end
      i = i + len
    elseif wire == 1 then i = i + 8
    elseif wire == 5 then i = i + 4
    else return nil end
  end
  if i ~= #s + 1 or #found >= 10 then return nil end
  return found
end
local function greater(a, b)
  if #a ~= #b then return #a > #b end
  for k = #a, 1, -1 do
    local x, y = string.byte(a, k) % 128, string.byte(b, k) % 128
    if x ~= y then return x > y end
  end
  return false
end
local current = redis.call('GET', KEYS[1])
if current then
  local version = stored_version(current)
  if version and greater(version, ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
)lua";

// The protobuf varint of `value` (empty for 0, as proto3 omits it).
std::string Varint(int64_t value) {
  std::string bytes;
  for (uint64_t rest = static_cast<uint64_t>(value); rest != 0; rest >>= 7) {
    bytes.push_back(
        static_cast<char>((rest & 0x7F) | (rest > 0x7F ? 0x80 : 0)));
  }
  return bytes;
}

}  // namespace

std::string TierCacheKey(absl::string_view ambassador_id) {
  return absl::StrCat(kTierKeyPrefix, ambassador_id);
}

absl::StatusOr<redis::Args> TierCacheWriter::PutCommand(
    const common::v1::TierRecord& record, absl::Duration ttl) {
  if (record.ambassador_id().empty() || record.version() < 0) {
    return absl::InvalidArgumentError(
        "tier record: ambassador_id required, version not negative");
  }
  return redis::Args{
      "EVAL",
      kPutScript,
      "1",
      TierCacheKey(record.ambassador_id()),
      record.SerializeAsString(),
      Varint(record.version()),
      absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(ttl)))};
}

absl::Duration TierCacheWriter::JitteredTtl() const {
  thread_local absl::BitGen random;
  return ttl_ * (1.0 - absl::Uniform(random, 0.0, 0.1));
}

absl::StatusOr<bool> TierCacheWriter::Put(
    const common::v1::TierRecord& record) {
  NANO_ASSIGN_OR_RETURN(redis::Args command, PutCommand(record, JitteredTtl()));
  NANO_ASSIGN_OR_RETURN(redis::RedisReply reply, redis_.Command(command));
  return reply.integer() == 1;
}

absl::Status TierCacheWriter::PutMany(
    const std::vector<common::v1::TierRecord>& records) {
  std::vector<redis::Args> commands;
  for (const common::v1::TierRecord& record : records) {
    NANO_ASSIGN_OR_RETURN(commands.emplace_back(),
                          PutCommand(record, JitteredTtl()));
  }
  if (commands.empty()) return absl::OkStatus();
  return redis_.Pipeline(commands).status();
}

bool IsTombstone(const common::v1::TierRecord& record) {
  return record.tier() == common::v1::TIER_UNSPECIFIED;
}

absl::Status TierCacheWriter::Erase(absl::string_view ambassador_id) {
  common::v1::TierRecord tombstone;
  tombstone.set_ambassador_id(std::string(ambassador_id));
  tombstone.set_version(std::numeric_limits<int64_t>::max());
  NANO_ASSIGN_OR_RETURN(redis::Args command,
                        PutCommand(tombstone, kTombstoneTtl));
  return redis_.Command(command).status();
}

}  // namespace nanoinfluence::tiers
