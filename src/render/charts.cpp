#include "render/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "render/html.h"
#include "util/utf8.h"

namespace od {
namespace {

constexpr const char* kColors[] = {"#2f5d8a", "#c0504d", "#e0a030", "#6a9a4b", "#7f6aa8"};
constexpr const char* kFont = "font-family=\"Noto Sans CJK SC, SimHei, sans-serif\"";

std::string fmt(double v) {
  char buf[48];
  if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::llround(v)));
  else std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Display width of a label in em, counting CJK characters as 1 and ASCII as 0.55.
double label_em(const std::string& s) {
  double em = 0;
  for (std::string_view ch : utf8_chars(s)) em += ch.size() == 1 ? 0.55 : 1.0;
  return em;
}

constexpr double kMaxLabel = 220;  // user units; longer labels are shortened with …

// The label cut to fit `max` user units at `font` size.
std::string fit_label(const std::string& s, double font, double max) {
  if (label_em(s) * font + 8 <= max) return s;
  std::string out;
  for (std::string_view ch : utf8_chars(s)) {
    if ((label_em(out) + 2) * font + 8 > max) break;
    out += ch;
  }
  return out + "…";
}

}  // namespace

namespace {

// Horizontal bars, each split into parts; a legend when the parts are named. The figure
// at a bar's end is its value (with suffix), or its parts joined by "/".
std::string bars(const std::vector<std::string>& labels, const std::vector<std::vector<double>>& parts,
                 const std::vector<std::string>& part_names, const std::string& suffix) {
  if (labels.empty()) return "<p class=\"small\">（无数据）</p>";
  const double font = 11, row = 18, width = 640;
  const double top = part_names.empty() ? 3 : 24;
  double label_w = 0, max = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    label_w = std::max(label_w, label_em(labels[i]) * font + 8);
    double sum = 0;
    for (double v : parts[i]) sum += v;
    max = std::max(max, sum);
  }
  label_w = std::min(label_w, kMaxLabel);
  double bar_w = width - label_w - 90;
  double height = row * static_cast<double>(labels.size()) + top + 3;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                  "\" " + kFont + " font-size=\"" + num(font) + "\">";
  double lx = label_w;  // legend
  for (size_t k = 0; k < part_names.size(); ++k) {
    s += "<rect x=\"" + num(lx) + "\" y=\"4\" width=\"11\" height=\"11\" fill=\"" + kColors[k % 5] + "\"/>";
    s += "<text x=\"" + num(lx + 15) + "\" y=\"14\">" + html_escape(part_names[k]) + "</text>";
    lx += 15 + label_em(part_names[k]) * font + 16;
  }
  double y = top;
  for (size_t i = 0; i < labels.size(); ++i) {
    s += "<text x=\"" + num(label_w - 6) + "\" y=\"" + num(y + 12) + "\" text-anchor=\"end\">" +
         html_escape(fit_label(labels[i], font, label_w)) + "</text>";
    double x = label_w;
    std::string figures;
    for (size_t k = 0; k < parts[i].size(); ++k) {
      double w = max > 0 ? parts[i][k] / max * bar_w : 0;
      if (parts[i].size() == 1) w = std::max(w, 0.5);  // a zero still shows where the bar starts
      if (w > 0)
        s += "<rect x=\"" + num(x) + "\" y=\"" + num(y + 2) + "\" width=\"" + num(w) + "\" height=\"13\" fill=\"" +
             kColors[k % 5] + "\"/>";
      x += w;
      figures += (k ? "/" : "") + fmt(parts[i][k]);
    }
    if (parts[i].size() == 1) figures += suffix;
    s += "<text x=\"" + num(x + 4) + "\" y=\"" + num(y + 12) + "\">" + html_escape(figures) + "</text>";
    y += row;
  }
  return s + "</svg>";
}

}  // namespace

std::string svg_bars(const Series& data, const std::string& suffix) {
  std::vector<std::string> labels;
  std::vector<std::vector<double>> parts;
  for (const auto& [l, v] : data) {
    labels.push_back(l);
    parts.push_back({v});
  }
  return bars(labels, parts, {}, suffix);
}

std::string svg_stacked_bars(const std::vector<std::string>& labels, const std::vector<std::vector<double>>& parts,
                             const std::vector<std::string>& part_names) {
  return bars(labels, parts, part_names, "");
}

std::string svg_columns(const Series& data, const std::string& suffix) {
  if (data.empty()) return "<p class=\"small\">（无数据）</p>";
  const double font = 10, width = 640, height = 220, top = 18, bottom = 46, left = 10;
  double max = 0;
  for (const auto& [l, v] : data) max = std::max(max, v);
  double col = (width - left * 2) / static_cast<double>(data.size());
  double plot_h = height - top - bottom;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                  "\" " + kFont + " font-size=\"" + num(font) + "\">";
  s += "<line x1=\"" + num(left) + "\" y1=\"" + num(top + plot_h) + "\" x2=\"" + num(width - left) + "\" y2=\"" +
       num(top + plot_h) + "\" stroke=\"#000\" stroke-width=\"0.75\"/>";
  for (size_t i = 0; i < data.size(); ++i) {
    double h = max > 0 ? data[i].second / max * plot_h : 0;
    double x = left + col * static_cast<double>(i);
    double cx = x + col / 2;
    s += "<rect x=\"" + num(x + col * 0.15) + "\" y=\"" + num(top + plot_h - h) + "\" width=\"" + num(col * 0.7) +
         "\" height=\"" + num(h) + "\" fill=\"" + kColors[0] + "\"/>";
    s += "<text x=\"" + num(cx) + "\" y=\"" + num(top + plot_h - h - 3) + "\" text-anchor=\"middle\">" +
         fmt(data[i].second) + html_escape(suffix) + "</text>";
    s += "<text x=\"" + num(cx) + "\" y=\"" + num(top + plot_h + 14) + "\" text-anchor=\"end\" transform=\"rotate(-40 " +
         num(cx) + " " + num(top + plot_h + 14) + ")\">" + html_escape(data[i].first) + "</text>";
  }
  return s + "</svg>";
}

}  // namespace od
