"""The HTML report of a ``check`` run (``mailtrace-mx check --html FILE``).

One self-contained page: inline CSS and JavaScript, no external asset, so it works offline
and can be mailed or archived. It shows the run's summary, then one row per domain (errors
first, input order within a severity) with its worst severity, findings and MX hosts;
checkboxes filter the rows by worst severity (the choice is kept in the address, e.g.
``report.html#severity=error,warning``) and a search box by domain. On a narrow screen
(a phone) each row becomes a card. Once the filter script has run, ``<body>`` carries
``data-filters-ready="true"``. Without JavaScript every row is shown.

Rows are spooled to temporary files while the run goes on, so a run of any size is written
without holding its reports in memory.
"""

from __future__ import annotations

import datetime
import html
import os
from collections.abc import Mapping
from typing import IO, Any, Union

from ._run_summary import OK, SEVERITIES, Summary, worst_severity
from ._severity_spool import SeveritySpool

#: Severities from worst to none, as the page lists them.
ORDER = (*reversed(SEVERITIES), OK)

CSS = """
:root{--error:#b3261e;--warning:#a15c00;--info:#1f5fbf;--ok:#1e7d32;--line:#d7dbe0;
--bg:#f6f7f9;--fg:#1b1f24;--muted:#5b6570}
*{box-sizing:border-box}
body{margin:0;padding:16px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.35rem;margin:0 0 4px}
.meta{color:var(--muted);margin:0 0 16px;font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(88px,1fr));gap:8px;
margin-bottom:12px}
.card{background:#fff;border:1px solid var(--line);border-left:6px solid var(--c);
border-radius:8px;padding:8px 12px}
.card b{display:block;font-size:1.5rem}
.error{--c:var(--error)}.warning{--c:var(--warning)}.info{--c:var(--info)}.ok{--c:var(--ok)}
.common{margin:0 0 16px;color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:12px}
.filters label{background:#fff;border:1px solid var(--line);border-radius:999px;
padding:4px 12px;cursor:pointer;user-select:none}
.filters label:has(input:checked){border-color:var(--c);box-shadow:inset 0 0 0 1px var(--c)}
.filters input[type=search]{flex:1 1 180px;padding:6px 10px;border:1px solid var(--line);
border-radius:8px;font:inherit}
#shown{color:var(--muted);font-size:.9rem}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line)}
th,td{text-align:left;vertical-align:top;padding:8px;border-bottom:1px solid var(--line)}
th{background:#eef0f3;font-size:.85rem;text-transform:uppercase;letter-spacing:.03em}
td.domain{font-weight:600;overflow-wrap:anywhere}
ul{margin:0;padding-left:1.1em}
li{margin:2px 0}
code{font-size:.85em;background:#eef0f3;border-radius:4px;padding:0 4px}
.badge{display:inline-block;min-width:4.8em;text-align:center;border-radius:4px;
padding:0 6px;color:#fff;background:var(--c);font-size:.8rem;font-weight:600}
.mx{color:var(--muted);font-size:.9rem;overflow-wrap:anywhere}
#domains tr[hidden]{display:none!important}
@media (max-width:700px){
body{padding:10px}
table,tbody,tr,td{display:block;width:100%}
table{border:0;background:none}
thead{display:none}
tr{background:#fff;border:1px solid var(--line);border-left:6px solid var(--c);
border-radius:8px;margin-bottom:10px}
td{border:0;padding:4px 10px}
td::before{content:attr(data-label);display:block;color:var(--muted);font-size:.75rem;
text-transform:uppercase}
td.domain::before{content:none}
td.domain{font-size:1.05rem;padding-top:8px}
}
"""

