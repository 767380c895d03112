#include "tests/metrics/exposition.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace nanoinfluence::testing {
namespace {

bool IsNameChar(char c, bool first, bool colon) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         (colon && c == ':') ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}

// Reads a metric (colon allowed) or label name from the front of `text`.
std::optional<std::string> TakeName(absl::string_view& text, bool colon) {
  size_t n = 0;
  while (n < text.size() && IsNameChar(text[n], n == 0, colon)) ++n;
  if (n == 0) return std::nullopt;
  std::string name(text.substr(0, n));
  text.remove_prefix(n);
  return name;
}

std::optional<double> ParseValue(absl::string_view text) {
  if (text == "+Inf") return std::numeric_limits<double>::infinity();
  if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  double value = 0;
  if (text.empty() || !absl::SimpleAtod(text, &value) || std::isnan(value) ||
      std::isinf(value)) {
    return std::nullopt;
  }
  return value;
}

// `{a="x",b="y"}` at the front of `text`, escapes resolved.
std::optional<Labels> TakeLabels(absl::string_view& text) {
  Labels labels;
  if (!absl::ConsumePrefix(&text, "{")) return labels;
  while (!absl::ConsumePrefix(&text, "}")) {
    std::optional<std::string> name = TakeName(text, /*colon=*/false);
    if (!name || !absl::ConsumePrefix(&text, "=\"")) return std::nullopt;
    std::string value;
    while (true) {
      if (text.empty()) return std::nullopt;
      const char c = text[0];
      text.remove_prefix(1);
      if (c == '"') break;
      if (c != '\\') {
        value += c;
        continue;
      }
      if (text.empty()) return std::nullopt;
      const char escaped = text[0];
      text.remove_prefix(1);
      if (escaped == 'n') {
        value += '\n';
      } else if (escaped == '\\' || escaped == '"') {
        value += escaped;
      } else {
        return std::nullopt;
      }
    }
    if (!labels.emplace(*name, value).second) return std::nullopt;
    if (!absl::ConsumePrefix(&text, ",") && !absl::StartsWith(text, "}")) {
      return std::nullopt;
    }
  }
  return labels;
}

// The family a sample belongs to: histograms write name_bucket, _sum and
// _count under the family name.
std::string FamilyOf(const std::string& sample,
                     const std::map<std::string, std::string>& types) {
  if (types.contains(sample)) return sample;
  for (absl::string_view suffix : {"_bucket", "_sum", "_count"}) {
    absl::string_view base = sample;
    if (absl::ConsumeSuffix(&base, suffix)) {
      auto it = types.find(std::string(base));
      if (it != types.end() && it->second == "histogram") return it->first;
    }
  }
  return "";
}

}  // namespace

std::vector<Sample> Exposition::Find(const std::string& name,
                                     const Labels& labels) const {
  std::vector<Sample> found;
  for (const Sample& sample : samples) {
    if (sample.name != name) continue;
    const bool all = std::all_of(labels.begin(), labels.end(), [&](auto& l) {
      auto it = sample.labels.find(l.first);
      return it != sample.labels.end() && it->second == l.second;
    });
    if (all) found.push_back(sample);
  }
  return found;
}

std::optional<double> Exposition::Value(const std::string& name,
                                        const Labels& labels) const {
  std::vector<Sample> found = Find(name, labels);
  if (found.size() != 1) return std::nullopt;
  return found[0].value;
}

