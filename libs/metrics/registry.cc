#include "libs/metrics/registry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace nanoinfluence::metrics {
namespace {

// A registration that breaks the format is a bug in the caller: stop loudly
// rather than serve text Prometheus refuses.
[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "metrics: %s\n", message.c_str());
  std::abort();
}

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// [a-zA-Z_:][a-zA-Z0-9_:]*, or for labels [a-zA-Z_][a-zA-Z0-9_]* and not
// starting with "__" (reserved for Prometheus itself).
bool ValidName(const std::string& name, bool label) {
  if (name.empty()) return false;
  if (label && name.rfind("__", 0) == 0) return false;
  const auto start = [label](char c) {
    return IsNameStart(c) || (!label && c == ':');
  };
  const auto rest = [label](char c) {
    return IsNameChar(c) || (!label && c == ':');
  };
  return start(name[0]) && std::all_of(name.begin() + 1, name.end(), rest);
}

// Label values escape backslash, double quote and newline; HELP text
// backslash and newline.
std::string Escape(const std::string& text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

// `{labels}` or nothing.
std::string Braced(const std::string& labels) {
  return labels.empty() ? "" : absl::StrCat("{", labels, "}");
}

}  // namespace

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // The shortest digits that read back exactly; plain decimals in the usual
  // range (bytes, seconds since 1970, bucket bounds), exponents outside it.
  const double magnitude = std::fabs(value);
  const bool plain = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e15);
  char buffer[64];
  const auto result = std::to_chars(
      buffer, buffer + sizeof(buffer), value,
      plain ? std::chars_format::fixed : std::chars_format::general);
  return std::string(buffer, result.ptr);
}

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double> buckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return buckets;
}

// Counter and gauge.

void Counter::AppendSamples(const std::string& name, const std::string& labels,
                            std::string* out) const {
  absl::StrAppend(out, name, Braced(labels), " ", value(), "\n");
}

void Gauge::AppendSamples(const std::string& name, const std::string& labels,
                          std::string* out) const {
  absl::StrAppend(out, name, Braced(labels), " ", FormatValue(value()), "\n");
}

// Histogram.

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i] = 0;
}

void Histogram::Observe(double value) {
  // The first bucket whose bound is >= value ("le"); NaN goes above all.
  const size_t bucket =
      std::isnan(value)
          ? bounds_.size()
          : std::lower_bound(bounds_.begin(), bounds_.end(), value) -
                bounds_.begin();
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

void Histogram::AppendSamples(const std::string& name,
                              const std::string& labels,
                              std::string* out) const {
  const std::string prefix = labels.empty() ? "" : labels + ",";
  // _count is the +Inf bucket, so the two always agree within a scrape.
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    const std::string bound =
        i < bounds_.size() ? FormatValue(bounds_[i]) : std::string("+Inf");
    absl::StrAppend(out, name, "_bucket{", prefix, "le=\"", bound, "\"} ",
                    cumulative, "\n");
  }
  absl::StrAppend(out, name, "_sum", Braced(labels), " ",
                  FormatValue(sum_.load(std::memory_order_relaxed)), "\n");
  absl::StrAppend(out, name, "_count", Braced(labels), " ", cumulative, "\n");
}

// Families.

FamilyBase::FamilyBase(std::string name, std::string help, const char* type,
                       std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)) {
  if (!ValidName(name_, /*label=*/false)) {
    Die(absl::StrCat("\"", name_, "\" is not a metric name"));
  }
  for (const std::string& label : label_names_) {
    if (!ValidName(label, /*label=*/true) ||
        (std::string_view(type_) == Histogram::kType && label == "le")) {
      Die(absl::StrCat(name_, ": \"", label, "\" is not a label name"));
    }
  }
}

void FamilyBase::Render(std::string* out) const {
  absl::StrAppend(out, "# HELP ", name_, " ", Escape(help_, false), "\n",
                  "# TYPE ", name_, " ", type_, "\n");
  AppendChildren(out);
}

std::string FamilyBase::LabelText(
    const std::vector<std::string>& values) const {
  if (values.size() != label_names_.size()) {
    Die(absl::StrCat(name_, ": ", values.size(), " label values for labels (",
                     absl::StrJoin(label_names_, ", "), ")"));
  }
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) {
    absl::StrAppend(&text, i == 0 ? "" : ",", label_names_[i], "=\"",
                    Escape(values[i], true), "\"");
  }
  return text;
}

// Registry.

template <typename Metric>
Family<Metric>& Registry::Add(const std::string& name, const std::string& help,
                              const std::vector<std::string>& label_names,
                              std::function<std::unique_ptr<Metric>()> make) {
  absl::MutexLock lock(&families_mu_);
  std::unique_ptr<FamilyBase>& slot = families_[name];
  if (slot == nullptr) {
    slot = std::make_unique<Family<Metric>>(name, help, label_names,
                                            std::move(make));
  }
  auto* family = dynamic_cast<Family<Metric>*>(slot.get());
  if (family == nullptr || family->label_names() != label_names) {
    Die(absl::StrCat(name, ": registered twice with another type or labels"));
  }
  return *family;
}

Family<Counter>& Registry::AddCounter(
    const std::string& name, const std::string& help,
    const std::vector<std::string>& label_names) {
  return Add<Counter>(name, help, label_names,
                      [] { return std::make_unique<Counter>(); });
}

Family<Gauge>& Registry::AddGauge(const std::string& name,
                                  const std::string& help,
                                  const std::vector<std::string>& label_names) {
  return Add<Gauge>(name, help, label_names,
                    [] { return std::make_unique<Gauge>(); });
}

Family<Histogram>& Registry::AddHistogram(
    const std::string& name, const std::string& help,
    const std::vector<std::string>& label_names,
    const std::vector<double>& bounds) {
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      Die(absl::StrCat(name, ": bucket bounds must be finite and increasing"));
    }
  }
  return Add<Histogram>(name, help, label_names, [bounds] {
    return std::make_unique<Histogram>(bounds);
  });
}

CollectorHandle Registry::AddCollector(std::function<void()> collect) {
  absl::MutexLock lock(&collectors_mu_);
  const int64_t id = next_collector_++;
  collectors_[id] = std::move(collect);
  return CollectorHandle(this, id);
}

void Registry::RemoveCollector(int64_t id) {
  absl::MutexLock lock(&collectors_mu_);
  collectors_.erase(id);
}

std::string Registry::Render() {
  {
    absl::MutexLock lock(&collectors_mu_);
    for (auto& [id, collect] : collectors_) collect();
  }
  // Families are never removed, so the pointers outlive the lock.
  std::vector<const FamilyBase*> families;
  {
    absl::MutexLock lock(&families_mu_);
    for (const auto& [name, family] : families_) {
      families.push_back(family.get());
    }
  }
  std::string out;
  for (const FamilyBase* family : families) family->Render(&out);
  return out;
}

CollectorHandle& CollectorHandle::operator=(CollectorHandle&& other) noexcept {
  if (this != &other) {
    Reset();
    registry_ = other.registry_;
    id_ = other.id_;
    other.registry_ = nullptr;
  }
  return *this;
}

void CollectorHandle::Reset() {
  if (registry_ != nullptr) registry_->RemoveCollector(id_);
  registry_ = nullptr;
}

Registry& DefaultRegistry() {
  // Never destroyed: threads may still record while the process exits.
  static Registry* const registry = new Registry();
  return *registry;
}

}  // namespace nanoinfluence::metrics
