// A small Prometheus metrics registry: counters, gauges and histograms with
// labels, rendered in the text exposition format, version 0.0.4
// (docs/operations.md lists the suite's series).
//
//   static metrics::Family<metrics::Counter>& made =
//       metrics::DefaultRegistry().AddCounter(
//           "nanoinfluence_widgets_made_total", "Widgets made.", {"colour"});
//   metrics::Counter& red = made.WithLabels({"red"});  // keep the reference
//   red.Increment();
//
// Updating a metric is one relaxed atomic operation, so hot paths take no
// lock. Finding a labelled child takes its family's lock: a hot path looks
// it up once and keeps the reference (children live as long as the
// registry). A family without labels has its one child from the start, so
// its series shows 0 before the first event.
//
// Names and label names that break the format are programming errors: the
// process stops with a message naming them.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace nanoinfluence::metrics {

// Only goes up (since the process started).
class Counter {
 public:
  static constexpr char kType[] = "counter";
  void Increment(uint64_t by = 1) {
    value_.fetch_add(by, std::memory_order_relaxed);
  }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }
  void AppendSamples(const std::string& name, const std::string& labels,
                     std::string* out) const;

 private:
  std::atomic<uint64_t> value_ = 0;
};

// A value that goes up and down (a size, an age, a level).
class Gauge {
 public:
  static constexpr char kType[] = "gauge";
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }
  void AppendSamples(const std::string& name, const std::string& labels,
                     std::string* out) const;

 private:
  std::atomic<double> value_ = 0;
};

// Counts observations into buckets by upper bound (a latency in seconds).
// Rendered cumulative, as the format wants: `_bucket{le="b"}` counts every
// observation <= b, `le="+Inf"` all of them, plus `_sum` and `_count`.
class Histogram {
 public:
  static constexpr char kType[] = "histogram";
  // `bounds`: finite, strictly increasing (checked by the registry).
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  void AppendSamples(const std::string& name, const std::string& labels,
                     std::string* out) const;

 private:
  const std::vector<double> bounds_;
  // Per bucket, not cumulative; the last one is above every bound (and NaN).
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_ = 0;
};

// The latency buckets of the suite, in seconds: 0.5 ms to 10 s.
const std::vector<double>& LatencyBuckets();

// What a family needs whatever its metric type.
class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, const char* type,
             std::vector<std::string> label_names);
  virtual ~FamilyBase() = default;

  const std::string& name() const { return name_; }
  const char* type() const { return type_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  // Appends `# HELP`, `# TYPE` and every child's samples to `out`.
  void Render(std::string* out) const;

 protected:
  virtual void AppendChildren(std::string* out) const = 0;
  // `a="x",b="y"` for `values` (escaped), checked against the label names.
  std::string LabelText(const std::vector<std::string>& values) const;

 private:
  const std::string name_;
  const std::string help_;
  const char* type_;
  const std::vector<std::string> label_names_;
};

// Every series of one metric name, one child per combination of label
// values.
template <typename Metric>
class Family final : public FamilyBase {
 public:
  Family(std::string name, std::string help,
         std::vector<std::string> label_names,
         std::function<std::unique_ptr<Metric>()> make)
      : FamilyBase(std::move(name), std::move(help), Metric::kType,
                   std::move(label_names)),
        make_(std::move(make)) {
    if (this->label_names().empty()) WithLabels({});
  }

  // The child for `values`, one per label name, in the family's order;
  // created on first use. Stops the process when the count is wrong.
  Metric& WithLabels(const std::vector<std::string>& values) {
    {
      absl::ReaderMutexLock lock(&mu_);
      auto it = children_.find(values);
      if (it != children_.end()) return *it->second.metric;
    }
    std::string label_text = LabelText(values);
    absl::MutexLock lock(&mu_);
    Child& child = children_[values];
    if (child.metric == nullptr) {
      child.label_text = std::move(label_text);
      child.metric = make_();
    }
    return *child.metric;
  }
  // The child of a family without labels.
  Metric& Get() { return WithLabels({}); }

 protected:
  void AppendChildren(std::string* out) const override {
    absl::ReaderMutexLock lock(&mu_);
    for (const auto& [values, child] : children_) {
      child.metric->AppendSamples(name(), child.label_text, out);
    }
  }

 private:
  struct Child {
    std::string label_text;
    std::unique_ptr<Metric> metric;
  };

  const std::function<std::unique_ptr<Metric>()> make_;
  mutable absl::Mutex mu_;
  // Ordered, so a scrape lists the series in a stable order.
  std::map<std::vector<std::string>, Child> children_ ABSL_GUARDED_BY(mu_);
};

class Registry;

// Keeps a collector registered (Registry::AddCollector); removing it waits
// for a scrape running it to end.
class CollectorHandle {
 public:
  CollectorHandle() = default;
  CollectorHandle(CollectorHandle&& other) noexcept {
    *this = std::move(other);
  }
  CollectorHandle& operator=(CollectorHandle&& other) noexcept;
  ~CollectorHandle() { Reset(); }
  void Reset();

 private:
  friend class Registry;
  CollectorHandle(Registry* registry, int64_t id)
      : registry_(registry), id_(id) {}
  Registry* registry_ = nullptr;
  int64_t id_ = 0;
};

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The family named `name`, created on first call; a later call with the
  // same name, type and label names returns the same family (any other
  // clash stops the process). Counter names end in `_total`.
  Family<Counter>& AddCounter(const std::string& name, const std::string& help,
                              const std::vector<std::string>& label_names = {});
  Family<Gauge>& AddGauge(const std::string& name, const std::string& help,
                          const std::vector<std::string>& label_names = {});
  Family<Histogram>& AddHistogram(const std::string& name,
                                  const std::string& help,
                                  const std::vector<std::string>& label_names,
                                  const std::vector<double>& bounds);

  // Runs `collect` at the start of every Render() until the handle goes:
  // for gauges computed at scrape time (a count read from the database).
  [[nodiscard]] CollectorHandle AddCollector(std::function<void()> collect);

  // Every family, by name, in the text exposition format 0.0.4.
  std::string Render();

 private:
  friend class CollectorHandle;
  template <typename Metric>
  Family<Metric>& Add(const std::string& name, const std::string& help,
                      const std::vector<std::string>& label_names,
                      std::function<std::unique_ptr<Metric>()> make);
  void RemoveCollector(int64_t id);

  absl::Mutex families_mu_;
  std::map<std::string, std::unique_ptr<FamilyBase>> families_
      ABSL_GUARDED_BY(families_mu_);
  // Held while collectors run, so scrapes run them one at a time and a
  // collector is never removed while it runs.
  absl::Mutex collectors_mu_;
  std::map<int64_t, std::function<void()>> collectors_
      ABSL_GUARDED_BY(collectors_mu_);
  int64_t next_collector_ ABSL_GUARDED_BY(collectors_mu_) = 1;
};

// The process's registry, which the libraries record into and the metrics
// endpoint serves: one per process, like the process itself, so a library
// deep in a service (the SQL layer, the tier reader) needs no plumbing.
Registry& DefaultRegistry();

// `value` as the format writes it: shortest exact decimal, `+Inf`, `-Inf`,
// `NaN`.
std::string FormatValue(double value);

}  // namespace nanoinfluence::metrics