absl::StatusOr<Exposition> ParseExposition(absl::string_view text) {
  Exposition exposition;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    const auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", number, " (", line, "): ", why));
    };
    if (line.empty()) continue;
    if (absl::ConsumePrefix(&line, "# ")) {
      std::vector<absl::string_view> parts =
          absl::StrSplit(line, absl::MaxSplits(' ', 2));
      if (parts[0] != "HELP" && parts[0] != "TYPE") continue;  // a comment
      if (parts.size() < 3) return bad("HELP or TYPE without a name and text");
      absl::string_view name_text = parts[1];
      std::optional<std::string> name = TakeName(name_text, true);
      if (!name || !name_text.empty()) return bad("not a metric name");
      auto& table = parts[0] == "HELP" ? exposition.help : exposition.type;
      if (table.contains(*name)) return bad("a second HELP or TYPE");
      if (parts[0] == "TYPE") {
        static const char* const kTypes[] = {"counter", "gauge", "histogram",
                                             "summary", "untyped"};
        if (std::find(std::begin(kTypes), std::end(kTypes), parts[2]) ==
            std::end(kTypes)) {
          return bad("unknown type");
        }
      }
      table[*name] = std::string(parts[2]);
      continue;
    }
    if (absl::StartsWith(line, "#")) continue;
    Sample sample;
    std::optional<std::string> name = TakeName(line, true);
    if (!name) return bad("not a metric name");
    sample.name = *name;
    std::optional<Labels> labels = TakeLabels(line);
    if (!labels) return bad("bad labels");
    sample.labels = *std::move(labels);
    if (!absl::ConsumePrefix(&line, " ")) return bad("no value");
    // An optional timestamp follows the value.
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ');
    if (fields.size() > 2) return bad("more than a value and a timestamp");
    std::optional<double> value = ParseValue(fields[0]);
    if (!value) return bad("bad value");
    sample.value = *value;
    if (FamilyOf(sample.name, exposition.type).empty()) {
      return bad("a sample before its family's TYPE");
    }
    exposition.samples.push_back(std::move(sample));
  }
  return exposition;
}

absl::StatusOr<HttpResponse> HttpGet(const std::string& host_port,
                                     const std::string& path,
                                     const std::string& method) {
  const size_t colon = host_port.rfind(':');
  int port = 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(host_port.substr(colon + 1), &port) ||
      inet_pton(AF_INET, host_port.substr(0, colon).c_str(),
                &address.sin_addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(host_port, ": not IPv4 address:port"));
  }
  address.sin_port = htons(static_cast<uint16_t>(port));
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::UnavailableError("socket() failed");
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat(host_port, ": cannot connect"));
  }
  const std::string request =
      absl::StrCat(method, " ", path, " HTTP/1.1\r\nHost: ", host_port,
                   "\r\nConnection: close\r\n\r\n");
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n =
        send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      close(fd);
      return absl::UnavailableError("send failed");
    }
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buffer[16384];
  for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) {
    raw.append(buffer, static_cast<size_t>(n));
  }
  close(fd);

  const size_t end_of_head = raw.find("\r\n\r\n");
  if (end_of_head == std::string::npos) {
    return absl::DataLossError(absl::StrCat("not HTTP: ", raw));
  }
  HttpResponse response;
  std::vector<std::string> head =
      absl::StrSplit(raw.substr(0, end_of_head), "\r\n");
  std::vector<std::string> status_line = absl::StrSplit(head[0], ' ');
  if (status_line.size() < 2 || !absl::StartsWith(status_line[0], "HTTP/1.") ||
      !absl::SimpleAtoi(status_line[1], &response.status)) {
    return absl::DataLossError(absl::StrCat("not an HTTP status: ", head[0]));
  }
  for (size_t i = 1; i < head.size(); ++i) {
    const size_t separator = head[i].find(':');
    if (separator == std::string::npos) continue;
    response.headers[absl::AsciiStrToLower(head[i].substr(0, separator))] =
        std::string(absl::StripAsciiWhitespace(head[i].substr(separator + 1)));
  }
  response.body = raw.substr(end_of_head + 4);
  auto length = response.headers.find("content-length");
  size_t expected = 0;
  if (length != response.headers.end() &&
      (!absl::SimpleAtoi(length->second, &expected) ||
       (method != "HEAD" && expected != response.body.size()))) {
    return absl::DataLossError(absl::StrCat("body of ", response.body.size(),
                                            " bytes, announced ",
                                            length->second));
  }
  return response;
}

}  // namespace nanoinfluence::testing
