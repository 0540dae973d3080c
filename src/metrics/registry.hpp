// metrics/ owns the process's measurements and their Prometheus text
// exposition (format 0.0.4): counters, gauges and histograms with labels.
// Standard library only; the layers that measure call it, http/ serves it.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace policymap::metrics {

// Label names and values, in the order given (keep it the same for one family).
using Labels = std::vector<std::pair<std::string, std::string>>;

enum class Type { counter, gauge, histogram };

// Thread-safe. A family is declared once (name, type, help, histogram
// buckets); observing an undeclared family throws std::logic_error, as does a
// type mismatch, so that a typo fails the first test that touches it.
class Registry {
public:
    void declare(const std::string& name, Type type, std::string help, std::vector<double> buckets = {});

    void add(const std::string& name, const Labels& labels, double amount = 1);  // counter
    void set(const std::string& name, const Labels& labels, double value);       // gauge (or a counter read from elsewhere)
    void observe(const std::string& name, const Labels& labels, double value);   // histogram

    // Runs before every render, to copy numbers kept elsewhere (cache, pool,
    // database) into gauges. A collector that throws is skipped for that scrape.
    void add_collector(std::function<void(Registry&)> collector);

    // The text exposition of every family, sorted by name then labels.
    [[nodiscard]] std::string render();

    // A series' current value (counter or gauge; a histogram's count), 0 when absent. For tests.
    [[nodiscard]] double value(const std::string& name, const Labels& labels) const;

private:
    struct Series {
        double value = 0;                  // counter, gauge
        std::vector<std::uint64_t> counts; // histogram: per bucket (not cumulative), +Inf last
        double sum = 0;
        std::uint64_t count = 0;
    };
    struct Family {
        Type type = Type::counter;
        std::string help;
        std::vector<double> buckets;
        std::map<Labels, Series> series;
    };
    Family& family(const std::string& name, Type expected);

    mutable std::mutex m_mutex;
    std::map<std::string, Family> m_families;
    std::mutex m_collectors_mutex;
    std::vector<std::function<void(Registry&)>> m_collectors;
};

// Default latency buckets in seconds, 1 ms to 10 s.
std::vector<double> latency_buckets();

// A label value or HELP text escaped for the text format.
std::string escape_label_value(const std::string& value);

}  // namespace policymap::metrics
