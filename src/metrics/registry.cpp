#include "metrics/registry.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace policymap::metrics {

namespace {

std::string number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    // The shortest form that reads back as the same double.
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

std::string escape_help(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string label_text(const Labels& labels, const std::string& extra_name = {}, const std::string& extra_value = {}) {
    if (labels.empty() && extra_name.empty()) return {};
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : labels) {
        if (!first) out += ',';
        first = false;
        out += k + "=\"" + escape_label_value(v) + "\"";
    }
    if (!extra_name.empty()) {
        if (!first) out += ',';
        out += extra_name + "=\"" + extra_value + "\"";
    }
    return out + "}";
}

const char* type_name(Type t) {
    switch (t) {
        case Type::counter: return "counter";
        case Type::gauge: return "gauge";
        case Type::histogram: return "histogram";
    }
    return "untyped";
}

}  // namespace

std::string escape_label_value(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::vector<double> latency_buckets() { return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}; }

void Registry::declare(const std::string& name, Type type, std::string help, std::vector<double> buckets) {
    std::lock_guard lock(m_mutex);
    auto [it, fresh] = m_families.try_emplace(name);
    if (!fresh) {
        if (it->second.type != type) throw std::logic_error("metric " + name + " declared twice with different types");
        return;
    }
    it->second.type = type;
    it->second.help = std::move(help);
    if (type == Type::histogram) {
        if (buckets.empty()) buckets = latency_buckets();
        for (std::size_t i = 1; i < buckets.size(); ++i) {
            if (!(buckets[i - 1] < buckets[i])) throw std::logic_error("metric " + name + ": buckets must increase");
        }
    }
    it->second.buckets = std::move(buckets);
}

Registry::Family& Registry::family(const std::string& name, Type expected) {
    auto it = m_families.find(name);
    if (it == m_families.end()) throw std::logic_error("metric " + name + " is not declared");
    if (it->second.type != expected && !(expected == Type::gauge && it->second.type == Type::counter)) {
        throw std::logic_error("metric " + name + " used with the wrong type");
    }
    return it->second;
}

void Registry::add(const std::string& name, const Labels& labels, double amount) {
    if (amount < 0) throw std::logic_error("counter " + name + " cannot decrease");
    std::lock_guard lock(m_mutex);
    family(name, Type::counter).series[labels].value += amount;
}

void Registry::set(const std::string& name, const Labels& labels, double value) {
    std::lock_guard lock(m_mutex);
    family(name, Type::gauge).series[labels].value = value;
}

void Registry::observe(const std::string& name, const Labels& labels, double value) {
    std::lock_guard lock(m_mutex);
    auto& f = family(name, Type::histogram);
    auto& s = f.series[labels];
    if (s.counts.empty()) s.counts.assign(f.buckets.size() + 1, 0);
    std::size_t i = 0;
    while (i < f.buckets.size() && value > f.buckets[i]) ++i;
    ++s.counts[i];
    s.sum += value;
    ++s.count;
}

void Registry::add_collector(std::function<void(Registry&)> collector) {
    std::lock_guard lock(m_collectors_mutex);
    m_collectors.push_back(std::move(collector));
}

double Registry::value(const std::string& name, const Labels& labels) const {
    std::lock_guard lock(m_mutex);
    auto f = m_families.find(name);
    if (f == m_families.end()) return 0;
    auto s = f->second.series.find(labels);
    if (s == f->second.series.end()) return 0;
    return f->second.type == Type::histogram ? static_cast<double>(s->second.count) : s->second.value;
}

std::string Registry::render() {
    {
        std::lock_guard lock(m_collectors_mutex);
        for (auto& c : m_collectors) {
            try {
                c(*this);
            } catch (const std::exception&) {
                // A source that cannot be read (database down) leaves its last values.
            }
        }
    }
    std::lock_guard lock(m_mutex);
    std::string out;
    for (const auto& [name, f] : m_families) {
        out += "# HELP " + name + " " + escape_help(f.help) + "\n";
        out += "# TYPE " + name + " " + type_name(f.type) + "\n";
        for (const auto& [labels, s] : f.series) {
            if (f.type != Type::histogram) {
                out += name + label_text(labels) + " " + number(s.value) + "\n";
                continue;
            }
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i < f.buckets.size(); ++i) {
                cumulative += s.counts[i];
                out += name + "_bucket" + label_text(labels, "le", number(f.buckets[i])) + " " +
                       number(static_cast<double>(cumulative)) + "\n";
            }
            out += name + "_bucket" + label_text(labels, "le", "+Inf") + " " + number(static_cast<double>(s.count)) + "\n";
            out += name + "_sum" + label_text(labels) + " " + number(s.sum) + "\n";
            out += name + "_count" + label_text(labels) + " " + number(static_cast<double>(s.count)) + "\n";
        }
    }
    return out;
}

}  // namespace policymap::metrics
