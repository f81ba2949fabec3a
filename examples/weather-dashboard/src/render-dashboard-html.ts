import type { Dashboard } from './assets';

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small static HTML page for one day's dashboard: a table and a bar per station.
 *
 * @example
 * writeFileSync('2026-01-01.html', renderDashboardHtml(dashboard));
 */
export function renderDashboardHtml(d: Dashboard): string {
  const rows = d.stations
    .map((s) => {
      const left = ((s.minC + 40) / 90) * 100;
      const width = ((s.maxC - s.minC) / 90) * 100;
      return `<tr><td>${escape(s.name)}</td><td>${s.minC.toFixed(1)}</td><td>${s.meanC.toFixed(1)}</td><td>${s.maxC.toFixed(1)}</td>
<td class="bar"><span style="margin-left:${left.toFixed(1)}%;width:${width.toFixed(1)}%"></span></td><td>${s.readings}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Weather ${escape(d.day)}</title>
<style>body{font:14px system-ui;margin:2rem}td,th{padding:.3rem .8rem;text-align:right}td:first-child{text-align:left}
.bar{width:240px}.bar span{display:block;height:.8rem;background:linear-gradient(90deg,#4a90d9,#e94e3c);border-radius:.4rem}</style></head>
<body><h1>Weather on ${escape(d.day)}</h1>
<p>${d.hours} hours of readings; ${d.dropped} impossible reading(s) dropped.</p>
<table><thead><tr><th>Station</th><th>min °C</th><th>mean °C</th><th>max °C</th><th>range</th><th>readings</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
