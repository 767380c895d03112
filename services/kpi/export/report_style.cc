#include "services/kpi/export/report_style.h"

namespace nanoinfluence::kpi {

// System font stacks only: a web font would be a resource to load.
absl::string_view ReportCss() {
  return R"css(
:root {
  --ink: #101828; --text: #344054; --muted: #667085; --line: #eaecf0;
  --panel: #ffffff; --page: #f4f6fa; --brand: #2e6fd8; --brand-dark: #163d7a;
  --warn-bg: #fffaeb; --warn-line: #fedf89; --warn-ink: #93370d;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--text);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
        "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
}
.page { max-width: 1120px; margin: 0 auto; padding: 0 24px 40px; }
h1, h2, h3 { color: var(--ink); margin: 0; line-height: 1.25; }
h2 { font-size: 20px; }
h3 { font-size: 14px; text-transform: uppercase; letter-spacing: .04em;
     color: var(--muted); margin: 20px 0 8px; }
code { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas,
       "Liberation Mono", monospace; color: var(--ink);
       overflow-wrap: anywhere; }
.masthead {
  margin: 0 -24px 24px; padding: 28px 48px 24px; color: #ffffff;
  background: linear-gradient(135deg, var(--brand-dark), var(--brand));
}
.masthead .eyebrow { font-size: 12px; font-weight: 600; letter-spacing: .12em;
  text-transform: uppercase; opacity: .8; }
.masthead h1 { color: #ffffff; font-size: 30px; margin: 6px 0 16px;
  overflow-wrap: anywhere; }
.badge { display: inline-block; vertical-align: middle; margin-left: 10px;
  padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 700;
  letter-spacing: .04em; text-transform: uppercase; }
.badge.open { background: #d1fadf; color: #05603a; }
.badge.closed { background: #e4e7ec; color: #344054; }
.badge.unknown { background: #fef0c7; color: #93370d; }
.masthead .facts { color: #ffffff; }
.masthead .facts dt { color: rgba(255, 255, 255, .72); }
.masthead .facts dd { color: #ffffff; }
.masthead code { color: #ffffff; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
  gap: 10px 24px; margin: 0; }
.facts div { min-width: 0; }
.facts dt { font-size: 12px; color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; color: var(--ink);
  overflow-wrap: anywhere; }
.facts.compact { grid-template-columns: 1fr; gap: 12px; }
.facts.compact dd { font-weight: 400; }
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px;
  margin-bottom: 24px; }
.kpi { background: var(--panel); border: 1px solid var(--line);
  border-radius: 12px; padding: 16px 18px;
  box-shadow: 0 1px 2px rgba(16, 24, 40, .05); }
.kpi .label { font-size: 13px; color: var(--muted); }
.kpi .value { font-size: 28px; font-weight: 700; color: var(--ink);
  font-variant-numeric: tabular-nums; margin: 2px 0; }
.kpi .sub { font-size: 13px; color: var(--text); }
.panel { background: var(--panel); border: 1px solid var(--line);
  border-radius: 12px; padding: 22px 24px; margin-bottom: 24px;
  box-shadow: 0 1px 2px rgba(16, 24, 40, .05); break-inside: avoid; }
.panel > .lead { color: var(--muted); margin: 4px 0 16px; }
.figure { margin: 8px 0 4px; }
.caption { font-size: 12px; color: var(--muted); margin: 6px 0 0; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 28px;
  align-items: start; }
.columns.wide-left { grid-template-columns: 3fr 2fr; }
table { width: 100%; border-collapse: collapse; margin-top: 8px;
  font-variant-numeric: tabular-nums; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line);
  text-align: left; vertical-align: top; }
th { font-size: 12px; font-weight: 600; color: var(--muted);
  background: #f9fafb; border-bottom: 1px solid #d0d5dd; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fcfcfd; }
tr.total td { font-weight: 600; color: var(--ink); }
tr.rate td { color: var(--text); font-style: italic; }
tbody tr.has-note td, tbody tr.note-row td { background: #fffbfa; }
tr.has-note td { border-bottom: 0; }
tr.note-row td { padding-top: 0; }
td.none { color: var(--muted); text-align: center; font-style: italic; }
.indent { padding-left: 18px; color: var(--text); }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.refusal { color: #b42318; }
.footnote { font-size: 12px; color: var(--muted); margin: 8px 0 0; }
.meter { display: inline-block; width: 90px; height: 8px; margin-right: 6px;
  vertical-align: middle; background: #eaecf0; border-radius: 4px;
  overflow: hidden; }
.meter > span { display: block; height: 100%; background: #12b76a; }
.estimate-notice { display: flex; gap: 12px; align-items: flex-start;
  background: var(--warn-bg); border: 1px solid var(--warn-line);
  color: var(--warn-ink); border-radius: 10px; padding: 12px 14px;
  margin: 4px 0 12px; }
.estimate-notice p { margin: 0; }
.tag { display: inline-block; padding: 1px 8px; border-radius: 6px;
  background: #f79009; color: #ffffff; font-size: 11px; font-weight: 700;
  letter-spacing: .06em; text-transform: uppercase; white-space: nowrap; }
.tag.small { padding: 0 5px; font-size: 10px; vertical-align: 1px; }
footer { color: var(--muted); font-size: 12px; text-align: center;
  padding: 8px 0 0; }
@media (max-width: 760px) {
  .kpis { grid-template-columns: 1fr 1fr; }
  .columns, .columns.wide-left { grid-template-columns: 1fr; }
}
@media print {
  body { background: #ffffff; }
  .masthead { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .panel, .kpi { box-shadow: none; }
}
)css";
}

}  // namespace nanoinfluence::kpi
