#include "libs/paging/page_token.h"

#include <openssl/sha.h>

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "nanoinfluence/common/v1/paging.pb.h"

namespace nanoinfluence::paging {
namespace {

constexpr size_t kCheckBytes = 8;

std::string Check(absl::string_view filters, absl::string_view cursor) {
  std::string input = absl::StrCat(filters.size(), ":", filters, cursor);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
         digest);
  return std::string(reinterpret_cast<char*>(digest), kCheckBytes);
}

// The request without its `page` field, as deterministic bytes.
std::string FiltersOf(const google::protobuf::Message& request,
                      const google::protobuf::FieldDescriptor* page_field) {
  std::unique_ptr<google::protobuf::Message> filters(request.New());
  filters->CopyFrom(request);
  filters->GetReflection()->ClearField(filters.get(), page_field);
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  filters->SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

absl::Status BadToken() {
  return absl::InvalidArgumentError(
      "page.page_token: not a token this list issued for these filters");
}

}  // namespace

std::string TimeCursor::Format() const { return absl::StrCat(time, "|", id); }

absl::StatusOr<TimeCursor> TimeCursor::Parse(absl::string_view text) {
  const size_t bar = text.find('|');
  TimeCursor cursor;
  if (bar == absl::string_view::npos ||
      !absl::SimpleAtoi(text.substr(0, bar), &cursor.time)) {
    return BadToken();
  }
  cursor.id = std::string(text.substr(bar + 1));
  return cursor;
}

std::string Page::NextToken(absl::string_view cursor) const {
  return absl::WebSafeBase64Escape(
      absl::StrCat(Check(filters, cursor), cursor));
}

absl::StatusOr<Page> ReadPage(const google::protobuf::Message& request) {
  const auto* page_field = request.GetDescriptor()->FindFieldByName("page");
  Page page;
  page.filters = FiltersOf(request, page_field);
  const auto& page_request = static_cast<const common::v1::PageRequest&>(
      request.GetReflection()->GetMessage(request, page_field));
  if (page_request.page_size() < 0) {
    return absl::InvalidArgumentError("page.page_size: must not be negative");
  }
  if (page_request.page_size() > 0) {
    page.size = std::min(page_request.page_size(), kMaxPageSize);
  }
  if (page_request.page_token().empty()) return page;
  std::string raw;
  if (page_request.page_token().size() > 4096 ||
      !absl::WebSafeBase64Unescape(page_request.page_token(), &raw) ||
      raw.size() < kCheckBytes) {
    return BadToken();
  }
  page.after = raw.substr(kCheckBytes);
  if (raw.substr(0, kCheckBytes) != Check(page.filters, page.after)) {
    return BadToken();
  }
  return page;
}

}  // namespace nanoinfluence::paging