SCRIPT = """
(function () {
  var form = document.getElementById("filters");
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("#domains tbody tr"));
  var wanted = /^#severity=([a-z,]*)$/.exec(location.hash);
  if (wanted) {
    var list = wanted[1].split(",");
    boxes.forEach(function (c) { c.checked = list.indexOf(c.value) >= 0; });
  }
  function apply() {
    var on = {};
    boxes.forEach(function (c) { on[c.value] = c.checked; });
    var text = search.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var show = on[row.getAttribute("data-severity")] &&
        (!text || row.getAttribute("data-domain").indexOf(text) >= 0);
      row.hidden = !show;
      if (show) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " domains shown";
  }
  form.addEventListener("change", function () {
    var list = boxes.filter(function (c) { return c.checked; }).map(function (c) {
      return c.value;
    });
    history.replaceState(null, "", "#severity=" + list.join(","));
    apply();
  });
  search.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
  document.body.setAttribute("data-filters-ready", "true");
})();
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _findings_cell(report: Mapping[str, Any]) -> str:
    findings = sorted(report["findings"], key=lambda f: -SEVERITIES.index(f["severity"]))
    if not findings:
        return "no findings"
    items = "".join(
        f'<li><span class="badge {_e(f["severity"])}">{_e(f["severity"])}</span> '
        f"<code>{_e(f['id'])}</code> {_e(f['message'])}</li>"
        for f in findings
    )
    return f"<ul>{items}</ul>"


def _mx_cell(report: Mapping[str, Any]) -> str:
    if not report["mx"]:
        return "none"
    addresses = report.get("addresses", {})
    items = "".join(
        f"<li>{_e(mx['preference'])} {_e(mx['exchange'])} "
        f"({_e(', '.join(addresses.get(mx['exchange'], [])) or 'no address')})</li>"
        for mx in report["mx"]
    )
    return f"<ul>{items}</ul>"


def row_html(report: Mapping[str, Any]) -> str:
    """The table row of one report (``DomainReport.to_dict()`` form)."""
    worst = worst_severity(report)
    domain = str(report["domain"])
    return (
        f'<tr class="{worst}" data-severity="{worst}" data-domain="{_e(domain.lower())}">'
        f'<td class="domain" data-label="Domain">{_e(domain)}</td>'
        f'<td data-label="Worst"><span class="badge {worst}">{worst}</span></td>'
        f'<td data-label="Findings">{_findings_cell(report)}</td>'
        f'<td class="mx" data-label="MX">{_mx_cell(report)}</td></tr>\n'
    )


def _summary_html(summary: Summary) -> str:
    cards = "".join(
        f'<div class="card {s}"><b>{summary.by_worst[s]}</b>{"no findings" if s == OK else s}</div>'
        for s in ORDER
    )
    found = ", ".join(f"{summary.by_severity[s]} {s}" for s in reversed(SEVERITIES))
    common = ", ".join(f"<code>{_e(i)}</code> ({n})" for i, n in summary.top_ids())
    invalid = f"; {summary.invalid_lines} invalid name(s)" if summary.invalid_lines else ""
    return (
        f'<section class="cards" aria-label="domains by worst finding">{cards}</section>'
        f'<p class="common">Findings: {found}{invalid}.'
        + (f" Most common: {common}." if common else "")
        + "</p>"
    )


def _filters_html(summary: Summary) -> str:
    boxes = "".join(
        f'<label class="{s}"><input type="checkbox" value="{s}" checked> '
        f"{'no findings' if s == OK else s} ({summary.by_worst[s]})</label>"
        for s in ORDER
    )
    return (
        f'<form class="filters" id="filters" role="search">{boxes}'
        '<input type="search" id="search" placeholder="domain contains…" '
        'aria-label="filter domains"><span id="shown"></span></form>'
    )


def page_head(summary: Summary, generated: str) -> str:
    """Everything before the rows."""
    title = f"Mail DNS report: {summary.domains} domain(s)"
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>\n"
        f"<h1>{_e(title)}</h1>"
        f'<p class="meta">Checked by mailtrace-mx, {_e(generated)}.</p>\n'
        f"{_summary_html(summary)}\n{_filters_html(summary)}\n"
        '<table id="domains"><thead><tr><th>Domain</th><th>Worst</th><th>Findings</th>'
        "<th>MX</th></tr></thead>\n<tbody>\n"
    )


PAGE_TAIL = f"</tbody></table>\n<script>{SCRIPT}</script>\n</body></html>\n"


class HtmlReport:
    """Collects rows during a run; :meth:`finish` writes the page to ``path``.

    ``path`` is opened (and truncated) at once, so an unwritable path fails before the run.
    """

    def __init__(self, path: Union[str, os.PathLike[str]]) -> None:
        self.out: IO[str] = open(path, "w", encoding="utf-8", errors="backslashreplace")
        self.rows = SeveritySpool()

    def add(self, report: Mapping[str, Any]) -> None:
        """Adds the row of one report (``DomainReport.to_dict()`` form)."""
        self.rows.add(worst_severity(report), row_html(report))

    def finish(self, summary: Summary) -> None:
        """Writes the page and closes the file."""
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        self.out.write(page_head(summary, now))
        self.rows.write_to(self.out)
        self.out.write(PAGE_TAIL)
        self.close()

    def close(self) -> None:
        """Closes the file and drops the spooled rows."""
        self.out.close()
        self.rows.close()
