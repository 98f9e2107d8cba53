// The landing page as server-rendered HTML: no framework, every value escaped (html.ts).
import { html, type SafeHtml } from './html.ts';
import type { CatalogueSummary, CollectionSummary, LandingInfo } from './landing-data.ts';
import type { ServiceEndpoint } from './services.ts';

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}code{font-size:90%}.planned{color:#888}.n{text-align:right;font-variant-numeric:tabular-nums}`;

function collectionRow(c: CollectionSummary): SafeHtml {
  const types = Object.entries(c.byType).map(([t, n]) => html`<li>${t}: ${n.toLocaleString('en-US')}</li>`);
  return html`<tr><td><code>${c.name}</code>${c.title ? html`<br>${c.title}` : ''}</td>
<td class="n">${c.products.toLocaleString('en-US')}</td><td><ul>${types}</ul></td><td>${c.description ?? ''}</td></tr>`;
}

function catalogueRow(c: CatalogueSummary): SafeHtml {
  return html`<tr><td><code>${c.table}</code></td><td class="n">${c.columns}</td><td>${c.description ?? ''}</td></tr>`;
}

function serviceRow(s: ServiceEndpoint): SafeHtml {
  const path = s.status === 'available' && !s.path.includes('{') ? html`<a href="${s.path}">${s.path}</a>` : s.path;
  return html`<tr class="${s.status}"><td><code>${path}</code></td><td>${s.name}</td><td>${s.description}</td>
<td>${s.status === 'available' ? 'available' : 'planned'}</td><td>${s.standardId ? html`<code>${s.standardId}</code>` : ''}</td></tr>`;
}

export function landingHtml(info: LandingInfo): string {
  const { archive, collections, catalogues, services } = info;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${archive.name}</title><style>${STYLE}</style></head>
<body>
<h1>${archive.name}</h1>
<p>An IVOA Virtual Observatory archive served by Obscura. Identifiers: <code>ivo://${archive.authority}/…</code></p>
<h2>Collections</h2>
${
  collections.length === 0
    ? html`<p>No collections yet: load data with <code>obscura ingest images PATH --collection NAME</code>.</p>`
    : html`<table><thead><tr><th>collection</th><th class="n">products</th><th>by type</th><th>description</th></tr></thead>
<tbody>${collections.map(collectionRow)}</tbody></table>`
}
<h2>Catalogues</h2>
${
  catalogues.length === 0
    ? html`<p>No catalogues yet: load one with <code>obscura ingest catalog FILE --table SCHEMA.NAME</code>.</p>`
    : html`<table><thead><tr><th>table</th><th class="n">columns</th><th>description</th></tr></thead>
<tbody>${catalogues.map(catalogueRow)}</tbody></table>`
}
<h2>Services</h2>
<table><thead><tr><th>endpoint</th><th>service</th><th>description</th><th>status</th><th>standard</th></tr></thead>
<tbody>${services.map(serviceRow)}</tbody></table>
<p>This page as JSON: <code>curl -H 'Accept: application/json' …/</code></p>
</body></html>
`;
  return page.html;
}
