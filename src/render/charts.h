// Charts as inline SVG (no script): horizontal bars, stacked bars and columns, sized in
// user units and scaled to the page by CSS. Labels are escaped. Pure.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace od {

using Series = std::vector<std::pair<std::string, double>>;

// One bar per label, the value printed at its end (with `suffix`, e.g. "件", "元").
std::string svg_bars(const Series& data, const std::string& suffix);
// Bars split into parts (e.g. on time / late / overdue), with a legend.
std::string svg_stacked_bars(const std::vector<std::string>& labels, const std::vector<std::vector<double>>& parts,
                             const std::vector<std::string>& part_names);
// Columns over time (e.g. cases received per week), labels below.
std::string svg_columns(const Series& data, const std::string& suffix);

}  // namespace od
